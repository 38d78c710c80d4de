/**
 * Aggregations of Callaway & Sant'Anna ATT(g,t) into summary parameters, reproducing R did 2.1.2 `aggte`:
 *
 * - `simple`: post-treatment ATT(g,t) averaged with weights proportional to P(G = g);
 * - `dynamic`: by event time e = t - g (weights P(G = g) among cells with that e); the overall value is the
 *   plain mean over e >= 0; options `minE`, `maxE`, `balanceE` as did's `min_e`, `max_e`, `balance_e`;
 * - `group`: by cohort g (mean of its post-treatment ATT(g,t), t <= g + maxE); overall weights P(G = g);
 * - `calendar`: by calendar period t (weights P(G = g) among cohorts treated by t); overall the plain mean.
 *
 * Influence functions combine the ATT(g,t) ones with the term for estimated weights (did's `wif`), so
 * `se = sqrt(mean(psi^2) / n)`; clustered and bootstrap variants follow the att_gt fit. With the bootstrap,
 * the `by` rows get a sup-t uniform band (did's `crit.val.egt`).
 */
import { OptionError, PilotzoneError } from '../../errors.js';
import type { TidyRow, EstimationResult } from '../result.js';
import type { Warning } from '../../errors.js';
import { normalQuantile, normalSf } from '../../stats/distributions.js';
import { multiplierBootstrap } from '../../inference/multiplier-bootstrap.js';
import { ifStandardError } from './att-gt.js';
import type { AttGtResult } from './att-gt-result.js';

export type AggregationType = 'simple' | 'dynamic' | 'group' | 'calendar';
export const AGGREGATION_TYPES: readonly AggregationType[] = ['simple', 'dynamic', 'group', 'calendar'];

export interface AggteOptions {
  /** Shortest event time kept by `dynamic` (did's `min_e`, default -Infinity). */
  minE?: number;
  /** Longest event time kept (did's `max_e`, default Infinity; also limits `group`, `calendar`, `simple`). */
  maxE?: number;
  /** Balance cohorts in event time up to this e (did's `balance_e`). */
  balanceE?: number;
  /** Drop ATT(g,t) that could not be estimated instead of failing (did's `na.rm`). */
  naRm?: boolean;
  /**
   * Weight-estimation term of the `group` overall SE: `did` (default) reproduces did 2.1.2, which indexes the
   * group indicators by the first nG ATT(g,t) cells instead of the cohorts (a quirk that changes the SE in the
   * 3rd digit on mpdta); `exact` uses the cohorts themselves (the textbook influence function).
   */
  groupWif?: 'did' | 'exact';
}

/** One row of an aggregation (`event_time`, `group` or `time` says what `key` is). */
export interface AggteRow {
  key: number;
  estimate: number;
  std_error: number | null;
  conf_low: number | null;
  conf_high: number | null;
}

export interface AggteFit {
  readonly type: AggregationType;
  readonly overall: { estimate: number; se: number };
  readonly by: readonly AggteRow[];
  /** Influence function of the overall parameter (n) and of each `by` row (n x by.length, column-major). */
  readonly overallIf: Float64Array;
  readonly byIf: Float64Array;
  readonly critVal: number;
  readonly uniform: boolean;
  readonly alpha: number;
}

const KEY_NAME: Record<AggregationType, string> = { simple: 'key', dynamic: 'event_time', group: 'group', calendar: 'time' };

