/**
 * Triangular solves and inverses on small dense column-major matrices (`R[j * ld + i]` is row i, column j).
 *
 * These serve the least-squares core (`lstsq.ts`): after a QR factorisation X = QR, the coefficients solve
 * R b = Q'y and the unscaled covariance is (X'X)^-1 = R^-1 R^-T. Conventions as LAPACK's `dtrsv`/`dtrtri`
 * (upper triangle read, lower ignored); a zero pivot gives +-Infinity/NaN, which callers avoid by solving
 * only over the numerical rank.
 */

/** Solves R x = b in place (`b` becomes x) for the leading `k` x `k` upper triangle of R (leading dim `ld`). */
export function solveUpper(R: Float64Array, ld: number, k: number, b: Float64Array): void {
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < k; j++) s -= R[j * ld + i]! * b[j]!;
    b[i] = s / R[i * ld + i]!;
  }
}

/** Solves R' x = b in place for the leading `k` x `k` upper triangle of R (leading dim `ld`). */
export function solveUpperTransposed(R: Float64Array, ld: number, k: number, b: Float64Array): void {
  for (let i = 0; i < k; i++) {
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= R[i * ld + j]! * b[j]!;
    b[i] = s / R[i * ld + i]!;
  }
}

/** Inverse of the leading `k` x `k` upper triangle of R, as a new k x k column-major upper-triangular matrix. */
export function invertUpper(R: Float64Array, ld: number, k: number): Float64Array {
  const inv = new Float64Array(k * k);
  const col = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    col.fill(0);
    col[j] = 1;
    solveUpper(R, ld, j + 1, col);
    for (let i = 0; i <= j; i++) inv[j * k + i] = col[i]!;
  }
  return inv;
}

/**
 * (R'R)^-1 = R^-1 R^-T for the leading k x k upper triangle of R: a symmetric k x k column-major matrix.
 * Entry (a, b) is z_a' z_b with z_j = R^-T e_j found by forward substitution (row j of R^-1); the diagonal
 * is then a sum of squares, which keeps variances accurate to a few ulps on ill-conditioned designs.
 */
export function inverseGram(R: Float64Array, ld: number, k: number): Float64Array {
  const Zs = new Float64Array(k * k); // column j = R^-T e_j
  const z = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    z.fill(0);
    z[j] = 1;
    solveUpperTransposed(R, ld, k, z);
    Zs.set(z, j * k);
  }
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += Zs[a * k + l]! * Zs[b * k + l]!;
      out[b * k + a] = s;
      out[a * k + b] = s;
    }
  }
  return out;
}
