/**
 * Goodman-Bacon (2021) decomposition of the two-way fixed-effects DID coefficient into 2x2 comparisons,
 * reproducing R bacondecomp 0.1.1 `bacon(y ~ D, id_var, time_var)` without covariates.
 *
 * Conventions (bacondecomp's):
 * - timing groups are the cohorts; units treated in (or before) the first period form the "always treated"
 *   group (treatment time = first period); never-treated units are the untreated group (`control: 'never'`);
 * - for every ordered pair (treated k, comparison u), k not always treated: u never treated ->
 *   "Treated vs Untreated" over all periods; k earlier than u -> "Earlier vs Later Treated" over periods
 *   before u; k later than u -> "Later vs Earlier Treated" (or "Later vs Always Treated") over periods from u on;
 * - the 2x2 estimate is the TWFE coefficient on the pair's subsample, which in a balanced panel equals the
 *   difference in mean changes (post = periods >= k within the window);
 * - weight: `N^2 s (1 - s) D (1 - D)` with N the rows of the subsample, s the treated group's share of its
 *   units, D the treated group's share of treated periods in the window; weights are rescaled to sum to 1.
 * The weighted sum of the estimates equals the TWFE coefficient of the balanced panel.
 */
import { PilotzoneError } from '../../errors.js';
import type { Warning } from '../../errors.js';
import type { DidPanel } from './panel.js';

export type BaconType = 'Earlier vs Later Treated' | 'Later vs Earlier Treated' | 'Treated vs Untreated' | 'Later vs Always Treated';

export interface BaconComparison {
  readonly type: BaconType;
  /** Cohort of the treated group. */
  readonly treated: number;
  /** Cohort of the comparison group, or `'never'`. */
  readonly control: number | 'never';
  readonly estimate: number;
  readonly weight: number;
}

export interface BaconByType {
  readonly type: BaconType;
  readonly weight: number;
  /** Weighted mean of the estimates of this type. */
  readonly estimate: number;
}

export interface BaconResult {
  readonly comparisons: readonly BaconComparison[];
  readonly byType: readonly BaconByType[];
  /** sum of weight x estimate = the TWFE coefficient. */
  readonly twfeEstimate: number;
  readonly warnings: readonly Warning[];
  toJSON(): Record<string, unknown>;
  summary(): string;
}

/**
 * Goodman-Bacon decomposition of a balanced staggered panel (build it with
 * `buildDidPanel(..., { firstPeriodTreated: 'keep' })` to keep always-treated units, as TWFE does).
 */
export function baconDecomposition(panel: DidPanel): BaconResult {
  const { n, T, y, times } = panel;
  const tmin = times[0]!;
  // group code: cohort value (always treated -> tmin), 0 = never
  const gOf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = panel.cohort[i]!;
    gOf[i] = g !== 0 && g <= tmin ? tmin : g;
  }
  const groups = [...new Set(gOf)].sort((a, b) => a - b);
  const gi = new Map<number, number>();
  groups.forEach((g, j) => gi.set(g, j));
  const ng = groups.length;
  const count = new Float64Array(ng);
  const sum = new Float64Array(ng * T);
  for (let i = 0; i < n; i++) {
    const j = gi.get(gOf[i]!)!;
    count[j]!++;
    for (let t = 0; t < T; t++) sum[j * T + t] += y[i * T + t]!;
  }
  const mean = (j: number, t: number): number => sum[j * T + t]! / count[j]!;
  const timing = groups.filter((g) => g !== 0);
  if (timing.filter((g) => g !== tmin).length === 0) {
    throw new PilotzoneError('E_NO_GROUPS', `bacon: no cohort of column "${panel.columns.cohort}" is treated after the first period; there is nothing to decompose.`, { details: { column: panel.columns.cohort } });
  }
  const raw: { type: BaconType; treated: number; control: number | 'never'; estimate: number; weight: number }[] = [];
  for (const k of timing) {
    if (k === tmin) continue; // always treated never serve as the treated group
    for (const u of groups) {
      if (u === k) continue;
      let lo = 0, hi = T; // window [lo, hi)
      let type: BaconType;
      if (u === 0) type = 'Treated vs Untreated';
      else if (u === tmin) type = 'Later vs Always Treated';
      else if (k > u) type = 'Later vs Earlier Treated';
      else type = 'Earlier vs Later Treated';
      if (u !== 0 && k < u) hi = times.findIndex((t) => t >= u);
      if (u !== 0 && k > u) lo = times.findIndex((t) => t >= u);
      const jk = gi.get(k)!, ju = gi.get(u)!;
      let pre = 0, post = 0;
      let dk = 0, du = 0;
      let preK = 0, postK = 0, preU = 0, postU = 0;
      for (let t = lo; t < hi; t++) {
        if (times[t]! >= k) {
          post++;
          postK += mean(jk, t);
          postU += mean(ju, t);
        } else {
          pre++;
          preK += mean(jk, t);
          preU += mean(ju, t);
        }
      }
      if (pre === 0 || post === 0) continue;
      dk = postK / post - preK / pre;
      du = postU / post - preU / pre;
      const N = (count[jk]! + count[ju]!) * (hi - lo);
      const s = count[jk]! / (count[jk]! + count[ju]!);
      const D = post / (hi - lo);
      raw.push({ type, treated: k, control: u === 0 ? 'never' : u, estimate: dk - du, weight: N * N * s * (1 - s) * D * (1 - D) });
    }
  }
  let W = 0;
  for (const r of raw) W += r.weight;
  const comparisons: BaconComparison[] = raw.map((r) => ({ ...r, weight: r.weight / W }));
  let twfe = 0;
  for (const c of comparisons) twfe += c.weight * c.estimate;
  const types: BaconType[] = ['Earlier vs Later Treated', 'Later vs Earlier Treated', 'Later vs Always Treated', 'Treated vs Untreated'];
  const byType: BaconByType[] = [];
  for (const ty of types) {
    const cs = comparisons.filter((c) => c.type === ty);
    if (cs.length === 0) continue;
    let w = 0, e = 0;
    for (const c of cs) {
      w += c.weight;
      e += c.weight * c.estimate;
    }
    byType.push({ type: ty, weight: w, estimate: e / w });
  }
  const warnings = [...panel.warnings];
  return {
    comparisons,
    byType,
    twfeEstimate: twfe,
    warnings,
    toJSON() {
      return {
        estimator: 'bacon',
        twfe_estimate: twfe,
        comparisons: comparisons.map((c) => ({ type: c.type, treated: c.treated, control: c.control, weight: c.weight, estimate: c.estimate })),
        by_type: byType.map((b) => ({ type: b.type, weight: b.weight, estimate: b.estimate })),
        warnings,
      };
    },
    summary() {
      const lines = ['Goodman-Bacon (2021) decomposition of the TWFE DID coefficient', `TWFE estimate: ${twfe.toFixed(6)}`, '', 'type                        weight    avg. estimate'];
      for (const b of byType) lines.push(`${b.type.padEnd(26)} ${b.weight.toFixed(5).padStart(8)}   ${b.estimate.toFixed(6).padStart(10)}`);
      lines.push('', 'treated  control      weight    estimate');
      for (const c of comparisons) lines.push(`${String(c.treated).padStart(7)}  ${String(c.control).padStart(7)}  ${c.weight.toFixed(5).padStart(10)}  ${c.estimate.toFixed(6).padStart(10)}`);
      return lines.join('\n');
    },
  };
}
