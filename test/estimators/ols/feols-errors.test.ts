/** Bad inputs feols can meet: each class raises a named error (code + message naming the culprit) or a warning. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../../src/data/table.js';
import { FeolsResult } from '../../../src/estimators/ols/result.js';
import { handDesign } from './hand-design.js';
import { simPanel } from './sim.js';
import { throwsCode } from '../../helpers/errors.js';


const small = () => Table.fromColumns({
  y: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 9]),
  x: Float64Array.from([0.5, 1, 1.7, 2.1, 2.4, 3.3, 3.4, 4.6]),
  g: Float64Array.from([1, 1, 2, 2, 3, 3, 4, 4]),
  w: Float64Array.from([1, 1, 1, -2, 1, 1, 1, 1]),
});

test('negative or NaN weights: E_BAD_WEIGHTS naming the row', () => {
  const t = small();
  throwsCode(() => FeolsResult.fit(handDesign(t, { y: 'y', x: ['x'], weights: 'w' })), 'E_BAD_WEIGHTS', 'row 4');
  const t2 = t.withColumn({ kind: 'number', name: 'w', values: Float64Array.from([1, NaN, 1, 1, 1, 1, 1, 1]) });
  throwsCode(() => FeolsResult.fit(handDesign(t2, { y: 'y', x: ['x'], weights: 'w' })), 'E_BAD_WEIGHTS', 'row 2');
});

test('zero weights: rows dropped, counted and warned', () => {
  const t = small().withColumn({ kind: 'number', name: 'w', values: Float64Array.from([1, 0, 1, 1, 0, 1, 1, 1]) });
  const r = FeolsResult.fit(handDesign(t, { y: 'y', x: ['x'], weights: 'w' }));
  assert.equal(r.fit.n, 6);
  assert.equal(r.fit.removed.zeroWeight, 2);
  assert.ok(r.warnings.some((w) => w.code === 'W_ZERO_WEIGHTS'));
  assert.equal((r.toJSON().removed as any).zero_weight, 2);
});

test('every row a singleton: E_NO_ROWS; singletons are counted and reported', () => {
  const t = Table.fromColumns({ y: Float64Array.from([1, 2, 3]), x: Float64Array.from([3, 1, 2]), g: Float64Array.from([1, 2, 3]) });
  throwsCode(() => FeolsResult.fit(handDesign(t, { y: 'y', x: ['x'], fe: ['g'] })), 'E_NO_ROWS', 'singletons');
  const t2 = Table.fromColumns({
    y: Float64Array.from([1, 2, 3, 4, 5, 6, 7]), x: Float64Array.from([3, 1, 2, 5, 4, 7, 1]), g: Float64Array.from([1, 1, 2, 2, 3, 3, 4]),
  });
  const r = FeolsResult.fit(handDesign(t2, { y: 'y', x: ['x'], fe: ['g'] }));
  assert.equal(r.fit.removed.singletons, 1);
  assert.equal(r.fit.fe[0]!.nlevels, 3);
  assert.ok(r.warnings.some((w) => w.code === 'W_SINGLETONS'));
  const k = FeolsResult.fit(handDesign(t2, { y: 'y', x: ['x'], fe: ['g'] }), { fixefRm: 'none' });
  assert.equal(k.fit.n, 7);
});

test('fewer rows than parameters: E_TOO_FEW_ROWS with the counts', () => {
  const t = Table.fromColumns({ y: Float64Array.from([1, 2, 3]), a: Float64Array.from([1, 5, 2]), b: Float64Array.from([2, 2, 9]), c: Float64Array.from([0, 1, 0]) });
  throwsCode(() => FeolsResult.fit(handDesign(t, { y: 'y', x: ['a', 'b', 'c'] })), 'E_TOO_FEW_ROWS', '4 parameters', '3 observations');
});

test('perfect fit: warning, zero SEs, undefined tests (null in JSON)', () => {
  const t = Table.fromColumns({ y: Float64Array.from([1, 3, 5, 7, 9]), x: Float64Array.from([0, 1, 2, 3, 4]) });
  const r = FeolsResult.fit(handDesign(t, { y: 'y', x: ['x'] }));
  assert.ok(r.warnings.some((w) => w.code === 'W_PERFECT_FIT'));
  assert.ok(Math.abs(r.coef().x! - 2) < 1e-14);
  assert.ok(r.se().x! < 1e-12);
  const row = r.tidy().find((t) => t.term === 'x')!;
  assert.ok(row.statistic === null || Math.abs(row.statistic) > 1e10);
  JSON.stringify(r.toJSON());
});

test('cluster variable with one level: E_CLUSTER_ONE_LEVEL naming it', () => {
  const t = small().withColumn({ kind: 'number', name: 'one', values: new Float64Array(8).fill(1) });
  const d = handDesign(t, { y: 'y', x: ['x'], cluster: ['one'] });
  throwsCode(() => FeolsResult.fit(d, { vcov: 'cluster' }), 'E_CLUSTER_ONE_LEVEL', '"one"');
});

test('collinearity: dropped terms reported by name and reason; all collinear -> E_ALL_COLLINEAR', () => {
  const sim = simPanel(51, 30, 5);
  const n = sim.n;
  const unit = sim.table.numeric('unit');
  const x1 = sim.table.numeric('x1'), x2 = sim.table.numeric('x2');
  const within = unit.map((u) => u * 0.1 + 2); // constant within unit
  const combo = x1.map((v, i) => v - 2 * x2[i]!);
  const t = sim.table.withColumn({ kind: 'number', name: 'zunit', values: within }).withColumn({ kind: 'number', name: 'combo', values: combo });
  const r = FeolsResult.fit(handDesign(t, { y: 'y', x: ['x1', 'zunit', 'x2', 'combo'], fe: ['unit', 'period'] }));
  assert.deepEqual(r.fit.collinear.map((c) => [c.term, c.reason]), [['zunit', 'fixed_effects'], ['combo', 'regressors']]);
  assert.deepEqual(Object.keys(r.coef()), ['x1', 'x2']);
  assert.deepEqual(r.toJSON().collinear, ['zunit', 'combo']);
  assert.ok(r.warnings.some((w) => w.code === 'W_COLLINEAR' && w.message.includes("'zunit'") && w.message.includes("'combo'")));
  assert.ok(r.summary().includes('zunit'));
  throwsCode(() => FeolsResult.fit(handDesign(t, { y: 'y', x: ['zunit'], fe: ['unit'] })), 'E_ALL_COLLINEAR', 'zunit');
  // a constant regressor next to an intercept
  const t2 = t.withColumn({ kind: 'number', name: 'const', values: new Float64Array(n).fill(5) });
  const r2 = FeolsResult.fit(handDesign(t2, { y: 'y', x: ['x1', 'const'] }));
  assert.deepEqual(r2.fit.collinear.map((c) => [c.term, c.reason]), [['const', 'intercept']]);
});

test('non-finite values: E_NON_FINITE naming the column and the row', () => {
  const t = small().withColumn({ kind: 'number', name: 'x', values: Float64Array.from([1, 2, Infinity, 4, 5, 6, 7, 8]) });
  throwsCode(() => FeolsResult.fit(handDesign(t, { y: 'y', x: ['x'] })), 'E_NON_FINITE', '"x"', 'row 3');
});

test('bad options: E_OPTION naming the option and listing allowed values', () => {
  const d = handDesign(small(), { y: 'y', x: ['x'], fe: ['g'] });
  throwsCode(() => FeolsResult.fit(d, { fixefRm: 'bogus' as any }), 'E_OPTION', 'fixefRm', 'singletons');
  throwsCode(() => FeolsResult.fit(d, { vcov: 'robust' as any }), 'E_OPTION', 'vcov', 'hetero');
  throwsCode(() => FeolsResult.fit(d, { ssc: { preset: 'sas' as any } }), 'E_OPTION', 'ssc.preset', 'stata');
  throwsCode(() => FeolsResult.fit(d, { ssc: { gDf: 'max' as any } }), 'E_OPTION', 'ssc.gDf');
  throwsCode(() => FeolsResult.fit(d, { level: 95 }), 'E_OPTION', 'level');
  throwsCode(() => FeolsResult.fit(d, { vcov: { type: 'cluster', cluster: ['nope'] } }), 'E_OPTION', 'nope', 'g');
  throwsCode(() => FeolsResult.fit(handDesign(small(), { y: 'y', x: ['x'] }), { vcov: 'cluster' }), 'E_OPTION', 'vcov.cluster');
});

test('inconsistent hand-built design: E_DESIGN_SHAPE', () => {
  const d = handDesign(small(), { y: 'y', x: ['x'] });
  throwsCode(() => FeolsResult.fit({ ...d, y: d.y.subarray(0, 5) }), 'E_DESIGN_SHAPE', 'y');
});
