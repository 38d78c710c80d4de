/**
 * Conformal inference for synthetic controls (Chernozhukov, Wuthrich & Zhu 2021, JASA, "An exact and robust
 * conformal inference method for counterfactual and synthetic controls"), per post period.
 *
 * For post period t and a hypothesised effect theta, the treated outcome in t is replaced by y_1t - theta and
 * the canonical synthetic control (simplex weights on the donors' outcomes, no predictors, no intercept:
 * their section 2.3 "constrained least squares") is fitted on the pre-periods plus t. With residuals u_s, the
 * moving-block permutation p-value for a single period is p(theta) = share of s in pre + {t} with
 * |u_s| >= |u_t|. The (1 - alpha) confidence set is {theta : p(theta) > alpha}; it is found on a grid around
 * the point estimate and its two ends refined by bisection. We report the smallest interval containing the
 * set (the set need not be convex). With T0 pre-periods the smallest attainable p-value is 1 / (T0 + 1): when
 * it exceeds alpha the interval is unbounded (null ends and a warning).
 */
import type { Warning } from '../../errors.js';
import type { ScmData } from './fit-core.js';
import { SimplexLsWorkspace, solveSimplexLs } from './simplex-ls.js';

export interface ConformalOptions {
  /** Miscoverage level (default 0.1, a 90% interval). */
  alpha?: number;
  /** Grid points on each side of the estimate (default 200). */
  gridPoints?: number;
}

export interface ConformalPeriod {
  time: number;
  /** Effect estimate: the gap of the canonical SC fitted on the pre-periods. */
  estimate: number;
  /** p-value of the null of no effect in this period. */
  pValueZero: number;
  confLow: number | null;
  confHigh: number | null;
}

export interface ConformalResult {
  alpha: number;
  periods: ConformalPeriod[];
  warnings: Warning[];
}

/** Conformal intervals for the treated unit (data index 0) against `donors`, one per post period. */
export function conformalIntervals(data: ScmData, times: readonly number[], donors: Int32Array | readonly number[], opts: ConformalOptions = {}): ConformalResult {
  const alpha = opts.alpha ?? 0.1;
  const G = opts.gridPoints ?? 200;
  const { T, Y, preIdx, postIdx } = data;
  const J = donors.length;
  const T0 = preIdx.length;
  const m = T0 + 1;
  const A = new Float64Array(m * J);
  const b = new Float64Array(m);
  const w = new Float64Array(J);
  const ws = new SimplexLsWorkspace(m, J);
  const resid = new Float64Array(m);
  const warnings: Warning[] = [];
  if (1 / m > alpha) {
    warnings.push({ code: 'W_CONFORMAL_UNBOUNDED', message: `with ${T0} pre-periods the smallest conformal p-value is 1/${m} = ${(1 / m).toFixed(3)} > alpha = ${alpha}: the intervals are unbounded.` });
  }
  const periods: ConformalPeriod[] = [];
  for (let q = 0; q < postIdx.length; q++) {
    const t = postIdx[q]!;
    const rows = [...preIdx, t];
    for (let j = 0; j < J; j++) for (let r = 0; r < m; r++) A[j * m + r] = Y[donors[j]! * T + rows[r]!]!;
    for (let r = 0; r < m; r++) b[r] = Y[rows[r]!]!;
    const yt = b[T0]!;
    let warm = false;
    const pAt = (theta: number): number => {
      b[T0] = yt - theta;
      solveSimplexLs(A, b, m, J, w, ws, warm);
      warm = true;
      for (let r = 0; r < m; r++) {
        let s = b[r]!;
        for (let j = 0; j < J; j++) if (w[j] !== 0) s -= A[j * m + r]! * w[j]!;
        resid[r] = Math.abs(s);
      }
      let c = 0;
      for (let r = 0; r < m; r++) if (resid[r]! >= resid[T0]! * (1 - 1e-12)) c++;
      return c / m;
    };
    // Point estimate: canonical SC on the pre-periods only (the last row weighted out).
    const Apre = new Float64Array(T0 * J);
    for (let j = 0; j < J; j++) for (let r = 0; r < T0; r++) Apre[j * T0 + r] = A[j * m + r]!;
    const wpre = new Float64Array(J);
    const pre = solveSimplexLs(Apre, b.subarray(0, T0), T0, J, wpre, new SimplexLsWorkspace(T0, J));
    let syn = 0;
    for (let j = 0; j < J; j++) syn += wpre[j]! * A[j * m + T0]!;
    const estimate = yt - syn;
    const spread = Math.max(Math.sqrt(pre.loss / T0), 1e-8 * Math.max(1, Math.abs(yt)));
    const pValueZero = pAt(0);
    let lo: number | null = null;
    let hi: number | null = null;
    if (1 / m <= alpha) {
      const half = 20 * spread + Math.abs(estimate);
      const step = half / G;
      const accepted: number[] = [];
      for (let g = -G; g <= G; g++) if (pAt(estimate + g * step) > alpha) accepted.push(g);
      if (accepted.length) {
        const gLo = accepted[0]!;
        const gHi = accepted[accepted.length - 1]!;
        lo = gLo === -G ? null : refine(pAt, alpha, estimate + (gLo - 1) * step, estimate + gLo * step);
        hi = gHi === G ? null : refine(pAt, alpha, estimate + (gHi + 1) * step, estimate + gHi * step);
        if (lo === null || hi === null) warnings.push({ code: 'W_CONFORMAL_GRID', message: `the conformal set for ${times[t]} reaches the edge of the grid (+/- ${half.toPrecision(3)} around the estimate): that end is reported as unbounded.` });
      }
    }
    periods.push({ time: times[t]!, estimate, pValueZero, confLow: lo, confHigh: hi });
  }
  return { alpha, periods, warnings };
}

/** Bisection between a rejected point `out` and an accepted point `inside` of p(theta) > alpha. */
function refine(pAt: (theta: number) => number, alpha: number, out: number, inside: number): number {
  let a = out;
  let b = inside;
  for (let it = 0; it < 60 && Math.abs(b - a) > 1e-10 * Math.max(1, Math.abs(b)); it++) {
    const mid = 0.5 * (a + b);
    if (pAt(mid) > alpha) b = mid;
    else a = mid;
  }
  return b;
}
