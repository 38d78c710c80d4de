import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/stats/rng.js';
import { qrPivoted } from '../../src/linalg/qr.js';
import { StreamingQR } from '../../src/linalg/tsqr.js';
import { inverseGram, invertUpper, solveUpper, solveUpperTransposed } from '../../src/linalg/triangular.js';
import { solveLeastSquares } from '../../src/linalg/lstsq.js';
import { nearestPsd, symmetricEigen } from '../../src/linalg/eigen.js';

function randomMatrix(rng: Rng, m: number, k: number): Float64Array {
  const A = new Float64Array(m * k);
  for (let i = 0; i < A.length; i++) A[i] = rng.normal();
  return A;
}

/** A'A (k x k column-major). */
function gram(A: Float64Array, m: number, k: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += A[a * m + i]! * A[b * m + i]!;
    G[b * k + a] = s;
  }
  return G;
}

function close(a: number, b: number, tol: number, what: string): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}

test('qrPivoted: R\'R equals A\'A (full rank), columns kept in order', () => {
  const rng = new Rng(1);
  const m = 30, k = 5;
  const A = randomMatrix(rng, m, k);
  const G = gram(A, m, k);
  const f = qrPivoted(A.slice(), m, k);
  assert.equal(f.rank, k);
  assert.deepEqual(Array.from(f.pivot), [0, 1, 2, 3, 4]);
  const R = new Float64Array(k * k);
  for (let j = 0; j < k; j++) for (let i = 0; i <= j; i++) R[j * k + i] = f.qr[j * m + i]!;
  const RtR = gram(R, k, k);
  for (let t = 0; t < k * k; t++) close(RtR[t]!, G[t]!, 1e-12, `RtR[${t}]`);
});

test('qrPivoted: a column collinear with earlier ones is dropped (the later one), others keep order', () => {
  const rng = new Rng(2);
  const m = 20;
  const A = randomMatrix(rng, m, 4);
  // column 2 = column 0 - 2 * column 1
  for (let i = 0; i < m; i++) A[2 * m + i] = A[i]! - 2 * A[m + i]!;
  const f = qrPivoted(A, m, 4, 1e-10);
  assert.equal(f.rank, 3);
  assert.deepEqual(f.dropped, [2]);
  assert.deepEqual(Array.from(f.pivot), [0, 1, 3, 2]);
});

test('StreamingQR over several blocks gives the R of a one-shot QR (R\'R = A\'A)', () => {
  const rng = new Rng(3);
  const m = 1000, k = 4;
  const A = randomMatrix(rng, m, k);
  const G = gram(A, m, k);
  const s = new StreamingQR(k);
  const B = new Float64Array(300 * k);
  for (let i0 = 0; i0 < m; i0 += 300) {
    const b = Math.min(300, m - i0);
    for (let j = 0; j < k; j++) for (let i = 0; i < b; i++) B[j * 300 + i] = A[j * m + i0 + i]!;
    s.addBlock(B, 300, b);
  }
  const RtR = gram(s.R, k, k);
  for (let t = 0; t < k * k; t++) close(RtR[t]!, G[t]!, 1e-11, `RtR[${t}]`);
});

test('triangular solves and inverses agree with each other', () => {
  const k = 4;
  const R = new Float64Array([2, 0, 0, 0, 1, 3, 0, 0, -1, 0.5, 4, 0, 0.3, -2, 1, 5]);
  const Ri = invertUpper(R, k, k);
  // R Ri = I
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += R[l * k + a]! * Ri[b * k + l]!;
    close(s, a === b ? 1 : 0, 1e-14, `RRi[${a},${b}]`);
  }
  const G = inverseGram(R, k, k);
  const RtR = gram(R, k, k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += G[l * k + a]! * RtR[b * k + l]!;
    close(s, a === b ? 1 : 0, 1e-13, `G RtR[${a},${b}]`);
  }
  const x = new Float64Array([1, 2, 3, 4]);
  const y = x.slice();
  solveUpperTransposed(R, k, k, y);
  solveUpper(R, k, k, y);
  // y = (R'R)^-1 x
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += G[l * k + a]! * x[l]!;
    close(y[a]!, s, 1e-13, `y[${a}]`);
  }
});

