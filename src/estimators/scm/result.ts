/**
 * The result of a synthetic control fit: W, V, balance, loss, RMSPEs, series, and (when run) placebo
 * inference and robustness, behind the shared `EstimationResult` surface and the `synth` CLI contract.
 */
import type { Warning } from '../../errors.js';
import type { EstimationResult, TidyRow } from '../result.js';
import type { ScmCoreFit } from './fit-core.js';
import type { ConformalResult } from './conformal.js';
import type { PlaceboResult } from './placebo.js';
import type { SynthSetup } from './setup.js';

/** One leave-one-out refit (a donor with positive weight removed). */
export interface LeaveOneOutRow {
  dropped: string[];
  rmspePre: number;
  rmspePost: number;
  /** Mean post-period gap of the refit. */
  estimate: number;
  /** Rank of the refit's post/pre ratio among the main run's placebo ratios (dropped unit's placebo excluded), over N; null without placebos. */
  pValue: number | null;
  gap: Float64Array;
}

/** One row of seed 000's iterative robustness test (Table 2). */
export interface IterationRow {
  iteration: number;
  /** Donors removed so far (cumulative). */
  dropped: string[];
  /** Donors with positive weight in this iteration's fit. */
  positiveWeight: string[];
  rmspePre: number;
  estimate: number;
  /** Pre-fit accepted: treated pre-RMSPE at most the median placebo pre-RMSPE. */
  fitOk: boolean;
  rank: number | null;
  pValue: number | null;
  pValuesByTime: { time: number; pValue: number }[];
}

/** Result of {@link synth}. */
export class SynthResult implements EstimationResult {
  readonly warnings: Warning[];
  placebo: PlaceboResult | undefined;
  leaveOneOut: LeaveOneOutRow[] | undefined;
  iterative: IterationRow[] | undefined;
  conformal: ConformalResult | undefined;
  /** Distance of the treated unit to the donors' convex hull in scaled-predictor space (0 = inside). */
  hullDistance: number | undefined;

  constructor(
    readonly setup: SynthSetup,
    readonly fit: ScmCoreFit,
    warnings: Warning[] = [],
  ) {
    this.warnings = warnings;
  }

  get treated(): string {
    return this.setup.unitNames[0]!;
  }

  get donorNames(): string[] {
    return Array.from(this.fit.donors, (d) => this.setup.unitNames[d]!);
  }

  /** Donor weights by unit name. */
  weights(): Record<string, number> {
    const out: Record<string, number> = {};
    this.donorNames.forEach((n, j) => (out[n] = this.fit.w[j]!));
    return out;
  }

  /** Predictor weights V by predictor name. */
  predictorWeights(): Record<string, number> {
    const out: Record<string, number> = {};
    this.setup.predictorNames.forEach((n, i) => (out[n] = this.fit.v[i]!));
    return out;
  }

  /** Balance table: treated, synthetic (X0 W) and donor-mean values of each predictor, unscaled. */
  balance(): { predictor: string; treated: number; synthetic: number; donorMean: number }[] {
    const { k, X } = this.setup.data;
    const d = this.fit.donors;
    return this.setup.predictorNames.map((p, i) => {
      let syn = 0;
      let mean = 0;
      for (let j = 0; j < d.length; j++) {
        syn += this.fit.w[j]! * X[d[j]! * k + i]!;
        mean += X[d[j]! * k + i]!;
      }
      return { predictor: p, treated: X[i]!, synthetic: syn, donorMean: mean / d.length };
    });
  }

  /** Mean gap over the post period (the average treatment effect on the treated unit). */
  meanPostGap(): number {
    const post = this.setup.data.postIdx;
    let s = 0;
    for (let q = 0; q < post.length; q++) s += this.fit.gap[post[q]!]!;
    return s / post.length;
  }

