/**
 * Several treated units adopting at different times: per-unit synthetic controls aggregated by event time,
 * and the partially pooled SCM of Ben-Michael, Feller & Rothstein (2022, JRSS-B, "Synthetic controls with
 * staggered adoption"; R augsynth's `multisynth`).
 *
 * Conventions:
 * - unit j adopts at T_j (first period with treatment 1; treatment must stay on afterwards); donors are the
 *   never-treated units (or, with `donors: 'notyet'`, also units adopting after T_j + horizon);
 * - balance is on the outcome in the L periods before adoption (L = `nLags`, default the shortest pre-period
 *   among treated units); with `intercept` (default, augsynth's `fixedeff`) every unit's outcome is first
 *   de-meaned by its own mean over those L periods, so the weights match trends, not levels;
 * - imbalance of unit j at lag l: e_jl = y_j,T_j-l - sum_i g_ij y_i,T_j-l; separate imbalance
 *   q_sep^2 = mean_j mean_l e_jl^2, pooled imbalance q_pool^2 = mean_l (mean_j e_jl)^2;
 * - weights minimise nu q_pool^2 / q_pool^2(G_sep) + (1 - nu) q_sep^2 / q_sep^2(G_sep), each g_j on the
 *   simplex, G_sep being the separate fits (nu = 0); default nu = q_pool(G_sep) / q_sep(G_sep), the paper's
 *   heuristic; solved by cyclic block coordinate descent, each block an exact simplex least squares;
 * - effect of unit j at event time e: its (de-meaned) outcome minus its synthetic control's; ATT(e) averages
 *   over the units observed at e; the overall ATT averages all unit x event-time effects for e = 0..horizon;
 * - standard errors (optional): jackknife over treated units (refitting without each one).
 */
import type { RunControl } from '../../control.js';
import type { Table } from '../../data/table.js';
import { OptionError, PilotzoneError, throwIfCancelled, type Warning } from '../../errors.js';
import { normalQuantile, normalSf } from '../../stats/distributions.js';
import type { EstimationResult, TidyRow } from '../result.js';
import { TooFewDonorsError } from './errors.js';
import { buildPanel, outcomeMatrix } from './panel.js';
import { SimplexLsWorkspace, solveSimplexLs } from './simplex-ls.js';

export interface MultiSynthOptions {
  unit: string;
  time: string;
  outcome: string;
  /** 0/1 treatment column (1 from adoption on). */
  treatment: string;
  /** Pooling weight in [0, 1] (default: the Ben-Michael et al. heuristic). */
  nu?: number;
  /** Pre-adoption periods balanced (default: the shortest pre-period among treated units). */
  nLags?: number;
  /** Last event time estimated (default: the longest post-period). */
  horizon?: number;
  /** De-mean each unit by its pre-adoption mean (default true). */
  intercept?: boolean;
  /** Donor pool: never-treated units (default) or also units treated after T_j + horizon. */
  donors?: 'never' | 'notyet';
  /** Jackknife over treated units (default 'none'). */
  se?: 'jackknife' | 'none';
  control?: RunControl;
}

/** Internal problem: outcome matrix and adoption periods. */
interface MsProblem {
  Y: Float64Array;
  T: number;
  units: string[];
  times: number[];
  /** Adoption period index per unit, -1 for never treated. */
  adopt: Int32Array;
}

export interface MultiSynthFit {
  nu: number;
  nLags: number;
  horizon: number;
  treated: number[];
  /** Donor indices of each treated unit and their weights. */
  donors: Int32Array[];
  weights: Float64Array[];
  /** Effect of each treated unit at event times -nLags..horizon (NaN where not observed). */
  effects: Float64Array[];
  qPool: number;
  qSep: number;
  qPoolSep: number;
  qSepSep: number;
  sweeps: number;
}

