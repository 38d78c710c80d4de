/**
 * Two-period, two-group DID estimators for panel data with covariates, and their influence functions:
 * the building blocks of Callaway & Sant'Anna's ATT(g,t).
 *
 * - `dr`: Sant'Anna & Zhao (2020) locally efficient doubly robust estimator (DRDID `drdid_panel`, which R did
 *   2.1.2 calls for `est_method = "dr"`): logit propensity score by ML, outcome regression of the change in
 *   the outcome on covariates among the comparison units by (weighted) OLS; propensity scores capped at
 *   1 - 1e-6 and comparison units with p >= 0.995 trimmed (DRDID's `trim.level`).
 * - `ipw`: normalised (Hajek) IPW DID (DRDID `std_ipw_did_panel`), same propensity model and trimming.
 * - `reg`: outcome-regression DID (Heckman, Ichimura & Todd 1997; DRDID `reg_did_panel`).
 *
 * Conventions (as DRDID): sampling weights are normalised to mean 1 over the 2x2 sample; `X` holds the
 * intercept as its first column (column-major m x k); the influence function is returned per unit of the
 * 2x2 sample so that `se = sd(psi) * sqrt(m - 1) / m`. With only an intercept all three reduce to the
 * difference of mean changes, with psi_i = D_i (dY_i - m_T)/p - (1 - D_i)(dY_i - m_C)/(1 - p).
 */
import { glmBinaryFit } from '../../stats/glm.js';
import { choleskyInPlace, choleskySolveInPlace, solveGeneral } from '../../linalg/cholesky.js';

export type DidMethod = 'dr' | 'ipw' | 'reg';
export const DID_METHODS: readonly DidMethod[] = ['dr', 'ipw', 'reg'];

/** Inputs of one 2x2 comparison over m units. */
export interface TwoByTwo {
  readonly m: number;
  /** Change in the outcome between the base and the comparison period. */
  readonly dy: Float64Array;
  /** 1 = treated group, 0 = comparison group. */
  readonly D: Uint8Array;
  /** m x k covariates, column-major, first column the intercept. */
  readonly X: Float64Array;
  readonly k: number;
  /** Sampling weights (undefined = 1). */
  readonly w?: Float64Array;
  /** did's pre-check: refuse (not estimate) when a fitted propensity score reaches 0.999. */
  readonly overlapCheck?: boolean;
}

export type TwoByTwoFit = { ok: true; att: number; inf: Float64Array } | { ok: false; reason: string };

const TRIM_LEVEL = 0.995;
const psNames = (k: number): string[] => Array.from({ length: k }, (_, j) => (j === 0 ? '(Intercept)' : `x${j}`));

function normWeights(t: TwoByTwo): Float64Array {
  const w = new Float64Array(t.m);
  if (!t.w) {
    w.fill(1);
    return w;
  }
  let s = 0;
  for (let i = 0; i < t.m; i++) s += t.w[i]!;
  const mean = s / t.m;
  for (let i = 0; i < t.m; i++) w[i] = t.w[i]! / mean;
  return w;
}

/** Weighted OLS of dy on X among comparison units: coefficients, fitted values for all, and (X'WX/m). */
function controlOls(t: TwoByTwo, iw: Float64Array): { beta: Float64Array; fit: Float64Array; XpX: Float64Array } | undefined {
  const { m, k, X, dy, D } = t;
  const XpX = new Float64Array(k * k);
  const Xy = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    if (D[i]) continue;
    const wi = iw[i]!;
    for (let a = 0; a < k; a++) {
      const xa = X[a * m + i]! * wi;
      Xy[a] = Xy[a]! + xa * dy[i]!;
      for (let b = a; b < k; b++) XpX[a * k + b] = XpX[a * k + b]! + xa * X[b * m + i]!;
    }
  }
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) XpX[b * k + a] = XpX[a * k + b]!;
  const L = Float64Array.from(XpX);
  if (!choleskyInPlace(L, k)) return undefined;
  const beta = Float64Array.from(Xy);
  choleskySolveInPlace(L, k, beta);
  const fit = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += X[j * m + i]! * beta[j]!;
    fit[i] = s;
  }
  for (let j = 0; j < k * k; j++) XpX[j] = XpX[j]! / m;
  return { beta, fit, XpX };
}

