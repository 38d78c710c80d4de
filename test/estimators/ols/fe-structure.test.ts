/**
 * FE structure helpers behind feols' row handling: iterative singleton removal (against a naive fixed
 * point, on seeded random sparse designs and on a chain that needs several sweeps), re-coding from known
 * level counts, and feols' fused validation (non-finite values in rows that singleton removal would drop,
 * zero weights that create singletons) against fits on the pre-filtered rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/stats/rng.js';
import { Table } from '../../../src/data/table.js';
import { PilotzoneError } from '../../../src/errors.js';
import { FeolsResult } from '../../../src/estimators/ols/result.js';
import { recode, recodeByCounts, removeSingletons, singletonMask } from '../../../src/estimators/ols/fe-structure.js';
import type { FeCodes } from '../../../src/estimators/ols/demean.js';
import { handDesign } from './hand-design.js';

/** Reference: repeat "drop every kept row that is alone in some level" until nothing changes. */
function naiveSingletons(fe: readonly FeCodes[], n: number, keep0: Uint8Array): Uint8Array {
  const keep = keep0.slice();
  for (;;) {
    const counts = fe.map((f) => new Int32Array(f.nlevels));
    for (let i = 0; i < n; i++) if (keep[i]) fe.forEach((f, q) => counts[q]![f.ids[i]!]!++);
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (keep[i] && fe.some((f, q) => counts[q]![f.ids[i]!] === 1)) {
        keep[i] = 0;
        changed = true;
      }
    }
    if (!changed) return keep;
  }
}

function countsOver(fe: readonly FeCodes[], n: number, keep: Uint8Array): Int32Array[] {
  const counts = fe.map((f) => new Int32Array(f.nlevels));
  for (let i = 0; i < n; i++) if (keep[i]) fe.forEach((f, q) => counts[q]![f.ids[i]!]!++);
  return counts;
}

test('removeSingletons: same rows as the naive fixed point (random sparse designs, pre-excluded rows)', () => {
  const rng = new Rng(20240611);
  for (let rep = 0; rep < 200; rep++) {
    const n = 5 + rng.int(60);
    const Q = 1 + rng.int(3);
    const fe: FeCodes[] = [];
    for (let q = 0; q < Q; q++) {
      const L = 1 + rng.int(Math.max(1, Math.floor(n / 2)));
      const ids = new Int32Array(n);
      for (let i = 0; i < n; i++) ids[i] = rng.int(L);
      fe.push({ ids, nlevels: L });
    }
    const keep = new Uint8Array(n).fill(1);
    for (let i = 0; i < n; i++) if (rng.uniform() < 0.1) keep[i] = 0;
    const expected = naiveSingletons(fe, n, keep);
    const counts = countsOver(fe, n, keep);
    const before = keep.reduce((s, v) => s + v, 0);
    const removed = removeSingletons(fe, n, keep, counts);
    assert.deepEqual(Array.from(keep), Array.from(expected), `rep ${rep}`);
    assert.equal(removed, before - expected.reduce((s, v) => s + v, 0));
    assert.deepEqual(counts.map((c) => Array.from(c)), countsOver(fe, n, expected).map((c) => Array.from(c)), `rep ${rep}: counts`);
  }
});

test('removeSingletons: a chain whose removals cascade needs several sweeps, and gets them', () => {
  // the chain a0-b0, a0-b1, a1-b1, a1-b2, a2-b2, a2-b3 (rows e0..e5; b0 and b3 are singletons), listed
  // middle first: e2 e3 e1 e4 e0 e5, so each sweep can only peel the two rows the previous one exposed
  const a = Int32Array.from([1, 1, 0, 2, 0, 2]);
  const b = Int32Array.from([1, 2, 1, 2, 0, 3]);
  const fe = [{ ids: a, nlevels: 3 }, { ids: b, nlevels: 4 }];
  const r = singletonMask(fe, 6);
  assert.equal(r.removed, 6);
  assert.deepEqual(Array.from(r.keep), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(naiveSingletons(fe, 6, new Uint8Array(6).fill(1))), [0, 0, 0, 0, 0, 0]);
});