/** Builds the panel and adoption times from a 0/1 treatment column. */
function multisynthProblem(table: Table, o: MultiSynthOptions): MsProblem {
  const panel = buildPanel(table, o.unit, o.time);
  const d = table.numeric(o.treatment, 'treatment');
  const T = panel.times.length;
  const adopt = new Int32Array(panel.units.length).fill(-1);
  for (let u = 0; u < panel.units.length; u++) {
    let first = -1;
    for (let t = 0; t < T; t++) {
      const row = panel.cell[u * T + t]!;
      const v = row < 0 ? NaN : d[row]!;
      if (!Number.isNaN(v) && v !== 0 && v !== 1) throw new OptionError('treatment', `column "${o.treatment}" must be 0/1, but row ${row + 1} holds ${v}.`);
      if (v === 1 && first < 0) first = t;
      if (first >= 0 && v === 0) throw new PilotzoneError('E_SCM_TREATMENT_REVERSAL', `unit "${panel.units[u]}" is treated in ${panel.times[first]} but untreated in ${panel.times[t]}: adoption must be permanent.`);
    }
    if (first === 0) throw new PilotzoneError('E_SCM_TREAT_TIME', `unit "${panel.units[u]}" is treated from the first period (${panel.times[0]}): it has no pre-period.`, { hint: 'Drop it or extend the data back in time.' });
    adopt[u] = first;
  }
  const all = panel.units.map((_, i) => i);
  return { Y: outcomeMatrix(table, panel, o.outcome, all), T, units: [...panel.units], times: [...panel.times], adopt };
}

/** Fits the partially pooled SCM (see the module comment). */
export function multisynth(table: Table, o: MultiSynthOptions): MultiSynthResult {
  const p = multisynthProblem(table, o);
  const treated = Array.from(p.adopt.keys()).filter((u) => p.adopt[u]! >= 0);
  if (treated.length === 0) throw new PilotzoneError('E_SDID_NO_TREATED', `column "${o.treatment}" is never 1: there is no treated unit.`);
  if (o.nu !== undefined && !(o.nu >= 0 && o.nu <= 1)) throw new OptionError('nu', `must lie in [0, 1], got ${o.nu}.`);
  const fit = fitMulti(p, treated, o);
  let se: { overall: number; byEvent: Float64Array } | undefined;
  const warnings: Warning[] = [];
  if (o.se === 'jackknife') {
    if (treated.length < 2) warnings.push({ code: 'W_SE_UNDEFINED', message: 'the jackknife over treated units needs at least 2 treated units.' });
    else se = jackknife(p, treated, o, fit);
  }
  return new MultiSynthResult(p, fit, se, warnings);
}