test('solveLeastSquares matches the normal equations on a well-conditioned weighted problem', () => {
  const rng = new Rng(4);
  const n = 200, k = 3;
  const X = randomMatrix(rng, n, k);
  const y = new Float64Array(n), w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = 1 + 2 * X[i]! - X[n + i]! + 0.5 * X[2 * n + i]! + rng.normal();
    w[i] = 0.5 + rng.uniform();
  }
  const s = solveLeastSquares(X, n, k, y, { weights: w });
  // normal equations X'WX b = X'Wy by Gaussian elimination
  const A = new Float64Array(k * k), r = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    for (let i = 0; i < n; i++) r[a]! += w[i]! * X[a * n + i]! * y[i]!;
    for (let b = 0; b < k; b++) for (let i = 0; i < n; i++) A[b * k + a]! += w[i]! * X[a * n + i]! * X[b * n + i]!;
  }
  for (let c = 0; c < k; c++) for (let a = c + 1; a < k; a++) {
    const f = A[c * k + a]! / A[c * k + c]!;
    for (let b = c; b < k; b++) A[b * k + a]! -= f * A[b * k + c]!;
    r[a]! -= f * r[c]!;
  }
  for (let a = k - 1; a >= 0; a--) {
    let v = r[a]!;
    for (let b = a + 1; b < k; b++) v -= A[b * k + a]! * r[b]!;
    r[a] = v / A[a * k + a]!;
  }
  for (let a = 0; a < k; a++) close(s.beta[a]!, r[a]!, 1e-11, `beta[${a}]`);
  // residuals are W-orthogonal to X
  for (let a = 0; a < k; a++) {
    let d = 0;
    for (let i = 0; i < n; i++) d += w[i]! * X[a * n + i]! * s.residuals[i]!;
    assert.ok(Math.abs(d) < 1e-9, `X'W r [${a}] = ${d}`);
  }
});

test('solveLeastSquares reports a zero column and an exact duplicate as dropped, NaN coefficients', () => {
  const rng = new Rng(5);
  const n = 50;
  const X = randomMatrix(rng, n, 4);
  X.fill(0, 2 * n, 3 * n);
  for (let i = 0; i < n; i++) X[3 * n + i] = 3 * X[i]!;
  const y = new Float64Array(n).map(() => rng.normal());
  const s = solveLeastSquares(X, n, 4, y);
  assert.equal(s.rank, 2);
  assert.deepEqual([...s.dropped].sort(), [2, 3]);
  assert.ok(Number.isNaN(s.beta[2]!) && Number.isNaN(s.beta[3]!));
});

test('symmetricEigen reconstructs the matrix; nearestPsd zeroes negative eigenvalues only', () => {
  const k = 3;
  const S = new Float64Array([4, 1, 2, 1, -3, 0.5, 2, 0.5, 1]);
  const { values, vectors } = symmetricEigen(S, k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += values[l]! * vectors[l * k + a]! * vectors[l * k + b]!;
    close(s, S[b * k + a]!, 1e-12, `S[${a},${b}]`);
  }
  const r = nearestPsd(S, k);
  assert.equal(r.fixed, true);
  const v2 = symmetricEigen(r.matrix, k).values;
  assert.ok(Math.min(...v2) > -1e-12);
  const P = new Float64Array([2, 1, 1, 2]);
  assert.equal(nearestPsd(P, 2).fixed, false);
});

test('large problems: the Gram route agrees with the QR route, and near-collinear columns fall back to QR', () => {
  const rng = new Rng(6);
  const n = 20000, k = 4;
  const X = randomMatrix(rng, n, k);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 3 + X[i]! - 2 * X[n + i]! + 0.1 * X[3 * n + i]! + rng.normal();
  const a = solveLeastSquares(X, n, k, y, { method: 'gram' });
  const b = solveLeastSquares(X, n, k, y, { method: 'qr', refine: false });
  assert.equal(a.route, 'gram');
  assert.equal(b.route, 'qr');
  for (let j = 0; j < k; j++) close(a.beta[j]!, b.beta[j]!, 1e-12, `beta[${j}]`);
  for (let t = 0; t < k * k; t++) close(a.xtxInv[t]!, b.xtxInv[t]!, 1e-10, `xtxInv[${t}]`);
  // column 3 nearly equal to column 0: condition number ~1e6, the Gram route must not be used
  for (let i = 0; i < n; i++) X[3 * n + i] = X[i]! + 1e-6 * rng.normal();
  const c = solveLeastSquares(X, n, k, y, { method: 'gram' });
  const d = solveLeastSquares(X, n, k, y, { method: 'qr' });
  assert.equal(c.route, 'qr', 'ill-conditioned: Gram route refused');
  for (let j = 0; j < k; j++) close(c.beta[j]!, d.beta[j]!, 1e-9, `ill-conditioned beta[${j}]`);
});
