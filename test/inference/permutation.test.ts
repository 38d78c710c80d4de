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

test('Schur wrapper: solveNormal (either FE order) and demean agree with FixedEffectsProjector; fused draws = generic path', async () => {
  const { FixedEffectsProjector } = await import('../../src/estimators/ols/demean.js');
  const { preparePermutation, runPermutationChunk } = await import('../../src/inference/permutation-core.js');
  const r = new Rng(3);
  const units = 40, periods = 7;
  const a: number[] = [], b: number[] = [], y: number[] = [];
  for (let u = 0; u < units; u++) for (let t = 0; t < periods; t++) {
    if (r.uniform() < 0.15) continue;
    a.push(u);
    b.push(t);
    y.push(r.normal() + 0.2 * u - 0.1 * t);
  }
  const n = a.length;
  const unit = { ids: Int32Array.from(a), nlevels: units }, time = { ids: Int32Array.from(b), nlevels: periods };
  const ref = new FixedEffectsProjector([unit, time], n, { direct: false, tol: 1e-14 });
  const x = Float64Array.from(y);
  const want = ref.demean([x]).columns[0]!;
  const bu = new Float64Array(units), bt = new Float64Array(periods);
  for (let i = 0; i < n; i++) {
    bu[a[i]!]! += x[i]!;
    bt[b[i]!]! += x[i]!;
  }
  for (const order of [[unit, time], [time, unit]]) {
    const s = SchurTwoWayProjector.tryCreate(order, n)!;
    assert.equal(s.firstIsLarge, order[0] === unit);
    const got = s.demean([x]).columns[0]!;
    for (let i = 0; i < n; i++) assert.ok(Math.abs(got[i]! - want[i]!) < 1e-10, `demean row ${i}`);
    // the solution of the normal equations with rhs = level sums of x reproduces x - demeaned x
    const sol = s.solveNormal(bu, bt);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(x[i]! - sol.a[a[i]!]! - sol.b[b[i]!]! - want[i]!) < 1e-10, `solveNormal row ${i}`);
  }
  // fused Schur loop vs the generic demean + beta path (iterative projector), same draws
  const cohortOf = Float64Array.from({ length: units }, (_, u) => (u < 10 ? 3 : u < 20 ? 5 : 0));
  const payload = {
    n,
    fe: [unit, time],
    ey: want,
    WtRows: new Float64Array(0),
    p: 0,
    WtWinv: new Float64Array(0),
    scheme: { members: [unit.ids], time: Float64Array.from(b), cohort: cohortOf },
    drawsPerTask: 20,
    draws: 20,
    demeanTol: 1e-14,
  };
  const fused = preparePermutation(payload);
  assert.ok(fused.projector instanceof SchurTwoWayProjector);
  const generic = { ...preparePermutation(payload), projector: ref };
  const d1 = runPermutationChunk(payload, 0, 99, fused), d2 = runPermutationChunk(payload, 0, 99, generic);
  assert.equal(d1.length, 20);
  for (let d = 0; d < 20; d++) assert.ok(Math.abs(d1[d]! - d2[d]!) < 1e-9 * (1 + Math.abs(d2[d]!)), `draw ${d}: ${d1[d]} vs ${d2[d]}`);
  assert.ok(new Set(d1).size > 5, 'draws differ across assignments');
});
