/** Result of {@link sdid}: estimate, SE, unit and time weights, effect curve; the `sdid` CLI contract. */
import type { Warning } from '../../errors.js';
import { normalQuantile, normalSf } from '../../stats/distributions.js';
import type { EstimationResult, TidyRow } from '../result.js';
import type { SdidEstimator, SdidFit } from './sdid-core.js';
import type { SdidPanel, SdidSeMethod } from './sdid.js';


export class SdidResult implements EstimationResult {
  constructor(
    readonly panel: SdidPanel,
    readonly estimator: SdidEstimator,
    readonly fit: SdidFit,
    readonly stdError: number,
    readonly seMethod: SdidSeMethod,
    readonly replication: { replications: number; seed: number } | undefined,
    readonly curve: Float64Array,
    readonly warnings: Warning[],
  ) {}

  get estimate(): number {
    return this.fit.estimate;
  }

  /** Unit weights omega by control unit. */
  unitWeights(): Record<string, number> {
    const o: Record<string, number> = {};
    for (let i = 0; i < this.panel.N0; i++) o[this.panel.units[i]!] = this.fit.omega[i]!;
    return o;
  }

  /** Time weights lambda by pre-period. */
  timeWeights(): Record<string, number> {
    const o: Record<string, number> = {};
    for (let t = 0; t < this.panel.T0; t++) o[String(this.panel.times[t]!)] = this.fit.lambda[t]!;
    return o;
  }

  coef(): Record<string, number> {
    return { att: this.estimate };
  }

  se(): Record<string, number> {
    return { att: this.stdError };
  }

  /** Normal-approximation 95% interval, as synthdid's vcov-based confint. */
  tidy(level = 0.95): TidyRow[] {
    const se = Number.isFinite(this.stdError) ? this.stdError : null;
    const z = normalQuantile(0.5 + level / 2);
    const stat = se ? this.estimate / se : null;
    return [
      {
        term: 'att',
        estimate: this.estimate,
        std_error: se,
        statistic: stat,
        p_value: stat === null ? null : 2 * normalSf(Math.abs(stat)),
        conf_low: se ? this.estimate - z * se : null,
        conf_high: se ? this.estimate + z * se : null,
      },
    ];
  }

  glance(): Record<string, number | string | null> {
    return { estimator: this.estimator, n_control: this.panel.N0, n_treated: this.panel.N - this.panel.N0, t_pre: this.panel.T0, t_post: this.panel.T - this.panel.T0, noise_level: this.fit.noiseLevel, se_method: this.seMethod };
  }

  summary(): string {
    const lines = [`Synthetic DID family (Arkhangelsky et al. 2021; synthdid conventions): ${this.estimator}`];
    lines.push(`estimate ${this.estimate.toFixed(4)}, std. error (${this.seMethod}) ${Number.isFinite(this.stdError) ? this.stdError.toFixed(4) : 'NA'}`);
    lines.push(`${this.panel.N0} controls, ${this.panel.N - this.panel.N0} treated, ${this.panel.T0} pre-periods, ${this.panel.T - this.panel.T0} post-periods`);
    const w = Object.entries(this.unitWeights()).filter(([, x]) => x > 1e-3).sort((a, b) => b[1] - a[1]).slice(0, 10);
    lines.push('top unit weights: ' + w.map(([n, x]) => `${n} ${x.toFixed(3)}`).join(', '));
    const tw = Object.entries(this.timeWeights()).filter(([, x]) => x > 1e-3);
    lines.push('time weights: ' + tw.map(([n, x]) => `${n} ${x.toFixed(3)}`).join(', '));
    for (const wng of this.warnings) lines.push(`warning [${wng.code}]: ${wng.message}`);
    return lines.join('\n');
  }

  toJSON(): Record<string, unknown> {
    return {
      estimator: this.estimator,
      estimate: this.estimate,
      std_error: Number.isFinite(this.stdError) ? this.stdError : null,
      se_method: this.seMethod,
      replications: this.replication?.replications ?? null,
      seed: this.replication?.seed ?? null,
      unit_weights: Object.entries(this.unitWeights()).map(([unit, weight]) => ({ unit, weight })),
      time_weights: Object.entries(this.timeWeights()).map(([time, weight]) => ({ time: Number(time), weight })),
      effect_curve: Array.from(this.curve, (e, q) => ({ time: this.panel.times[this.panel.T0 + q]!, estimate: e })),
      zeta_omega: this.fit.opts.zetaOmega,
      zeta_lambda: this.fit.opts.zetaLambda,
      noise_level: this.fit.noiseLevel,
      n_control: this.panel.N0,
      n_treated: this.panel.N - this.panel.N0,
      warnings: this.warnings,
    };
  }
}