function fitMulti(p: MsProblem, treated: number[], o: MultiSynthOptions, nuFixed?: number): MultiSynthFit {
  const { Y, T, adopt } = p;
  const J = treated.length;
  const minPre = Math.min(...treated.map((u) => adopt[u]!));
  const L = o.nLags ?? minPre;
  if (!Number.isInteger(L) || L < 1 || L > minPre) throw new OptionError('nLags', `must be an integer in 1..${minPre} (the shortest pre-period), got ${L}.`);
  const maxPost = Math.max(...treated.map((u) => T - adopt[u]!)) - 1;
  const H = o.horizon ?? maxPost;
  if (!Number.isInteger(H) || H < 0) throw new OptionError('horizon', `must be a non-negative integer, got ${H}.`);
  const intercept = o.intercept ?? true;
  const donorsOf = treated.map((u) => {
    const limit = adopt[u]! + H;
    const ds: number[] = [];
    for (let i = 0; i < adopt.length; i++) {
      if (adopt[i]! < 0 || (o.donors === 'notyet' && adopt[i]! > limit)) ds.push(i);
    }
    if (ds.length < 2) throw new TooFewDonorsError(ds.length, `donor pool of "${p.units[u]}"`);
    return Int32Array.from(ds);
  });
  // Per treated unit: A_j (L x n_j, column-major; lag rows l = 1..L), b_j, with optional de-meaning.
  const A: Float64Array[] = [];
  const b: Float64Array[] = [];
  const shift = (u: number, Tj: number): number => {
    if (!intercept) return 0;
    let s = 0;
    for (let l = 1; l <= L; l++) s += Y[u * T + Tj - l]!;
    return s / L;
  };
  treated.forEach((u, j) => {
    const Tj = adopt[u]!;
    const ds = donorsOf[j]!;
    const Aj = new Float64Array(L * ds.length);
    ds.forEach((i, q) => {
      const m = shift(i, Tj);
      for (let l = 1; l <= L; l++) Aj[q * L + l - 1] = Y[i * T + Tj - l]! - m;
    });
    const bj = new Float64Array(L);
    const m = shift(u, Tj);
    for (let l = 1; l <= L; l++) bj[l - 1] = Y[u * T + Tj - l]! - m;
    A.push(Aj);
    b.push(bj);
  });
  // Separate fits (nu = 0).
  const G = treated.map((_, j) => new Float64Array(donorsOf[j]!.length));
  treated.forEach((_, j) => solveSimplexLs(A[j]!, b[j]!, L, donorsOf[j]!.length, G[j]!, new SimplexLsWorkspace(L, donorsOf[j]!.length)));
  const E = treated.map(() => new Float64Array(L));
  const imbalance = (j: number) => {
    const e = E[j]!;
    for (let l = 0; l < L; l++) {
      let s = b[j]![l]!;
      const g = G[j]!;
      for (let q = 0; q < g.length; q++) if (g[q] !== 0) s -= A[j]![q * L + l]! * g[q]!;
      e[l] = s;
    }
  };
  const measures = () => {
    let sep = 0;
    const pool = new Float64Array(L);
    for (let j = 0; j < J; j++) {
      imbalance(j);
      for (let l = 0; l < L; l++) {
        sep += E[j]![l]! ** 2;
        pool[l] += E[j]![l]! / J;
      }
    }
    let pl = 0;
    for (let l = 0; l < L; l++) pl += pool[l]! ** 2;
    return { qSep2: sep / (J * L), qPool2: pl / L };
  };
  const sepM = measures();
  const tiny = 1e-300;
  const nu = nuFixed ?? o.nu ?? (sepM.qSep2 > tiny ? Math.min(1, Math.sqrt(sepM.qPool2 / sepM.qSep2)) : 0);
  let sweeps = 0;
  if (nu > 0 && J > 1 && sepM.qPool2 > tiny && sepM.qSep2 > tiny) {
    // F = nu qPool2 / cPool + (1 - nu) qSep2 / cSep. Block j: alpha ||b_j - A_j g||^2 + beta ||b_j + S - A_j g||^2,
    // S = sum of the other units' imbalances, alpha = (1 - nu) / (cSep J L), beta = nu / (cPool J^2 L).
    const alpha = (1 - nu) / (sepM.qSep2 * J * L);
    const beta = nu / (sepM.qPool2 * J * J * L);
    const sa = Math.sqrt(alpha);
    const sb = Math.sqrt(beta);
    const objective = () => {
      const m = measures();
      return (nu * m.qPool2) / sepM.qPool2 + ((1 - nu) * m.qSep2) / sepM.qSep2;
    };
    let prev = objective();
    const ws = treated.map((_, j) => new SimplexLsWorkspace(2 * L, donorsOf[j]!.length));
    const stackA = treated.map((_, j) => {
      const n = donorsOf[j]!.length;
      const S = new Float64Array(2 * L * n);
      for (let q = 0; q < n; q++) for (let l = 0; l < L; l++) {
        S[q * 2 * L + l] = sa * A[j]![q * L + l]!;
        S[q * 2 * L + L + l] = sb * A[j]![q * L + l]!;
      }
      return S;
    });
    const rhs = new Float64Array(2 * L);
    for (sweeps = 1; sweeps <= 500; sweeps++) {
      throwIfCancelled(o.control?.signal);
      for (let j = 0; j < J; j++) {
        const S = new Float64Array(L);
        for (let k = 0; k < J; k++) {
          if (k === j) continue;
          imbalance(k);
          for (let l = 0; l < L; l++) S[l] += E[k]![l]!;
        }
        for (let l = 0; l < L; l++) {
          rhs[l] = sa * b[j]![l]!;
          rhs[L + l] = sb * (b[j]![l]! + S[l]!);
        }
        solveSimplexLs(stackA[j]!, rhs, 2 * L, donorsOf[j]!.length, G[j]!, ws[j]!, true);
      }
      const cur = objective();
      if (prev - cur <= 1e-12 * Math.max(1, Math.abs(prev))) break;
      prev = cur;
    }
  }
  const fin = measures();
  // Effects by event time -L..H.
  const effects = treated.map((u, j) => {
    const Tj = adopt[u]!;
    const ds = donorsOf[j]!;
    const g = G[j]!;
    const out = new Float64Array(L + H + 1).fill(NaN);
    for (let e = -L; e <= H; e++) {
      const t = Tj + e;
      if (t < 0 || t >= T) continue;
      let syn = 0;
      let synShift = 0;
      ds.forEach((i, q) => {
        if (g[q] === 0) return;
        syn += g[q]! * Y[i * T + t]!;
        synShift += g[q]! * shift(i, Tj);
      });
      out[e + L] = Y[u * T + t]! - shift(u, Tj) - (syn - synShift);
    }
    return out;
  });
  return { nu, nLags: L, horizon: H, treated, donors: donorsOf, weights: G, effects, qPool: Math.sqrt(fin.qPool2), qSep: Math.sqrt(fin.qSep2), qPoolSep: Math.sqrt(sepM.qPool2), qSepSep: Math.sqrt(sepM.qSep2), sweeps };
}

