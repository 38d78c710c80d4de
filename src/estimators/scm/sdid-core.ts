/**
 * Synthetic difference-in-differences (Arkhangelsky, Athey, Hirshberg, Imbens & Wager 2021, AER), computed
 * as the reference implementation synthdid 0.0.9 does, so that estimates agree to rounding:
 * - Y is N x T (controls first, the N1 treated units last), T0 pre-periods, block (simultaneous) adoption;
 * - noise level = sd of all first differences of the controls' pre-period outcomes;
 * - unit weights omega: Frank-Wolfe on the ridge-penalised, intercept-adjusted SC problem over the
 *   "collapsed" panel (treated averaged, post periods averaged), zeta_omega = (N1 T1)^(1/4) x noise level;
 *   time weights lambda the same way with zeta_lambda = 1e-6 x noise level; each weight vector is first run
 *   100 Frank-Wolfe steps, sparsified (weights <= max/4 set to 0, renormalised), then run to convergence:
 *   stop when the objective decreases by less than (1e-5 x noise level)^2, or after 10,000 steps;
 * - estimate = (-omega, 1/N1)' Y (-lambda, 1/T1);
 * - SC: omega with no intercept and zeta_omega = 1e-6 x noise level, lambda = 0; DID: uniform weights.
 * Matrices are row-major here (`Y[i * T + t]`), as the algorithm is written over rows (units).
 */

/** Which member of the family. */
export type SdidEstimator = 'sdid' | 'sc' | 'did';

/** Options resolved for one panel (synthdid's `opts`), reused unchanged by placebo / bootstrap refits. */
export interface SdidOpts {
  zetaOmega: number;
  zetaLambda: number;
  omegaIntercept: boolean;
  lambdaIntercept: boolean;
  updateOmega: boolean;
  updateLambda: boolean;
  minDecrease: number;
  maxIter: number;
}

export interface SdidWeights {
  omega: Float64Array;
  lambda: Float64Array;
}

export interface SdidFit {
  estimate: number;
  omega: Float64Array;
  lambda: Float64Array;
  /** The noise level the options were built from (min decrease / 1e-5, synthdid's convention). */
  noiseLevel: number;
  opts: SdidOpts;
}

