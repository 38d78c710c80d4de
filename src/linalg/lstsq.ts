/**
 * Linear least squares min_b || W^(1/2) (y - X b) || by Householder QR, never by forming X'X.
 *
 * Algorithm (documented because the accuracy claims rest on it):
 * 1. Columns are scaled to about unit (weighted) norm by powers of two (exact), y too: QR is backward
 *    stable column by column, and scaling keeps the intermediate numbers in range.
 * 2. The R factor of [X y] is accumulated by a streaming Householder QR (`tsqr.ts`), so an n x k problem
 *    needs O(256 k) extra memory whatever n is. For large problems (n * k > 50000) whose scaled columns
 *    are far from collinear (every Cholesky pivot >= 1e-3, condition number below ~1e3) R is taken from
 *    the Cholesky factor of the Gram matrix instead (4x fewer flops; error <= ~1e-10, then refined by one
 *    step of step 5); anything closer to collinear goes through the QR.
 * 3. Rank: the (k+1) x k triangle is re-factorised by Householder QR with dqrdc2-style limited pivoting
 *    (`qr.ts`): a column whose norm after projection on the accepted ones is below `tol` (relative) is
 *    declared collinear; the accepted columns keep their order (the later of two collinear columns goes).
 * 4. b solves R b = Q'y on the accepted columns.
 * 5. Two steps of iterative refinement (Bjorck's corrected semi-normal equations): the residual
 *    r = y - X b and X'W r are computed with compensated (double-double) dot products, and
 *    b += R^-1 R^-T X'W r.
 *    When n * k <= 50000 (and R's diagonal spans more than a factor 10) the residual is kept as a double-double (hi + lo) and X'W r summed from both
 *    parts, so the refinement converges to the least-squares solution of the given binary data to
 *    ~kappa eps^2 (NIST StRD Wampler3/4/5 coefficients: all 15 digits; R's `lm` has 9, 7 and 5), and
 *    the RSS includes the residual's low part. By default (`refine: 'auto'`) refinement is done when
 *    n * k <= 50000 or when R's diagonal spans more than 6 orders of magnitude (ill-conditioned);
 *    well-conditioned large problems gain nothing from it.
 * 6. The unscaled covariance (X'WX)^-1 over the accepted columns is R^-1 R^-T, unscaled; when
 *    n * k <= 5000 and R's diagonal spans more than a factor 10 each of its columns is refined against X'WX applied in double-double (two steps, kept
 *    only if the corrections shrink), which brings the standard errors to the exact solution's digits.
 */
import { StreamingQR } from './tsqr.js';
import { qrPivoted } from './qr.js';
import { inverseGram, solveUpper, solveUpperTransposed } from './triangular.js';
import { compensatedDot, compensatedResiduals } from './compensated.js';

export interface LeastSquaresOptions {
  /** Positive analytic weights (length n); undefined = all 1. */
  weights?: Float64Array;
  /** Relative collinearity tolerance of the limited-pivoting QR (default 1e-10). */
  tol?: number;
  /**
   * How R is obtained: 'qr' (streaming Householder), 'gram' (Cholesky of the scaled Gram matrix, falling
   * back to 'qr' when ill-conditioned), or 'auto' (default: 'gram' when n * k > 50000).
   */
  method?: 'auto' | 'qr' | 'gram';
  /** Compensated iterative refinement: true, false, or 'auto' (small or ill-conditioned problems; default). */
  refine?: boolean | 'auto';
}

export interface LeastSquaresSolution {
  /** Coefficients by column (NaN for collinear columns). */
  readonly beta: Float64Array;
  /** Indices of the accepted columns, in order. */
  readonly kept: readonly number[];
  /** Indices of the collinear (dropped) columns, in the order met. */
  readonly dropped: readonly number[];
  readonly rank: number;
  /** (X'WX)^-1 over the kept columns (rank x rank, column-major, in the order of `kept`). */
  readonly xtxInv: Float64Array;
  /** y - X b (unweighted), length n. */
  readonly residuals: Float64Array;
  /** Weighted residual sum of squares sum w r^2. */
  readonly rss: number;
  /** Whether the refinement step was applied. */
  readonly refined: boolean;
  /** How R was obtained: Cholesky of the Gram matrix or streaming Householder QR. */
  readonly route: 'gram' | 'qr';
}