function aggregate(fit: MultiSynthFit): { overall: number; byEvent: Float64Array; counts: Int32Array } {
  const L = fit.nLags;
  const H = fit.horizon;
  const byEvent = new Float64Array(L + H + 1);
  const counts = new Int32Array(L + H + 1);
  let s = 0;
  let n = 0;
  for (const eff of fit.effects) {
    for (let k = 0; k < eff.length; k++) {
      if (Number.isNaN(eff[k]!)) continue;
      byEvent[k] += eff[k]!;
      counts[k]!++;
      if (k >= L) {
        s += eff[k]!;
        n++;
      }
    }
  }
  for (let k = 0; k < byEvent.length; k++) byEvent[k] = counts[k]! ? byEvent[k]! / counts[k]! : NaN;
  return { overall: s / n, byEvent, counts };
}

function jackknife(p: MsProblem, treated: number[], o: MultiSynthOptions, full: MultiSynthFit): { overall: number; byEvent: Float64Array } {
  const J = treated.length;
  const reps: { overall: number; byEvent: Float64Array }[] = [];
  treated.forEach((_, drop) => {
    throwIfCancelled(o.control?.signal);
    const f = fitMulti(p, treated.filter((__, j) => j !== drop), { ...o, nLags: full.nLags, horizon: full.horizon }, full.nu);
    reps.push(aggregate(f));
    o.control?.onProgress?.(drop + 1, J, `jackknife without ${p.units[treated[drop]!]}`);
  });
  const jk = (vals: number[]) => {
    const ok = vals.filter((v) => !Number.isNaN(v));
    const n = ok.length;
    if (n < 2) return NaN;
    const m = ok.reduce((a, c) => a + c, 0) / n;
    return Math.sqrt(((n - 1) / n) * ok.reduce((a, c) => a + (c - m) ** 2, 0));
  };
  const K = full.nLags + full.horizon + 1;
  const byEvent = new Float64Array(K);
  for (let k = 0; k < K; k++) byEvent[k] = jk(reps.map((r) => r.byEvent[k]!));
  return { overall: jk(reps.map((r) => r.overall)), byEvent };
}

/** Result of {@link multisynth}. */
export class MultiSynthResult implements EstimationResult {
  readonly overall: number;
  readonly byEvent: Float64Array;
  readonly counts: Int32Array;

  constructor(
    readonly problem: MsProblem,
    readonly fit: MultiSynthFit,
    readonly jackknifeSe: { overall: number; byEvent: Float64Array } | undefined,
    readonly warnings: Warning[],
  ) {
    const a = aggregate(fit);
    this.overall = a.overall;
    this.byEvent = a.byEvent;
    this.counts = a.counts;
  }

  /** ATT by event time (-nLags..horizon), with the number of units observed there. */
  eventStudy(): { eventTime: number; estimate: number; stdError: number | null; nUnits: number }[] {
    return Array.from(this.byEvent, (est, k) => ({ eventTime: k - this.fit.nLags, estimate: est, stdError: this.jackknifeSe ? this.jackknifeSe.byEvent[k]! : null, nUnits: this.counts[k]! }));
  }