/** synthdid's noise level: sd (n - 1) of the first differences over time of the controls' pre-period outcomes. */
export function noiseLevel(Y: Float64Array, T: number, N0: number, T0: number): number {
  let n = 0;
  let s = 0;
  for (let i = 0; i < N0; i++) for (let t = 1; t < T0; t++) {
    s += Y[i * T + t]! - Y[i * T + t - 1]!;
    n++;
  }
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < N0; i++) for (let t = 1; t < T0; t++) ss += (Y[i * T + t]! - Y[i * T + t - 1]! - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** The default options of synthdid_estimate / sc_estimate / did_estimate for this panel. */
export function defaultSdidOpts(estimator: SdidEstimator, Y: Float64Array, N: number, T: number, N0: number, T0: number): SdidOpts {
  const noise = noiseLevel(Y, T, N0, T0);
  const etaOmega = estimator === 'sc' ? 1e-6 : ((N - N0) * (T - T0)) ** 0.25;
  return {
    zetaOmega: etaOmega * noise,
    zetaLambda: 1e-6 * noise,
    omegaIntercept: estimator !== 'sc',
    lambdaIntercept: true,
    updateOmega: estimator !== 'did',
    updateLambda: estimator === 'sdid',
    minDecrease: 1e-5 * noise,
    maxIter: 10000,
  };
}

/** The fixed weights an estimator starts from (synthdid's `weights` argument): SC lambda = 0, DID uniform. */
export function defaultSdidWeights(estimator: SdidEstimator, N0: number, T0: number): Partial<SdidWeights> {
  if (estimator === 'sc') return { lambda: new Float64Array(T0) };
  if (estimator === 'did') return { omega: new Float64Array(N0).fill(1 / N0), lambda: new Float64Array(T0).fill(1 / T0) };
  return {};
}

/**
 * synthdid_estimate: weights (updated or fixed as `opts` says, starting from `init` when given) and the
 * estimate. Y is N x T row-major, the N - N0 treated units last.
 */
export function sdidEstimate(Y: Float64Array, N: number, T: number, N0: number, T0: number, opts: SdidOpts, init: Partial<SdidWeights> = {}): SdidFit {
  // Collapsed form: (N0 + 1) x (T0 + 1).
  const C = collapsed(Y, N, T, N0, T0);
  const W = T0 + 1;
  let lambda: Float64Array;
  if (opts.updateLambda) {
    // Rows = controls, columns = pre periods + post mean.
    const M = C.subarray(0, N0 * W);
    let l = frankWolfe(M, N0, T0, opts.zetaLambda, opts.lambdaIntercept, init.lambda, opts.minDecrease, 100);
    l = frankWolfe(M, N0, T0, opts.zetaLambda, opts.lambdaIntercept, sparsify(l), opts.minDecrease, opts.maxIter);
    lambda = l;
  } else lambda = init.lambda ? Float64Array.from(init.lambda) : new Float64Array(T0).fill(1 / T0);
  let omega: Float64Array;
  if (opts.updateOmega) {
    // t(Yc[, 1:T0]): rows = pre periods, columns = controls + treated mean.
    const M = new Float64Array(T0 * (N0 + 1));
    for (let t = 0; t < T0; t++) for (let i = 0; i <= N0; i++) M[t * (N0 + 1) + i] = C[i * W + t]!;
    let o = frankWolfe(M, T0, N0, opts.zetaOmega, opts.omegaIntercept, init.omega, opts.minDecrease, 100);
    o = frankWolfe(M, T0, N0, opts.zetaOmega, opts.omegaIntercept, sparsify(o), opts.minDecrease, opts.maxIter);
    omega = o;
  } else omega = init.omega ? Float64Array.from(init.omega) : new Float64Array(N0).fill(1 / N0);
  return { estimate: contrast(Y, N, T, N0, T0, omega, lambda), omega, lambda, noiseLevel: opts.minDecrease / 1e-5, opts };
}

/** (-omega, 1/N1)' Y (-lambda, 1/T1). */
export function contrast(Y: Float64Array, N: number, T: number, N0: number, T0: number, omega: Float64Array, lambda: Float64Array): number {
  const N1 = N - N0;
  const T1 = T - T0;
  let s = 0;
  for (let i = 0; i < N; i++) {
    const a = i < N0 ? -omega[i]! : 1 / N1;
    if (a === 0) continue;
    let r = 0;
    for (let t = 0; t < T; t++) r += Y[i * T + t]! * (t < T0 ? -lambda[t]! : 1 / T1);
    s += a * r;
  }
  return s;
}

/** synthdid_effect_curve: per post period, (treated mean - omega'Y_co)_t minus its lambda-weighted pre-period value. */
export function effectCurve(Y: Float64Array, N: number, T: number, N0: number, T0: number, omega: Float64Array, lambda: Float64Array): Float64Array {
  const N1 = N - N0;
  const sc = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += (i < N0 ? -omega[i]! : 1 / N1) * Y[i * T + t]!;
    sc[t] = s;
  }
  let base = 0;
  for (let t = 0; t < T0; t++) base += sc[t]! * lambda[t]!;
  const out = new Float64Array(T - T0);
  for (let t = T0; t < T; t++) out[t - T0] = sc[t]! - base;
  return out;
}

function collapsed(Y: Float64Array, N: number, T: number, N0: number, T0: number): Float64Array {
  const W = T0 + 1;
  const C = new Float64Array((N0 + 1) * W);
  const N1 = N - N0;
  const T1 = T - T0;
  for (let i = 0; i < N0; i++) {
    for (let t = 0; t < T0; t++) C[i * W + t] = Y[i * T + t]!;
    let s = 0;
    for (let t = T0; t < T; t++) s += Y[i * T + t]!;
    C[i * W + T0] = s / T1;
  }
  for (let t = 0; t < T0; t++) {
    let s = 0;
    for (let i = N0; i < N; i++) s += Y[i * T + t]!;
    C[N0 * W + t] = s / N1;
  }
  let s = 0;
  for (let i = N0; i < N; i++) for (let t = T0; t < T; t++) s += Y[i * T + t]!;
  C[N0 * W + T0] = s / (N1 * T1);
  return C;
}

/** synthdid's sparsify_function: zero the weights <= max/4, renormalise. */
export function sparsify(v: Float64Array): Float64Array {
  let mx = -Infinity;
  for (const x of v) mx = Math.max(mx, x);
  const out = new Float64Array(v.length);
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    out[i] = v[i]! <= mx / 4 ? 0 : v[i]!;
    s += out[i]!;
  }
  for (let i = 0; i < v.length; i++) out[i]! /= s;
  return out;
}

