/**
 * Invariances and closed forms of feols on seeded simulated panels: row order, shifting y, scaling x,
 * FE by demeaning = FE by explicit dummies, integer weights = row replication, FE recovery.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/stats/rng.js';
import { Table } from '../../../src/data/table.js';
import { FeolsResult } from '../../../src/estimators/ols/result.js';
import { handDesign } from './hand-design.js';
import { dummies, simPanel } from './sim.js';
import type { Design } from '../../../src/estimators/design.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

function assertCloseRecord(a: Record<string, number>, b: Record<string, number>, tol: number, what: string): void {
  assert.deepEqual(Object.keys(a), Object.keys(b), what);
  for (const k of Object.keys(b)) assert.ok(rel(a[k]!, b[k]!) < tol, `${what} ${k}: ${a[k]} vs ${b[k]}`);
}

test('row order does not change coefficients, SEs (clustered), R2 or FE sizes', () => {
  const sim = simPanel(21, 80, 6, { threeFe: true });
  const perm = new Rng(99).permutation(sim.n);
  const shuffled = sim.table.take(perm);
  for (const fe of [['unit', 'period'], ['unit', 'period', 'ind']]) {
    const a = FeolsResult.fit(handDesign(sim.table, { y: 'y', x: ['x1', 'x2'], fe }));
    const b = FeolsResult.fit(handDesign(shuffled, { y: 'y', x: ['x1', 'x2'], fe }));
    assertCloseRecord(b.coef(), a.coef(), 1e-10, 'coef');
    assertCloseRecord(b.se(), a.se(), 1e-9, 'se');
    assert.ok(rel(b.r2, a.r2) < 1e-12 && rel(b.withinR2!, a.withinR2!) < 1e-10);
  }
});

test('adding a constant to y leaves slopes, SEs and within R2 unchanged (FE) / moves only the intercept', () => {
  const sim = simPanel(22, 60, 5);
  const y2 = sim.table.numeric('y').map((v) => v + 1234.5);
  const t2 = sim.table.withColumn({ kind: 'number', name: 'y', values: y2 });
  const a = FeolsResult.fit(handDesign(sim.table, { y: 'y', x: ['x1', 'x2'], fe: ['unit', 'period'] }));
  const b = FeolsResult.fit(handDesign(t2, { y: 'y', x: ['x1', 'x2'], fe: ['unit', 'period'] }));
  assertCloseRecord(b.coef(), a.coef(), 1e-9, 'coef');
  assertCloseRecord(b.se(), a.se(), 1e-8, 'se');
  assert.ok(rel(b.withinR2!, a.withinR2!) < 1e-9);
  const c = FeolsResult.fit(handDesign(sim.table, { y: 'y', x: ['x1', 'x2'] }));
  const d = FeolsResult.fit(handDesign(t2, { y: 'y', x: ['x1', 'x2'] }));
  assert.ok(Math.abs(d.coef()['(Intercept)']! - c.coef()['(Intercept)']! - 1234.5) < 1e-8);
  assert.ok(rel(d.coef().x1!, c.coef().x1!) < 1e-10);
});

test('scaling a regressor by c divides its coefficient and SE by c; t statistics unchanged', () => {
  const sim = simPanel(23, 60, 5);
  const c = -37.25;
  const t2 = sim.table.withColumn({ kind: 'number', name: 'x1', values: sim.table.numeric('x1').map((v) => v * c) });
  for (const vcov of ['iid', 'hetero', 'cluster'] as const) {
    const a = FeolsResult.fit(handDesign(sim.table, { y: 'y', x: ['x1', 'x2'], fe: ['unit', 'period'] }), { vcov });
    const b = FeolsResult.fit(handDesign(t2, { y: 'y', x: ['x1', 'x2'], fe: ['unit', 'period'] }), { vcov });
    assert.ok(rel(b.coef().x1! * c, a.coef().x1!) < 1e-10);
    assert.ok(rel(b.se().x1! * Math.abs(c), a.se().x1!) < 1e-9);
    assert.ok(rel(b.coef().x2!, a.coef().x2!) < 1e-10);
    assert.ok(rel(-b.tidy()[0]!.statistic!, a.tidy()[0]!.statistic!) < 1e-9, "t flips sign with c < 0");
  }
});

test('FE by demeaning = FE by explicit dummies (coefficients, iid and HC1 SEs, R2), unbalanced panels', () => {
  for (const seed of [31, 32, 33]) {
    const sim = simPanel(seed, 25, 6, { keep: 0.75, threeFe: seed === 33 });
    const feNames = seed === 33 ? ['unit', 'period', 'ind'] : ['unit', 'period'];
    const design = handDesign(sim.table, { y: 'y', x: ['x1', 'x2'], fe: feNames });
    const a = FeolsResult.fit(design, { vcov: 'iid', fixefRm: 'none' });
    // dummies: all levels of FE 1, levels 2.. of the others, as regressors without intercept
    const dm = dummies(design.fe, design.n);
    const extra: Record<string, Float64Array> = {};
    for (let j = 0; j < dm.k; j++) extra[`d${j}`] = dm.X.slice(j * design.n, (j + 1) * design.n);
    const dd = handDesign(sim.table, { y: 'y', x: ['x1', 'x2'], extra, intercept: false });
    const b = FeolsResult.fit(dd, { vcov: 'iid' });
    assert.equal(a.fit.nparams, b.fit.nparams, 'same K (connected design)');
    for (const t of ['x1', 'x2']) {
      assert.ok(rel(a.coef()[t]!, b.coef()[t]!) < 1e-9, `coef ${t}`);
      assert.ok(rel(a.se()[t]!, b.se()[t]!) < 1e-8, `iid se ${t}`);
      assert.ok(rel(a.vcov('hetero').se()[t]!, b.vcov('hetero').se()[t]!) < 1e-8, `hetero se ${t}`);
    }
    // R2 of the dummy model is uncentered (no intercept); compare RSS instead
    assert.ok(rel(a.fit.rss, b.fit.rss) < 1e-9);
  }
});

test('integer weights equal row replication (coefficients, RSS, R2)', () => {
  const sim = simPanel(24, 40, 5);
  const w = sim.table.numeric('w');
  const rows: number[] = [];
  for (let i = 0; i < sim.n; i++) for (let r = 0; r < w[i]!; r++) rows.push(i);
  const rep = sim.table.take(rows);
  for (const fe of [[], ['unit'], ['unit', 'period']]) {
    const a = FeolsResult.fit(handDesign(sim.table, { y: 'y', x: ['x1', 'x2'], fe, weights: 'w' }), { fixefRm: 'none' });
    const b = FeolsResult.fit(handDesign(rep, { y: 'y', x: ['x1', 'x2'], fe }), { fixefRm: 'none' });
    assertCloseRecord(a.coef(), b.coef(), 1e-9, `coef fe=${fe.join('+')}`);
    assert.ok(rel(a.fit.rss, b.fit.rss) < 1e-9);
    assert.ok(rel(a.r2, b.r2) < 1e-10);
  }
});

test('fixef(): FE values rebuild the fitted values; first level of FE 2 is 0 (fixest normalisation)', () => {
  const sim = simPanel(25, 30, 6, { keep: 0.8, threeFe: true });
  for (const feNames of [['unit'], ['unit', 'period'], ['unit', 'period', 'ind']]) {
    const design = handDesign(sim.table, { y: 'y', x: ['x1', 'x2'], fe: feNames });
    const r = FeolsResult.fit(design);
    const fx = r.fixef();
    assert.equal(fx.length, feNames.length);
    for (let q = 1; q < fx.length; q++) assert.equal(fx[q]!.values[0], 0, `first level of ${fx[q]!.name}`);
    if (fx.length === 2) assert.equal(fx[1]!.references, 1);
    const f = r.fit;
    for (let i = 0; i < f.n; i++) {
      let fitted = r.coef().x1! * design.x.X[f.designRows[i]!]! + r.coef().x2! * design.x.X[design.n + f.designRows[i]!]!;
      f.fe.forEach((e, q) => (fitted += fx[q]!.values[e.ids[i]!]!));
      assert.ok(Math.abs(f.y[i]! - f.residuals[i]! - fitted) < 1e-8, `row ${i}`);
    }
  }
});

test('fixef(): two disconnected groups get one reference each', () => {
  // units 0-4 only in periods 0-2, units 5-9 only in periods 3-5
  const rng = new Rng(26);
  const cols: Record<string, number[]> = { unit: [], period: [], x: [], y: [] };
  for (let u = 0; u < 10; u++) for (let t = 0; t < 3; t++) {
    const period = u < 5 ? t : t + 3;
    const x = rng.normal();
    cols.unit!.push(u);
    cols.period!.push(period);
    cols.x!.push(x);
    cols.y!.push(u * 0.3 + period * 0.2 + 2 * x + 0.1 * rng.normal());
  }
  const table = Table.fromColumns(Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])));
  const r = FeolsResult.fit(handDesign(table, { y: 'y', x: ['x'], fe: ['unit', 'period'] }));
  const fx = r.fixef();
  assert.equal(fx[1]!.references, 2);
  assert.equal(fx[1]!.values[0], 0);
  assert.equal(fx[1]!.values[3], 0);
  // fixest default K counts one redundant level; the exact (Stata) count finds two
  const fix = r.vcov('iid');
  const sta = r.vcov('iid', { preset: 'stata' });
  assert.equal(fix.variance.K, 1 + 10 + 6 - 1);
  assert.equal(sta.variance.K, 1 + 10 + 6 - 2);
  assert.ok(sta.se().x! < fix.se().x!);
});

test('planted truth: estimates within 4 SE of the truth; clustered SEs match the Monte Carlo spread', () => {
  const big = simPanel(41, 400, 8, { beta: [1.5, -0.7] });
  const r = FeolsResult.fit(handDesign(big.table, { y: 'y', x: ['x1', 'x2'], fe: ['unit', 'period'], cluster: ['unit'] }));
  assert.ok(Math.abs(r.coef().x1! - 1.5) < 4 * r.se().x1!, `x1 ${r.coef().x1} se ${r.se().x1}`);
  assert.ok(Math.abs(r.coef().x2! + 0.7) < 4 * r.se().x2!, `x2 ${r.coef().x2} se ${r.se().x2}`);
  const est: number[] = [], ses: number[] = [];
  for (let rep = 0; rep < 150; rep++) {
    const s = simPanel(1000 + rep, 60, 6, { beta: [1.5, -0.7] });
    const f = FeolsResult.fit(handDesign(s.table, { y: 'y', x: ['x1', 'x2'], fe: ['unit', 'period'] }));
    est.push(f.coef().x1!);
    ses.push(f.se().x1!);
  }
  const mean = est.reduce((a, b) => a + b, 0) / est.length;
  const sd = Math.sqrt(est.reduce((a, b) => a + (b - mean) ** 2, 0) / (est.length - 1));
  const meanSe = ses.reduce((a, b) => a + b, 0) / ses.length;
  assert.ok(Math.abs(mean - 1.5) < 4 * sd / Math.sqrt(est.length), `mean ${mean} sd ${sd}`);
  assert.ok(Math.abs(meanSe / sd - 1) < 0.2, `mean SE ${meanSe} vs MC sd ${sd}`);
});

test('no-intercept model uses the uncentered R2; intercept model the centered one', () => {
  const sim = simPanel(27, 30, 4);
  const y = sim.table.numeric('y'), x1 = sim.table.numeric('x1');
  const a = FeolsResult.fit(handDesign(sim.table, { y: 'y', x: ['x1'], intercept: false }));
  let sy2 = 0;
  for (const v of y) sy2 += v * v;
  assert.ok(rel(a.r2, 1 - a.fit.rss / sy2) < 1e-10);
  const b = FeolsResult.fit(handDesign(sim.table, { y: 'y', x: ['x1'] }));
  const m = y.reduce((s, v) => s + v, 0) / y.length;
  let tss = 0;
  for (const v of y) tss += (v - m) ** 2;
  assert.ok(rel(b.r2, 1 - b.fit.rss / tss) < 1e-10);
  // slope of a simple regression: cov/var
  const mx = x1.reduce((s, v) => s + v, 0) / x1.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < y.length; i++) {
    sxy += (x1[i]! - mx) * (y[i]! - m);
    sxx += (x1[i]! - mx) ** 2;
  }
  assert.ok(rel(b.coef().x1!, sxy / sxx) < 1e-12);
  const F = b.fstat()!;
  assert.ok(rel(F.statistic, b.tidy()[1]!.statistic! ** 2) < 1e-9, 'F = t^2 with one slope (iid)');
});

export type { Design };