  /** Donor weights of each treated unit by donor name. */
  unitWeights(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    this.fit.treated.forEach((u, j) => {
      const w: Record<string, number> = {};
      this.fit.donors[j]!.forEach((d, q) => {
        if (this.fit.weights[j]![q]! > 0) w[this.problem.units[d]!] = this.fit.weights[j]![q]!;
      });
      out[this.problem.units[u]!] = w;
    });
    return out;
  }

  coef(): Record<string, number> {
    const out: Record<string, number> = { att: this.overall };
    for (const r of this.eventStudy()) out[`att@e${r.eventTime}`] = r.estimate;
    return out;
  }

  se(): Record<string, number> {
    const out: Record<string, number> = { att: this.jackknifeSe?.overall ?? NaN };
    for (const r of this.eventStudy()) out[`att@e${r.eventTime}`] = r.stdError ?? NaN;
    return out;
  }

  /** One row per term; normal-approximation intervals from the jackknife SE when computed. */
  tidy(level = 0.95): TidyRow[] {
    const z = normalQuantile(0.5 + level / 2);
    const se = this.se();
    return Object.entries(this.coef()).map(([term, estimate]) => {
      const s = Number.isFinite(se[term]!) ? se[term]! : null;
      const stat = s ? estimate / s : null;
      return { term, estimate, std_error: s, statistic: stat, p_value: stat === null ? null : 2 * normalSf(Math.abs(stat)), conf_low: s ? estimate - z * s : null, conf_high: s ? estimate + z * s : null };
    });
  }

  glance(): Record<string, number | string | null> {
    return { estimator: 'multisynth', nu: this.fit.nu, treated_units: this.fit.treated.length, n_lags: this.fit.nLags, horizon: this.fit.horizon, imbalance_pooled: this.fit.qPool, imbalance_unit: this.fit.qSep };
  }

  summary(): string {
    const lines = [`Partially pooled synthetic control (Ben-Michael, Feller & Rothstein 2022), nu = ${this.fit.nu.toFixed(3)}`];
    lines.push(`${this.fit.treated.length} treated units, ${this.fit.nLags} lags balanced; imbalance pooled ${this.fit.qPool.toPrecision(4)} (separate fits ${this.fit.qPoolSep.toPrecision(4)}), unit-level ${this.fit.qSep.toPrecision(4)} (${this.fit.qSepSep.toPrecision(4)})`);
    lines.push(`ATT (event times 0..${this.fit.horizon}): ${this.overall.toFixed(4)}${this.jackknifeSe ? ` (jackknife SE ${this.jackknifeSe.overall.toFixed(4)})` : ''}`);
    for (const r of this.eventStudy()) lines.push(`  e = ${String(r.eventTime).padStart(3)}: ${r.estimate.toFixed(4)}${r.stdError !== null ? ` (${r.stdError.toFixed(4)})` : ''}  [${r.nUnits} units]`);
    return lines.join('\n');
  }

  toJSON(): Record<string, unknown> {
    return {
      estimator: 'multisynth',
      nu: this.fit.nu,
      n_lags: this.fit.nLags,
      horizon: this.fit.horizon,
      att: { estimate: this.overall, std_error: this.jackknifeSe && Number.isFinite(this.jackknifeSe.overall) ? this.jackknifeSe.overall : null },
      by_event_time: this.eventStudy().map((r) => ({ event_time: r.eventTime, estimate: Number.isFinite(r.estimate) ? r.estimate : null, std_error: r.stdError !== null && Number.isFinite(r.stdError) ? r.stdError : null, n_units: r.nUnits })),
      units: this.fit.treated.map((u, j) => ({ unit: this.problem.units[u]!, adoption: this.problem.times[this.problem.adopt[u]!]!, weights: Object.entries(this.unitWeights()[this.problem.units[u]!]!).map(([unit, weight]) => ({ unit, weight })), effects: Array.from(this.fit.effects[j]!, (e, k) => ({ event_time: k - this.fit.nLags, estimate: Number.isFinite(e) ? e : null })) })),
      imbalance: { pooled: this.fit.qPool, unit_level: this.fit.qSep, pooled_separate_fits: this.fit.qPoolSep, unit_level_separate_fits: this.fit.qSepSep },
      warnings: this.warnings,
    };
  }
}