/** Propensity score, trimming indicator and (X'WX/m) of the logit, as DRDID. */
function pscore(t: TwoByTwo, iw: Float64Array, overlapCheck = t.overlapCheck ?? false): { ps: Float64Array; trim: Uint8Array; H: Float64Array } | undefined | 'overlap' {
  const { m, k, X, D } = t;
  const yD = new Float64Array(m);
  for (let i = 0; i < m; i++) yD[i] = D[i]!;
  let fit;
  try {
    // full convergence (not R's 1e-8 deviance rule) so the scores agree with DRDID's fit to rounding
    fit = glmBinaryFit(X, m, psNames(k), yD, { weights: iw, epsilon: 1e-15, maxit: 100 });
  } catch {
    return undefined;
  }
  if (fit.aliased.length > 0) return undefined;
  if (overlapCheck) {
    let mx = 0;
    for (let i = 0; i < m; i++) mx = Math.max(mx, fit.fitted[i]!);
    if (mx >= 0.999) return 'overlap';
  }
  const ps = new Float64Array(m);
  const trim = new Uint8Array(m);
  const H = new Float64Array(k * k);
  for (let i = 0; i < m; i++) {
    const p = Math.min(fit.fitted[i]!, 1 - 1e-6);
    ps[i] = p;
    trim[i] = D[i] ? 1 : p < TRIM_LEVEL ? 1 : 0;
    const wi = p * (1 - p) * iw[i]!;
    for (let a = 0; a < k; a++) {
      const xa = X[a * m + i]! * wi;
      for (let b = a; b < k; b++) H[a * k + b] = H[a * k + b]! + xa * X[b * m + i]!;
    }
  }
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) H[b * k + a] = H[a * k + b]!;
  for (let j = 0; j < k * k; j++) H[j] = H[j]! / m;
  return { ps, trim, H };
}

/** x_i' A^{-1} M for every i, as a vector over units (A k x k SPD-ish, solved once). */
function projectRows(X: Float64Array, m: number, k: number, A: Float64Array, M: Float64Array): Float64Array | undefined {
  const a = solveGeneral(A, k, M);
  if (!a) return undefined;
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += X[j * m + i]! * a[j]!;
    out[i] = s;
  }
  return out;
}

function colMeansWeighted(X: Float64Array, m: number, k: number, v: Float64Array): Float64Array {
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += v[i]! * X[j * m + i]!;
    out[j] = s / m;
  }
  return out;
}


/** Sant'Anna & Zhao (2020) locally efficient DR DID for panel data (DRDID `drdid_panel`). */
export function drdidPanel(t: TwoByTwo): TwoByTwoFit {
  const { m, k, X, dy, D } = t;
  const iw = normWeights(t);
  const P = pscore(t, iw);
  if (P === 'overlap') return { ok: false, reason: 'overlap condition violated (a propensity score >= 0.999)' };
  if (!P) return { ok: false, reason: 'the propensity-score model cannot be fitted (collinear covariates or separation)' };
  const O = controlOls(t, iw);
  if (!O) return { ok: false, reason: 'the outcome regression among comparison units is singular' };
  const { ps, trim, H } = P;
  const wT = new Float64Array(m), wC = new Float64Array(m), resid = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    resid[i] = dy[i]! - O.fit[i]!;
    wT[i] = trim[i]! * iw[i]! * D[i]!;
    wC[i] = D[i] ? 0 : (trim[i]! * iw[i]! * ps[i]!) / (1 - ps[i]!);
  }
  let sT = 0, sC = 0, aT = 0, aC = 0;
  for (let i = 0; i < m; i++) {
    sT += wT[i]!;
    sC += wC[i]!;
    aT += wT[i]! * resid[i]!;
    aC += wC[i]! * resid[i]!;
  }
  const mwT = sT / m, mwC = sC / m;
  const etaT = aT / m / mwT;
  const etaC = aC / m / mwC;
  const att = etaT - etaC;
  // influence function pieces
  const M1 = colMeansWeighted(X, m, k, wT);
  const v2 = new Float64Array(m);
  for (let i = 0; i < m; i++) v2[i] = wC[i]! * (resid[i]! - etaC);
  const M2 = colMeansWeighted(X, m, k, v2);
  const M3 = colMeansWeighted(X, m, k, wC);
  const p1 = projectRows(X, m, k, O.XpX, M1);
  const p2 = projectRows(X, m, k, H, M2);
  const p3 = projectRows(X, m, k, O.XpX, M3);
  if (!p1 || !p2 || !p3) return { ok: false, reason: 'singular design in the influence function' };
  const inf = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const olsI = iw[i]! * (1 - D[i]!) * resid[i]!;
    const scoreI = iw[i]! * (D[i]! - ps[i]!);
    const infT = (wT[i]! * resid[i]! - wT[i]! * etaT - olsI * p1[i]!) / mwT;
    const infC = (wC[i]! * resid[i]! - wC[i]! * etaC + scoreI * p2[i]! - olsI * p3[i]!) / mwC;
    inf[i] = infT - infC;
  }
  return { ok: true, att, inf };
}

