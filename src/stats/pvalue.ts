/**
 * p-values and critical values for regression tables (the `p_value`, `conf_low`, `conf_high` of `tidy()`).
 *
 * Conventions (fixest / Stata): a coefficient's test is two-sided; the reference distribution is t with the
 * model's residual (or cluster) degrees of freedom, or the normal when `df = Infinity`; Wald tests of several
 * restrictions use F(q, df) or chi-squared(q). All tails come from {@link ./distributions.ts} and are
 * computed directly, so a p-value of 1e-30 is printed as such, not as 0.
 */
import { OptionError } from '../errors.js';
import { chi2Sf, fSf, normalQuantile, normalSf, tPValueTwoSided, tQuantile } from './distributions.js';

/** The reference distribution of a test statistic. */
export type StatDistribution =
  | { readonly kind: 'normal' }
  | { readonly kind: 't'; readonly df: number }
  | { readonly kind: 'F'; readonly df1: number; readonly df2: number }
  | { readonly kind: 'chi2'; readonly df: number };

/**
 * p-value of a statistic: two-sided for `normal` and `t` (`P(|Z| > |z|)`), upper tail for `F` and `chi2`
 * (the Wald / LR convention). A NaN statistic gives NaN (an undefined standard error stays undefined).
 */
export function pValueFromStat(stat: number, dist: StatDistribution): number {
  switch (dist.kind) {
    case 'normal':
      return Number.isNaN(stat) ? NaN : Math.min(1, 2 * normalSf(Math.abs(stat)));
    case 't':
      return tPValueTwoSided(stat, dist.df);
    case 'F':
      return fSf(stat, dist.df1, dist.df2);
    case 'chi2':
      return chi2Sf(stat, dist.df);
    default:
      throw new OptionError('dist.kind', `unknown distribution "${(dist as { kind: string }).kind}".`, ['normal', 't', 'F', 'chi2']);
  }
}

/**
 * The two-sided critical value `c` with `P(|T| > c) = 1 - level` for t(df) (`df = Infinity`: normal), so a
 * confidence interval is `estimate +/- c * se` (R `qt((1 + level) / 2, df)`). The upper tail `(1 - level) / 2`
 * is passed to the quantile directly, which keeps `level = 0.999999` exact.
 */
export function criticalValue(level: number, df = Infinity): number {
  if (!(level > 0 && level < 1)) throw new OptionError('level', `confidence level must lie strictly between 0 and 1, got ${level}.`);
  const tail = (1 - level) / 2;
  return df === Infinity ? normalQuantile(tail, false) : tQuantile(tail, df, false);
}

/** Confidence interval `[estimate - c se, estimate + c se]` with `c = criticalValue(level, df)`. */
export function confidenceInterval(estimate: number, se: number, level = 0.95, df = Infinity): [number, number] {
  const c = criticalValue(level, df);
  return [estimate - c * se, estimate + c * se];
}
