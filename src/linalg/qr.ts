/**
 * Householder QR with *limited* column pivoting, as LINPACK `dqrdc2` (the routine behind R's `lm`):
 * columns are processed in their given order; a column whose norm, after projection on the columns already
 * accepted, falls below `tol` times its original norm is declared collinear and moved to the end. The
 * accepted columns therefore keep the user's order, and the *later* of two collinear regressors is the one
 * dropped, as R and fixest report it. (Full max-norm pivoting would instead drop whichever column happens
 * to be smallest, which makes collinearity reports depend on scaling.)
 *
 * Storage: column-major, `A[j * m + i]` is row i, column j (m rows, k columns). On return the upper triangle
 * of the first `rank` columns holds R and the strict lower part the Householder vectors (scaled so that
 * v_0 = 1 is implicit, as LAPACK's `dgeqrf`), with scalars in `tau`.
 */

/** A QR factorisation in compact form (see the module comment). */
export interface QrFactorization {
  /** m x k column-major: R in the upper triangle of the first `rank` columns, reflectors below. */
  readonly qr: Float64Array;
  readonly m: number;
  readonly k: number;
  /** Householder scalars (`H_j = I - tau_j v_j v_j'`). */
  readonly tau: Float64Array;
  /** `pivot[t]` = original index of the column now in position t (accepted columns first, in order). */
  readonly pivot: Int32Array;
  /** Number of accepted (linearly independent at `tol`) columns. */
  readonly rank: number;
  /** Original indices of the columns declared collinear, in the order they were met. */
  readonly dropped: readonly number[];
}

/**
 * Householder QR with dqrdc2-style limited pivoting, in place on `A` (m x k, column-major).
 *
 * `tol` is relative: column j is collinear when its remaining norm is below `tol * ||A_j||` (a column that
 * is exactly zero from the start is always collinear). R's `lm` uses 1e-7; NIST's Filip needs <= 1e-10.
 * `rhs` (m x nrhs, column-major) is overwritten with Q' rhs, so a least-squares solve needs no stored Q.
 */
export function qrPivoted(A: Float64Array, m: number, k: number, tol = 1e-10, rhs?: Float64Array, nrhs = 0): QrFactorization {
  const tau = new Float64Array(k);
  const pivot = new Int32Array(k);
  for (let j = 0; j < k; j++) pivot[j] = j;
  const orig = new Float64Array(k);
  for (let j = 0; j < k; j++) orig[j] = colNorm(A, m, j, 0);
  const dropped: number[] = [];
  let rank = 0;
  let last = k; // columns [last, k) are the dropped ones
  const tmp = new Float64Array(m);
  let j = 0;
  while (j < last) {
    if (rank >= m) {
      // no rows left: every remaining column is collinear
      for (let t = j; t < last; t++) dropped.push(pivot[t]!);
      last = j;
      break;
    }
    const nrm = colNorm(A, m, j, rank);
    if (!(nrm > tol * orig[j]!) || orig[j] === 0) {
      // move column j to the end, keeping the order of the others
      dropped.push(pivot[j]!);
      const p = pivot[j]!;
      tmp.set(A.subarray(j * m, j * m + m));
      const oj = orig[j]!;
      for (let t = j; t < k - 1; t++) {
        A.copyWithin(t * m, (t + 1) * m, (t + 2) * m);
        pivot[t] = pivot[t + 1]!;
        orig[t] = orig[t + 1]!;
      }
      A.set(tmp, (k - 1) * m);
      pivot[k - 1] = p;
      orig[k - 1] = oj;
      last--;
      continue;
    }
    householderColumn(A, m, j, rank, nrm, tau);
    // apply H_j to the remaining columns and to rhs
    for (let c = j + 1; c < k; c++) applyReflector(A, m, j, rank, tau[j]!, A, c * m);
    for (let c = 0; c < nrhs; c++) applyReflector(A, m, j, rank, tau[j]!, rhs!, c * m);
    rank++;
    j++;
  }
  return { qr: A, m, k, tau, pivot, rank, dropped };
}

function colNorm(A: Float64Array, m: number, j: number, from: number): number {
  // scaled 2-norm (no overflow/underflow for extreme magnitudes)
  let scale = 0, ssq = 1;
  const o = j * m;
  for (let i = from; i < m; i++) {
    const v = A[o + i]!;
    if (v !== 0) {
      const a = Math.abs(v);
      if (scale < a) {
        ssq = 1 + ssq * (scale / a) * (scale / a);
        scale = a;
      } else ssq += (a / scale) * (a / scale);
    }
  }
  return scale * Math.sqrt(ssq);
}

/** Builds the reflector for column j acting on rows [r, m); stores v (v_r = 1 implicit) below the diagonal. */
function householderColumn(A: Float64Array, m: number, j: number, r: number, nrm: number, tau: Float64Array): void {
  const o = j * m;
  const a0 = A[o + r]!;
  const beta = a0 >= 0 ? -nrm : nrm;
  const v0 = a0 - beta;
  tau[j] = (beta - a0) / beta;
  const inv = 1 / v0;
  for (let i = r + 1; i < m; i++) A[o + i]! *= inv;
  A[o + r] = beta;
}

/** B[off + (r..m)] -= tau v (v' B[...]) with v from column j of A (rows r..m, v_r = 1). */
function applyReflector(A: Float64Array, m: number, j: number, r: number, tau: number, B: Float64Array, off: number): void {
  if (tau === 0) return;
  const o = j * m;
  let s = B[off + r]!;
  for (let i = r + 1; i < m; i++) s += A[o + i]! * B[off + i]!;
  s *= tau;
  B[off + r]! -= s;
  for (let i = r + 1; i < m; i++) B[off + i]! -= s * A[o + i]!;
}