/** Normalised IPW DID for panel data (Abadie 2005, Hajek weights; DRDID `std_ipw_did_panel`). */
export function ipwDidPanel(t: TwoByTwo): TwoByTwoFit {
  const { m, k, X, dy, D } = t;
  const iw = normWeights(t);
  const P = pscore(t, iw);
  if (P === 'overlap') return { ok: false, reason: 'overlap condition violated (a propensity score >= 0.999)' };
  if (!P) return { ok: false, reason: 'the propensity-score model cannot be fitted (collinear covariates or separation)' };
  const { ps, trim, H } = P;
  const wT = new Float64Array(m), wC = new Float64Array(m);
  let sT = 0, sC = 0, aT = 0, aC = 0;
  for (let i = 0; i < m; i++) {
    wT[i] = trim[i]! * iw[i]! * D[i]!;
    wC[i] = D[i] ? 0 : (trim[i]! * iw[i]! * ps[i]!) / (1 - ps[i]!);
    sT += wT[i]!;
    sC += wC[i]!;
    aT += wT[i]! * dy[i]!;
    aC += wC[i]! * dy[i]!;
  }
  const mwT = sT / m, mwC = sC / m;
  const etaT = aT / m / mwT, etaC = aC / m / mwC;
  const v2 = new Float64Array(m);
  for (let i = 0; i < m; i++) v2[i] = wC[i]! * (dy[i]! - etaC);
  const M2 = colMeansWeighted(X, m, k, v2);
  const p2 = projectRows(X, m, k, H, M2);
  if (!p2) return { ok: false, reason: 'singular propensity-score Hessian' };
  const inf = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const scoreI = iw[i]! * (D[i]! - ps[i]!);
    const infT = (wT[i]! * dy[i]! - wT[i]! * etaT) / mwT;
    const infC = (wC[i]! * dy[i]! - wC[i]! * etaC + scoreI * p2[i]!) / mwC;
    inf[i] = infT - infC;
  }
  return { ok: true, att: etaT - etaC, inf };
}

/** Outcome-regression DID for panel data (DRDID `reg_did_panel`). */
export function regDidPanel(t: TwoByTwo): TwoByTwoFit {
  const { m, k, X, dy, D } = t;
  const iw = normWeights(t);
  const O = controlOls(t, iw);
  if (!O) return { ok: false, reason: 'the outcome regression among comparison units is singular' };
  const w = new Float64Array(m);
  let s = 0, aT = 0, aC = 0;
  for (let i = 0; i < m; i++) {
    w[i] = iw[i]! * D[i]!;
    s += w[i]!;
    aT += w[i]! * dy[i]!;
    aC += w[i]! * O.fit[i]!;
  }
  const mw = s / m;
  const etaT = aT / m / mw, etaC = aC / m / mw;
  const M1 = colMeansWeighted(X, m, k, w);
  const p1 = projectRows(X, m, k, O.XpX, M1);
  if (!p1) return { ok: false, reason: 'singular outcome-regression design' };
  const inf = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const infT = (w[i]! * dy[i]! - w[i]! * etaT) / mw;
    const olsI = iw[i]! * (1 - D[i]!) * (dy[i]! - O.fit[i]!);
    const infC = (w[i]! * O.fit[i]! - w[i]! * etaC + olsI * p1[i]!) / mw;
    inf[i] = infT - infC;
  }
  return { ok: true, att: etaT - etaC, inf };
}

/**
 * Difference of (weighted) mean changes, treated minus comparison: the closed form all three estimators
 * reduce to without covariates. Fast path of ATT(g,t); the tests check it against {@link drdidPanel}.
 */
export function unconditionalDid(t: Omit<TwoByTwo, 'X' | 'k'>): TwoByTwoFit {
  const { m, dy, D } = t;
  let sT = 0, sC = 0, yT = 0, yC = 0;
  for (let i = 0; i < m; i++) {
    const wi = t.w ? t.w[i]! : 1;
    if (D[i]) {
      sT += wi;
      yT += wi * dy[i]!;
    } else {
      sC += wi;
      yC += wi * dy[i]!;
    }
  }
  if (sT === 0 || sC === 0) return { ok: false, reason: sT === 0 ? 'no treated units' : 'no comparison units' };
  const mT = yT / sT, mC = yC / sC;
  const sw = sT + sC;
  const pT = sT / sw, pC = sC / sw;
  const inf = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const wi = t.w ? (t.w[i]! * m) / sw : 1;
    inf[i] = D[i] ? (wi * (dy[i]! - mT)) / pT : (-wi * (dy[i]! - mC)) / pC;
  }
  return { ok: true, att: mT - mC, inf };
}

/** Dispatches to the estimator named by `method`. */
export function twoByTwoDid(method: DidMethod, t: TwoByTwo): TwoByTwoFit {
  if (method === 'dr') return drdidPanel(t);
  if (method === 'ipw') return ipwDidPanel(t);
  return regDidPanel(t);
}