test('recodeByCounts: same codes and map as recode', () => {
  const rng = new Rng(7);
  for (let rep = 0; rep < 50; rep++) {
    const n = 1 + rng.int(100), L = 1 + rng.int(30);
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = rng.int(L);
    const rows = Int32Array.from(Array.from({ length: n }, (_, i) => i).filter(() => rng.uniform() < 0.7));
    const counts = new Int32Array(L);
    for (const i of rows) counts[ids[i]!]!++;
    const x = recode(ids, L, rows), y = recodeByCounts(ids, counts, rows);
    assert.equal(y.nlevels, x.nlevels);
    assert.deepEqual(Array.from(y.ids), Array.from(x.ids));
    assert.deepEqual(Array.from(y.map), Array.from(x.map));
  }
});

function panel(): Table {
  // 3 groups of 4 rows, plus a singleton group (row 13) and a group of two rows (14, 15)
  const g = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 4, 4];
  const t = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2];
  const x = g.map((gi, i) => Math.sin(i + 1) + 0.3 * gi);
  const y = x.map((xi, i) => 2 * xi + g[i]! + 0.5 * t[i]! + 0.1 * Math.cos(3 * i));
  const w = g.map((_, i) => (i === 14 ? 0 : 1 + (i % 3)));
  return Table.fromColumns({ g: Float64Array.from(g), t: Float64Array.from(t), x: Float64Array.from(x), y: Float64Array.from(y), w: Float64Array.from(w) });
}

test('feols: zero weights that create singletons = fit on the rows that remain', () => {
  const tab = panel();
  // row 14 has weight 0 -> row 15 becomes a singleton of g = 4; row 12 is a singleton from the start
  const r = FeolsResult.fit(handDesign(tab, { y: 'y', x: ['x'], fe: ['g', 't'], weights: 'w', cluster: ['g'] }), { vcov: 'hetero' });
  assert.equal(r.fit.removed.zeroWeight, 1);
  assert.equal(r.fit.removed.singletons, 2);
  assert.equal(r.fit.n, 12);
  const sub = tab.take(Int32Array.from({ length: 12 }, (_, i) => i));
  const ref = FeolsResult.fit(handDesign(sub, { y: 'y', x: ['x'], fe: ['g', 't'], weights: 'w', cluster: ['g'] }), { vcov: 'hetero' });
  assert.equal(ref.fit.removed.singletons, 0);
  assert.ok(Math.abs(r.coef().x! - ref.coef().x!) <= 1e-12 * Math.abs(ref.coef().x!));
  assert.ok(Math.abs(r.se().x! - ref.se().x!) <= 1e-10 * ref.se().x!);
  assert.deepEqual(Array.from(r.fit.rows), Array.from({ length: 12 }, (_, i) => i));
  assert.deepEqual(r.fit.fe.map((f) => f.nlevels), [3, 4]);
  assert.deepEqual(r.fit.clusters.map((c) => c.nlevels), [3]);
});

test('feols: a non-finite value is reported even in a row that singleton removal drops (first bad row named)', () => {
  const tab = panel();
  const y = tab.numeric('y').slice();
  y[12] = NaN; // the singleton row
  const x = tab.numeric('x').slice();
  x[13] = -Infinity;
  x[5] = Infinity;
  const bad = tab.withColumn({ kind: 'number', name: 'y', values: y });
  assert.throws(() => FeolsResult.fit(handDesign(bad, { y: 'y', x: ['x'], fe: ['g', 't'] })), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_NON_FINITE' && /"y"/.test(e.message) && /row 13/.test(e.message));
  const badx = tab.withColumn({ kind: 'number', name: 'x', values: x });
  assert.throws(() => FeolsResult.fit(handDesign(badx, { y: 'y', x: ['x'], fe: ['g', 't'] })), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_NON_FINITE' && /"x"/.test(e.message) && /row 6\b/.test(e.message));
});
