import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsValidation, relDiff, validationJson, validationPath } from '../../helpers/validation.js';
import { readNumericCsv } from './mpdta.js';
import { Table, numericColumn } from '../../../src/data/table.js';
import { FeolsResult } from '../../../src/estimators/ols/result.js';
import { Rng } from '../../../src/stats/rng.js';
import { PilotzoneError } from '../../../src/errors.js';
import { buildDidPanel } from '../../../src/estimators/did/panel.js';
import { twfeStatic } from '../../../src/estimators/did/twfe.js';
import { didPermutation, dropUnits, mechanismTable, pairAssignmentFromPolicy, shiftCohorts, subgroupAtt } from '../../../src/estimators/did/robustness.js';
import { permutationTest } from '../../../src/inference/permutation.js';
import { buildDesign } from '../../../src/formula/design.js';
import { simulateStaggeredPanel } from '../../../src/estimators/did/simulate.js';
import { attGt } from '../../../src/estimators/did/att-gt.js';

const COLS = { outcome: 'y', unit: 'id', time: 'time', cohort: 'cohort' };
const sim = (seed: number, effect: number) =>
  buildDidPanel(simulateStaggeredPanel({ units: 150, periods: [1, 2, 3, 4, 5, 6], cohorts: [0, 3, 5], probs: [0.5, 0.25, 0.25], tau: () => effect, seed }), COLS);

test('permutation test: observed = TWFE coefficient; seeded draws independent of threads; rejects a real effect, not a null one', async () => {
  const panel = sim(1, 0.8);
  const r1 = await didPermutation(panel, { draws: 60, seed: 5, threads: 1 });
  const r2 = await didPermutation(panel, { draws: 60, seed: 5, threads: 2 });
  const tw = twfeStatic(panel).fit.coef[0]!;
  assert.ok(Math.abs(r1.observed - tw) < 1e-9, `${r1.observed} vs ${tw}`);
  assert.deepEqual(Array.from(r1.draws), Array.from(r2.draws));
  assert.equal(r1.pValue, 0);
  assert.ok(r1.pValuePlus1 > 0 && r1.pValuePlus1 < 0.02);
  assert.equal(r1.seed, 5);
  assert.equal(r1.histogram.reduce((s, b) => s + b.count, 0), 60);
  const nul = await didPermutation(sim(2, 0), { draws: 60, seed: 5, threads: 1 });
  assert.ok(nul.pValue > 0.05, `null p ${nul.pValue}`);
  // placebo draws are centred near zero
  const mean = r1.draws.reduce((s, v) => s + v, 0) / r1.draws.length;
  assert.ok(Math.abs(mean) < 0.2);
});

test('permutation on the hdfe-sim pair panel: city adoption recovered, observed coefficient = fixest (controls, pair + year FE)', needsValidation('hdfe-sim'), async () => {
  const table = readNumericCsv(validationPath('hdfe-sim', 'pair_panel.csv')!);
  const exp = validationJson('hdfe-sim', 'expected.json');
  const design = buildDesign(table, 'y ~ lngdp_i + lngdp_j + lnpop_i + lnpop_j + tariff | pair_id + year');
  const scheme = pairAssignmentFromPolicy(table, design.rows, { first: 'city_i', second: 'city_j', time: 'year', policy: 'policy' });
  const policy = table.numeric('policy');
  const D = new Float64Array(design.n);
  for (const m of scheme.members) for (let r = 0; r < design.n; r++) if (scheme.cohort[m[r]!]! !== 0 && scheme.time[r]! >= scheme.cohort[m[r]!]!) D[r] = 1;
  for (let r = 0; r < design.n; r++) assert.equal(D[r], policy[design.rows[r]!], `row ${r}`);
  const res = await permutationTest(design, scheme, { draws: 4, seed: 3, threads: 1 });
  const block = exp.twfe_cluster_pair ?? exp.pair_panel?.twfe_cluster_pair;
  const ref = block.coefficients.policy;
  assert.ok(relDiff(res.observed, ref) < 1e-7, `${res.observed} vs ${ref}`);
  assert.equal(res.draws.length, 4);
});

test('fake timing moves adoption k periods earlier; too-early adoptions are dropped with a warning', () => {
  const panel = sim(3, 1);
  const f = shiftCohorts(panel, 1);
  for (let i = 0; i < f.n; i++) {
    const orig = panel.cohort[panel.unitLabels.indexOf(f.unitLabels[i]!)]!;
    assert.equal(f.cohort[i], orig === 0 ? 0 : orig - 1);
  }
  const f3 = shiftCohorts(panel, 2);
  assert.ok(f3.n < panel.n && f3.warnings.some((w) => w.code === 'W_TREATED_FIRST_PERIOD'));
  assert.throws(() => shiftCohorts(panel, 0), (e: any) => e.code === 'E_OPTION');
  assert.ok(attGt(f).rows().length > 0);
});

