/**
 * {@link FeolsResult}: the result surface of feols (fixest's `summary.fixest` / broom's `tidy`/`glance`).
 * Inference: t = b / se, p = 2 P(T_df > |t|), CI = b -+ t_{df, 1-(1-level)/2} se, with df from the
 * variance (clustered: min(G) - 1 by default, as fixest's t.df = "min"; otherwise n - K).
 * F test (fixest's `fitstat(, "f")`): H0 all slopes 0, F = ((TSS_ref - RSS)/df1) / (RSS/df2), TSS_ref the
 * within SS with FE, the centered SS with an intercept, the uncentered SS otherwise; df1 = slopes,
 * df2 = n - nparams.
 */
import type { Warning } from '../../errors.js';
import type { EstimationResult, TidyRow } from '../result.js';
import type { Design } from '../design.js';
import { fSf, tPValueTwoSided, tQuantile } from '../../stats/distributions.js';
import { feolsFit } from './feols.js';
import type { FeolsFit, VcovResult } from './fit.js';
import { recoverFixef, type FixefValues } from './fixef.js';
import type { FeolsOptions, SscInput, VcovInput } from './options.js';
import { computeVcov } from './vcov.js';
import { formatSummary } from './summary.js';

export class FeolsResult implements EstimationResult {
  readonly fit: FeolsFit;
  readonly variance: VcovResult;
  /** Confidence level of `tidy()` without argument. */
  readonly level: number;
  readonly warnings: readonly Warning[];

  /** Wraps a fit with a variance (default: fixest's default for the model). */
  constructor(fit: FeolsFit, vcov?: VcovInput, ssc?: SscInput, level = 0.95) {
    this.fit = fit;
    this.variance = computeVcov(fit, vcov, ssc);
    this.level = level;
    const w = [...fit.warnings];
    if (this.variance.psdFixed) {
      w.push({ code: 'W_VCOV_NOT_PSD', message: 'the multiway-clustered variance was not positive semi-definite; its negative eigenvalues were set to 0 (Cameron, Gelbach & Miller 2011).' });
    }
    this.warnings = w;
  }

  /** Fits a design (see {@link feolsFit} and {@link FeolsOptions}) and wraps the result. */
  static fit(design: Design, options: FeolsOptions = {}): FeolsResult {
    return new FeolsResult(feolsFit(design, options), options.vcov, options.ssc, options.level ?? 0.95);
  }

  /** The same fit with another variance, like fixest's `summary(est, cluster = ~x)`. */
  vcov(spec: VcovInput, ssc?: SscInput): FeolsResult {
    return new FeolsResult(this.fit, spec, ssc ?? this.variance.ssc, this.level);
  }

  /** The variance matrix (row-major nested arrays over `coefNames`). */
  vcovMatrix(): { names: readonly string[]; matrix: number[][] } {
    const p = this.fit.coefNames.length;
    const m: number[][] = [];
    for (let a = 0; a < p; a++) {
      const row: number[] = [];
      for (let b = 0; b < p; b++) row.push(this.variance.matrix[b * p + a]!);
      m.push(row);
    }
    return { names: this.fit.coefNames, matrix: m };
  }

  coef(): Record<string, number> {
    const o: Record<string, number> = {};
    this.fit.coefNames.forEach((nm, a) => (o[nm] = this.fit.coef[a]!));
    return o;
  }

  se(): Record<string, number> {
    const o: Record<string, number> = {};
    this.seArray().forEach((s, a) => (o[this.fit.coefNames[a]!] = s));
    return o;
  }

  private seArray(): number[] {
    const p = this.fit.coefNames.length;
    const undefinedSe = this.fit.n <= this.fit.nparams;
    return this.fit.coefNames.map((_, a) => (undefinedSe ? NaN : Math.sqrt(Math.max(0, this.variance.matrix[a * p + a]!))));
  }

  /** t statistic by term (NaN when the SE is 0 or undefined). */
  tstat(): Record<string, number> {
    const o: Record<string, number> = {};
    for (const t of this.tidy()) o[t.term] = t.statistic ?? NaN;
    return o;
  }

  /** Two-sided p-value by term (Student t with {@link tDf} degrees of freedom). */
  pvalue(): Record<string, number> {
    const o: Record<string, number> = {};
    for (const t of this.tidy()) o[t.term] = t.p_value ?? NaN;
    return o;
  }

  /** Confidence interval by term: [low, high] at `level` (default the result's level, 0.95). */
  confint(level = this.level): Record<string, [number, number]> {
    const o: Record<string, [number, number]> = {};
    for (const t of this.tidy(level)) o[t.term] = [t.conf_low ?? NaN, t.conf_high ?? NaN];
    return o;
  }

  /** Degrees of freedom of the t tests. */
  get tDf(): number {
    return this.variance.tDf;
  }

  tidy(level = this.level): TidyRow[] {
    const se = this.seArray();
    const df = this.variance.tDf;
    const q = tQuantile((1 - level) / 2, df, false);
    return this.fit.coefNames.map((term, a) => {
      const b = this.fit.coef[a]!;
      const s = se[a]!;
      const ok = Number.isFinite(s);
      const t = ok && s > 0 ? b / s : NaN;
      return {
        term,
        estimate: b,
        std_error: ok ? s : null,
        statistic: Number.isFinite(t) ? t : null,
        p_value: Number.isFinite(t) ? tPValueTwoSided(t, df) : null,
        conf_low: ok ? b - q * s : null,
        conf_high: ok ? b + q * s : null,
      };
    });
  }

