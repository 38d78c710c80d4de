/**
 * Small dense helpers for the SCM family (systems of a few dozen unknowns): Cholesky solve of a symmetric
 * positive-definite system. Column-major, no allocation beyond the returned arrays.
 */

/**
 * Solves S X = B for symmetric positive-definite S (p x p, column-major) and B (p x q, column-major).
 * Returns undefined when S is not numerically positive definite (the caller treats the system as singular).
 */
export function choleskySolve(S: Float64Array, p: number, B: Float64Array, q: number): Float64Array | undefined {
  const L = new Float64Array(p * p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(S[i * p + i]!));
  for (let j = 0; j < p; j++) {
    let d = S[j * p + j]!;
    for (let k = 0; k < j; k++) d -= L[k * p + j]! * L[k * p + j]!;
    if (!(d > 1e-12 * maxDiag)) return undefined;
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = S[j * p + i]!;
      for (let k = 0; k < j; k++) s -= L[k * p + i]! * L[k * p + j]!;
      L[j * p + i] = s / ljj;
    }
  }
  const X = Float64Array.from(B);
  for (let c = 0; c < q; c++) {
    const off = c * p;
    for (let i = 0; i < p; i++) {
      let s = X[off + i]!;
      for (let k = 0; k < i; k++) s -= L[k * p + i]! * X[off + k]!;
      X[off + i] = s / L[i * p + i]!;
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = X[off + i]!;
      for (let k = i + 1; k < p; k++) s -= L[i * p + k]! * X[off + k]!;
      X[off + i] = s / L[i * p + i]!;
    }
  }
  return X;
}
