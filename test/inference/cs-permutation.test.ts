/**
 * The building blocks of the Callaway-Sant'Anna permutation loop (`src/inference/cs-permutation*.ts`):
 * the shared panel (SharedArrayBuffers, same numbers), chunking that never changes a draw, and the default
 * thread choice (inline below the work threshold, same draws either way).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDidPanel } from '../../src/estimators/did/panel.js';
import { simulateStaggeredPanel } from '../../src/estimators/did/simulate.js';
import { csDrawOptions, csSimpleAtt, prepareCsPermutation, runCsPermutationChunk, sharePanel } from '../../src/inference/cs-permutation-core.js';
import { MIN_PARALLEL_WORK, csPermutationDraws, csPermutationWork } from '../../src/inference/cs-permutation.js';

const panel = buildDidPanel(
  simulateStaggeredPanel({ units: 90, periods: [1, 2, 3, 4, 5], cohorts: [0, 3, 4], probs: [0.4, 0.3, 0.3], tau: () => 0.5, seed: 12 }),
  { outcome: 'y', unit: 'id', time: 'time', cohort: 'cohort' },
);

test('sharePanel: numeric columns on SharedArrayBuffers with the same values; the fit is unchanged', () => {
  const s = sharePanel(panel);
  for (const k of ['y', 'x', 'cohort', 'times', 'cohorts'] as const) {
    assert.ok(s[k].buffer instanceof SharedArrayBuffer, k);
    assert.deepEqual(Array.from(s[k]), Array.from(panel[k]), k);
  }
  assert.ok(!(panel.y.buffer instanceof SharedArrayBuffer), 'the caller\'s panel is left as it was');
  assert.equal(csSimpleAtt(s, {}), csSimpleAtt(panel, {}));
  // structured clone (what a worker receives) keeps the shared buffer: no copy of the data
  const c = structuredClone(s);
  s.y[0] = s.y[0]! + 1;
  assert.equal(c.y[0], s.y[0]);
});

test('chunking never changes a draw: drawsPerTask 1, 4 and 7 give the same sequence', () => {
  const att = csDrawOptions({ run: { onProgress: () => {} }, bootstrap: { seed: 1 } });
  assert.equal(att.bootstrap, false);
  assert.equal('run' in att, false);
  const draws = 15;
  const seqs = [1, 4, 7].map((drawsPerTask) => {
    const payload = { panel, att, draws, drawsPerTask };
    const ctx = prepareCsPermutation(payload);
    const out: number[] = [];
    for (let i = 0; i < Math.ceil(draws / drawsPerTask); i++) out.push(...runCsPermutationChunk(payload, i, 99, ctx));
    return out;
  });
  assert.equal(seqs[0]!.length, draws);
  assert.deepEqual(seqs[1], seqs[0]);
  assert.deepEqual(seqs[2], seqs[0]);
  assert.ok(new Set(seqs[0]).size > 10);
  // the caller's cohorts are never shuffled in place
  assert.deepEqual(Array.from(panel.cohort), Array.from(buildDidPanel(simulateStaggeredPanel({ units: 90, periods: [1, 2, 3, 4, 5], cohorts: [0, 3, 4], probs: [0.4, 0.3, 0.3], tau: () => 0.5, seed: 12 }), { outcome: 'y', unit: 'id', time: 'time', cohort: 'cohort' }).cohort));
});

test('default threads: small jobs run inline; the draws equal an explicit 2-thread run', async () => {
  assert.ok(csPermutationWork(panel, 20) < MIN_PARALLEL_WORK);
  assert.equal(csPermutationWork(panel, 20), 20 * 90 * 5 * 2);
  const dflt = await csPermutationDraws(panel, {}, { draws: 20, seed: 3 });
  const two = await csPermutationDraws(panel, {}, { draws: 20, seed: 3, threads: 2 });
  assert.deepEqual(Array.from(dflt), Array.from(two));
});
