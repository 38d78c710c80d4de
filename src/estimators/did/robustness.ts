/**
 * The robustness battery of the pilot-zone papers as options over a staggered panel:
 *
 * - {@link didPermutation}: random-assignment placebo (seed papers: 500 draws of the adoption vector with the
 *   observed cohort sizes), TWFE coefficient per draw, p-value and density data (`src/inference/permutation`);
 * - {@link shiftCohorts}: fake timing, adoption moved k periods earlier (seed 004);
 * - {@link dropUnits}: re-estimate without a set of units (e.g. the municipalities, seed 001);
 * - {@link csPermutation}: the same placebo with the Callaway-Sant'Anna simple ATT as the statistic;
 * - {@link subgroupAtt} / {@link subgroupTwfe}: Callaway-Sant'Anna simple ATT (or static TWFE) by subgroup (region, coastal, terciles of a moderator)
 *   with a Wald test of equal effects (subgroups are disjoint sets of units, so their estimates are
 *   independent: W = sum_g (a_g - a_bar)^2 / se_g^2 with a_bar the precision-weighted mean, chi-square with
 *   G - 1 df).
 * - {@link mechanismTable}: two-step mechanism tables (seed 004); lagged outcomes: `twfeStatic(panel, { laggedOutcome })`.
 * Windows of +/- k periods are `aggte(..., { minE: -k, maxE: k })` and `twfeEventStudy(..., { leads, lags })`.
 */
import { OptionError, PilotzoneError, throwIfCancelled } from '../../errors.js';
import type { RunControl } from '../../control.js';
import { chi2Sf } from '../../stats/distributions.js';
import { permutationTest, type AssignmentScheme, type PermutationResult } from '../../inference/permutation.js';
import type { Table } from '../../data/table.js';
import type { DidPanel } from './panel.js';
import { panelDesign, twfeStatic, type TwfeStaticOptions, type TwfeVcovOptions } from './twfe.js';
import type { TidyRow } from '../result.js';
import { attGt, type AttGtOptions } from './att-gt.js';
import { aggte } from './aggte.js';
import { histogramOf } from '../../stats/histogram.js';
import { csPermutationDraws } from '../../inference/cs-permutation.js';
import { csDrawOptions, csSimpleAtt } from '../../inference/cs-permutation-core.js';
import { resolveThreads } from '../../parallel/pool.js';

/**
 * Random-assignment permutation test of the TWFE DID coefficient on a staggered panel.
 * `laggedOutcome: L` adds L lags of the outcome as controls and drops the first L periods, as
 * `twfeStatic(panel, { laggedOutcome: L })` does (the observed coefficient is that fit's `treat_post`).
 */
export async function didPermutation(panel: DidPanel, opts: { draws?: number; seed: number; threads?: number; control?: RunControl; laggedOutcome?: number }): Promise<PermutationResult> {
  const { n, T, times } = panel;
  const L = opts.laggedOutcome ?? 0;
  if (!(Number.isInteger(L) && L >= 0 && L < T - 1)) throw new OptionError('laggedOutcome', `must be an integer between 0 and ${T - 2}, got ${L}.`);
  const N = n * T;
  const names: string[] = [];
  const X = new Float64Array(N * L);
  for (let l = 1; l <= L; l++) {
    names.push(`l${l}.${panel.columns.outcome}`);
    for (let i = 0; i < n; i++) for (let t = l; t < T; t++) X[(l - 1) * N + i * T + t] = panel.y[i * T + t - l]!;
  }
  let keep: Int32Array | undefined;
  if (L > 0) {
    keep = new Int32Array(n * (T - L));
    let r = 0;
    for (let i = 0; i < n; i++) for (let t = L; t < T; t++) keep[r++] = i * T + t;
  }
  const rhs = ['D', ...names].join(' + ');
  const design = panelDesign(panel, names, X, `${panel.columns.outcome} ~ ${rhs} | ${panel.columns.unit} + ${panel.columns.time}`, keep);
  const m = design.n;
  const unit = new Int32Array(m), time = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const o = design.rows[r]!;
    unit[r] = Math.floor(o / T);
    time[r] = times[o % T]!;
  }
  return permutationTest(design, { members: [unit], time, cohort: panel.cohort }, opts);
}

