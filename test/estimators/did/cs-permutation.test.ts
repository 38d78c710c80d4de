/**
 * `csPermutation` on the worker pool (issue 4): the draws equal the former single-thread loop (draw d shuffles
 * the cohorts with `new Rng(seed).fork(d)` and refits att_gt + the simple aggregation, written out below as
 * the reference) for 1 and 2 threads and for every att_gt option it forwards; progress is reported in draws,
 * cancellation stops the run on either path, bad options name the option; the CLI honours --threads for cs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsValidation, validationPath } from '../../helpers/validation.js';
import { runCli } from '../../helpers/cli.js';
import { readNumericCsv, MPDTA_COLUMNS } from './mpdta.js';
import { Rng } from '../../../src/stats/rng.js';
import { PilotzoneError } from '../../../src/errors.js';
import { buildDidPanel, type DidPanel } from '../../../src/estimators/did/panel.js';
import { simulateStaggeredPanel } from '../../../src/estimators/did/simulate.js';
import { attGt, type AttGtOptions } from '../../../src/estimators/did/att-gt.js';
import { aggte } from '../../../src/estimators/did/aggte.js';
import { csPermutation } from '../../../src/estimators/did/robustness.js';

const COLS = { outcome: 'y', unit: 'id', time: 'time', cohort: 'cohort' };
const simTable = (seed: number, effect: number) =>
  simulateStaggeredPanel({ units: 150, periods: [1, 2, 3, 4, 5, 6], cohorts: [0, 3, 5], probs: [0.5, 0.25, 0.25], tau: (g, t) => effect * (1 + 0.2 * (t - g)), seed });
const sim = (seed: number, effect: number) => buildDidPanel(simTable(seed, effect), COLS);

/** The single-thread loop csPermutation ran before the pool: the definition the parallel draws must match. */
function sequentialDraws(panel: DidPanel, att: AttGtOptions, draws: number, seed: number): number[] {
  const o: AttGtOptions = { ...att, bootstrap: false };
  const perm = new Float64Array(panel.n);
  const root = new Rng(seed);
  const out: number[] = [];
  for (let d = 0; d < draws; d++) {
    perm.set(panel.cohort);
    root.fork(d).shuffle(perm);
    out.push(aggte(attGt({ ...panel, cohort: perm }, o), 'simple').fit.overall.estimate);
  }
  return out;
}

async function rejectsWith(p: Promise<unknown>, code: string, pattern?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof PilotzoneError, String(e));
    assert.equal(e.code, code);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test('cs permutation: draws identical to the sequential loop with 1 and 2 threads (never / not-yet, anticipation, universal base)', async () => {
  const panel = sim(3, 0.8);
  for (const att of [{}, { control: 'notyet', anticipation: 1 }, { basePeriod: 'universal' }] as AttGtOptions[]) {
    const want = sequentialDraws(panel, att, 30, 17);
    const r1 = await csPermutation(panel, { draws: 30, seed: 17, att, threads: 1 });
    const r2 = await csPermutation(panel, { draws: 30, seed: 17, att, threads: 2 });
    assert.deepEqual(Array.from(r1.draws), want, JSON.stringify(att));
    assert.deepEqual(Array.from(r2.draws), want, JSON.stringify(att));
    assert.equal(r1.observed, aggte(attGt(panel, att), 'simple').fit.overall.estimate);
    assert.equal(r2.observed, r1.observed);
    assert.equal(r2.pValue, r1.pValue);
    assert.deepEqual(r2.histogram, r1.histogram);
    // draws vary (a permutation test that returned a constant could not fail)
    assert.ok(new Set(want).size > 25);
  }
  // draw d does not depend on the number of draws (chunking changes with it)
  const long = await csPermutation(panel, { draws: 300, seed: 17, threads: 2 });
  assert.deepEqual(Array.from(long.draws.subarray(0, 30)), sequentialDraws(panel, {}, 30, 17));
  assert.deepEqual(Array.from(long.draws.subarray(290)), sequentialDraws(panel, {}, 300, 17).slice(290));
});

test('cs permutation on mpdta with a covariate (dr and ipw, not-yet controls): 1 thread = 2 threads = sequential', needsValidation('did-mpdta'), async () => {
  const table = readNumericCsv(validationPath('did-mpdta', 'data.csv')!);
  const panel = buildDidPanel(table, { ...MPDTA_COLUMNS, covariates: ['lpop'] });
  for (const att of [{ method: 'dr' }, { method: 'ipw', control: 'notyet' }] as AttGtOptions[]) {
    const want = sequentialDraws(panel, att, 16, 2024);
    const r1 = await csPermutation(panel, { draws: 16, seed: 2024, att, threads: 1 });
    const r2 = await csPermutation(panel, { draws: 16, seed: 2024, att, threads: 2 });
    assert.deepEqual(Array.from(r1.draws), want);
    assert.deepEqual(Array.from(r2.draws), want);
  }
});

