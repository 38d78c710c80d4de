import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchurTwoWayProjector } from '../../src/inference/permutation-core.js';
import { solveGeneral } from '../../src/linalg/cholesky.js';
import { Rng } from '../../src/stats/rng.js';

test('Schur two-way projector = dense dummy regression residuals on an unbalanced panel', () => {
  const r = new Rng(2);
  const units = 25, periods = 6;
  const a: number[] = [], b: number[] = [], x: number[] = [];
  for (let u = 0; u < units; u++) for (let t = 0; t < periods; t++) {
    if (r.uniform() < 0.2) continue; // unbalanced
    a.push(u);
    b.push(t);
    x.push(r.normal() + u * 0.1 + t);
  }
  const n = a.length;
  const ids = [Int32Array.from(a), Int32Array.from(b)];
  const proj = SchurTwoWayProjector.tryCreate([{ ids: ids[0]!, nlevels: units }, { ids: ids[1]!, nlevels: periods }], n)!;
  assert.ok(proj);
  const got = proj.demean([Float64Array.from(x)]).columns[0]!;
  // dense: unit dummies + period dummies 1..T-1
  const k = units + periods - 1;
  const Z = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    Z[a[i]! * n + i] = 1;
    if (b[i]! > 0) Z[(units + b[i]! - 1) * n + i] = 1;
  }
  const ZtZ = new Float64Array(k * k), Zty = new Float64Array(k);
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Z[p * n + i]! * Z[q * n + i]!;
      ZtZ[q * k + p] = s;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += Z[p * n + i]! * x[i]!;
    Zty[p] = s;
  }
  const coef = solveGeneral(ZtZ, k, Zty)!;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let p = 0; p < k; p++) fit += Z[p * n + i]! * coef[p]!;
    assert.ok(Math.abs(got[i]! - (x[i]! - fit)) < 1e-10, `row ${i}`);
  }
});

test('Schur projector declines designs it cannot handle (one FE, disconnected)', () => {
  const ids = Int32Array.from([0, 0, 1, 1]);
  assert.equal(SchurTwoWayProjector.tryCreate([{ ids, nlevels: 2 }], 4), undefined);
  // two disconnected blocks: units 0,1 only in periods 0,1; units 2,3 only in periods 2,3
  const u = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]);
  const t = Int32Array.from([0, 1, 0, 1, 2, 3, 2, 3]);
  assert.equal(SchurTwoWayProjector.tryCreate([{ ids: u, nlevels: 4 }, { ids: t, nlevels: 4 }], 8), undefined);
});
