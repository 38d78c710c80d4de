/**
 * Small dense helpers for the IV diagnostics (k x k matrices, k = number of instruments or regressors,
 * column-major). Inverses of symmetric positive semi-definite matrices go through the Jacobi
 * eigen-decomposition of `src/linalg/eigen.ts` (a pseudo-inverse: eigenvalues below 1e-12 x the largest
 * are treated as zero), which is exact enough for Wald and J statistics and never divides by a rounding
 * error.
 */
import { symmetricEigen } from '../../linalg/eigen.js';

/** Moore-Penrose inverse of a symmetric PSD k x k matrix; also returns its numerical rank. */
export function pinvSym(S: Float64Array, k: number): { inv: Float64Array; rank: number } {
  const { values, vectors } = symmetricEigen(S, k);
  let mx = 0;
  for (let j = 0; j < k; j++) mx = Math.max(mx, Math.abs(values[j]!));
  const inv = new Float64Array(k * k);
  let rank = 0;
  for (let j = 0; j < k; j++) {
    const l = values[j]!;
    if (!(l > 1e-12 * mx)) continue;
    rank++;
    for (let b = 0; b < k; b++) {
      const vb = vectors[j * k + b]! / l;
      for (let a = 0; a < k; a++) inv[b * k + a]! += vectors[j * k + a]! * vb;
    }
  }
  return { inv, rank };
}

/** x' A y for k x k A. */
export function quadForm(A: Float64Array, x: Float64Array, y: Float64Array, k: number): number {
  let s = 0;
  for (let b = 0; b < k; b++) {
    let t = 0;
    for (let a = 0; a < k; a++) t += x[a]! * A[b * k + a]!;
    s += t * y[b]!;
  }
  return s;
}

/** Cross product A' W B of n x p A and n x q B (column-major), p x q result. */
export function crossprod(A: Float64Array, p: number, B: Float64Array, q: number, n: number, w?: Float64Array): Float64Array {
  const out = new Float64Array(p * q);
  for (let b = 0; b < q; b++) {
    const ob = b * n;
    for (let a = 0; a < p; a++) {
      const oa = a * n;
      let s = 0;
      if (w) for (let i = 0; i < n; i++) s += A[oa + i]! * w[i]! * B[ob + i]!;
      else for (let i = 0; i < n; i++) s += A[oa + i]! * B[ob + i]!;
      out[b * p + a] = s;
    }
  }
  return out;
}

/** Product of p x r A and r x q B (column-major). */
export function matmul(A: Float64Array, p: number, r: number, B: Float64Array, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let b = 0; b < q; b++) for (let t = 0; t < r; t++) {
    const v = B[b * r + t]!;
    if (v === 0) continue;
    for (let a = 0; a < p; a++) out[b * p + a]! += A[t * p + a]! * v;
  }
  return out;
}

/** Transpose of a p x q matrix. */
export function transpose(A: Float64Array, p: number, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let b = 0; b < q; b++) for (let a = 0; a < p; a++) out[a * q + b] = A[b * p + a]!;
  return out;
}

/**
 * Meat of a sandwich from per-row scores Z_i * u_i * w_i (n x k Z): `hetero` sums outer products per row,
 * `cluster` per group (`ids` dense 0..G-1).
 */
export function scoreMeat(Z: Float64Array, k: number, u: Float64Array, v: Float64Array, n: number, w: Float64Array | undefined, ids?: Int32Array, G = 0): Float64Array {
  const M = new Float64Array(k * k);
  if (!ids) {
    const s = new Float64Array(k), t = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! : 1;
      for (let a = 0; a < k; a++) {
        s[a] = Z[a * n + i]! * wi * u[i]!;
        t[a] = Z[a * n + i]! * wi * v[i]!;
      }
      for (let b = 0; b < k; b++) for (let a = 0; a < k; a++) M[b * k + a]! += s[a]! * t[b]!;
    }
    return M;
  }
  const S = new Float64Array(G * k), T = new Float64Array(G * k);
  for (let a = 0; a < k; a++) {
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! : 1;
      S[ids[i]! * k + a]! += Z[a * n + i]! * wi * u[i]!;
      T[ids[i]! * k + a]! += Z[a * n + i]! * wi * v[i]!;
    }
  }
  for (let g = 0; g < G; g++) for (let b = 0; b < k; b++) for (let a = 0; a < k; a++) M[b * k + a]! += S[g * k + a]! * T[g * k + b]!;
  return M;
}