const BLOCK = 256;
/** Refinement steps: the second one settles Wampler3/4 at 13+ digits; more change nothing. */
const REFINE_STEPS = 2;

/**
 * Solves a (weighted) least-squares problem with X column-major n x k (`X[j * n + i]`).
 * Pure function: X and y are not modified.
 */
export function solveLeastSquares(X: Float64Array, n: number, k: number, y: Float64Array, opts: LeastSquaresOptions = {}): LeastSquaresSolution {
  const w = opts.weights;
  const tol = opts.tol ?? 1e-10;
  const p = k + 1;
  // 1. column scales (from the Gram diagonal when the unweighted Gram route is tried: no extra pass)
  const useGram = opts.method !== 'qr' && (opts.method === 'gram' || n * k > 50000);
  const G0 = useGram && !w ? gramColumns(X, y, n, k) : undefined;
  const scale = new Float64Array(p);
  for (let j = 0; j <= k; j++) {
    const col = j < k ? X.subarray(j * n, j * n + n) : y;
    let s = 0;
    if (G0) s = G0[j * p + j]!;
    else if (w) for (let i = 0; i < n; i++) s += w[i]! * col[i]! * col[i]!;
    else for (let i = 0; i < n; i++) s += col[i]! * col[i]!;
    if (s > 1e-280 && s < 1e280) {
      scale[j] = Math.sqrt(s);
      continue;
    }
    // extreme magnitudes: rescale by the largest value first
    let mx = 0;
    for (let i = 0; i < n; i++) mx = Math.max(mx, Math.abs(col[i]!));
    if (mx === 0) {
      scale[j] = 0;
      continue;
    }
    s = 0;
    for (let i = 0; i < n; i++) {
      const v = col[i]! / mx;
      s += w ? w[i]! * v * v : v * v;
    }
    scale[j] = mx * Math.sqrt(s);
  }
  const inv = new Float64Array(p);
  for (let j = 0; j <= k; j++) {
    // powers of two: scaling is then exact (a non-dyadic factor would round every element, which costs
    // two digits on Longley's variances)
    if (scale[j]! > 0) scale[j] = 2 ** Math.round(Math.log2(scale[j]!));
    inv[j] = scale[j]! > 0 ? 1 / scale[j]! : 0;
  }
  // 2. R of [X y] (scaled, weighted): from the Gram matrix when large and well-conditioned, else by
  //    streaming Householder QR
  const fillBlock = (B: Float64Array, i0: number, b: number): void => {
    for (let j = 0; j <= k; j++) {
      const src = j < k ? X : y;
      const off = j < k ? j * n + i0 : i0;
      const sj = inv[j]!;
      const ob = j * BLOCK;
      if (w) for (let i = 0; i < b; i++) B[ob + i] = src[off + i]! * Math.sqrt(w[i0 + i]!) * sj;
      else for (let i = 0; i < b; i++) B[ob + i] = src[off + i]! * sj;
    }
  };
  const B = new Float64Array(BLOCK * p);
  let Rfull: Float64Array | undefined;
  let viaGram = false;
  if (useGram) {
    let G: Float64Array;
    if (G0 && scale.every((v) => v > 1e-140 && v < 1e140)) {
      G = G0;
      for (let c = 0; c < p; c++) for (let a = 0; a <= c; a++) G[c * p + a]! *= inv[a]! * inv[c]!;
    } else G = gramWeighted(fillBlock, B, n, p);
    Rfull = gramCholesky(G, p);
    viaGram = Rfull !== undefined;
  }
  if (!Rfull) {
    const sq = new StreamingQR(p);
    for (let i0 = 0; i0 < n; i0 += BLOCK) {
      const b = Math.min(BLOCK, n - i0);
      fillBlock(B, i0, b);
      sq.addBlock(B, BLOCK, b);
    }
    Rfull = sq.R;
  }
  // 3. limited-pivoting QR of the (k+1) x k triangle, carrying Q'y
  const A = Rfull.slice(0, p * k);
  const rhs = Rfull.slice(p * k, p * p);
  const f = qrPivoted(A, p, k, tol, rhs, 1);
  const rank = f.rank;
  const kept = Array.from(f.pivot.subarray(0, rank));
  // 4. solve
  const bs = rhs.slice(0, rank);
  solveUpper(A, p, rank, bs);
  const beta = new Float64Array(k).fill(NaN);
  const ys = scale[k]!;
  for (let t = 0; t < rank; t++) beta[kept[t]!] = bs[t]! * ys * inv[kept[t]!]!;
  const coefKept = new Float64Array(rank);
  for (let t = 0; t < rank; t++) coefKept[t] = beta[kept[t]!]!;
  // 5. residuals, refinement
  const residuals = new Float64Array(n);
  let refine: boolean;
  if (opts.refine === undefined || opts.refine === 'auto') {
    // cheap on small problems; on large ones only when ill-conditioned (ratio of R's diagonal on the
    // scaled columns, a lower bound of the condition number), where it can change digits that matter
    let dmax = 0, dmin = Infinity;
    for (let t = 0; t < rank; t++) {
      const v = Math.abs(A[t * p + t]!);
      dmax = Math.max(dmax, v);
      dmin = Math.min(dmin, v);
    }
    // via the Gram matrix the error is ~ kappa^2 eps: refine unless kappa is small (<= ~100)
    refine = n * k <= 50000 || dmax / dmin > 1e6 || (viaGram && dmax / dmin > 100);
  } else refine = opts.refine;
  let refined = false;
  // small problems: the residual is kept in double-double (hi + lo) and X'W r is summed from both parts,
  // so the fixed point of the refinement is the least-squares solution of the given (binary) data to
  // ~kappa eps^2 rather than ~kappa eps (|r| / |X b|): what brings Wampler4/5 to full precision (only
  // when R's diagonal spans more than a factor 10: a well-conditioned design has nothing to gain)
  const ratio = rank > 0 ? diagonalRatio(A, p, rank) : 1;
  const rlo = n * k <= 50000 && ratio > 10 && refine && ys > 0 ? new Float64Array(n) : undefined;
  if (rank > 0 && refine && ys > 0) {
    const exact = n * k <= 50000 || !viaGram;
    for (let step = 0; step < (exact ? REFINE_STEPS : 1); step++) {
    if (exact) compensatedResiduals(X, n, kept, coefKept, y, residuals, rlo);
    else plainResiduals(X, n, kept, coefKept, y, residuals);
    const g = new Float64Array(rank);
    for (let t = 0; t < rank; t++) {
      let xr = exact ? compensatedDot(X, kept[t]! * n, residuals, n, w) : plainDot(X, kept[t]! * n, residuals, n, w);
      if (rlo) xr += plainDot(X, kept[t]! * n, rlo, n, w);
      g[t] = xr * inv[kept[t]!]! / ys;
    }
    solveUpperTransposed(A, p, rank, g);
    solveUpper(A, p, rank, g);
    for (let t = 0; t < rank; t++) {
      const j = kept[t]!;
      beta[j] = beta[j]! + g[t]! * ys * inv[j]!;
      coefKept[t] = beta[j]!;
    }
    }
    refined = true;
    if (exact) compensatedResiduals(X, n, kept, coefKept, y, residuals, rlo);
    else plainResiduals(X, n, kept, coefKept, y, residuals);
  } else if (rank > 0) plainResiduals(X, n, kept, coefKept, y, residuals);
  else residuals.set(y);
  // compensated on small problems (NIST-grade digits); plain sums lose ~1e-13 relative on large ones
  // (with the residual's double-double tail when there is one: sum w (h + l)^2 = sum w h^2 + 2 sum w h l)
  let rss = n * k <= 50000 ? compensatedDot(residuals, 0, residuals, n, w) : plainDot(residuals, 0, residuals, n, w);
  if (refined && rlo) rss += 2 * plainDot(residuals, 0, rlo, n, w);
  // 6. (X'WX)^-1 over kept columns, unscaled
  const G = inverseGram(A, p, rank);
  for (let a = 0; a < rank; a++) {
    for (let b = 0; b < rank; b++) G[b * rank + a]! *= inv[kept[a]!]! * inv[kept[b]!]!;
  }
  if (rank > 0 && n * k <= SMALL_INVERSE && ratio > 10) refineInverse(X, n, kept, G, w);
  return { beta, kept, dropped: f.dropped, rank, xtxInv: G, residuals, rss, refined, route: viaGram ? 'gram' : 'qr' };
}