test('dropping units equals building the panel without them; unknown unit -> E_UNKNOWN_UNIT', () => {
  const tab = simulateStaggeredPanel({ units: 80, periods: [1, 2, 3, 4], cohorts: [0, 3], probs: [0.5, 0.5], tau: () => 1, seed: 4 });
  const panel = buildDidPanel(tab, COLS);
  const d = dropUnits(panel, ['3', '17', '40']);
  const ids = tab.numeric('id');
  const ref = buildDidPanel(tab.filter((r) => ![3, 17, 40].includes(ids[r]!)), COLS);
  assert.deepEqual(Array.from(attGt(d).fit.att), Array.from(attGt(ref).fit.att));
  assert.throws(() => dropUnits(panel, ['999']), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_UNKNOWN_UNIT' && e.message.includes('"999"'));
});

test('subgroup heterogeneity: equal-effects test rejects a planted difference and not a random split', () => {
  const tab = simulateStaggeredPanel({ units: 600, periods: [1, 2, 3, 4, 5, 6], cohorts: [0, 3, 5], probs: [0.4, 0.3, 0.3], tau: () => 1, seed: 8 });
  const ids = tab.numeric('id');
  // coastal units (even ids) get an extra effect of 1 after treatment
  const y = Float64Array.from(tab.numeric('y'));
  const t = tab.numeric('time'), g = tab.numeric('cohort');
  for (let r = 0; r < tab.nrows; r++) if (ids[r]! % 2 === 0 && g[r]! !== 0 && t[r]! >= g[r]!) y[r] = y[r]! + 1;
  const panel = buildDidPanel(tab.withColumn(numericColumn('y', y)), COLS);
  const coastal = panel.unitLabels.map((l) => (Number(l) % 2 === 0 ? 'coastal' : 'inland'));
  const het = subgroupAtt(panel, coastal);
  assert.equal(het.groups.length, 2);
  assert.ok(het.equality.p_value < 0.001, `p ${het.equality.p_value}`);
  const c = het.groups.find((x) => x.group === 'coastal')!, i = het.groups.find((x) => x.group === 'inland')!;
  assert.ok(Math.abs(c.estimate - i.estimate - 1) < 4 * Math.hypot(c.std_error, i.std_error));
  const random = panel.unitLabels.map((l) => (Number(l) % 3 === 0 ? 'a' : 'b'));
  const flat = subgroupAtt(buildDidPanel(tab, COLS), random);
  assert.ok(flat.equality.p_value > 0.01, `p ${flat.equality.p_value}`);
});

test('lagged-outcome TWFE equals feols on an explicit lag column; covariate controls enter as regressors', () => {
  const tab = simulateStaggeredPanel({ units: 120, periods: [1, 2, 3, 4, 5, 6], cohorts: [0, 3, 5], probs: [0.4, 0.3, 0.3], tau: () => 1, seed: 12 });
  const panel = buildDidPanel(tab, { ...COLS, covariates: ['x'] });
  const res = twfeStatic(panel, { laggedOutcome: 1, controls: true });
  // reference: the same regression from the long table through the formula layer
  const rows = tab.toObjects() as Record<string, number>[];
  const key = new Map(rows.map((r) => [`${r.id}|${r.time}`, r.y!]));
  const ref = rows
    .filter((r) => r.time! > 1)
    .map((r) => ({ ...r, D: r.cohort !== 0 && r.time! >= r.cohort! ? 1 : 0, ylag: key.get(`${r.id}|${r.time! - 1}`)! }));
  const fit = FeolsResult.fit(buildDesign(Table.fromObjects(ref), 'y ~ D + x + ylag | id + time'), { vcov: { type: 'cluster', cluster: ['id'] } });
  const names = res.fit.coefNames;
  assert.deepEqual(names, ['treat_post', 'l1.y']); // x is time-invariant: collinear with the unit FE, dropped
  assert.ok(Math.abs(res.fit.coef[0]! - fit.coef().D!) < 1e-8);
  assert.ok(Math.abs(res.fit.coef[1]! - fit.coef().ylag!) < 1e-8);
  assert.ok(Math.abs(res.se().treat_post! - fit.se().D!) < 1e-8);
});

test('two-step mechanism table recovers a planted mediator channel', () => {
  const base = simulateStaggeredPanel({ units: 800, periods: [1, 2, 3, 4, 5, 6], cohorts: [0, 3, 5], probs: [0.4, 0.3, 0.3], tau: () => 0, sigma: 0.3, seed: 13 });
  const id = base.numeric('id'), t = base.numeric('time'), g = base.numeric('cohort'), y0 = base.numeric('y');
  const r = new Rng(99);
  const M = new Float64Array(base.nrows), y = new Float64Array(base.nrows);
  for (let i = 0; i < base.nrows; i++) {
    const D = g[i]! !== 0 && t[i]! >= g[i]! ? 1 : 0;
    M[i] = 0.1 * id[i]! / 100 + 0.2 * t[i]! + 0.5 * D + 0.3 * r.normal();
    y[i] = y0[i]! + 1.0 * M[i]! + 0.3 * D;
  }
  const tab = base.withColumn(numericColumn('M', M)).withColumn(numericColumn('y', y));
  const [row] = mechanismTable(buildDidPanel(tab, { ...COLS, covariates: ['M'] }), ['M']);
  assert.ok(Math.abs(row!.onMediator.estimate - 0.5) < 4 * row!.onMediator.std_error!);
  assert.ok(Math.abs(row!.mediatorOnOutcome.estimate - 1) < 4 * row!.mediatorOnOutcome.std_error!);
  assert.ok(Math.abs(row!.directEffect.estimate - 0.3) < 4 * row!.directEffect.std_error!);
  assert.throws(() => mechanismTable(buildDidPanel(tab, COLS), ['M']), (e: any) => e.code === 'E_MISSING_COLUMN');
});
