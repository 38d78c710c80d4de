/**
 * Distributions for inference: normal, Student t, F and chi-squared CDFs, survival functions and quantiles.
 *
 * Kernels: the regularized incomplete beta and gamma functions and their inverses, and erfc / erfcinv, from
 * stdlib (`@stdlib/math-base-special-*`, ports of Boost.Math). Conventions, as in R's `pt` / `qt`:
 * - every upper tail is computed directly from the complementary kernel (`upper = true`), never as
 *   `1 - cdf`, so p-values keep full relative accuracy far into the tail (down to ~1e-300);
 * - quantile functions take `lowerTail` like R's `lower.tail`: `tQuantile(p, df, false)` is the `t` with
 *   `P(T > t) = p`, accurate for tiny `p`;
 * - `df = Infinity` for t means the standard normal; `df2 = Infinity` for F means chi-squared(df1) / df1;
 * - a NaN statistic gives NaN (a missing value propagates); a bad parameter (df <= 0, p outside [0, 1])
 *   throws {@link OptionError} naming it.
 */
import betainc from '@stdlib/math-base-special-betainc';
import betaincinv from '@stdlib/math-base-special-betaincinv';
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaincinv from '@stdlib/math-base-special-gammaincinv';
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import { OptionError } from '../errors.js';

const SQRT2 = Math.SQRT2;

/**
 * Regularized incomplete beta, lower `I_x(a, b)` or upper `1 - I_x(a, b)`. Whichever of the two is below 1/2
 * is taken from its own kernel call and the other is its complement: stdlib's `upper = true` form loses
 * absolute accuracy (~1e-10) when the upper value is close to 1 (x tiny), while a complement of a value
 * below 1/2 costs nothing.
 */
function ibeta(x: number, a: number, b: number, upper: boolean): number {
  const lower = betainc(x, a, b, true, false);
  if (lower < 0.5) return upper ? 1 - lower : lower;
  const up = betainc(x, a, b, true, true);
  return upper ? up : 1 - up;
}

/** Regularized incomplete gamma `P(a, x)` or `Q(a, x)`, with the same small-side rule as {@link ibeta}. */
function igamma(x: number, a: number, upper: boolean): number {
  const lower = gammainc(x, a, true, false);
  if (lower < 0.5) return upper ? 1 - lower : lower;
  const up = gammainc(x, a, true, true);
  return upper ? up : 1 - up;
}

function checkDf(df: number, name = 'df'): void {
  if (!(df > 0)) throw new OptionError(name, `degrees of freedom must be positive (Infinity allowed), got ${df}.`);
}

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new OptionError('p', `a probability must lie in [0, 1], got ${p}.`);
}

// ---------------------------------------------------------------- normal

/** Standard normal CDF `P(Z <= x)` (R `pnorm(x)`), via `erfc(-x / sqrt 2) / 2`: accurate in the lower tail. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT2);
}

/** Standard normal survival function `P(Z > x)` (R `pnorm(x, lower.tail = FALSE)`), accurate in the upper tail. */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / SQRT2);
}

/**
 * Standard normal quantile (R `qnorm(p, lower.tail)`): the `z` with `P(Z <= z) = p`, or with `P(Z > z) = p`
 * when `lowerTail` is false. Computed as `-sqrt 2 * erfcinv(2p)`, so both tails keep relative accuracy.
 */
export function normalQuantile(p: number, lowerTail = true): number {
  checkP(p);
  let z = -SQRT2 * erfcinv(2 * p);
  // Far in the tail erfcinv drifts by a few hundred ulp (z = -37 at p = 1e-300); one Newton step on
  // Phi(z) = p, written with ratios so nothing underflows, restores it (the error is then ~ z^2 eps^2).
  if (p > 0 && p < 1e-3) z -= (normalCdf(z) / p - 1) * (p / normalDensity(z));
  return lowerTail ? z : -z;
}

function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

// ---------------------------------------------------------------- Student t

/**
 * `P(T > |t|)` for t with `df` degrees of freedom: `I_y(df/2, 1/2) / 2` with `y = df / (df + t^2)`. When
 * `t^2 < df` the equal form `I^c_x(1/2, df/2)`, `x = t^2 / (df + t^2)`, is used because `x` is then the
 * accurately computed one of the two (Boost's `students_t` does the same).
 */