  /** R2 (centered with an intercept or FE, else uncentered). */
  get r2(): number {
    return this.fit.tss > 0 ? this.fit.mss / this.fit.tss : NaN;
  }

  /** Adjusted R2: 1 - (1 - R2)(n - c)/(n - nparams), c = 1 with an intercept or FE, else 0 (R, fixest). */
  get adjR2(): number {
    const f = this.fit;
    const c = f.intercept || f.fe.length ? 1 : 0;
    return f.n > f.nparams ? 1 - (1 - this.r2) * (f.n - c) / (f.n - f.nparams) : NaN;
  }

  /** Within R2 (FE models; null otherwise). */
  get withinR2(): number | null {
    const f = this.fit;
    return f.fe.length ? (f.tssWithin > 0 ? f.mssWithin / f.tssWithin : NaN) : null;
  }

  /** Adjusted within R2: 1 - (1 - R2w)(n - dfFe)/(n - nparams) (fixest). */
  get withinAdjR2(): number | null {
    const f = this.fit;
    const w = this.withinR2;
    return w === null ? null : f.n > f.nparams ? 1 - (1 - w) * (f.n - f.dfFe) / (f.n - f.nparams) : NaN;
  }

  /** sqrt(RSS / sum of weights) (fixest's RMSE). */
  get rmse(): number {
    return Math.sqrt(this.fit.rss / this.fit.sumWeights);
  }

  /** Residual standard error sqrt(RSS / (n - nparams)). */
  get sigma(): number {
    const f = this.fit;
    return f.n > f.nparams ? Math.sqrt(f.rss / (f.n - f.nparams)) : NaN;
  }

  /** F test that all slopes are zero (see the module comment); null without slopes. */
  fstat(): { statistic: number; p_value: number; df1: number; df2: number } | null {
    const f = this.fit;
    const df1 = f.coefNames.length - (f.intercept ? 1 : 0);
    const df2 = f.n - f.nparams;
    if (df1 <= 0 || df2 <= 0) return null;
    const F = ((f.fe.length ? f.mssWithin : f.mss) / df1) / (f.rss / df2);
    return { statistic: F, p_value: Number.isFinite(F) ? fSf(F, df1, df2) : NaN, df1, df2 };
  }

  /** Fixed-effect values (see `fixef.ts` for the normalisation). */
  fixef(): FixefValues[] {
    return recoverFixef(this.fit);
  }

  glance(): Record<string, number | string | null> {
    const f = this.fit;
    const F = this.fstat();
    return {
      nobs: f.n,
      nobs_origin: f.nobsOrigin,
      ...this.fitStats(),
      df_resid: f.n - f.nparams,
      t_df: this.variance.tDf,
      vcov: this.variance.label,
      ssc_K: this.variance.K,
      ssc_G: this.variance.G,
      f_statistic: F ? num(F.statistic) : null,
      f_p_value: F ? num(F.p_value) : null,
      singletons: f.removed.singletons,
    };
  }

  summary(): string {
    return formatSummary(this);
  }

  /** Goodness-of-fit figures shared by `glance()` and `toJSON()` (null where undefined). */
  private fitStats(): { r2: number | null; adj_r2: number | null; within_r2: number | null; within_adj_r2: number | null; rmse: number | null; sigma: number | null; nparams: number } {
    return {
      r2: num(this.r2),
      adj_r2: num(this.adjR2),
      within_r2: this.withinR2 === null ? null : num(this.withinR2),
      within_adj_r2: this.withinAdjR2 === null ? null : num(this.withinAdjR2),
      rmse: num(this.rmse),
      sigma: num(this.sigma),
      nparams: this.fit.nparams,
    };
  }

  toJSON(): Record<string, unknown> {
    const f = this.fit;
    const v = this.variance;
    const F = this.fstat();
    return {
      command: 'feols',
      formula: f.formula,
      dep_var: f.yname,
      nobs: f.n,
      nobs_origin: f.nobsOrigin,
      coefficients: this.tidy(),
      vcov: {
        type: v.type,
        label: v.label,
        cluster: v.clusterNames,
        n_clusters: v.nClusters,
        ssc: { preset: v.ssc.preset, k_adj: v.ssc.kAdj, k_fixef: v.ssc.kFixef, k_exact: v.ssc.kExact, g_adj: v.ssc.gAdj, g_df: v.ssc.gDf, t_df: v.ssc.tDf, K: v.K, G: v.G, nested_fe: v.nestedFe },
        psd_fixed: v.psdFixed,
      },
      t_df: v.tDf,
      ...this.fitStats(),
      fstat: F ? { statistic: num(F.statistic), p_value: num(F.p_value), df1: F.df1, df2: F.df2 } : null,
      fixed_effects: f.fe.map((e) => ({ name: e.name, levels: e.nlevels })),
      removed: { missing: f.removed.missing, singletons: f.removed.singletons, zero_weight: f.removed.zeroWeight },
      collinear: f.collinear.map((c) => c.term),
      collinear_detail: f.collinear.map((c) => ({ term: c.term, reason: c.reason })),
      demean: f.fe.length ? { iterations: f.demean.iterations, converged: f.demean.converged } : null,
      warnings: this.warnings.map((w) => ({ code: w.code, message: w.message })),
    };
  }
}

function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
