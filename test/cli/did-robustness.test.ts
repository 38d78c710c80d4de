/**
 * `pilotzone did` robustness options added for issue 4: --lag-outcome, --subgroup / --terciles (with the Wald
 * test of equal effects), --mechanism, and --permutations with --estimator cs. Every case runs on a small
 * seeded staggered panel (`simulateStaggeredPanel`) with extra columns built here, so expectations are either
 * exact identities with another CLI path (feols, did on a subset of units) or planted by construction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, contractErrors } from '../helpers/cli.js';
import { simulateStaggeredPanel } from '../../src/estimators/did/simulate.js';
import { buildDidPanel } from '../../src/estimators/did/panel.js';
import { csPermutation } from '../../src/estimators/did/robustness.js';

const PERIODS = [2011, 2012, 2013, 2014, 2015, 2016];
const UNITS = 240;

interface Row {
  id: number;
  time: number;
  cohort: number;
  y: number;
  D: number;
}

/** The simulated panel as rows (tau = 1 + 0.2 (t - g)), plus extra columns from `extra`, written as CSV. */
function simCsv(extra: (r: Row, k: number) => Record<string, string | number>, o: { seed?: number; yShift?: (r: Row) => number } = {}): string {
  const t = simulateStaggeredPanel({ units: UNITS, periods: PERIODS, cohorts: [2013, 2015, 0], probs: [0.3, 0.3, 0.4], tau: (g, tt) => 1 + 0.2 * (tt - g), seed: o.seed ?? 11 });
  const id = t.numeric('id'), time = t.numeric('time'), cohort = t.numeric('cohort'), y = t.numeric('y');
  const lines: string[] = [];
  let head: string | undefined;
  for (let k = 0; k < t.nrows; k++) {
    const D = cohort[k]! !== 0 && time[k]! >= cohort[k]! ? 1 : 0;
    const r: Row = { id: id[k]!, time: time[k]!, cohort: cohort[k]!, y: y[k]!, D };
    r.y += o.yShift?.(r) ?? 0;
    const rec = { ...r, ...extra(r, k) };
    if (!head) head = Object.keys(rec).join(',');
    lines.push(Object.values(rec).join(','));
  }
  const dir = mkdtempSync(join(tmpdir(), 'pz-didrob-'));
  const p = join(dir, 'panel.csv');
  writeFileSync(p, [head, ...lines].join('\n') + '\n');
  return p;
}

const BASE = ['--unit', 'id', '--time', 'time', '--outcome', 'y', '--cohort', 'cohort'];
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