function tTailAbs(t: number, df: number): number {
  const a = Math.abs(t);
  if (df === Infinity) return normalSf(a);
  const t2 = a * a;
  // |t| > 1e154: only the Cauchy tail is still representable (atan(1/|t|) / pi); the others underflow.
  if (t2 === Infinity) return df === 1 ? Math.atan2(1, a) / Math.PI : 0;
  if (t2 < df) {
    const x = t2 / (df + t2);
    return 0.5 * ibeta(x, 0.5, df / 2, true);
  }
  const y = df / (df + t2);
  return 0.5 * ibeta(y, df / 2, 0.5, false);
}

/** Student t CDF `P(T <= t)` (R `pt(t, df)`); `df = Infinity` is the normal. */
export function tCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (df === Infinity) return normalCdf(t);
  const tail = tTailAbs(t, df);
  return t < 0 ? tail : 1 - tail;
}

/** Student t survival function `P(T > t)` (R `pt(t, df, lower.tail = FALSE)`), accurate in the upper tail. */
export function tSf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (df === Infinity) return normalSf(t);
  const tail = tTailAbs(t, df);
  return t > 0 ? tail : 1 - tail;
}

/** Two-sided p-value `P(|T| > |t|) = 2 P(T > |t|)` (R `2 * pt(-abs(t), df)`); `df = Infinity` is the z-test. */
export function tPValueTwoSided(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  return Math.min(1, 2 * tTailAbs(t, df));
}

/**
 * Student t quantile (R `qt(p, df, lower.tail)`). For a tail probability `q = min(p, 1 - p)` the magnitude
 * solves `I_y(df/2, 1/2) = 2q`, `t^2 = df (1 - y) / y`; when `y > 1/2` it is re-solved through
 * `x = 1 - y` (`I^c_x(1/2, df/2) = 2q`) so `t` near 0 keeps full precision.
 */
export function tQuantile(p: number, df: number, lowerTail = true): number {
  checkP(p);
  checkDf(df);
  if (df === Infinity) return normalQuantile(p, lowerTail);
  // The tail probability beyond |t|, taken as given when it is the small side (exact), else 1 - p.
  const negative = lowerTail ? p < 0.5 : p > 0.5;
  const q = p <= 0.5 ? p : 1 - p;
  if (q === 0) return negative ? -Infinity : Infinity;
  if (q === 0.5) return 0;
  let mag: number;
  if (df === 1) {
    // Cauchy: P(T > t) = q at t = cot(pi q), written so that neither end loses digits.
    mag = q <= 0.25 ? 1 / Math.tan(Math.PI * q) : Math.tan(Math.PI * (0.5 - q));
  } else if (df === 2) {
    // P(T > t) = 1/2 - t / (2 sqrt(2 + t^2)) = q.
    mag = (1 - 2 * q) / Math.sqrt(2 * q * (1 - q));
  } else mag = Math.sqrt(tQuantileSquare(q, df));
  return negative ? -mag : mag;
}

/** `t^2` with `P(T > t) = q`, `0 < q < 1/2`, through the incomplete beta inverse. */
function tQuantileSquare(q: number, df: number): number {
  const twoQ = 2 * q;
  const y = betaincinv(twoQ, df / 2, 0.5, false);
  let t2: number;
  if (y <= 0.5) t2 = (df * (1 - y)) / y;
  else {
    const x = betaincinv(twoQ, 0.5, df / 2, true);
    t2 = (df * x) / (1 - x);
  }
  return t2;
}

// ---------------------------------------------------------------- F

/**
 * `P(F <= x)` or `P(F > x)` for F(d1, d2): `I_w(d1/2, d2/2)` with `w = d1 x / (d1 x + d2)`; when `w > 1/2`
 * the complementary argument `d2 / (d2 + d1 x)` with swapped shapes is used so neither tail loses digits.
 */
function fTail(x: number, d1: number, d2: number, upper: boolean): number {
  checkDf(d1, 'df1');
  checkDf(d2, 'df2');
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return upper ? 1 : 0;
  if (x === Infinity) return upper ? 0 : 1;
  // F(Inf, Inf) is the point mass at 1.
  if (d2 === Infinity && d1 === Infinity) return x >= 1 ? (upper ? 0 : 1) : upper ? 1 : 0;
  if (d2 === Infinity) return upper ? chi2Sf(d1 * x, d1) : chi2Cdf(d1 * x, d1);
  // F(Inf, d2) is d2 / chi2(d2): P(F <= x) = P(chi2 >= d2 / x).
  if (d1 === Infinity) return upper ? chi2Cdf(d2 / x, d2) : chi2Sf(d2 / x, d2);
  const d1x = d1 * x;
  if (d1x > d2) {
    const y = d2 / (d2 + d1x);
    return ibeta(y, d2 / 2, d1 / 2, !upper);
  }
  const w = d1x / (d1x + d2);
  return ibeta(w, d1 / 2, d2 / 2, upper);
}