/**
 * Random-assignment permutation test with the Callaway-Sant'Anna simple ATT (`aggte(attGt(...), 'simple')`,
 * Callaway & Sant'Anna 2021 / R did 2.1.2) as the statistic: each draw permutes the units' adoption periods
 * (cohort sizes kept; draw d shuffles with `new Rng(seed).fork(d)`, the convention of {@link permutationTest})
 * and re-runs att_gt with the same options (comparison group, base period, anticipation, covariates and
 * method); the bootstrap and run control of `att` are ignored in the draws. Each draw is a full att_gt fit
 * (no FWL shortcut exists for it); draws run on `threads` worker threads (1 = inline; default: inline for small
 * jobs, else the cores, see `csPermutationDraws`), with identical results for any thread count (`src/inference/cs-permutation.ts`). Progress is reported in draws
 * through `control.onProgress`; `control.signal` cancels (`CancelledError`). p-values as
 * {@link permutationTest}, over the draws whose ATT is finite.
 */
export async function csPermutation(panel: DidPanel, opts: { draws?: number; seed: number; att?: AttGtOptions; bins?: number; threads?: number; control?: RunControl }): Promise<PermutationResult> {
  const draws = opts.draws ?? 500;
  if (!Number.isInteger(draws) || draws < 1) throw new OptionError('draws', `must be a positive integer, got ${draws}.`);
  if (!Number.isFinite(opts.seed)) throw new OptionError('seed', 'a seed is required (it is reported with the result).');
  if (opts.threads !== undefined) resolveThreads(opts.threads);
  throwIfCancelled(opts.control?.signal, 'permutation test');
  const observed = csSimpleAtt(panel, csDrawOptions(opts.att));
  const all = await csPermutationDraws(panel, opts.att, { draws, seed: opts.seed, ...(opts.threads !== undefined ? { threads: opts.threads } : {}), ...(opts.control ? { control: opts.control } : {}) });
  let two = 0, lo = 0, hi = 0, finite = 0;
  const a = Math.abs(observed);
  for (const b of all) {
    if (!Number.isFinite(b)) continue;
    finite++;
    if (Math.abs(b) >= a - 1e-12 * Math.max(1, a)) two++;
    if (b <= observed) lo++;
    if (b >= observed) hi++;
  }
  if (finite === 0) throw new PilotzoneError('E_PERMUTATION_FAILED', 'permutation test: no draw gave a finite simple ATT.');
  const histogram = histogramOf(all, opts.bins ?? 40);
  const res: PermutationResult = {
    observed,
    draws: all,
    pValue: two / finite,
    pValuePlus1: (1 + two) / (finite + 1),
    pValueLower: lo / finite,
    pValueUpper: hi / finite,
    seed: opts.seed,
    histogram,
    toJSON() {
      return { statistic: 'simple_att', observed, draws: Array.from(all, (v) => (Number.isFinite(v) ? v : null)), n_draws: draws, n_finite: finite, p_value: res.pValue, p_value_plus1: res.pValuePlus1, p_value_lower: res.pValueLower, p_value_upper: res.pValueUpper, seed: opts.seed, histogram };
    },
  };
  return res;
}

/**
 * Fake timing: every treated unit's adoption moved `k` periods earlier (k >= 1, in positions of the
 * observed periods). Units whose fake adoption would fall at or before the first period become
 * first-period treated and are dropped as did does (warning `W_TREATED_FIRST_PERIOD`).
 */
export function shiftCohorts(panel: DidPanel, k: number): DidPanel {
  if (!(Number.isInteger(k) && k >= 1)) throw new OptionError('k', `must be a positive integer number of periods, got ${k}.`);
  const pos = new Map<number, number>();
  panel.times.forEach((t, j) => pos.set(t, j));
  const cohort = new Float64Array(panel.n);
  const keep: number[] = [];
  for (let i = 0; i < panel.n; i++) {
    const g = panel.cohort[i]!;
    if (g === 0) {
      keep.push(i);
      continue;
    }
    const j = pos.get(g)! - k;
    if (j <= 0) continue;
    cohort[i] = panel.times[j]!;
    keep.push(i);
  }
  const dropped = panel.n - keep.length;
  const sub = subsetUnits({ ...panel, cohort }, keep);
  return {
    ...sub,
    warnings: [
      ...sub.warnings,
      { code: 'W_FAKE_TIMING', message: `adoption moved ${k} period(s) earlier (placebo timing).` },
      ...(dropped ? [{ code: 'W_TREATED_FIRST_PERIOD', message: `dropped ${dropped} unit(s) whose fake adoption falls at or before the first period.` }] : []),
    ],
  };
}

/** The panel without the named units (labels as in `panel.unitLabels`); unknown labels are an error. */
export function dropUnits(panel: DidPanel, labels: readonly string[]): DidPanel {
  const set = new Set(labels);
  const known = new Set(panel.unitLabels);
  for (const l of labels) {
    if (!known.has(l)) throw new PilotzoneError('E_UNKNOWN_UNIT', `drop units: unit "${l}" is not in column "${panel.columns.unit}".`, { details: { column: panel.columns.unit, unit: l } });
  }
  const keep: number[] = [];
  for (let i = 0; i < panel.n; i++) if (!set.has(panel.unitLabels[i]!)) keep.push(i);
  if (keep.length === 0) throw new PilotzoneError('E_EMPTY', 'drop units: no unit left.', { details: { column: panel.columns.unit } });
  return subsetUnits(panel, keep);
}