async function json(argv: string[]): Promise<any> {
  const r = await runCli([...argv, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  return j;
}

async function fails(argv: string[], pattern: RegExp): Promise<void> {
  const r = await runCli([...argv, '--format', 'json']);
  assert.equal(r.code, 2, `expected exit 2, got ${r.code}: ${r.stdout.slice(0, 200)}`);
  assert.match(r.stderr, pattern);
}

test('did --lag-outcome L (twfe): drops L periods per unit and equals feols with hand-made lags', async () => {
  const ys = new Map<string, number>();
  // two passes: first the outcome, then the lags read from it
  const plain = simulateStaggeredPanel({ units: UNITS, periods: PERIODS, cohorts: [2013, 2015, 0], probs: [0.3, 0.3, 0.4], tau: (g, tt) => 1 + 0.2 * (tt - g), seed: 11 });
  const pid = plain.numeric('id'), pt = plain.numeric('time'), py = plain.numeric('y');
  for (let k = 0; k < plain.nrows; k++) ys.set(`${pid[k]}:${pt[k]}`, py[k]!);
  const lag = (r: Row, l: number) => ys.get(`${r.id}:${r.time - l}`) ?? '';
  const data = simCsv((r) => ({ ylag1: lag(r, 1), ylag2: lag(r, 2) }));

  const j1 = await json(['did', '--data', data, ...BASE, '--estimator', 'twfe', '--lag-outcome', '1']);
  assert.equal(j1.lagged_outcome.lags, 1);
  assert.equal(j1.lagged_outcome.first_period, 2012);
  assert.equal(j1.nobs, UNITS * (PERIODS.length - 1), 'one period per unit dropped');
  assert.deepEqual(j1.coefficients.map((c: any) => c.term), ['treat_post', 'l1.y']);
  const f1 = await json(['feols', '--data', data, '--formula', 'y ~ D + ylag1 | id + time', '--vcov', 'cluster', '--cluster', 'id']);
  assert.equal(f1.nobs, j1.nobs);
  assert.ok(rel(j1.coefficients[0].estimate, f1.coefficients[0].estimate) < 1e-9);
  assert.ok(rel(j1.coefficients[1].estimate, f1.coefficients[1].estimate) < 1e-9);
  assert.ok(rel(j1.coefficients[0].std_error, f1.coefficients[0].std_error) < 1e-8);

  const j2 = await json(['did', '--data', data, ...BASE, '--estimator', 'twfe', '--lag-outcome', '2']);
  assert.equal(j2.nobs, UNITS * (PERIODS.length - 2), 'two periods per unit dropped');
  assert.equal(j2.lagged_outcome.first_period, 2013);
  const f2 = await json(['feols', '--data', data, '--formula', 'y ~ D + ylag1 + ylag2 | id + time', '--vcov', 'cluster', '--cluster', 'id']);
  assert.ok(rel(j2.coefficients[0].estimate, f2.coefficients[0].estimate) < 1e-9);

  // the permutation test uses the same lagged regression: its observed statistic is that coefficient
  const jp = await json(['did', '--data', data, ...BASE, '--estimator', 'twfe', '--lag-outcome', '1', '--permutations', '20', '--seed', '4', '--threads', '1']);
  assert.ok(Math.abs(jp.permutation.observed - j1.coefficients[0].estimate) < 1e-8);
  assert.equal(jp.permutation.statistic, 'twfe_coefficient');

  // bad inputs
  await fails(['did', '--data', data, ...BASE, '--estimator', 'twfe', '--lag-outcome', '5'], /E_OPTION.*--lag-outcome.*between 1 and 4/);
  await fails(['did', '--data', data, ...BASE, '--estimator', 'twfe', '--lag-outcome', '0'], /E_OPTION.*--lag-outcome/);
  await fails(['did', '--data', data, ...BASE, '--estimator', 'cs', '--lag-outcome', '1'], /E_OPTION.*--lag-outcome.*twfe/);
  await fails(['did', '--data', data, ...BASE, '--estimator', 'twfe', '--aggregate', 'dynamic', '--lag-outcome', '1'], /E_OPTION.*--lag-outcome.*event study/);
});

test('did --subgroup COL: equals did on each subgroup alone; Wald test rejects planted differences, not equal effects', async () => {
  const region = (r: Row) => (r.id % 2 === 0 ? 'east' : 'west');
  // equal effects: region is unrelated to everything
  const same = simCsv((r) => ({ region: region(r) }));
  const j = await json(['did', '--data', same, ...BASE, '--subgroup', 'region']);
  assert.equal(j.subgroups.by, 'region');
  assert.equal(j.subgroups.statistic, 'simple_att');
  assert.deepEqual(j.subgroups.groups.map((g: any) => g.group), ['east', 'west']);
  assert.equal(j.subgroups.groups[0].n_units + j.subgroups.groups[1].n_units, UNITS);
  // the subgroup estimate is the did estimate on that subgroup's units alone
  const westIds = Array.from({ length: UNITS / 2 }, (_, k) => String(2 * k + 1)).join(',');
  const east = await json(['did', '--data', same, ...BASE, '--drop-units', westIds]);
  assert.ok(rel(j.subgroups.groups[0].estimate, east.aggregate.overall.estimate) < 1e-12);
  assert.ok(rel(j.subgroups.groups[0].std_error, east.aggregate.overall.std_error) < 1e-12);
  // two groups: W = (a1 - a2)^2 / (s1^2 + s2^2), chi-square 1 df
  const [g1, g2] = j.subgroups.groups;
  const W = (g1.estimate - g2.estimate) ** 2 / (g1.std_error ** 2 + g2.std_error ** 2);
  assert.ok(rel(j.subgroups.equality.statistic, W) < 1e-10);
  assert.equal(j.subgroups.equality.df, 1);
  assert.ok(j.subgroups.equality.p_value > 0.05, `equal effects should not be rejected, p = ${j.subgroups.equality.p_value}`);

  // planted: east units get 2 more after adoption
  const diff = simCsv((r) => ({ region: region(r) }), { yShift: (r) => (region(r) === 'east' ? 2 * r.D : 0) });
  const jd = await json(['did', '--data', diff, ...BASE, '--subgroup', 'region']);
  const d = jd.subgroups.groups[0].estimate - jd.subgroups.groups[1].estimate;
  assert.ok(Math.abs(d - 2) < 0.5, `east - west = ${d}, planted 2`);
  assert.ok(jd.subgroups.equality.p_value < 1e-6);
  // the same with the static TWFE coefficient per subgroup
  const jt = await json(['did', '--data', diff, ...BASE, '--estimator', 'twfe', '--subgroup', 'region']);
  assert.equal(jt.subgroups.statistic, 'twfe_coefficient');
  assert.ok(jt.subgroups.equality.p_value < 1e-6);
  const eastT = await json(['did', '--data', diff, ...BASE, '--estimator', 'twfe', '--drop-units', westIds]);
  assert.ok(rel(jt.subgroups.groups[0].estimate, eastT.coefficients[0].estimate) < 1e-10);
  const jts = await json(['did', '--data', same, ...BASE, '--estimator', 'twfe', '--subgroup', 'region']);
  assert.ok(jts.subgroups.equality.p_value > 0.05);

  // bad inputs
  await fails(['did', '--data', same, ...BASE, '--subgroup', 'province'], /E_MISSING_COLUMN.*province/);
  const varying = simCsv((r) => ({ region: r.time < 2014 ? 'east' : 'west' }));
  await fails(['did', '--data', varying, ...BASE, '--subgroup', 'region'], /E_SUBGROUP_VARIES.*region/);
  const one = simCsv(() => ({ region: 'all' }));
  await fails(['did', '--data', one, ...BASE, '--subgroup', 'region'], /E_OPTION.*--subgroup.*fewer than two/);
  await fails(['did', '--data', same, ...BASE, '--estimator', 'sa', '--subgroup', 'region'], /E_OPTION.*--subgroup/);
  await fails(['did', '--data', same, ...BASE, '--subgroup', 'region', '--terciles', 'id'], /E_OPTION.*either/);
});

test('did --terciles COL: baseline value per unit, type-7 cut points, three groups; non-numeric moderator is E_NON_NUMERIC', async () => {
  // moderator grows over time; its baseline (first period) value is the unit id
  const data = simCsv((r) => ({ m: r.id + 1000 * (r.time - 2011), word: r.id % 2 ? 'a' : 'b' }));
  const j = await json(['did', '--data', data, ...BASE, '--terciles', 'm']);
  assert.equal(j.subgroups.kind, 'terciles');
  // ids 1..240: q(1/3) = 1 + 239/3, q(2/3) = 1 + 2 * 239/3
  assert.ok(Math.abs(j.subgroups.cutpoints[0] - (1 + 239 / 3)) < 1e-9);
  assert.ok(Math.abs(j.subgroups.cutpoints[1] - (1 + (2 * 239) / 3)) < 1e-9);
  assert.deepEqual(j.subgroups.groups.map((g: any) => [g.group, g.n_units]), [['T1', 80], ['T2', 80], ['T3', 80]]);
  assert.equal(j.subgroups.equality.df, 2);
  // T1 = ids 1..80: the same as did on those units alone
  const rest = Array.from({ length: 160 }, (_, k) => String(k + 81)).join(',');
  const t1 = await json(['did', '--data', data, ...BASE, '--drop-units', rest]);
  assert.ok(rel(j.subgroups.groups[0].estimate, t1.aggregate.overall.estimate) < 1e-12);
  await fails(['did', '--data', data, ...BASE, '--terciles', 'word'], /E_NON_NUMERIC.*word/);
  await fails(['did', '--data', data, ...BASE, '--terciles', 'nothing'], /E_MISSING_COLUMN.*nothing/);
  const flat = simCsv((r) => ({ m: r.id <= 200 ? 1 : 2 }));
  await fails(['did', '--data', flat, ...BASE, '--terciles', 'm'], /E_TERCILES/);
});

test('did --mechanism M1,M2: step 1 is did twfe on the mediator, step 2 is feols y ~ D + M | unit + time', async () => {
  // M1 responds to the policy by 0.5 (plus noise and a unit effect); M2 does not respond
  const noise = (k: number, s: number) => Math.sin(k * 12.9898 + s) * 0.5;
  const data = simCsv((r, k) => ({ M1: 0.5 * r.D + 0.01 * r.id + noise(k, 1), M2: 0.02 * r.id + noise(k, 2) }));
  const j = await json(['did', '--data', data, ...BASE, '--estimator', 'twfe', '--mechanism', 'M1,M2']);
  assert.deepEqual(j.mechanism.map((m: any) => m.mediator), ['M1', 'M2']);
  const onM1 = await json(['did', '--data', data, '--unit', 'id', '--time', 'time', '--outcome', 'M1', '--cohort', 'cohort', '--estimator', 'twfe']);
  assert.ok(rel(j.mechanism[0].on_mediator.estimate, onM1.coefficients[0].estimate) < 1e-10);
  assert.ok(rel(j.mechanism[0].on_mediator.std_error, onM1.coefficients[0].std_error) < 1e-10);
  assert.ok(Math.abs(j.mechanism[0].on_mediator.estimate - 0.5) < 0.1, 'planted 0.5');
  assert.ok(Math.abs(j.mechanism[1].on_mediator.estimate) < 0.1, 'planted 0');
  const f = await json(['feols', '--data', data, '--formula', 'y ~ D + M1 | id + time', '--vcov', 'cluster', '--cluster', 'id']);
  assert.ok(rel(j.mechanism[0].direct_effect.estimate, f.coefficients[0].estimate) < 1e-9);
  assert.ok(rel(j.mechanism[0].mediator_on_outcome.estimate, f.coefficients[1].estimate) < 1e-9);
  assert.ok(rel(j.mechanism[0].direct_effect.std_error, f.coefficients[0].std_error) < 1e-8);
  // also offered alongside cs (the table is always the TWFE two-step of seed 004)
  const jc = await json(['did', '--data', data, ...BASE, '--mechanism', 'M1']);
  assert.ok(rel(jc.mechanism[0].on_mediator.estimate, onM1.coefficients[0].estimate) < 1e-10);
  await fails(['did', '--data', data, ...BASE, '--mechanism', 'M9'], /E_MISSING_COLUMN.*M9/);
  // a mediator equal to the policy up to unit effects cannot be separated from it in step 2
  const collinear = simCsv((r) => ({ M3: 0.5 * r.D + 0.01 * r.id }));
  await fails(['did', '--data', collinear, ...BASE, '--mechanism', 'M3'], /E_COLLINEAR.*M3/);
  await fails(['did', '--data', data, ...BASE, '--mechanism', ','], /E_OPTION.*--mechanism/);
});

test('did --estimator cs --permutations: simple ATT statistic, seeded and reproducible, p = 0 for a planted effect', async () => {
  const data = simCsv(() => ({}));
  const argv = ['did', '--data', data, ...BASE, '--permutations', '40', '--seed', '9'];
  const j = await json(argv);
  assert.equal(j.permutation.statistic, 'simple_att');
  assert.equal(j.permutation.seed, 9);
  assert.equal(j.permutation.draws.length, 40);
  assert.ok(Math.abs(j.permutation.observed - j.aggregate.overall.estimate) < 1e-12);
  // the planted ATT (about 1.3) is far outside the placebo distribution centred at 0
  assert.equal(j.permutation.p_value, 0);
  assert.ok(Math.abs(j.permutation.draws.reduce((s: number, v: number) => s + v, 0) / 40) < 0.3);
  const again = await json(argv);
  assert.deepEqual(again.permutation.draws, j.permutation.draws);
  await fails(['did', '--data', data, ...BASE, '--permutations', '10'], /E_OPTION.*--seed/);
  await fails(['did', '--data', data, ...BASE, '--permutations', '2.5', '--seed', '1'], /E_OPTION.*--permutations.*positive integer/);
  await fails(['did', '--data', data, ...BASE, '--estimator', 'bjs', '--permutations', '10', '--seed', '1'], /E_OPTION.*--permutations/);
  // progress: one report per draw, the last one complete
  // the same panel as the CSV (numbers round-trip exactly through their shortest decimal form)
  const sim = simulateStaggeredPanel({ units: UNITS, periods: PERIODS, cohorts: [2013, 2015, 0], probs: [0.3, 0.3, 0.4], tau: (g, tt) => 1 + 0.2 * (tt - g), seed: 11 });
  const panel = buildDidPanel(sim, { unit: 'id', time: 'time', outcome: 'y', cohort: 'cohort' });
  const seen: number[] = [];
  const res = await csPermutation(panel, { draws: 12, seed: 9, control: { onProgress: (d, n) => seen.push(d / n) } });
  assert.equal(seen.length, 12);
  assert.equal(seen.at(-1), 1);
  assert.deepEqual(Array.from(res.draws), j.permutation.draws.slice(0, 12), 'draw d does not depend on the number of draws');
});

test('did robustness sections render in every text format', async () => {
  const data = simCsv((r, k) => ({ region: r.id % 3 === 0 ? 'coast' : 'inland', M1: 0.5 * r.D + Math.sin(k * 7.1) }));
  for (const f of ['table', 'md', 'csv', 'latex', 'html']) {
    const r = await runCli(['did', '--data', data, ...BASE, '--estimator', 'twfe', '--subgroup', 'region', '--mechanism', 'M1', '--lag-outcome', '1', '--permutations', '10', '--seed', '2', '--threads', '1', '--format', f]);
    assert.equal(r.code, 0, r.stderr);
    for (const s of ['Subgroups by region', 'coast', 'inland', 'Wald test of equal effects', 'Mechanism', 'M1', 'Permutation test', 'Lagged outcome', 'l1.y']) assert.ok(r.stdout.includes(s), `${f}: missing "${s}"`);
  }
});
