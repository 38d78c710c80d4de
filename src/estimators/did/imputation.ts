/**
 * Borusyak, Jaravel & Spiess (2024, "Revisiting event-study designs: robust and efficient estimation",
 * REStud) imputation estimator, as Stata `did_imputation` / R `didimputation` without covariates:
 *
 * 1. fit unit and period fixed effects on the untreated observations Omega0 (never treated, and treated
 *    units before g - anticipation; observations inside the anticipation window are left out);
 * 2. impute Y(0) for every treated observation (t >= g) and take tau_it = Y_it - a_i - l_t;
 * 3. average: the overall ATT (equal weight per treated observation) and by horizon h = t - g.
 *
 * Standard errors: BJS Theorem 3 (conservative, clustered by unit or by the panel's cluster column). The
 * estimator is linear, sum_it v_it Y_it, with v = w on treated observations and v = -Z0 (Z0'Z0)^{-1} Z1'w on
 * untreated ones; the variance is sum_c (sum_{it in c} v_it e_it)^2 with e the Omega0 residuals and, on treated
 * observations, tau_it minus its v-weighted mean within the cohort x period cell (BJS's default
 * `avgeffectsby`, no leave-out correction).
 * The two-way normal equations with an arbitrary right-hand side are solved exactly through the Schur
 * complement of the smaller dimension (`SchurTwoWayProjector.solveNormal` = `FixedEffectsProjector.solveNormal`).
 */
import { OptionError, PilotzoneError, type Warning } from '../../errors.js';
import { normalQuantile, normalSf } from '../../stats/distributions.js';
import type { DidPanel } from './panel.js';
import { SchurTwoWayProjector } from '../../inference/permutation-core.js';
import type { TidyRow } from '../result.js';
import { FeolsResult } from '../ols/result.js';
import { panelDesign, waldTest } from './twfe.js';

export interface ImputationOptions {
  /** Periods of anticipation (default 0). */
  anticipation?: number;
  /** Cluster by the panel's cluster column instead of the unit. */
  cluster?: boolean;
  /** 1 - confidence level (default 0.05). */
  alpha?: number;
  /**
   * BJS pre-trend test (their Test 1, separate from estimation): on the untreated observations, regress y on
   * unit and period FE plus dummies for the last `pretrends` periods before adoption, and test them jointly
   * (F = W / q with the unit-clustered variance, fixest conventions). Default 0 = no test.
   */
  pretrends?: number;
}

export interface ImputationRow {
  event_time: number;
  estimate: number;
  std_error: number;
  conf_low: number;
  conf_high: number;
  n_obs: number;
}

export interface ImputationResult {
  readonly overall: { estimate: number; std_error: number; conf_low: number; conf_high: number; n_obs: number };
  readonly byHorizon: readonly ImputationRow[];
  /** Imputed effect of every treated observation: unit index, period, tau. */
  readonly effects: { unit: Int32Array; time: Float64Array; tau: Float64Array };
  /** The pre-trend regression's lead coefficients and joint test (when `pretrends` > 0). */
  readonly pretrend: { coefficients: TidyRow[]; test: { statistic: number; df1: number; df2: number; p_value: number } | null } | null;
  readonly warnings: readonly Warning[];
  toJSON(): Record<string, unknown> & { aggregate: { by: Record<string, unknown>[] } };
  summary(): string;
}

