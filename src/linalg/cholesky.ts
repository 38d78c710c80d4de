/**
 * Small dense solves (k up to a few dozen): Cholesky of a column-major symmetric positive-definite
 * matrix, SPD inverse, and Gaussian elimination with partial pivoting. Used by the DID 2x2 estimators,
 * the SCM inner problems and the permutation projections; least squares go through `lstsq.ts` (QR).
 */

/**
 * In-place Cholesky of the k x k SPD matrix `A` (column-major, lower triangle used). Returns false when a
 * pivot is not positive relative to the matrix scale (singular or indefinite), mirroring R's
 * `rcond(...) < .Machine$double.eps` refusals in DRDID.
 */
export function choleskyInPlace(A: Float64Array, k: number, relTol = 1e-13): boolean {
  let scale = 0;
  for (let j = 0; j < k; j++) scale = Math.max(scale, Math.abs(A[j * k + j]!));
  const tol = scale * relTol;
  for (let j = 0; j < k; j++) {
    let d = A[j * k + j]!;
    for (let p = 0; p < j; p++) d -= A[p * k + j]! * A[p * k + j]!;
    if (!(d > tol)) return false;
    const l = Math.sqrt(d);
    A[j * k + j] = l;
    for (let i = j + 1; i < k; i++) {
      let s = A[j * k + i]!;
      for (let p = 0; p < j; p++) s -= A[p * k + i]! * A[p * k + j]!;
      A[j * k + i] = s / l;
    }
  }
  return true;
}

/** Solves L L' x = b in place (L from {@link choleskyInPlace}). */
export function choleskySolveInPlace(L: Float64Array, k: number, b: Float64Array): void {
  for (let i = 0; i < k; i++) {
    let s = b[i]!;
    for (let p = 0; p < i; p++) s -= L[p * k + i]! * b[p]!;
    b[i] = s / L[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let p = i + 1; p < k; p++) s -= L[i * k + p]! * b[p]!;
    b[i] = s / L[i * k + i]!;
  }
}

/** Inverse of an SPD matrix (column-major, full), or undefined when singular. */
export function spdInverse(A: Float64Array, k: number): Float64Array | undefined {
  const L = Float64Array.from(A);
  if (!choleskyInPlace(L, k)) return undefined;
  const out = new Float64Array(k * k);
  const e = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    e.fill(0);
    e[j] = 1;
    choleskySolveInPlace(L, k, e);
    for (let i = 0; i < k; i++) out[j * k + i] = e[i]!;
  }
  return out;
}

/** General square solve by Gaussian elimination with partial pivoting (column-major A, k x k); undefined if singular. */
export function solveGeneral(A: Float64Array, k: number, b: Float64Array): Float64Array | undefined {
  const M = Float64Array.from(A);
  const x = Float64Array.from(b);
  let scale = 0;
  for (const v of M) scale = Math.max(scale, Math.abs(v));
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[c * k + r]!) > Math.abs(M[c * k + piv]!)) piv = r;
    if (!(Math.abs(M[c * k + piv]!) > scale * 1e-14)) return undefined;
    if (piv !== c) {
      for (let j = 0; j < k; j++) {
        const t = M[j * k + c]!;
        M[j * k + c] = M[j * k + piv]!;
        M[j * k + piv] = t;
      }
      const t = x[c]!;
      x[c] = x[piv]!;
      x[piv] = t;
    }
    for (let r = c + 1; r < k; r++) {
      const f = M[c * k + r]! / M[c * k + c]!;
      if (f === 0) continue;
      for (let j = c; j < k; j++) M[j * k + r] = M[j * k + r]! - f * M[j * k + c]!;
      x[r] = x[r]! - f * x[c]!;
    }
  }
  for (let r = k - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let j = r + 1; j < k; j++) s -= M[j * k + r]! * x[j]!;
    x[r] = s / M[r * k + r]!;
  }
  return x;
}

/**
 * Solves S X = B for SPD S (p x p) and B (p x q), both column-major; undefined when S is not numerically
 * positive definite (a pivot below `relTol` times the largest diagonal), which callers treat as singular.
 */
export function choleskySolve(S: Float64Array, p: number, B: Float64Array, q: number, relTol = 1e-12): Float64Array | undefined {
  const L = Float64Array.from(S);
  if (!choleskyInPlace(L, p, relTol)) return undefined;
  const X = Float64Array.from(B);
  for (let c = 0; c < q; c++) choleskySolveInPlace(L, p, X.subarray(c * p, (c + 1) * p));
  return X;
}