/**
 * R of the scaled [X y] from the Cholesky factor of its Gram matrix, accumulated block by block. Returns
 * undefined (caller falls back to QR) unless every pivot of the X part is >= GRAM_MIN_PIVOT on the unit-
 * scaled columns, i.e. the columns are far from collinear (condition number below ~1e3), where the Gram
 * route loses at most ~1e-10 and one refinement step recovers it.
 */
/** Gram matrix of the scaled, weighted [X y] from row blocks copied into B. */
function gramWeighted(fill: (B: Float64Array, i0: number, b: number) => void, B: Float64Array, n: number, p: number): Float64Array {
  const G = new Float64Array(p * p);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const b = Math.min(BLOCK, n - i0);
    fill(B, i0, b);
    for (let c = 0; c < p; c++) {
      const oc = c * BLOCK;
      for (let a = 0; a <= c; a++) {
        const oa = a * BLOCK;
        let s = 0;
        for (let i = 0; i < b; i++) s += B[oa + i]! * B[oc + i]!;
        G[c * p + a]! += s;
      }
    }
  }
  return G;
}

/** Unscaled Gram matrix (upper triangle) of [X y] straight from the columns, by row blocks that stay in cache. */
function gramColumns(X: Float64Array, y: Float64Array, n: number, k: number): Float64Array {
  const p = k + 1;
  const G = new Float64Array(p * p);
  const GB = 4096;
  for (let i0 = 0; i0 < n; i0 += GB) {
    const i1 = Math.min(n, i0 + GB);
    for (let c = 0; c < p; c++) {
      const src = c < k ? X : y, oc = c < k ? c * n : 0;
      // two dot products per sweep (column c read once for both); each sum keeps its own order
      let a = 0;
      for (; a + 1 <= c; a += 2) {
        const sa = a < k ? X : y, oa = a < k ? a * n : 0;
        const sb = a + 1 < k ? X : y, ob = a + 1 < k ? (a + 1) * n : 0;
        let s0 = 0, s1 = 0;
        for (let i = i0; i < i1; i++) {
          const v = src[oc + i]!;
          s0 += sa[oa + i]! * v;
          s1 += sb[ob + i]! * v;
        }
        G[c * p + a]! += s0;
        G[c * p + a + 1]! += s1;
      }
      if (a <= c) {
        const sa = a < k ? X : y, oa = a < k ? a * n : 0;
        let s = 0;
        for (let i = i0; i < i1; i++) s += sa[oa + i]! * src[oc + i]!;
        G[c * p + a]! += s;
      }
    }
  }
  return G;
}