test('cs permutation: a planted effect is rejected, a null one is not (2 threads)', async () => {
  const eff = await csPermutation(sim(4, 1), { draws: 80, seed: 1, threads: 2 });
  assert.equal(eff.pValue, 0);
  assert.ok(eff.pValuePlus1 > 0 && eff.pValuePlus1 < 0.02);
  const nul = await csPermutation(sim(5, 0), { draws: 80, seed: 1, threads: 2 });
  assert.ok(nul.pValue > 0.05, `null p ${nul.pValue}`);
  assert.equal(nul.seed, 1);
  assert.equal(nul.histogram.reduce((s, b) => s + b.count, 0), 80);
});

test('cs permutation progress: counted in draws, non-decreasing, ends at (draws, draws), labelled; 1 and 2 threads', async () => {
  const panel = sim(3, 0.5);
  for (const [threads, draws] of [[1, 12], [2, 12], [1, 300], [2, 300]] as const) {
    const seen: [number, number, string | undefined][] = [];
    await csPermutation(panel, { draws, seed: 2, threads, control: { onProgress: (d, n, l) => seen.push([d, n, l]) } });
    assert.ok(seen.length >= Math.min(draws, 100), `${seen.length} reports`);
    if (draws === 12) assert.equal(seen.length, 12, 'one report per draw when draws are few');
    for (let k = 0; k < seen.length; k++) {
      assert.equal(seen[k]![1], draws);
      assert.equal(seen[k]![2], 'permutation draws (att_gt)');
      if (k > 0) assert.ok(seen[k]![0] >= seen[k - 1]![0]);
    }
    assert.equal(seen.at(-1)![0], draws);
  }
});

test('cs permutation cancellation: an abort stops the draws with E_CANCELLED (inline and on workers)', async () => {
  const panel = sim(3, 0.5);
  for (const threads of [1, 2]) {
    const ac = new AbortController();
    let reports = 0;
    const p = csPermutation(panel, { draws: 2000, seed: 2, threads, control: { signal: ac.signal, onProgress: () => ++reports === 3 && ac.abort() } });
    await rejectsWith(p, 'E_CANCELLED');
    assert.equal(reports, 3, `threads ${threads}: no draw is reported after the abort (2000 draws = 125 tasks)`);
  }
  const ac = new AbortController();
  ac.abort();
  await rejectsWith(csPermutation(panel, { draws: 10, seed: 2, threads: 2, control: { signal: ac.signal } }), 'E_CANCELLED');
});

test('cs permutation bad options name the option (E_OPTION)', async () => {
  const panel = sim(3, 0.5);
  await rejectsWith(csPermutation(panel, { draws: 10, seed: 1, threads: 0 }), 'E_OPTION', /threads/);
  await rejectsWith(csPermutation(panel, { draws: 10, seed: 1, threads: 1.5 }), 'E_OPTION', /threads/);
  await rejectsWith(csPermutation(panel, { draws: 0, seed: 1 }), 'E_OPTION', /draws/);
  await rejectsWith(csPermutation(panel, { draws: 10, seed: NaN }), 'E_OPTION', /seed/);
  await rejectsWith(csPermutation(panel, { draws: 10, seed: 1, att: { control: 'bogus' as never } }), 'E_OPTION', /control/);
});

test('did --estimator cs --permutations honours --threads: same draws with 1 and 2 threads; --threads 0 is an option error', async () => {
  const t = simTable(6, 0.6);
  const cols = ['id', 'time', 'cohort', 'y'];
  const lines = [cols.join(',')];
  const c = cols.map((nm) => t.numeric(nm));
  for (let r = 0; r < t.nrows; r++) lines.push(c.map((v) => v[r]).join(','));
  const data = join(mkdtempSync(join(tmpdir(), 'pz-csperm-')), 'panel.csv');
  writeFileSync(data, lines.join('\n') + '\n');
  const argv = ['did', '--data', data, '--unit', 'id', '--time', 'time', '--outcome', 'y', '--cohort', 'cohort', '--permutations', '24', '--seed', '8', '--format', 'json'];
  const one = await runCli([...argv, '--threads', '1']);
  const two = await runCli([...argv, '--threads', '2']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(two.code, 0, two.stderr);
  const j1 = JSON.parse(one.stdout), j2 = JSON.parse(two.stdout);
  assert.equal(j1.permutation.draws.length, 24);
  assert.deepEqual(j2.permutation, j1.permutation);
  assert.deepEqual(j1.permutation.draws, sequentialDraws(sim(6, 0.6), {}, 24, 8));
  const bad = await runCli([...argv, '--threads', '0']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr + bad.stdout, /E_OPTION.*threads/);
});
