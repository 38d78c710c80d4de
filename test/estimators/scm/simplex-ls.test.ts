import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimplexLsWorkspace, simplexLsLoss, solveSimplexLs } from '../../../src/estimators/scm/simplex-ls.js';
import { Rng } from '../../../src/stats/rng.js';

/** Brute force: every support S, the equality-constrained LS on S (normal equations), keep feasible, min loss. */
function bruteForce(A: Float64Array, b: Float64Array, m: number, n: number): number {
  let best = Infinity;
  for (let mask = 1; mask < 1 << n; mask++) {
    const S: number[] = [];
    for (let j = 0; j < n; j++) if (mask & (1 << j)) S.push(j);
    const p = S.length;
    // KKT system [G 1; 1' 0][w; mu] = [A_S' b; 1]
    const K = p + 1;
    const M = Array.from({ length: K }, () => new Array<number>(K + 1).fill(0));
    for (let a = 0; a < p; a++) {
      for (let c = 0; c < p; c++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += A[S[a]! * m + i]! * A[S[c]! * m + i]!;
        M[a]![c] = s;
      }
      let s = 0;
      for (let i = 0; i < m; i++) s += A[S[a]! * m + i]! * b[i]!;
      M[a]![p] = 1;
      M[p]![a] = 1;
      M[a]![K] = s;
    }
    M[p]![K] = 1;
    // Gaussian elimination with partial pivoting
    let singular = false;
    for (let c = 0; c < K; c++) {
      let piv = c;
      for (let r = c + 1; r < K; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
      if (Math.abs(M[piv]![c]!) < 1e-12) {
        singular = true;
        break;
      }
      [M[c], M[piv]] = [M[piv]!, M[c]!];
      for (let r = 0; r < K; r++) {
        if (r === c) continue;
        const f = M[r]![c]! / M[c]![c]!;
        for (let q = c; q <= K; q++) M[r]![q] = M[r]![q]! - f * M[c]![q]!;
      }
    }
    if (singular) continue;
    const w = new Float64Array(n);
    let feasible = true;
    S.forEach((j, a) => {
      w[j] = M[a]![K]! / M[a]![a]!;
      if (w[j]! < -1e-12) feasible = false;
    });
    if (!feasible) continue;
    best = Math.min(best, simplexLsLoss(A, b, m, n, w));
  }
  return best;
}

function randomProblem(rng: Rng, m: number, n: number): { A: Float64Array; b: Float64Array } {
  const A = new Float64Array(m * n);
  const b = new Float64Array(m);
  for (let i = 0; i < A.length; i++) A[i] = rng.normal();
  for (let i = 0; i < m; i++) b[i] = 1.5 * rng.normal();
  return { A, b };
}

test('simplex LS equals the brute-force optimum over all supports (200 seeded problems, n <= 7)', () => {
  const rng = new Rng(20240601);
  for (let rep = 0; rep < 200; rep++) {
    const m = 1 + rng.int(8);
    const n = 2 + rng.int(6);
    const { A, b } = randomProblem(rng, m, n);
    const w = new Float64Array(n);
    const r = solveSimplexLs(A, b, m, n, w, new SimplexLsWorkspace(m, n));
    const ref = bruteForce(A, b, m, n);
    assert.ok(Math.abs(r.loss - ref) <= 1e-9 * Math.max(1, ref), `rep ${rep}: ${r.loss} vs brute force ${ref}`);
    assert.ok(Math.abs(w.reduce((a, c) => a + c, 0) - 1) < 1e-12);
    assert.ok(w.every((x) => x >= 0));
    assert.ok(Math.abs(simplexLsLoss(A, b, m, n, w) - r.loss) < 1e-10 * Math.max(1, r.loss));
  }
});

test('KKT conditions hold on large problems (m = 11, n = 280), with and without warm start', () => {
  const rng = new Rng(7);
  const m = 11;
  const n = 280;
  const ws = new SimplexLsWorkspace(m, n);
  const w = new Float64Array(n);
  for (let rep = 0; rep < 20; rep++) {
    const { A, b } = randomProblem(rng, m, n);
    for (const warm of [false, true]) {
      const r = solveSimplexLs(A, b, m, n, w, ws, warm);
      const res = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let s = -b[i]!;
        for (let j = 0; j < n; j++) s += A[j * m + i]! * w[j]!;
        res[i] = s;
      }
      const g = new Float64Array(n);
      for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) g[j] += A[j * m + i]! * res[i]!;
      let nu = 0;
      for (let j = 0; j < n; j++) nu += w[j]! * g[j]!;
      for (let j = 0; j < n; j++) {
        assert.ok(g[j]! >= nu - 1e-9, `rep ${rep} j ${j}: reduced gradient ${g[j]! - nu} < 0`);
        if (w[j]! > 1e-10) assert.ok(Math.abs(g[j]! - nu) < 1e-8, `support gradient off by ${g[j]! - nu}`);
      }
      assert.ok(r.loss >= 0);
      assert.ok(w.filter((x) => x > 0).length <= m + 1, 'a basic solution has at most m + 1 positive weights');
    }
  }
});

test('a target inside the convex hull is matched exactly; a donor equal to the target gets weight 1', () => {
  const rng = new Rng(3);
  const m = 4;
  const n = 30;
  const { A } = randomProblem(rng, m, n);
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) b[i] = 0.2 * A[3 * m + i]! + 0.5 * A[10 * m + i]! + 0.3 * A[20 * m + i]!;
  const w = new Float64Array(n);
  const r = solveSimplexLs(A, b, m, n, w, new SimplexLsWorkspace(m, n));
  assert.ok(r.loss < 1e-20, `loss ${r.loss}`);
  const b2 = A.slice(17 * m, 18 * m);
  const r2 = solveSimplexLs(A, b2, m, n, w, new SimplexLsWorkspace(m, n));
  assert.ok(r2.loss < 1e-24);
  assert.ok(Math.abs(w[17]! - 1) < 1e-12);
});

test('permuting the donors permutes the weights', () => {
  const rng = new Rng(11);
  const m = 6;
  const n = 25;
  const { A, b } = randomProblem(rng, m, n);
  const w = new Float64Array(n);
  solveSimplexLs(A, b, m, n, w, new SimplexLsWorkspace(m, n));
  const perm = rng.permutation(n);
  const Ap = new Float64Array(m * n);
  for (let j = 0; j < n; j++) Ap.set(A.subarray(perm[j]! * m, perm[j]! * m + m), j * m);
  const wp = new Float64Array(n);
  solveSimplexLs(Ap, b, m, n, wp, new SimplexLsWorkspace(m, n));
  for (let j = 0; j < n; j++) assert.ok(Math.abs(wp[j]! - w[perm[j]!]!) < 1e-10);
});