/**
 * R of the scaled [X y] from the Cholesky factor of its Gram matrix G. Returns undefined (caller falls
 * back to QR) unless every pivot of the X part is >= GRAM_MIN_PIVOT on the unit-scaled columns, i.e. the
 * columns are far from collinear (condition number below ~1e3), where the Gram route loses at most ~1e-10
 * and one refinement step recovers it.
 */
function gramCholesky(G: Float64Array, p: number): Float64Array | undefined {
  // upper Cholesky G = R'R in place
  const R = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i <= j; i++) {
      let s = G[j * p + i]!;
      for (let l = 0; l < i; l++) s -= R[i * p + l]! * R[j * p + l]!;
      if (i < j) R[j * p + i] = s / R[i * p + i]!;
      else {
        const dj = G[j * p + j]!;
        if (j < p - 1) {
          if (!(s >= GRAM_MIN_PIVOT * GRAM_MIN_PIVOT * dj) || dj === 0) return undefined;
          R[j * p + j] = Math.sqrt(s);
        } else {
          // the y column: its pivot is the residual norm; a (near) perfect fit goes to QR
          if (!(s > 1e-20 * dj)) return undefined;
          R[j * p + j] = Math.sqrt(s);
        }
      }
    }
  }
  return R;
}

const GRAM_MIN_PIVOT = 1e-3;

