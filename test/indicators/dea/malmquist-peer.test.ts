import { test } from 'node:test';
import assert from 'node:assert/strict';
import { malmquist, type MalmquistResult } from '../../../src/indicators/dea/malmquist.js';
import { needsValidation, validationJson, validationPath } from '../../helpers/validation.js';
import { readSimpleCsv } from '../csv-helper.js';

const CASE = 'dea-malmquist';
const KEYS = ['effch', 'techch', 'pech', 'sech', 'tfpch'] as const;

function run(dir: string, orientation: 'input' | 'output'): MalmquistResult {
  const spec = validationJson(CASE, `${dir}spec.json`);
  const table = readSimpleCsv(validationPath(CASE, `${dir}${spec.data_file}`)!);
  return malmquist(table, { dmu: spec.firm_column, period: spec.period_column, inputs: spec.inputs, outputs: spec.outputs, orientation });
}

/** Max |ours - peer| over indices, distances and means of one expected block. */
function compare(r: MalmquistResult, e: any): { indices: number; distances: number; means: number; count: number } {
  let indices = 0, distances = 0, means = 0, count = 0;
  const rows = new Map(r.rows.map((x) => [`${x.dmu}|${x.period}`, x]));
  for (const row of e.indices) {
    const o = rows.get(`${row.firm}|${row.period}`);
    assert.ok(o, `row ${row.firm} ${row.period} missing`);
    for (const k of KEYS) {
      indices = Math.max(indices, Math.abs(o[k] - row[k]));
      count++;
    }
  }
  assert.equal(r.rows.length, e.indices.length);
  const eff = new Map(r.efficiency.map((x) => [`${x.dmu}|${x.period}`, x]));
  const pairs = [['crs_prev', 'crs_prev'], ['crs_curr', 'crs'], ['crs_next', 'crs_next'], ['vrs', 'vrs']] as const;
  for (const row of e.distances) {
    const o = eff.get(`${row.firm}|${row.period}`)!;
    for (const [a, b] of pairs) {
      if (row[a] === null) assert.equal(o[b], null);
      else distances = Math.max(distances, Math.abs((o[b] as number) - row[a]));
      count++;
    }
  }
  for (const row of e.annual_geometric_means) {
    const o = r.periodMeans.find((p) => p.period === row.period)!;
    for (const k of KEYS) means = Math.max(means, Math.abs(o[k] - row[k]));
  }
  if (e.firm_geometric_means) {
    for (const row of e.firm_geometric_means) {
      const o = r.dmuMeans.find((p) => p.dmu === row.firm)!;
      for (const k of KEYS) means = Math.max(means, Math.abs(o[k] - row[k]));
    }
  }
  const ov = e.overall_geometric_mean;
  for (const k of KEYS) means = Math.max(means, Math.abs(r.overallMean[k] - ov[k]));
  return { indices, distances, means, count };
}

test('EG4 (DEAP 2.1 example 4): every printed DEAP number within its 3-decimal rounding', needsValidation(CASE), () => {
  const exp = validationJson(CASE, 'expected.json').published_deap;
  const r = run('', exp.orientation);
  const d = compare(r, exp);
  assert.ok(d.indices <= 6e-4 && d.distances <= 6e-4 && d.means <= 6e-4, JSON.stringify(d));
  // distance-summary means are arithmetic (as DEAP prints them)
  for (const row of exp.distance_means_arithmetic) {
    const eff = r.efficiency.filter((x) => x.period === row.period);
    const mean = (k: 'crs' | 'vrs' | 'crs_prev' | 'crs_next') => eff.reduce((a, x) => a + (x[k] as number), 0) / eff.length;
    assert.ok(Math.abs(mean('crs') - row.crs_curr) <= 6e-4);
    assert.ok(Math.abs(mean('vrs') - row.vrs) <= 6e-4);
    if (row.crs_prev !== null) assert.ok(Math.abs(mean('crs_prev') - row.crs_prev) <= 6e-4);
    if (row.crs_next !== null) assert.ok(Math.abs(mean('crs_next') - row.crs_next) <= 6e-4);
  }
});

for (const orientation of ['output', 'input'] as const) {
  test(`EG4 vs R peers (Benchmarking/deaR), ${orientation} orientation: within 1e-9`, needsValidation(CASE), () => {
    const exp = validationJson(CASE, 'expected.json').peer[`${orientation}_orientation`];
    const d = compare(run('', orientation), exp);
    assert.ok(d.indices < 1e-9 && d.distances < 1e-9 && d.means < 1e-9, JSON.stringify(d));
    assert.ok(d.count >= 100);
  });
}

test('simulated city panel (70 x 9, input orientation) vs R peers: every index and distance within 1e-9', needsValidation(CASE), () => {
  const exp = validationJson(CASE, 'city-panel/expected.json');
  const r = run('city-panel/', 'input');
  const d = compare(r, exp);
  assert.ok(d.indices < 1e-9 && d.distances < 1e-9 && d.means < 1e-9, JSON.stringify(d));
  assert.equal(r.rows.length, 560);
  // single-period scale efficiency = crs / vrs
  const eff = new Map(r.efficiency.map((x) => [`${x.dmu}|${x.period}`, x]));
  for (const row of exp.single_period_te) assert.ok(Math.abs(eff.get(`${row.firm}|${row.period}`)!.scale - row.scale_eff) < 1e-9);
});

test('city panel: CRS indices do not depend on the orientation; pech and sech do', needsValidation(CASE), () => {
  const a = run('city-panel/', 'input'), b = run('city-panel/', 'output');
  let crs = 0, vrs = 0;
  for (let i = 0; i < a.rows.length; i++) {
    for (const k of ['effch', 'techch', 'tfpch'] as const) crs = Math.max(crs, Math.abs(a.rows[i]![k] - b.rows[i]![k]));
    vrs = Math.max(vrs, Math.abs(a.rows[i]!.pech - b.rows[i]!.pech));
  }
  assert.ok(crs < 1e-12);
  assert.ok(vrs > 1e-4);
});
