/**
 * Result of {@link attGt}: the ATT(g,t) table with the shared result surface (`coef`, `se`, `tidy`, `glance`,
 * `summary`, `toJSON` per the CLI contract's `did` object) plus the influence functions that `aggte` uses.
 */
import type { Warning } from '../../errors.js';
import type { EstimationResult, TidyRow } from '../result.js';
import { normalSf } from '../../stats/distributions.js';
import type { AttGtFit } from './att-gt.js';
import type { DidPanel } from './panel.js';

/** One ATT(g,t) row, broom-style plus the group/time keys. */
export interface AttGtRow {
  group: number;
  time: number;
  base_period: number;
  post: boolean;
  estimate: number | null;
  std_error: number | null;
  statistic: number | null;
  p_value: number | null;
  conf_low: number | null;
  conf_high: number | null;
  n_treated: number;
  n_control: number;
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

export class AttGtResult implements EstimationResult {
  readonly fit: AttGtFit;
  readonly panel: DidPanel;
  readonly warnings: readonly Warning[];

  constructor(fit: AttGtFit, panel: DidPanel) {
    this.fit = fit;
    this.panel = panel;
    this.warnings = fit.warnings;
  }

  private term(c: number): string {
    return `ATT(${this.fit.group[c]},${this.fit.time[c]})`;
  }

  coef(): Record<string, number> {
    const o: Record<string, number> = {};
    for (let c = 0; c < this.fit.K; c++) o[this.term(c)] = this.fit.att[c]!;
    return o;
  }

  se(): Record<string, number> {
    const o: Record<string, number> = {};
    for (let c = 0; c < this.fit.K; c++) o[this.term(c)] = this.fit.se[c]!;
    return o;
  }

  /** ATT(g,t) rows; intervals use the uniform-band critical value when bootstrapped (as did). */
  rows(): AttGtRow[] {
    const f = this.fit;
    const out: AttGtRow[] = [];
    for (let c = 0; c < f.K; c++) {
      const est = f.att[c]!, se = f.se[c]!;
      const z = est / se;
      out.push({
        group: f.group[c]!,
        time: f.time[c]!,
        base_period: f.base[c]!,
        post: f.post[c] === 1,
        estimate: num(est),
        std_error: num(se),
        statistic: num(z),
        p_value: num(2 * normalSf(Math.abs(z))),
        conf_low: num(est - f.critVal * se),
        conf_high: num(est + f.critVal * se),
        n_treated: f.nTreated[c]!,
        n_control: f.nControl[c]!,
      });
    }
    return out;
  }

  tidy(): TidyRow[] {
    return this.rows().map((r) => ({
      term: `ATT(${r.group},${r.time})`,
      estimate: r.estimate ?? NaN,
      std_error: r.std_error,
      statistic: r.statistic,
      p_value: r.p_value,
      conf_low: r.conf_low,
      conf_high: r.conf_high,
    }));
  }

  glance(): Record<string, number | string | null> {
    const f = this.fit;
    return {
      estimator: 'cs',
      control: f.options.control,
      method: f.options.method,
      base_period: f.options.basePeriod,
      anticipation: f.options.anticipation,
      n_units: f.n,
      n_att_gt: f.K,
      pretest_statistic: f.pretest ? f.pretest.statistic : null,
      pretest_df: f.pretest ? f.pretest.df : null,
      pretest_p_value: f.pretest ? f.pretest.pValue : null,
      critical_value: f.critVal,
      se_method: f.options.bootstrap ? 'multiplier bootstrap' : 'analytic (influence function)',
      seed: f.options.bootstrap ? f.options.bootstrap.seed : null,
    };
  }

  summary(): string {
    const f = this.fit;
    const lines = [
      "Callaway & Sant'Anna (2021) group-time average treatment effects",
      `control group: ${f.options.control === 'never' ? 'never treated' : 'not yet treated'}; estimator: ${this.panel.covariateNames.length ? f.options.method : 'unconditional'}; base period: ${f.options.basePeriod}; anticipation: ${f.options.anticipation}`,
      `units: ${f.n}; SEs: ${f.options.bootstrap ? `multiplier bootstrap (${f.options.bootstrap.iterations} draws, ${f.options.bootstrap.weights}, seed ${f.options.bootstrap.seed})` : 'analytic'}${f.options.cluster ? `, clustered by ${this.panel.columns.cluster}` : ''}`,
      '',
      ' group   time    estimate   std.error   [' + (f.uniform ? 'uniform band' : 'pointwise CI') + `, ${Math.round((1 - f.options.alpha) * 100)}%]`,
    ];
    for (const r of this.rows()) {
      lines.push(
        `${String(r.group).padStart(6)} ${String(r.time).padStart(6)} ${fmt(r.estimate).padStart(11)} ${fmt(r.std_error).padStart(11)}   [${fmt(r.conf_low)}, ${fmt(r.conf_high)}]${r.post ? '' : '  (pre)'}`,
      );
    }
    if (f.pretest) lines.push('', `pre-test of parallel trends: W = ${f.pretest.statistic.toFixed(4)}, df = ${f.pretest.df}, p = ${f.pretest.pValue.toFixed(5)}`);
    for (const w of this.warnings) lines.push(`warning [${w.code}]: ${w.message}`);
    return lines.join('\n');
  }

  toJSON(): Record<string, unknown> {
    const f = this.fit;
    return {
      estimator: 'cs',
      control: f.options.control,
      method: this.panel.covariateNames.length ? f.options.method : 'unconditional',
      covariates: this.panel.covariateNames,
      base_period: f.options.basePeriod,
      anticipation: f.options.anticipation,
      n_units: f.n,
      att_gt: this.rows(),
      pretest: f.pretest ? { statistic: f.pretest.statistic, df: f.pretest.df, p_value: f.pretest.pValue } : null,
      se_method: f.options.bootstrap ? 'multiplier_bootstrap' : 'analytic',
      cluster: f.options.cluster ? this.panel.columns.cluster ?? null : null,
      bootstrap: f.options.bootstrap ? { ...f.options.bootstrap, critical_value: f.critVal, uniform: f.uniform } : null,
      removed: this.panel.removed,
      warnings: this.warnings,
    };
  }
}

function fmt(v: number | null): string {
  return v === null ? 'NA' : v.toFixed(6);
}