/** max / min of |R_tt| (scaled columns): a lower bound of the condition number. */
function diagonalRatio(A: Float64Array, p: number, rank: number): number {
  let dmax = 0, dmin = Infinity;
  for (let t = 0; t < rank; t++) {
    const v = Math.abs(A[t * p + t]!);
    dmax = Math.max(dmax, v);
    dmin = Math.min(dmin, v);
  }
  return dmax / dmin;
}

/**
 * Largest n * k for which (X'WX)^-1 is refined (O(n k^2) compensated flops per step); only done when
 * R's diagonal spans more than a factor 10: on a well-conditioned design the inverse is accurate already.
 */
const SMALL_INVERSE = 5000;

/**
 * Iterative refinement of G = (X'WX)^-1 over the kept columns, column by column: z += G (e_a - X'W X z),
 * with X z in double-double and X'W (X z) by compensated sums, so the inverse (hence the standard errors)
 * is that of the given data to ~kappa^2 eps^2 instead of ~kappa eps. The correction must shrink from one
 * step to the next (it does when kappa^2 eps is well below 1); otherwise G is left as it was (Filip).
 */
function refineInverse(X: Float64Array, n: number, kept: readonly number[], G: Float64Array, w: Float64Array | undefined): void {
  const r = kept.length;
  const G0 = G.slice();
  const zero = new Float64Array(n), hi = new Float64Array(n), lo = new Float64Array(n);
  const z = new Float64Array(r), res = new Float64Array(r);
  for (let a = 0; a < r; a++) {
    let prev = Infinity;
    for (let step = 0; step < 2; step++) {
      for (let b = 0; b < r; b++) z[b] = G[a * r + b]!;
      compensatedResiduals(X, n, kept, z, zero, hi, lo); // hi + lo = -X z
      for (let b = 0; b < r; b++) {
        const o = kept[b]! * n;
        res[b] = (a === b ? 1 : 0) + compensatedDot(X, o, hi, n, w) + plainDot(X, o, lo, n, w);
      }
      let dn = 0, zn = 0;
      for (let b = 0; b < r; b++) {
        let s = 0;
        for (let c = 0; c < r; c++) s += G0[c * r + b]! * res[c]!;
        G[a * r + b] = z[b]! + s;
        dn = Math.max(dn, Math.abs(s));
        zn = Math.max(zn, Math.abs(z[b]!));
      }
      if (!(dn <= 0.5 * prev) && step > 0 || !(dn <= 1e-3 * zn)) {
        G.set(G0); // not converging: keep the factorisation's inverse
        return;
      }
      prev = dn;
    }
  }
  // symmetric again (each column was refined on its own)
  for (let a = 0; a < r; a++) for (let b = 0; b < a; b++) {
    const m = 0.5 * (G[a * r + b]! + G[b * r + a]!);
    G[a * r + b] = m;
    G[b * r + a] = m;
  }
}

function plainResiduals(X: Float64Array, n: number, cols: readonly number[], b: Float64Array, y: Float64Array, out: Float64Array): void {
  out.set(y);
  // two columns per sweep over out, subtracted in the same order as one at a time (same rounding)
  let t = 0;
  for (; t + 1 < cols.length; t += 2) {
    const o0 = cols[t]! * n, o1 = cols[t + 1]! * n;
    const c0 = b[t]!, c1 = b[t + 1]!;
    for (let i = 0; i < n; i++) out[i] = out[i]! - c0 * X[o0 + i]! - c1 * X[o1 + i]!;
  }
  if (t < cols.length) {
    const o = cols[t]! * n;
    const c = b[t]!;
    for (let i = 0; i < n; i++) out[i]! -= c * X[o + i]!;
  }
}

function plainDot(a: Float64Array, aOff: number, b: Float64Array, n: number, w?: Float64Array): number {
  let s = 0;
  if (w) for (let i = 0; i < n; i++) s += w[i]! * a[aOff + i]! * b[i]!;
  else for (let i = 0; i < n; i++) s += a[aOff + i]! * b[i]!;
  return s;
}
