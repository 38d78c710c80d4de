/**
 * Binary-response GLM (logit and probit) by iteratively reweighted least squares, as R's `glm.fit`:
 * the same starting values (`mustart = (w y + 0.5) / (w + 1)`), the same working weights and responses,
 * the same QR least squares with dqrdc2 pivoting (tolerance min(1e-7, epsilon / 1000)), the same
 * convergence rule `|dev - dev_old| / (|dev| + 0.1) < epsilon` (default 1e-8, at most 25 iterations) and
 * the same clamping of the logit inverse link at |eta| > 30. So MatchIt's propensity score
 * (`glm(treat ~ ..., binomial)`) is reproduced to rounding.
 *
 * Separation (Albert & Anderson 1984) is detected and reported: complete separation (a linear combination
 * of the covariates splits treated from controls, so the MLE does not exist) throws
 * {@link PerfectSeparationError}; quasi-complete separation (some fitted probabilities numerically 0 or 1,
 * R's "fitted probabilities numerically 0 or 1 occurred") is a warning naming the covariates concerned.
 */
import { PilotzoneError, type Warning } from '../errors.js';
import { normalCdf as pnorm, normalQuantile, tPValueTwoSided } from './distributions.js';
import { qrPivoted } from '../linalg/qr.js';
import { inverseGram, solveUpper } from '../linalg/triangular.js';

/** Link function of a binary GLM. */
export type BinaryLink = 'logit' | 'probit';

export interface GlmOptions {
  /** `logit` (default, MatchIt's `distance = "glm"`) or `probit`. */
  link?: BinaryLink;
  /** Prior weights (default 1). */
  weights?: Float64Array;
  /** Convergence tolerance on the relative change in deviance (R default 1e-8). */
  epsilon?: number;
  /** Maximum IRLS iterations (R default 25). */
  maxit?: number;
  /**
   * `binomial` (default: dispersion 1, z tests) or `quasibinomial` (same coefficients; SEs scaled by the
   * Pearson dispersion sum (y - mu)^2 / (mu (1 - mu)) / (n - k) and t tests on n - k df). MatchIt fits its
   * `distance = "glm"` model with `quasibinomial`, so its reported model SEs are the quasi ones.
   */
  family?: 'binomial' | 'quasibinomial';
}

/** The fitted model (coefficients in the order of the design's columns; aliased ones are NaN). */
export interface GlmFit {
  readonly link: BinaryLink;
  readonly names: readonly string[];
  readonly coef: Float64Array;
  /** Standard errors: inverse Fisher information times `dispersion`. */
  readonly se: Float64Array;
  readonly family: 'binomial' | 'quasibinomial';
  /** 1 for binomial; the Pearson estimate for quasibinomial. */
  readonly dispersion: number;
  /** z (binomial) or t (quasibinomial, n - k df) statistics and two-sided p-values, as `summary.glm`. */
  readonly z: Float64Array;
  readonly p: Float64Array;
  /** Covariance of the coefficients (k x k, column-major), dispersion included. */
  readonly vcov: Float64Array;
  /** Linear predictor and fitted probabilities per row. */
  readonly eta: Float64Array;
  readonly fitted: Float64Array;
  readonly deviance: number;
  readonly nullDeviance: number;
  readonly aic: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Names of columns dropped as collinear (R reports NA coefficients). */
  readonly aliased: readonly string[];
  readonly warnings: readonly Warning[];
}

/** Complete separation: the maximum-likelihood estimate does not exist. */
export class PerfectSeparationError extends PilotzoneError {
  constructor(what: string, details: Record<string, unknown>) {
    super('E_PERFECT_SEPARATION', `the propensity model is perfectly separated: ${what}; the maximum-likelihood estimate does not exist.`, {
      hint: 'Drop or coarsen the covariate that separates treated from controls, or use exact matching on it.',
      details,
    });
  }
}

const EPS = 2.220446049250313e-16;
const THRESH = 30;
const MTHRESH = -30;
const INVEPS = 1 / EPS;

function logitInv(eta: number): number {
  const t = eta < MTHRESH ? EPS : eta > THRESH ? INVEPS : Math.exp(eta);
  return t / (1 + t);
}
function logitMuEta(eta: number): number {
  const o = Math.exp(eta);
  return eta > THRESH || eta < MTHRESH ? EPS : o / ((1 + o) * (1 + o));
}
function probitInv(eta: number): number {
  const thresh = 8.125890664701906; // -qnorm(.Machine$double.eps)
  const e = Math.min(Math.max(eta, -thresh), thresh);
  return pnorm(e);
}
function probitMuEta(eta: number): number {
  return Math.max(Math.exp(-0.5 * eta * eta) / Math.sqrt(2 * Math.PI), EPS);
}
function logitLink(mu: number): number {
  return Math.log(mu / (1 - mu));
}
function probitLink(mu: number): number {
  return normalQuantile(mu);
}