  /** Treated, synthetic and gap for every period. */
  series(): { time: number; treated: number; synthetic: number; gap: number }[] {
    const { Y } = this.setup.data;
    return this.setup.times.map((t, i) => ({ time: t, treated: Y[i]!, synthetic: this.fit.synthetic[i]!, gap: this.fit.gap[i]! }));
  }

  coef(): Record<string, number> {
    const out: Record<string, number> = { att: this.meanPostGap() };
    const post = this.setup.data.postIdx;
    for (let q = 0; q < post.length; q++) out[`gap@${this.setup.times[post[q]!]}`] = this.fit.gap[post[q]!]!;
    return out;
  }

  se(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const key of Object.keys(this.coef())) out[key] = NaN;
    return out;
  }

  /** One row for the mean post gap (p-value = placebo rank / N) and one per post period (its placebo p-value). */
  tidy(): TidyRow[] {
    const c = this.coef();
    const byTime = new Map((this.placebo?.pValuesByTime ?? []).map((p) => [`gap@${p.time}`, p.pValue]));
    return Object.entries(c).map(([term, estimate]) => ({
      term,
      estimate,
      std_error: null,
      statistic: null,
      p_value: term === 'att' ? (this.placebo?.pValue ?? null) : (byTime.get(term) ?? null),
      conf_low: null,
      conf_high: null,
    }));
  }

  glance(): Record<string, number | string | null> {
    return {
      treated: this.treated,
      treat_time: this.setup.treatTime,
      donors: this.fit.donors.length,
      predictors: this.setup.data.k,
      loss: this.fit.lossV,
      loss_w: this.fit.lossW,
      rmspe_pre: this.fit.preRmspe,
      rmspe_post: this.fit.postRmspe,
      ratio: this.fit.ratio,
      v_start: this.fit.vStart,
      placebo_rank: this.placebo?.rank ?? null,
      placebo_p_value: this.placebo?.pValue ?? null,
    };
  }

  summary(): string {
    const lines: string[] = [];
    lines.push(`Synthetic control (Abadie, Diamond & Hainmueller 2010; Synth conventions)`);
    lines.push(`Treated: ${this.treated}, treatment from ${this.setup.treatTime}; ${this.fit.donors.length} donors, ${this.setup.data.k} predictors; V start: ${this.fit.vStart}`);
    lines.push(`Loss (pre MSPE over ${this.setup.optimize[0]}-${this.setup.optimize[1]}): ${fmt(this.fit.lossV)}; RMSPE pre ${fmt(this.fit.preRmspe)}, post ${fmt(this.fit.postRmspe)}, ratio ${fmt(this.fit.ratio)}`);
    lines.push(`Mean post gap: ${fmt(this.meanPostGap())}`);
    lines.push('', 'Donor weights (> 0.001):');
    const w = Object.entries(this.weights()).filter(([, x]) => x > 1e-3).sort((a, b) => b[1] - a[1]);
    for (const [n, x] of w) lines.push(`  ${n.padEnd(24)} ${x.toFixed(4)}`);
    lines.push('', 'Predictor balance (V | treated | synthetic | donor mean):');
    const v = this.fit.v;
    this.balance().forEach((b, i) => lines.push(`  ${b.predictor.padEnd(28)} ${v[i]!.toFixed(4)}  ${fmt(b.treated)}  ${fmt(b.synthetic)}  ${fmt(b.donorMean)}`));
    if (this.placebo) {
      lines.push('', `In-space placebo: rank ${this.placebo.rank} of ${this.placebo.units.length}, p = ${fmt(this.placebo.pValue)}`);
      lines.push('  p-value by period: ' + this.placebo.pValuesByTime.map((p) => `${p.time}: ${p.pValue.toFixed(3)}`).join(', '));
    }
    for (const wng of this.warnings) lines.push(`warning [${wng.code}]: ${wng.message}`);
    return lines.join('\n');
  }

  /** Plot-ready data for the report module: trajectories, gaps, placebo gaps, p-values by period. */
  plotData(): {
    trajectory: { time: number; treated: number; synthetic: number }[];
    gap: { time: number; gap: number }[];
    placeboGaps: { unit: string; time: number; gap: number; isTreated: boolean }[];
    pValues: { time: number; pValue: number }[];
    treatTime: number;
  } {
    const s = this.series();
    const placeboGaps: { unit: string; time: number; gap: number; isTreated: boolean }[] = [];
    for (const u of this.placebo?.units ?? []) this.setup.times.forEach((t, i) => placeboGaps.push({ unit: u.unit, time: t, gap: u.gap[i]!, isTreated: u.isTreated }));
    return {
      trajectory: s.map((r) => ({ time: r.time, treated: r.treated, synthetic: r.synthetic })),
      gap: s.map((r) => ({ time: r.time, gap: r.gap })),
      placeboGaps,
      pValues: (this.placebo?.pValuesByTime ?? []).map((p) => ({ time: p.time, pValue: p.pValue })),
      treatTime: this.setup.treatTime,
    };
  }

  toJSON(): Record<string, unknown> {
    const p = this.placebo;
    return {
      treated: this.treated,
      treat_time: this.setup.treatTime,
      outcome: this.setup.outcome,
      weights: this.donorNames.map((unit, j) => ({ unit, weight: this.fit.w[j]! })),
      predictor_weights: this.setup.predictorNames.map((predictor, i) => ({ predictor, weight: this.fit.v[i]!, scale_divisor: this.fit.divisor[i]! })),
      balance: this.balance().map((b) => ({ predictor: b.predictor, treated: b.treated, synthetic: b.synthetic, donor_mean: b.donorMean })),
      loss: this.fit.lossV,
      loss_w: this.fit.lossW,
      rmspe_pre: this.fit.preRmspe,
      rmspe_post: this.fit.postRmspe,
      ratio: this.fit.ratio,
      att: this.meanPostGap(),
      hull_distance: this.hullDistance ?? null,
      optimize: [...this.setup.optimize],
      v_search: { winning_start: this.fit.vStart, starts: this.fit.starts, seed: this.setup.options.seed ?? 1 },
      series: this.series(),
      placebo: p
        ? {
            units: p.units.map((u) => ({ unit: u.unit, is_treated: u.isTreated, rmspe_pre: u.rmspePre, rmspe_post: u.rmspePost, ratio: u.ratio })),
            rank: p.rank,
            p_value: p.pValue,
            p_values_by_time: p.pValuesByTime.map((q) => ({ time: q.time, p_value: q.pValue, p_value_unstandardised: q.pValueUnstandardised })),
            exclusions: p.exclusions.map((e) => ({ threshold_pre_mspe: e.threshold, units_kept: e.unitsKept, rank: e.rank, p_value: e.pValue })),
          }
        : null,
      leave_one_out: this.leaveOneOut?.map((r) => ({ dropped: r.dropped, rmspe_pre: r.rmspePre, rmspe_post: r.rmspePost, p_value: r.pValue, estimate: r.estimate })) ?? null,
      iterative: this.iterative?.map((r) => ({ iteration: r.iteration, dropped: r.dropped, positive_weight: r.positiveWeight, rmspe_pre: r.rmspePre, estimate: r.estimate, fit_ok: r.fitOk, rank: r.rank, p_value: r.pValue, p_values_by_time: r.pValuesByTime.map((q) => ({ time: q.time, p_value: q.pValue })) })) ?? null,
      conformal: this.conformal
        ? { alpha: this.conformal.alpha, method: 'Chernozhukov, Wuthrich & Zhu (2021), canonical SC, moving-block permutations', periods: this.conformal.periods.map((c) => ({ time: c.time, estimate: c.estimate, p_value: c.pValueZero, conf_low: c.confLow, conf_high: c.confHigh })) }
        : null,
      warnings: this.warnings,
    };
  }
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(4) : x.toFixed(4);
}