/** A panel restricted to the listed units (in that order). */
export function subsetUnits(panel: DidPanel, keep: readonly number[]): DidPanel {
  const { T } = panel;
  const m = keep.length;
  const k = panel.covariateNames.length;
  const y = new Float64Array(m * T), x = new Float64Array(k * m * T), cohort = new Float64Array(m);
  const labels: string[] = [];
  keep.forEach((i, r) => {
    y.set(panel.y.subarray(i * T, (i + 1) * T), r * T);
    for (let j = 0; j < k; j++) x.set(panel.x.subarray((j * panel.n + i) * T, (j * panel.n + i + 1) * T), (j * m + r) * T);
    cohort[r] = panel.cohort[i]!;
    labels.push(panel.unitLabels[i]!);
  });
  let cluster: Int32Array | undefined;
  let nclusters: number | undefined;
  if (panel.cluster) {
    const map = new Map<number, number>();
    cluster = new Int32Array(m);
    keep.forEach((i, r) => {
      const c = panel.cluster![i]!;
      if (!map.has(c)) map.set(c, map.size);
      cluster![r] = map.get(c)!;
    });
    nclusters = map.size;
  }
  const cohorts = Float64Array.from([...new Set(cohort)].filter((v) => v !== 0).sort((a, b) => a - b));
  return {
    ...panel,
    n: m,
    y,
    x,
    cohort,
    cohorts,
    unitLabels: labels,
    warnings: [...panel.warnings],
    ...(panel.weights ? { weights: Float64Array.from(keep, (i) => panel.weights![i]!) } : {}),
    ...(cluster ? { cluster, nclusters } : {}),
  };
}

export interface SubgroupAtt {
  readonly groups: readonly { group: string; n_units: number; estimate: number; std_error: number }[];
  /** Wald test of equal ATT across subgroups. */
  readonly equality: { statistic: number; df: number; p_value: number };
}

/**
 * Callaway-Sant'Anna simple ATT within each subgroup of units (`groupOf[i]` labels unit i) and a Wald test
 * that the subgroup ATTs are equal.
 */
export function subgroupAtt(panel: DidPanel, groupOf: readonly string[], opts: AttGtOptions = {}): SubgroupAtt {
  return bySubgroup(panel, groupOf, (sub) => {
    const s = aggte(attGt(sub, opts), 'simple').fit.overall;
    return { estimate: s.estimate, std_error: s.se };
  });
}

/**
 * Static TWFE `treat_post` coefficient ({@link twfeStatic}, same options: variance, controls, lagged outcome)
 * within each subgroup of units, and the Wald test of equal coefficients of {@link subgroupAtt} (the
 * subgroups are disjoint sets of units, so with unit-clustered variances their estimates are independent).
 */
export function subgroupTwfe(panel: DidPanel, groupOf: readonly string[], o: TwfeStaticOptions = {}): SubgroupAtt {
  return bySubgroup(panel, groupOf, (sub) => {
    const r = twfeStatic(sub, o).tidy()[0]!;
    return { estimate: r.estimate, std_error: r.std_error ?? NaN };
  });
}

function bySubgroup(panel: DidPanel, groupOf: readonly string[], fit: (sub: DidPanel) => { estimate: number; std_error: number }): SubgroupAtt {
  if (groupOf.length !== panel.n) throw new OptionError('groupOf', `needs one label per unit (${panel.n}), got ${groupOf.length}.`);
  const labels = [...new Set(groupOf)].sort();
  if (labels.length < 2) throw new OptionError('groupOf', 'needs at least two subgroups.');
  const groups = labels.map((g) => {
    const keep: number[] = [];
    groupOf.forEach((l, i) => l === g && keep.push(i));
    const sub = subsetUnits(panel, keep);
    return { group: g, n_units: keep.length, ...fit(sub) };
  });
  let wsum = 0, wa = 0;
  for (const g of groups) {
    wsum += 1 / g.std_error ** 2;
    wa += g.estimate / g.std_error ** 2;
  }
  const abar = wa / wsum;
  let W = 0;
  for (const g of groups) W += ((g.estimate - abar) / g.std_error) ** 2;
  const df = groups.length - 1;
  return { groups, equality: { statistic: W, df, p_value: chi2Sf(W, df) } };
}