function binomDevResid(y: number, mu: number, w: number): number {
  // 2 w (y log(y/mu) + (1-y) log((1-y)/(1-mu))), with 0 log 0 = 0
  let d = 0;
  if (y > 0) d += y * Math.log(y / mu);
  if (y < 1) d += (1 - y) * Math.log((1 - y) / (1 - mu));
  return 2 * w * d;
}

/**
 * Fits `y ~ X` by IRLS (R's `glm.fit`, family `binomial(link)`). `X` is n x k column-major and holds the
 * intercept column when wanted; `y` must be 0/1 (checked by the caller, which knows the column name).
 * Throws {@link PerfectSeparationError} under complete separation.
 */
export function glmBinaryFit(X: Float64Array, n: number, names: readonly string[], y: Float64Array, opts: GlmOptions = {}): GlmFit {
  const k = names.length;
  const link = opts.link ?? 'logit';
  const epsilon = opts.epsilon ?? 1e-8;
  const maxit = opts.maxit ?? 25;
  const pw = opts.weights;
  const linkinv = link === 'logit' ? logitInv : probitInv;
  const muEta = link === 'logit' ? logitMuEta : probitMuEta;
  const linkfun = link === 'logit' ? logitLink : probitLink;
  const warnings: Warning[] = [];

  separationByColumn(X, n, names, y, warnings);

  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = pw ? pw[i]! : 1;
    const m = (w * y[i]! + 0.5) / (w + 1);
    eta[i] = linkfun(m);
    mu[i] = linkinv(eta[i]!);
  }
  let devold = 0;
  for (let i = 0; i < n; i++) devold += binomDevResid(y[i]!, mu[i]!, pw ? pw[i]! : 1);
  const Xw = new Float64Array(n * k);
  const zw = new Float64Array(n);
  const ww = new Float64Array(n);
  let coef: Float64Array = new Float64Array(k);
  let dev = devold;
  let converged = false;
  let iter = 0;
  const qrTol = Math.min(1e-7, epsilon / 1000);
  let rank = 0;
  let pivot: Int32Array = new Int32Array(k);
  let dropped: readonly number[] = [];
  let Rcopy: Float64Array = new Float64Array(0);
  for (iter = 1; iter <= maxit; iter++) {
    for (let i = 0; i < n; i++) {
      const me = muEta(eta[i]!);
      const v = mu[i]! * (1 - mu[i]!);
      const z = eta[i]! + (y[i]! - mu[i]!) / me;
      const w = Math.sqrt(((pw ? pw[i]! : 1) * me * me) / v);
      ww[i] = w;
      zw[i] = z * w;
    }
    for (let j = 0; j < k; j++) {
      const o = j * n;
      for (let i = 0; i < n; i++) Xw[o + i] = X[o + i]! * ww[i]!;
    }
    const f = qrPivoted(Xw, n, k, qrTol, zw, 1);
    rank = f.rank;
    pivot = f.pivot;
    dropped = f.dropped;
    const b = zw.slice(0, rank);
    solveUpper(f.qr, n, rank, b);
    coef = new Float64Array(k).fill(NaN);
    for (let t = 0; t < rank; t++) coef[pivot[t]!] = b[t]!;
    Rcopy = f.qr;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) {
        const b = coef[j]!;
        if (!Number.isNaN(b)) s += X[j * n + i]! * b;
      }
      eta[i] = s;
      mu[i] = linkinv(s);
    }
    dev = 0;
    for (let i = 0; i < n; i++) dev += binomDevResid(y[i]!, mu[i]!, pw ? pw[i]! : 1);
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devold = dev;
  }
  if (iter > maxit) iter = maxit;

  const aliased = [...dropped].sort((a, b) => a - b).map((j) => names[j]!);
  if (aliased.length) {
    warnings.push({ code: 'W_COLLINEAR', message: `propensity model: ${aliased.join(', ')} collinear with the other covariates, dropped (coefficient NA, as R's glm).` });
  }
  // complete separation: every fitted probability reproduces its 0/1 outcome
  let nExtreme = 0;
  let allPerfect = true;
  for (let i = 0; i < n; i++) {
    const m = mu[i]!;
    const extreme = m < 10 * EPS || m > 1 - 10 * EPS;
    if (extreme) nExtreme++;
    if (Math.abs(y[i]! - m) > 1e-6) allPerfect = false;
  }
  if (allPerfect) {
    throw new PerfectSeparationError('a combination of the covariates predicts treatment exactly (every fitted probability is 0 or 1)', { covariates: names });
  }
  const G = inverseGram(Rcopy, n, rank);
  const vcov = new Float64Array(k * k).fill(NaN);
  for (let a = 0; a < rank; a++) for (let c = 0; c < rank; c++) vcov[pivot[c]! * k + pivot[a]!] = G[c * rank + a]!;
  const family = opts.family ?? 'binomial';
  let dispersion = 1;
  if (family === 'quasibinomial') {
    // as summary.glm: working weights of the last IRLS step times squared working residuals
    let pearson = 0;
    for (let i = 0; i < n; i++) {
      const r = (y[i]! - mu[i]!) / muEta(eta[i]!);
      pearson += ww[i]! * ww[i]! * r * r;
    }
    dispersion = pearson / (n - rank);
    for (let j = 0; j < k * k; j++) vcov[j] = vcov[j]! * dispersion;
  }
  const se = new Float64Array(k);
  const zs = new Float64Array(k);
  const ps = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    se[j] = Math.sqrt(vcov[j * k + j]!);
    zs[j] = coef[j]! / se[j]!;
    ps[j] = tPValueTwoSided(zs[j]!, family === 'quasibinomial' ? n - rank : Infinity);
  }
  if (nExtreme > 0) {
    const big: string[] = [];
    for (let j = 0; j < k; j++) if (Math.abs(zs[j]!) < 1e-3 && se[j]! > 1e3) big.push(names[j]!);
    warnings.push({
      code: 'W_QUASI_SEPARATION',
      message: `propensity model: fitted probabilities numerically 0 or 1 for ${nExtreme} row(s) (quasi-complete separation${big.length ? `, driven by ${big.join(', ')}` : ''}); those units have no overlap.`,
    });
  }
  if (!converged) warnings.push({ code: 'W_GLM_NOT_CONVERGED', message: `propensity model: IRLS did not converge in ${maxit} iterations (possible separation).` });

  let nullMu = 0, sw = 0;
  for (let i = 0; i < n; i++) {
    const w = pw ? pw[i]! : 1;
    nullMu += w * y[i]!;
    sw += w;
  }
  nullMu /= sw;
  let nullDeviance = 0;
  for (let i = 0; i < n; i++) nullDeviance += binomDevResid(y[i]!, nullMu, pw ? pw[i]! : 1);
  let aic = 0;
  for (let i = 0; i < n; i++) {
    const w = pw ? pw[i]! : 1;
    const m = mu[i]!;
    aic += -2 * w * (y[i]! > 0.5 ? Math.log(m) : Math.log(1 - m));
  }
  aic += 2 * rank;
  return { link, names, coef, se, family, dispersion, z: zs, p: ps, vcov, eta, fitted: mu, deviance: dev, nullDeviance, aic, iterations: iter, converged, aliased, warnings };
}