/** BJS imputation estimator on a balanced staggered panel. */
export function imputationDid(panel: DidPanel, opts: ImputationOptions = {}): ImputationResult {
  const antic = opts.anticipation ?? 0;
  if (!(Number.isInteger(antic) && antic >= 0)) throw new OptionError('anticipation', `must be a non-negative integer, got ${antic}.`);
  const alpha = opts.alpha ?? 0.05;
  if (opts.cluster && !panel.cluster) throw new OptionError('cluster', 'clustered standard errors need a cluster column in the panel.');
  const { n, T, y, times, cohort } = panel;
  const warnings: Warning[] = [...panel.warnings];
  // classify observations: 0 untreated, 1 treated, 2 left out (anticipation window)
  const cls = new Uint8Array(n * T);
  const hasU = new Uint8Array(n), hasT = new Uint8Array(T);
  for (let i = 0; i < n; i++) {
    const g = cohort[i]!;
    for (let t = 0; t < T; t++) {
      const tt = times[t]!;
      const c = g === 0 || tt < g - antic ? 0 : tt >= g ? 1 : 2;
      cls[i * T + t] = c;
      if (c === 0) {
        hasU[i] = 1;
        hasT[t] = 1;
      }
    }
  }
  let dropped = 0;
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) if (cls[i * T + t] === 1 && (!hasU[i] || !hasT[t])) {
    cls[i * T + t] = 2;
    dropped++;
  }
  if (dropped) warnings.push({ code: 'W_NOT_IMPUTABLE', message: `${dropped} treated observation(s) dropped: their unit or period has no untreated observation to impute Y(0) from.` });
  const c0: number[] = [], c1: number[] = [];
  for (let r = 0; r < n * T; r++) (cls[r] === 0 ? c0 : cls[r] === 1 ? c1 : null)?.push(r);
  if (c1.length === 0) throw new PilotzoneError('E_NO_GROUPS', `imputation: no treated observation can be imputed (column "${panel.columns.cohort}").`, { details: { column: panel.columns.cohort } });
  const unitOf = Int32Array.from(c0, (r) => Math.floor(r / T));
  const timeOf = Int32Array.from(c0, (r) => r % T);
  // exact Schur-complement solve of the (unit, period) normal equations on the untreated observations
  const schur = SchurTwoWayProjector.tryCreate([{ ids: unitOf, nlevels: n }, { ids: timeOf, nlevels: T }], c0.length, Math.max(T, n) + 1);
  if (!schur) {
    throw new PilotzoneError('E_NOT_IDENTIFIED', `imputation: the unit and period effects are not identified on the untreated observations (the units x periods graph of column "${panel.columns.cohort}"'s untreated cells is disconnected).`, { details: { column: panel.columns.cohort } });
  }
  const solver = {
    solve(bu: Float64Array, bt: Float64Array): { a: Float64Array; l: Float64Array; converged: boolean } {
      const r = schur.firstIsLarge ? schur.solveNormal(bu, bt) : schur.solveNormal(bt, bu);
      return schur.firstIsLarge ? { a: r.a, l: r.b, converged: true } : { a: r.b, l: r.a, converged: true };
    },
  };
  // step 1: FE on untreated observations
  const bu = new Float64Array(n), bt = new Float64Array(T);
  for (let c = 0; c < c0.length; c++) {
    bu[unitOf[c]!] += y[c0[c]!]!;
    bt[timeOf[c]!] += y[c0[c]!]!;
  }
  const fe = solver.solve(bu, bt);
  if (!fe.converged) warnings.push({ code: 'W_NOT_CONVERGED', message: 'imputation: the fixed-effects solver did not converge.' });
  const resid0 = new Float64Array(c0.length);
  for (let c = 0; c < c0.length; c++) resid0[c] = y[c0[c]!]! - fe.a[unitOf[c]!]! - fe.l[timeOf[c]!]!;
  // step 2: imputed effects
  const N1 = c1.length;
  const uT = Int32Array.from(c1, (r) => Math.floor(r / T));
  const tT = Int32Array.from(c1, (r) => r % T);
  const tau = new Float64Array(N1);
  const hOf = new Float64Array(N1);
  for (let j = 0; j < N1; j++) {
    tau[j] = y[c1[j]!]! - fe.a[uT[j]!]! - fe.l[tT[j]!]!;
    hOf[j] = times[tT[j]!]! - cohort[uT[j]!]!;
  }
  const clusterOf = (i: number): number => (opts.cluster ? panel.cluster![i]! : i);
  const G = opts.cluster ? panel.nclusters! : n;
  const z = -normalQuantile(alpha / 2);

  /** Estimate and BJS SE for treated-observation weights w (length N1). */
  const estimate = (w: Float64Array) => {
    let est = 0;
    const wu = new Float64Array(n), wt = new Float64Array(T);
    for (let j = 0; j < N1; j++) {
      est += w[j]! * tau[j]!;
      wu[uT[j]!] += w[j]!;
      wt[tT[j]!] += w[j]!;
    }
    const s = solver.solve(wu, wt);
    // tau-bar by cohort x period cell, weighted by v = w
    const cellNum = new Map<string, number>(), cellDen = new Map<string, number>();
    for (let j = 0; j < N1; j++) {
      if (w[j] === 0) continue;
      const key = `${cohort[uT[j]!]}|${tT[j]}`;
      cellNum.set(key, (cellNum.get(key) ?? 0) + w[j]! * tau[j]!);
      cellDen.set(key, (cellDen.get(key) ?? 0) + w[j]!);
    }
    const sums = new Float64Array(G);
    for (let c = 0; c < c0.length; c++) {
      const v = -(s.a[unitOf[c]!]! + s.l[timeOf[c]!]!);
      sums[clusterOf(unitOf[c]!)] += v * resid0[c]!;
    }
    for (let j = 0; j < N1; j++) {
      if (w[j] === 0) continue;
      const key = `${cohort[uT[j]!]}|${tT[j]}`;
      const tbar = cellNum.get(key)! / cellDen.get(key)!;
      sums[clusterOf(uT[j]!)] += w[j]! * (tau[j]! - tbar);
    }
    let v2 = 0;
    for (let c = 0; c < G; c++) v2 += sums[c]! * sums[c]!;
    const se = Math.sqrt(v2);
    return { estimate: est, std_error: se, conf_low: est - z * se, conf_high: est + z * se };
  };
  const wAll = new Float64Array(N1).fill(1 / N1);
  const overall = { ...estimate(wAll), n_obs: N1 };
  const hs = [...new Set(hOf)].sort((a, b) => a - b);
  const byHorizon: ImputationRow[] = hs.map((h) => {
    let nh = 0;
    for (let j = 0; j < N1; j++) if (hOf[j] === h) nh++;
    const w = new Float64Array(N1);
    for (let j = 0; j < N1; j++) if (hOf[j] === h) w[j] = 1 / nh;
    return { event_time: h, ...estimate(w), n_obs: nh };
  });
  let pretrend: ImputationResult['pretrend'] = null;
  const K = opts.pretrends ?? 0;
  if (!(Number.isInteger(K) && K >= 0)) throw new OptionError('pretrends', `must be a non-negative integer, got ${K}.`);
  if (K > 0) {
    const N = n * T;
    const names: string[] = [];
    const cols: Float64Array[] = [];
    for (let k = 1; k <= K; k++) {
      const c = new Float64Array(N);
      let any = false;
      for (let i = 0; i < n; i++) {
        const g = cohort[i]!;
        if (g === 0) continue;
        for (let t = 0; t < T; t++) if (cls[i * T + t] === 0 && times[t]! === g - antic - k) {
          c[i * T + t] = 1;
          any = true;
        }
      }
      if (any) {
        names.push(`pre::${-k - antic}`);
        cols.push(c);
      }
    }
    if (names.length) {
      const X = new Float64Array(N * names.length);
      cols.forEach((c, j) => X.set(c, j * N));
      const design = panelDesign(panel, names, X, `${panel.columns.outcome} ~ leads | ${panel.columns.unit} + ${panel.columns.time} (untreated obs.)`, Int32Array.from(c0));
      const fit = FeolsResult.fit(design, { vcov: opts.cluster ? { type: 'cluster', cluster: [panel.columns.cluster!] } : { type: 'cluster', cluster: [panel.columns.unit] } });
      pretrend = { coefficients: fit.tidy(), test: waldTest(fit, fit.fit.coefNames) };
    }
  }
  return {
    overall,
    byHorizon,
    pretrend,
    effects: { unit: uT, time: Float64Array.from(tT, (t) => times[t]!), tau },
    warnings,
    toJSON() {
      return {
        estimator: 'bjs',
        anticipation: antic,
        n_treated_obs: N1,
        n_untreated_obs: c0.length,
        cluster: opts.cluster ? panel.columns.cluster ?? null : panel.columns.unit,
        pretrend,
        aggregate: {
          type: 'dynamic',
          overall: { estimate: overall.estimate, std_error: overall.std_error, conf_low: overall.conf_low, conf_high: overall.conf_high, p_value: 2 * normalSf(Math.abs(overall.estimate / overall.std_error)) },
          by: byHorizon.map((r) => ({ ...r })) as unknown as Record<string, unknown>[],
        },
        warnings,
      };
    },
    summary() {
      const lines = ['Borusyak, Jaravel & Spiess (2024) imputation estimator', `ATT: ${overall.estimate.toFixed(6)} (SE ${overall.std_error.toFixed(6)}), ${N1} treated observations`, '', 'horizon    estimate   std.error   n'];
      for (const r of byHorizon) lines.push(`${String(r.event_time).padStart(7)} ${r.estimate.toFixed(6).padStart(11)} ${r.std_error.toFixed(6).padStart(11)}   ${r.n_obs}`);
      return lines.join('\n');
    },
  };
}