/**
 * Assignment scheme of a dyadic (city-pair) panel whose treatment is "either member has adopted"
 * (`policy = 1{t >= g_i or t >= g_j}`), with each city's adoption period recovered from the observed policy:
 * g_c = 1 + the last period in which some pair of c is untreated (never treated when that is the last period).
 * The result feeds {@link permutationTest}: draws permute adoption periods across cities.
 * `rows` are the table rows used by the design (design.rows).
 */
export function pairAssignmentFromPolicy(table: Table, rows: Int32Array, cols: { first: string; second: string; time: string; policy: string }): AssignmentScheme {
  const ci = table.numeric(cols.first), cj = table.numeric(cols.second), yr = table.numeric(cols.time), pol = table.numeric(cols.policy);
  const cities = new Map<number, number>();
  for (let r = 0; r < table.nrows; r++) {
    if (!cities.has(ci[r]!)) cities.set(ci[r]!, cities.size);
    if (!cities.has(cj[r]!)) cities.set(cj[r]!, cities.size);
  }
  const years = [...new Set(yr)].sort((a, b) => a - b);
  const next = new Map<number, number>();
  years.forEach((y, k) => next.set(y, k + 1 < years.length ? years[k + 1]! : Infinity));
  const lastUntreated = new Float64Array(cities.size).fill(-Infinity);
  for (let r = 0; r < table.nrows; r++) {
    if (pol[r] !== 0) continue;
    for (const c of [ci[r]!, cj[r]!]) lastUntreated[cities.get(c)!] = Math.max(lastUntreated[cities.get(c)!]!, yr[r]!);
  }
  const cohort = Float64Array.from(lastUntreated, (v) => {
    if (v === -Infinity) return years[0]!;
    const nx = next.get(v)!;
    return nx === Infinity ? 0 : nx;
  });
  const n = rows.length;
  const mi = new Int32Array(n), mj = new Int32Array(n), time = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const s = rows[r]!;
    mi[r] = cities.get(ci[s]!)!;
    mj[r] = cities.get(cj[s]!)!;
    time[r] = yr[s]!;
  }
  return { members: [mi, mj], time, cohort };
}

/** One row of a two-step mechanism table. */
export interface MechanismRow {
  mediator: string;
  /** Step 1: TWFE effect of the treatment on the mediator (`M ~ D | unit + time`). */
  onMediator: TidyRow;
  /** Step 2: the mediator's coefficient in `y ~ D + M | unit + time`. */
  mediatorOnOutcome: TidyRow;
  /** Step 2: the treatment's coefficient once the mediator is controlled for. */
  directEffect: TidyRow;
}

/**
 * Two-step mechanism table of the pilot-zone papers (seed 004): for each mediator (a covariate of the panel),
 * the TWFE effect of the policy on the mediator, then the outcome regression on the policy and the mediator.
 * Same variance options as {@link twfeStatic} (default clustered by unit). Descriptive, not a causal mediation
 * analysis (the papers' convention): the table reports what changes, not identified indirect effects.
 */
export function mechanismTable(panel: DidPanel, mediators: readonly string[], o: TwfeVcovOptions = {}): MechanismRow[] {
  if (mediators.length === 0) throw new OptionError('mediators', 'needs at least one mediator column.');
  const { n, T } = panel;
  return mediators.map((m) => {
    const j = panel.covariateNames.indexOf(m);
    if (j < 0) throw new PilotzoneError('E_MISSING_COLUMN', `mechanism table: mediator "${m}" is not among the panel's covariates (${panel.covariateNames.join(', ') || 'none'}).`, { hint: 'Build the panel with the mediators as covariates.', details: { column: m } });
    const M = panel.x.slice(j * n * T, (j + 1) * n * T);
    const step1 = twfeStatic(panel, { ...o, y: M }).tidy()[0]!;
    const sub: DidPanel = { ...panel, covariateNames: [m], x: M };
    const t2 = twfeStatic(sub, { ...o, controls: true }).tidy();
    const mediatorOnOutcome = t2.find((r) => r.term === m);
    const directEffect = t2.find((r) => r.term === 'treat_post');
    if (!mediatorOnOutcome || !directEffect || !Number.isFinite(mediatorOnOutcome.estimate) || !Number.isFinite(directEffect.estimate)) {
      throw new PilotzoneError('E_COLLINEAR', `mechanism table: mediator "${m}" is collinear with the treatment once the unit and period fixed effects are removed; step 2 cannot separate them.`, { details: { column: m } });
    }
    return { mediator: m, onMediator: { ...step1, term: `treat_post -> ${m}` }, mediatorOnOutcome, directEffect };
  });
}
