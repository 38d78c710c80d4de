/**
 * Sun & Abraham (2021) interaction-weighted event study, as fixest's `feols(y ~ sunab(cohort, time) | unit +
 * time)`: one coefficient per (treated cohort, relative period) except the reference period `refP`
 * (default -1), never-treated units as the omitted group; the cohort-specific coefficients are aggregated
 * with weights equal to each cohort's share of the observations in that relative period (fixest's
 * `aggregate`), and their clustered variance propagated linearly (delta method, `A V A'`).
 * `agg = "ATT"` averages every post-treatment (e >= 0) coefficient with observation-share weights;
 * `agg = "cohort"` averages each cohort's post-treatment coefficients.
 */
import { PilotzoneError } from '../../errors.js';
import { FeolsResult } from '../ols/result.js';
import { tPValueTwoSided, tQuantile } from '../../stats/distributions.js';
import type { DidPanel } from './panel.js';
import { panelDesign, twfeVcov, type TwfeVcovOptions } from './twfe.js';

export interface SunAbrahamOptions extends TwfeVcovOptions {
  /** Reference relative period(s) (fixest `ref.p`, default [-1]). */
  refP?: readonly number[];
  /** Confidence level (default 0.95). */
  level?: number;
}

export interface SaRow {
  term: string;
  estimate: number;
  std_error: number;
  statistic: number;
  p_value: number;
  conf_low: number;
  conf_high: number;
}

export interface SunAbrahamResult {
  readonly feols: FeolsResult;
  /** Aggregated by relative period (fixest's displayed `year::e` coefficients). */
  readonly byRelativePeriod: readonly (SaRow & { event_time: number })[];
  /** `summary(., agg = "ATT")`. */
  readonly att: SaRow;
  /** `summary(., agg = "cohort")`. */
  readonly byCohort: readonly (SaRow & { cohort: number })[];
  toJSON(): Record<string, unknown>;
}

/** Sun & Abraham (2021) interaction-weighted estimator on a balanced staggered panel. */
export function sunAbraham(panel: DidPanel, o: SunAbrahamOptions = {}): SunAbrahamResult {
  const { n, T, times, cohort } = panel;
  const refs = o.refP ?? [-1];
  const level = o.level ?? 0.95;
  const tname = panel.columns.time;
  // cells (g, e) with their observation counts
  const cells = new Map<string, { g: number; e: number; count: number }>();
  for (let i = 0; i < n; i++) {
    const g = cohort[i]!;
    if (g === 0) continue;
    for (let t = 0; t < T; t++) {
      const e = times[t]! - g;
      if (refs.includes(e)) continue;
      const key = `${g}|${e}`;
      const c = cells.get(key);
      if (c) c.count++;
      else cells.set(key, { g, e, count: 1 });
    }
  }
  const list = [...cells.values()].sort((a, b) => a.e - b.e || a.g - b.g);
  if (list.length === 0) throw new PilotzoneError('E_NO_GROUPS', `sunab: no treated cohort in column "${panel.columns.cohort}".`, { details: { column: panel.columns.cohort } });
  const N = n * T;
  const X = new Float64Array(N * list.length);
  const col = new Map<string, number>();
  list.forEach((c, j) => col.set(`${c.g}|${c.e}`, j));
  for (let i = 0; i < n; i++) {
    const g = cohort[i]!;
    if (g === 0) continue;
    for (let t = 0; t < T; t++) {
      const j = col.get(`${g}|${times[t]! - g}`);
      if (j !== undefined) X[j * N + i * T + t] = 1;
    }
  }
  const names = list.map((c) => `${tname}::${c.e}:cohort::${c.g}`);
  const design = panelDesign(panel, names, X, `${panel.columns.outcome} ~ sunab(${panel.columns.cohort}, ${tname}) | ${panel.columns.unit} + ${tname}`);
  const feols = FeolsResult.fit(design, { vcov: twfeVcov(panel, o), ...(o.ssc ? { ssc: o.ssc } : {}), level });
  const coefNames = feols.fit.coefNames;
  const p = coefNames.length;
  const pos = list.map((_, j) => coefNames.indexOf(names[j]!));
  const df = feols.variance.tDf;
  const crit = tQuantile(1 - (1 - level) / 2, df);
  const combine = (term: string, members: number[]): SaRow => {
    const used = members.filter((j) => pos[j]! >= 0);
    let tot = 0;
    for (const j of used) tot += list[j]!.count;
    let est = 0, v = 0;
    for (const a of used) {
      const wa = list[a]!.count / tot;
      est += wa * feols.fit.coef[pos[a]!]!;
      for (const b of used) v += wa * (list[b]!.count / tot) * feols.variance.matrix[pos[b]! * p + pos[a]!]!;
    }
    const se = Math.sqrt(v);
    const t = est / se;
    return { term, estimate: est, std_error: se, statistic: t, p_value: tPValueTwoSided(t, df), conf_low: est - crit * se, conf_high: est + crit * se };
  };
  const es = [...new Set(list.map((c) => c.e))].sort((a, b) => a - b);
  const byRelativePeriod = es.map((e) => ({ ...combine(`${tname}::${e}`, list.map((c, j) => (c.e === e ? j : -1)).filter((j) => j >= 0)), event_time: e }));
  const att = combine('ATT', list.map((c, j) => (c.e >= 0 ? j : -1)).filter((j) => j >= 0));
  const gs = [...new Set(list.map((c) => c.g))].sort((a, b) => a - b);
  const byCohort = gs.map((g) => ({ ...combine(`cohort::${g}`, list.map((c, j) => (c.g === g && c.e >= 0 ? j : -1)).filter((j) => j >= 0)), cohort: g }));
  return {
    feols,
    byRelativePeriod,
    att,
    byCohort,
    toJSON() {
      return {
        ...feols.toJSON(),
        command: 'did',
        estimator: 'sa',
        by_relative_period: byRelativePeriod,
        att,
        by_cohort: byCohort,
        aggregate: {
          type: 'dynamic',
          overall: { estimate: att.estimate, std_error: att.std_error, conf_low: att.conf_low, conf_high: att.conf_high },
          by: byRelativePeriod.map((r) => ({ event_time: r.event_time, estimate: r.estimate, std_error: r.std_error, conf_low: r.conf_low, conf_high: r.conf_high })),
        },
      };
    },
  };
}