/** Result of {@link aggte}. */
export class AggteResult implements EstimationResult {
  readonly fit: AggteFit;
  readonly warnings: readonly Warning[];
  constructor(fit: AggteFit, warnings: readonly Warning[]) {
    this.fit = fit;
    this.warnings = warnings;
  }
  coef(): Record<string, number> {
    const o: Record<string, number> = { [this.fit.type === 'simple' ? 'ATT' : `ATT(${this.fit.type})`]: this.fit.overall.estimate };
    for (const r of this.fit.by) o[`${KEY_NAME[this.fit.type]}::${r.key}`] = r.estimate;
    return o;
  }
  se(): Record<string, number> {
    const o: Record<string, number> = { [this.fit.type === 'simple' ? 'ATT' : `ATT(${this.fit.type})`]: this.fit.overall.se };
    for (const r of this.fit.by) o[`${KEY_NAME[this.fit.type]}::${r.key}`] = r.std_error ?? NaN;
    return o;
  }
  tidy(): TidyRow[] {
    const z = -normalQuantile(this.fit.alpha / 2);
    const { estimate, se } = this.fit.overall;
    const rows: TidyRow[] = [row(this.fit.type === 'simple' ? 'ATT' : `ATT(${this.fit.type})`, estimate, se, z)];
    for (const r of this.fit.by) rows.push({ ...row(`${KEY_NAME[this.fit.type]}::${r.key}`, r.estimate, r.std_error ?? NaN, this.fit.critVal) });
    return rows;
  }
  glance(): Record<string, number | string | null> {
    return { type: this.fit.type, estimate: this.fit.overall.estimate, std_error: this.fit.overall.se, critical_value: this.fit.critVal };
  }
  summary(): string {
    const z = -normalQuantile(this.fit.alpha / 2);
    const { estimate, se } = this.fit.overall;
    const lines = [`Aggregated ATT (${this.fit.type}): ${estimate.toFixed(6)} (SE ${se.toFixed(6)}) [${(estimate - z * se).toFixed(6)}, ${(estimate + z * se).toFixed(6)}]`];
    if (this.fit.by.length) {
      lines.push(`${KEY_NAME[this.fit.type].padStart(10)}    estimate   std.error   [${this.fit.uniform ? 'uniform band' : 'pointwise CI'}]`);
      for (const r of this.fit.by) lines.push(`${String(r.key).padStart(10)} ${r.estimate.toFixed(6).padStart(11)} ${(r.std_error ?? NaN).toFixed(6).padStart(11)}   [${r.conf_low?.toFixed(6)}, ${r.conf_high?.toFixed(6)}]`);
    }
    return lines.join('\n');
  }
  /** The contract's `aggregate` object. */
  toJSON(): Record<string, unknown> {
    const z = -normalQuantile(this.fit.alpha / 2);
    const { estimate, se } = this.fit.overall;
    return {
      type: this.fit.type,
      overall: { estimate, std_error: fin(se), conf_low: fin(estimate - z * se), conf_high: fin(estimate + z * se) },
      by: this.fit.by.map((r) => ({ [KEY_NAME[this.fit.type]]: r.key, estimate: r.estimate, std_error: r.std_error, conf_low: r.conf_low, conf_high: r.conf_high })),
      critical_value: this.fit.critVal,
      uniform_band: this.fit.uniform,
    };
  }
}