/**
 * synthdid's sc.weight.fw: Frank-Wolfe for min zeta^2 ||x||^2 + ||A x - b||^2 / R on the simplex, where the
 * R x (C + 1) row-major matrix M = [A | b] is column-centred first when `intercept`. Starts from `init`
 * (default uniform 1/C). Stops after `maxIter` steps or when the objective falls by less than minDecrease^2.
 */
export function frankWolfe(Min: Float64Array, R: number, Ccols: number, zeta: number, intercept: boolean, init: Float64Array | undefined, minDecrease: number, maxIter: number): Float64Array {
  const W = Ccols + 1;
  const M = Float64Array.from(Min.subarray(0, R * W));
  if (intercept) {
    for (let c = 0; c < W; c++) {
      let s = 0;
      for (let r = 0; r < R; r++) s += M[r * W + c]!;
      const mean = s / R;
      for (let r = 0; r < R; r++) M[r * W + c] -= mean;
    }
  }
  // Column-major copy of A for fast column access, and b.
  const A = new Float64Array(R * Ccols);
  const b = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < Ccols; c++) A[c * R + r] = M[r * W + c]!;
    b[r] = M[r * W + Ccols]!;
  }
  const x = init ? Float64Array.from(init) : new Float64Array(Ccols).fill(1 / Ccols);
  const eta = R * zeta * zeta;
  // Gram matrix G = A'A and A'b, so each step costs O(R + C): Ax and Gx are updated along the step
  // (x <- x + s (e_i - x)) instead of recomputed; the half gradient is Gx - A'b + eta x.
  const G = new Float64Array(Ccols * Ccols);
  const Ab = new Float64Array(Ccols);
  for (let c = 0; c < Ccols; c++) {
    const oc = c * R;
    for (let d = 0; d <= c; d++) {
      const od = d * R;
      let s = 0;
      for (let r = 0; r < R; r++) s += A[oc + r]! * A[od + r]!;
      G[c * Ccols + d] = s;
      G[d * Ccols + c] = s;
    }
    let s = 0;
    for (let r = 0; r < R; r++) s += A[oc + r]! * b[r]!;
    Ab[c] = s;
  }
  const Ax = new Float64Array(R);
  const Gx = new Float64Array(Ccols);
  for (let c = 0; c < Ccols; c++) {
    const xc = x[c]!;
    if (xc === 0) continue;
    for (let r = 0; r < R; r++) Ax[r] += A[c * R + r]! * xc;
    for (let d = 0; d < Ccols; d++) Gx[d] += G[c * Ccols + d]! * xc;
  }
  const grad = new Float64Array(Ccols);
  const z2 = zeta * zeta;
  const minDec2 = minDecrease * minDecrease;
  let prev = NaN;
  let cur = NaN;
  for (let t = 0; t < maxIter; t++) {
    if (t >= 2 && !(prev - cur > minDec2)) break;
    let imin = 0;
    for (let c = 0; c < Ccols; c++) {
      grad[c] = Gx[c]! - Ab[c]! + eta * x[c]!;
      if (grad[c]! < grad[imin]!) imin = c;
    }
    // Direction d = e_i - x; exact line search on the quadratic, clipped to [0, 1] (synthdid's fw.step).
    let gd = 0;
    let dd = 0;
    let allZero = true;
    for (let c = 0; c < Ccols; c++) {
      const d = (c === imin ? 1 : 0) - x[c]!;
      if (d !== 0) allZero = false;
      gd += grad[c]! * d;
      dd += d * d;
    }
    if (!allZero) {
      let ee = 0;
      const off = imin * R;
      for (let r = 0; r < R; r++) {
        const e = A[off + r]! - Ax[r]!;
        ee += e * e;
      }
      const step = -gd / (ee + eta * dd);
      const s = Math.min(1, Math.max(0, step));
      if (s > 0) {
        for (let c = 0; c < Ccols; c++) x[c] = x[c]! + s * ((c === imin ? 1 : 0) - x[c]!);
        for (let r = 0; r < R; r++) Ax[r] = Ax[r]! + s * (A[off + r]! - Ax[r]!);
        const og = imin * Ccols;
        for (let d = 0; d < Ccols; d++) Gx[d] = Gx[d]! + s * (G[og + d]! - Gx[d]!);
      }
    }
    // Objective zeta^2 ||x||^2 + ||A x - b||^2 / R at the new x.
    let xx = 0;
    for (let c = 0; c < Ccols; c++) xx += x[c]! * x[c]!;
    let ss = 0;
    for (let r = 0; r < R; r++) ss += (Ax[r]! - b[r]!) ** 2;
    prev = cur;
    cur = z2 * xx + ss / R;
  }
  return x;
}