/** F distribution CDF `P(F <= x)` with `d1` numerator and `d2` denominator df (R `pf(x, d1, d2)`). */
export function fCdf(x: number, d1: number, d2: number): number {
  return fTail(x, d1, d2, false);
}

/** F survival function `P(F > x)` (R `pf(x, d1, d2, lower.tail = FALSE)`): the p-value of an F test. */
export function fSf(x: number, d1: number, d2: number): number {
  return fTail(x, d1, d2, true);
}

/** F quantile (R `qf(p, d1, d2, lower.tail)`); `d2 = Infinity` gives `qchisq(p, d1) / d1`. */
export function fQuantile(p: number, d1: number, d2: number, lowerTail = true): number {
  checkP(p);
  checkDf(d1, 'df1');
  checkDf(d2, 'df2');
  if (d1 === Infinity && d2 === Infinity) return 1;
  if (d2 === Infinity) return chi2Quantile(p, d1, lowerTail) / d1;
  if (d1 === Infinity) return d2 / chi2Quantile(p, d2, !lowerTail);
  const w = betaincinv(p, d1 / 2, d2 / 2, !lowerTail);
  if (w <= 0.5) return (d2 * w) / (d1 * (1 - w));
  // Large quantile: solve for y = 1 - w directly (I_w(a, b) = I^c_y(b, a)).
  const y = betaincinv(p, d2 / 2, d1 / 2, lowerTail);
  return (d2 * (1 - y)) / (d1 * y);
}

// ---------------------------------------------------------------- chi-squared

/** Chi-squared CDF `P(X <= x)` with `k` df (R `pchisq(x, k)`): the regularized lower gamma `P(k/2, x/2)`. */
export function chi2Cdf(x: number, k: number): number {
  checkDf(k);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (k === Infinity) return 0;
  return igamma(x / 2, k / 2, false);
}

/** Chi-squared survival function `P(X > x)` (R `pchisq(x, k, lower.tail = FALSE)`): the upper gamma `Q(k/2, x/2)`. */
export function chi2Sf(x: number, k: number): number {
  checkDf(k);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (k === Infinity) return 1;
  return igamma(x / 2, k / 2, true);
}

/** Chi-squared quantile (R `qchisq(p, k, lower.tail)`): `2 * gammaincinv(p, k/2, upper)`. */
export function chi2Quantile(p: number, k: number, lowerTail = true): number {
  checkP(p);
  checkDf(k);
  if (k === Infinity) return Infinity;
  const a = k / 2;
  let x0 = 2 * gammaincinv(p, a, !lowerTail);
  if (x0 === 0 && lowerTail && p > 0) {
    // gammaincinv gives up (returns 0) for tiny p with small shape although the quantile is representable.
    // Near 0, P(a, u) ~ u^a / Gamma(a + 1), so u (p / P(a, u))^(1/a) starts the polish (may underflow to 0).
    const u = 1e-10;
    x0 = 2 * u * Math.pow(p / igamma(u, a, false), 1 / a);
  }
  // gammaincinv is accurate to ~1e-9 relative far in the tails (e.g. p = 1e-300): polish in log space.
  return polishQuantile(x0, p, lowerTail ? (x) => chi2Cdf(x, k) : (x) => chi2Sf(x, k));
}

/**
 * Newton steps on `log tail(x) = log target` with a central-difference slope. The slope need only be
 * roughly right: each step multiplies the relative error by the slope's relative error (~1e-6). A step is
 * kept only when it brings the tail closer to the target, so flat regions (tail 0 or 1) are left alone.
 */
function polishQuantile(x: number, target: number, tail: (x: number) => number): number {
  if (!(x > 0 && Number.isFinite(x)) || !(target > 0 && target < 1)) return x;
  const lt = Math.log(target);
  let f = Math.log(tail(x)) - lt;
  for (let it = 0; it < 4 && Number.isFinite(f) && f !== 0; it++) {
    const h = x * 1e-6;
    const slope = (Math.log(tail(x + h)) - Math.log(tail(x - h))) / (2 * h);
    if (!(Number.isFinite(slope) && slope !== 0)) break;
    const next = x - f / slope;
    if (!(next > 0 && Number.isFinite(next))) break;
    const fNext = Math.log(tail(next)) - lt;
    if (!(Math.abs(fNext) < Math.abs(f))) break;
    x = next;
    f = fNext;
  }
  return x;
}