function fin(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function row(term: string, est: number, se: number, crit: number): TidyRow {
  const z = est / se;
  return { term, estimate: est, std_error: fin(se), statistic: fin(z), p_value: fin(2 * normalSf(Math.abs(z))), conf_low: fin(est - crit * se), conf_high: fin(est + crit * se) };
}

/**
 * Aggregates an {@link attGt} result (R did 2.1.2 `aggte`). Throws `E_ATT_GT_NA` when some ATT(g,t) are
 * missing and `naRm` is not set (as did).
 */
export function aggte(res: AttGtResult, type: AggregationType, opts: AggteOptions = {}): AggteResult {
  if (!AGGREGATION_TYPES.includes(type)) throw new OptionError('type', `"${type}" is not allowed.`, AGGREGATION_TYPES);
  if (opts.groupWif !== undefined && opts.groupWif !== 'did' && opts.groupWif !== 'exact') throw new OptionError('groupWif', `"${opts.groupWif}" is not allowed.`, ['did', 'exact']);
  const f = res.fit;
  const panel = res.panel;
  const n = f.n;
  const minE = opts.minE ?? -Infinity;
  const maxE = opts.maxE ?? Infinity;
  const cells: number[] = [];
  for (let c = 0; c < f.K; c++) {
    if (Number.isNaN(f.att[c]!)) {
      if (!opts.naRm) {
        throw new PilotzoneError('E_ATT_GT_NA', `did: ATT(${f.group[c]},${f.time[c]}) could not be estimated, so the ${type} aggregation is undefined.`, {
          hint: 'Set naRm (--na-rm) to drop missing ATT(g,t), as did\'s na.rm = TRUE.',
          details: { group: f.group[c], time: f.time[c], option: 'naRm' },
        });
      }
      continue;
    }
    cells.push(c);
  }
  // weights P(G = g) over all units (did computes them on the first period's rows), normalised sampling weights
  const w = new Float64Array(n).fill(1);
  if (panel.weights) {
    let s = 0;
    for (let i = 0; i < n; i++) s += panel.weights[i]!;
    for (let i = 0; i < n; i++) w[i] = (panel.weights[i]! * n) / s;
  }
  const pgOf = new Map<number, number>();
  for (let i = 0; i < n; i++) pgOf.set(panel.cohort[i]!, (pgOf.get(panel.cohort[i]!) ?? 0) + w[i]! / n);
  const pg = (c: number): number => pgOf.get(f.group[c]!) ?? 0;
  const cluster = f.options.cluster ? panel.cluster : undefined;
  const G = panel.cohort;

  /** Aggregate IF of sum_j wts_j ATT(keep_j) with wts ∝ pg, including the weight-estimation term. */
  const aggIf = (keep: readonly number[], withWif: boolean): { est: number; inf: Float64Array } => {
    let S = 0;
    for (const c of keep) S += pg(c);
    const inf = new Float64Array(n);
    let est = 0;
    for (const c of keep) {
      const a = pg(c) / S;
      est += a * f.att[c]!;
      const o = c * n;
      for (let i = 0; i < n; i++) inf[i] += a * f.psi[o + i]!;
    }
    if (withWif) addWif(inf, keep.map((c) => f.group[c]!), keep.map((c) => pg(c)), keep.map((c) => f.att[c]!), w, G);
    return { est, inf };
  };

  const by: { key: number; est: number; inf: Float64Array }[] = [];
  let overall: { est: number; inf: Float64Array };
  if (type === 'simple') {
    const keep = cells.filter((c) => f.group[c]! <= f.time[c]! && f.time[c]! - f.group[c]! <= maxE);
    overall = aggIf(keep, true);
  } else if (type === 'dynamic') {
    let include = (_c: number): boolean => true;
    const tmaxAll = Math.max(...cells.map((c) => f.time[c]!));
    const tminAll = Math.min(...cells.map((c) => f.time[c]!));
    let es = [...new Set(cells.map((c) => f.time[c]! - f.group[c]!))].sort((a, b) => a - b);
    if (opts.balanceE !== undefined) {
      const be = opts.balanceE;
      include = (c: number) => tmaxAll - f.group[c]! >= be;
      es = [...new Set(cells.filter(include).map((c) => f.time[c]! - f.group[c]!))].sort((a, b) => a - b);
      es = es.filter((e) => e <= be && e >= be - tmaxAll + tminAll);
    }
    es = es.filter((e) => e >= minE && e <= maxE);
    for (const e of es) {
      const keep = cells.filter((c) => f.time[c]! - f.group[c]! === e && include(c));
      const r = aggIf(keep, true);
      by.push({ key: e, ...r });
    }
    const pos = by.filter((b) => b.key >= 0);
    if (pos.length === 0) throw new PilotzoneError('E_NO_POST_PERIODS', 'did: no post-treatment event time to aggregate (dynamic).', { details: { option: 'maxE' } });
    overall = meanOf(pos, n);
  } else if (type === 'group') {
    const glist = [...new Set(cells.map((c) => f.group[c]!))].sort((a, b) => a - b);
    const gRows: { key: number; est: number; inf: Float64Array; pg: number }[] = [];
    for (const g of glist) {
      const keep = cells.filter((c) => f.group[c] === g && g <= f.time[c]! && f.time[c]! <= g + maxE);
      if (keep.length === 0) continue;
      const r = aggIf(keep, false);
      gRows.push({ key: g, ...r, pg: pgOf.get(g) ?? 0 });
    }
    for (const r of gRows) by.push({ key: r.key, est: r.est, inf: r.inf });
    let S = 0;
    for (const r of gRows) S += r.pg;
    const inf = new Float64Array(n);
    let est = 0;
    for (const r of gRows) {
      const a = r.pg / S;
      est += a * r.est;
      for (let i = 0; i < n; i++) inf[i] += a * r.inf[i]!;
    }
    // did 2.1.2 passes `group = group` (the ATT(g,t) cohort vector) to wif with keepers 1..nG, so the
    // indicator of the j-th group term is 1{G_i = group[j]} for the first nG ATT(g,t) cells; reproduced here
    const wifGroups = (opts.groupWif ?? 'did') === 'did' ? gRows.map((_, j) => f.group[cells[j]!]!) : gRows.map((r) => r.key);
    addWif(inf, wifGroups, gRows.map((r) => r.pg), gRows.map((r) => r.est), w, G);
    overall = { est, inf };
  } else {
    const minG = Math.min(...cells.map((c) => f.group[c]!));
    const tl = [...new Set(cells.map((c) => f.time[c]!))].filter((t) => t >= minG).sort((a, b) => a - b);
    for (const t1 of tl) {
      const keep = cells.filter((c) => f.time[c] === t1 && f.group[c]! <= t1 && t1 <= f.group[c]! + maxE);
      if (keep.length === 0) continue;
      by.push({ key: t1, ...aggIf(keep, true) });
    }
    overall = meanOf(by, n);
  }

  // standard errors: analytic (optionally clustered) or bootstrap as the att_gt fit
  const nb = by.length;
  const byIf = new Float64Array(n * nb);
  by.forEach((b, j) => byIf.set(b.inf, j * n));
  const seBy = new Float64Array(nb);
  for (let j = 0; j < nb; j++) seBy[j] = ifStandardError(byIf, j * n, n, cluster, panel.nclusters);
  let seOverall = ifStandardError(overall.inf, 0, n, cluster, panel.nclusters);
  const alpha = f.options.alpha;
  let crit = -normalQuantile(alpha / 2);
  let uniform = false;
  const boot = f.options.bootstrap;
  if (boot) {
    const common = { seed: boot.seed, iterations: boot.iterations, weights: boot.weights, alpha, ...(cluster ? { cluster } : {}) };
    if (nb > 0) {
      const b = multiplierBootstrap(byIf, n, nb, common);
      for (let j = 0; j < nb; j++) seBy[j] = b.se[j]!;
      if (Number.isFinite(b.critVal)) {
        crit = b.critVal;
        uniform = true;
      }
    }
    seOverall = multiplierBootstrap(overall.inf, n, 1, common).se[0]!;
  }
  const tiny = Math.sqrt(Number.EPSILON) * 10;
  const rows: AggteRow[] = by.map((b, j) => {
    const se = seBy[j]! > tiny ? seBy[j]! : NaN;
    return { key: b.key, estimate: b.est, std_error: fin(se), conf_low: fin(b.est - crit * se), conf_high: fin(b.est + crit * se) };
  });
  return new AggteResult(
    { type, overall: { estimate: overall.est, se: seOverall }, by: rows, overallIf: overall.inf, byIf, critVal: crit, uniform, alpha },
    res.warnings,
  );
}

function meanOf(rows: readonly { est: number; inf: Float64Array }[], n: number): { est: number; inf: Float64Array } {
  const inf = new Float64Array(n);
  let est = 0;
  const a = 1 / rows.length;
  for (const r of rows) {
    est += a * r.est;
    for (let i = 0; i < n; i++) inf[i] += a * r.inf[i]!;
  }
  return { est, inf };
}

/**
 * Adds did's `wif(...) %*% att` to `inf`: the influence of estimating the weights pg_j / sum(pg) by sample
 * shares. `groups[j]`, `pgs[j]`, `atts[j]` describe the aggregated cells; `w` the normalised unit weights.
 */
function addWif(inf: Float64Array, groups: readonly number[], pgs: readonly number[], atts: readonly number[], w: Float64Array, G: Float64Array): void {
  const J = groups.length;
  let S = 0, attPg = 0;
  for (let j = 0; j < J; j++) {
    S += pgs[j]!;
    attPg += atts[j]! * pgs[j]!;
  }
  const n = inf.length;
  for (let i = 0; i < n; i++) {
    // if1 . att = sum_j att_j (w_i 1{G_i = g_j} - pg_j) / S ; if2 . att = rowsum_i * sum_j att_j pg_j / S^2
    let a1 = 0, rs = 0;
    for (let j = 0; j < J; j++) {
      const ind = G[i] === groups[j] ? w[i]! : 0;
      a1 += atts[j]! * (ind - pgs[j]!);
      rs += ind - pgs[j]!;
    }
    inf[i] += a1 / S - (rs * attPg) / (S * S);
  }
}