/**
 * One covariate alone separates the groups: strictly (every treated value above every control value, or
 * below) is complete separation and throws; with a tie at the boundary it is quasi-complete, a warning.
 */
function separationByColumn(X: Float64Array, n: number, names: readonly string[], y: Float64Array, warnings: Warning[]): void {
  for (let j = 0; j < names.length; j++) {
    const o = j * n;
    let min1 = Infinity, max1 = -Infinity, min0 = Infinity, max0 = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = X[o + i]!;
      if (y[i]! > 0.5) {
        if (x < min1) min1 = x;
        if (x > max1) max1 = x;
      } else {
        if (x < min0) min0 = x;
        if (x > max0) max0 = x;
      }
    }
    if (min0 === max0 && min1 === max1 && min0 === min1) continue; // constant (intercept)
    if (max1 < min0 || max0 < min1) {
      const side = max1 < min0 ? 'below' : 'above';
      throw new PerfectSeparationError(`every treated unit has "${names[j]}" ${side} every control unit`, { covariate: names[j] });
    }
    if (max1 === min0 || max0 === min1) {
      warnings.push({
        code: 'W_QUASI_SEPARATION',
        message: `propensity model: "${names[j]}" separates treated from controls except at the boundary value ${max1 === min0 ? max1 : max0} (quasi-complete separation); its coefficient diverges.`,
      });
    }
  }
}
