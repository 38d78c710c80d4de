/**
 * Two-way fixed-effects regressions on a staggered panel, all fitted by the shared feols
 * (`src/estimators/ols`, fixest conventions: clustered by unit by default, fixest's default small-sample
 * correction):
 *
 * - {@link twfeStatic}: `y ~ D | unit + time` with D = 1{t >= g} (fixest `feols(y ~ treat_post | id + t)`);
 * - {@link twfeEventStudy}: `y ~ i(rel, ref = c(-1, never)) | unit + time`, rel = t - g for treated units; the
 *   never treated sit in the omitted bin (fixest's `i(rel, ref = c(-1, -1000))`); optional binning of far
 *   leads / lags into end bins (`rel::<=-L`, `rel::>=L`) and other reference periods; joint Wald pre-test
 *   of the lead coefficients (F = W / q with the clustered variance, fixest's `wald()`);
 * - the design builder {@link panelDesign} shared by the Sun & Abraham estimator.
 */
import { OptionError, PilotzoneError } from '../../errors.js';
import type { ClusterVar, Design, FixedEffect } from '../design.js';
import { FeolsResult } from '../ols/result.js';
import type { SscSpec, VcovInput } from '../ols/options.js';
import { fSf } from '../../stats/distributions.js';
import { solveGeneral } from '../../linalg/cholesky.js';
import type { DidPanel } from './panel.js';

/** Variance options of the TWFE regressions (default: clustered by unit, fixest's ssc). */
export interface TwfeVcovOptions {
  /** `unit` (default), `cluster` (the panel's cluster column), `hetero` or `iid`. */
  vcov?: 'unit' | 'cluster' | 'hetero' | 'iid';
  ssc?: SscSpec;
}

/** A Design over the panel's n x T rows (row i * T + t) with unit and period fixed effects. */
export function panelDesign(panel: DidPanel, names: readonly string[], X: Float64Array, formula: string, keepRows?: Int32Array, yOverride?: Float64Array): Design {
  const full = panelDesignAll(panel, names, X, formula, yOverride);
  return keepRows ? subsetDesign(full, keepRows) : full;
}

/** The rows `keep` (indices into the design's rows) of a design; FE and clusters re-coded densely. */
export function subsetDesign(d: Design, keep: Int32Array): Design {
  const m = keep.length;
  const recode = (ids: Int32Array) => {
    const map = new Map<number, number>();
    const out = new Int32Array(m);
    for (let r = 0; r < m; r++) {
      const v = ids[keep[r]!]!;
      let c = map.get(v);
      if (c === undefined) {
        c = map.size;
        map.set(v, c);
      }
      out[r] = c;
    }
    return { ids: out, nlevels: map.size, order: [...map.keys()] };
  };
  const k = d.x.names.length;
  const X = new Float64Array(m * k);
  for (let j = 0; j < k; j++) for (let r = 0; r < m; r++) X[j * m + r] = d.x.X[j * d.n + keep[r]!]!;
  return {
    ...d,
    n: m,
    y: Float64Array.from(keep, (r) => d.y[r]!),
    x: { names: d.x.names, X },
    fe: d.fe.map((f) => {
      const c = recode(f.ids);
      return { name: f.name, ids: c.ids, nlevels: c.nlevels, levels: c.order.map((l) => f.levels[l]!) };
    }),
    clusters: d.clusters.map((c) => {
      const rc = recode(c.ids);
      return { name: c.name, ids: rc.ids, nlevels: rc.nlevels };
    }),
    rows: Int32Array.from(keep, (r) => d.rows[r]!),
    nobsOrigin: d.nobsOrigin,
    ...(d.weights ? { weights: Float64Array.from(keep, (r) => d.weights![r]!) } : {}),
  };
}

function panelDesignAll(panel: DidPanel, names: readonly string[], X: Float64Array, formula: string, yOverride?: Float64Array): Design {
  const { n, T } = panel;
  const N = n * T;
  const unitIds = new Int32Array(N), timeIds = new Int32Array(N);
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) {
    unitIds[i * T + t] = i;
    timeIds[i * T + t] = t;
  }
  const fe: FixedEffect[] = [
    { name: panel.columns.unit, ids: unitIds, nlevels: n, levels: panel.unitLabels },
    { name: panel.columns.time, ids: timeIds, nlevels: T, levels: Array.from(panel.times, String) },
  ];
  const clusters: ClusterVar[] = [];
  if (panel.cluster) {
    const ids = new Int32Array(N);
    for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) ids[i * T + t] = panel.cluster[i]!;
    clusters.push({ name: panel.columns.cluster!, ids, nlevels: panel.nclusters! });
  }
  const rows = new Int32Array(N);
  for (let r = 0; r < N; r++) rows[r] = r;
  return {
    n: N,
    yname: panel.columns.outcome,
    y: yOverride ?? panel.y,
    x: { names, X },
    intercept: false,
    fe,
    clusters,
    rows,
    removed: { missing: 0, zeroWeight: 0, byVariable: {} },
    nobsOrigin: N,
    formula,
    ...(panel.weights ? { weights: expandUnit(panel, panel.weights) } : {}),
  };
}

function expandUnit(panel: DidPanel, v: Float64Array): Float64Array {
  const out = new Float64Array(panel.n * panel.T);
  for (let i = 0; i < panel.n; i++) out.fill(v[i]!, i * panel.T, (i + 1) * panel.T);
  return out;
}

/** The feols variance request for these options. */
export function twfeVcov(panel: DidPanel, o: TwfeVcovOptions): VcovInput {
  const v = o.vcov ?? 'unit';
  if (v === 'unit') return { type: 'cluster', cluster: [panel.columns.unit] };
  if (v === 'cluster') {
    if (!panel.cluster) throw new OptionError('vcov', '"cluster" needs a cluster column in the panel.', ['unit', 'cluster', 'hetero', 'iid']);
    return { type: 'cluster', cluster: [panel.columns.cluster!] };
  }
  if (v === 'hetero' || v === 'iid') return v;
  throw new OptionError('vcov', `"${String(v)}" is not allowed.`, ['unit', 'cluster', 'hetero', 'iid']);
}

/** Options of {@link twfeStatic}. */
export interface TwfeStaticOptions extends TwfeVcovOptions {
  /** Add the panel's covariates as controls (time-varying values, row by row). */
  controls?: boolean;
  /** Add L lags of the outcome as controls (seed 001's robustness); the first L periods are dropped. */
  laggedOutcome?: number;
  /** Outcome to use instead of the panel's (n x T, e.g. a mediator for mechanism tables). */
  y?: Float64Array;
}

/**
 * Static TWFE DID: `y ~ D [+ covariates] [+ lags of y] | unit + time` (D = 1{t >= cohort}, never treated 0).
 * The coefficient on `treat_post` is the first one.
 */
export function twfeStatic(panel: DidPanel, o: TwfeStaticOptions = {}): FeolsResult {
  const { n, T, times, cohort } = panel;
  const N = n * T;
  const L = o.laggedOutcome ?? 0;
  if (!(Number.isInteger(L) && L >= 0 && L < T - 1)) throw new OptionError('laggedOutcome', `must be an integer between 0 and ${T - 2}, got ${L}.`);
  const yv = o.y ?? panel.y;
  const names = ['treat_post'];
  const cols: Float64Array[] = [];
  const D = new Float64Array(N);
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) D[i * T + t] = cohort[i]! !== 0 && times[t]! >= cohort[i]! ? 1 : 0;
  cols.push(D);
  if (o.controls) {
    panel.covariateNames.forEach((nm, j) => {
      names.push(nm);
      cols.push(panel.x.slice(j * n * T, (j + 1) * n * T));
    });
  }
  for (let l = 1; l <= L; l++) {
    const c = new Float64Array(N);
    for (let i = 0; i < n; i++) for (let t = l; t < T; t++) c[i * T + t] = yv[i * T + t - l]!;
    names.push(`l${l}.${panel.columns.outcome}`);
    cols.push(c);
  }
  const X = new Float64Array(N * cols.length);
  cols.forEach((c, j) => X.set(c, j * N));
  let keep: Int32Array | undefined;
  if (L > 0) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) for (let t = L; t < T; t++) rows.push(i * T + t);
    keep = Int32Array.from(rows);
  }
  const rhs = names.join(' + ');
  const design = panelDesign(panel, names, X, `${panel.columns.outcome} ~ ${rhs} | ${panel.columns.unit} + ${panel.columns.time}`, keep, yv);
  return FeolsResult.fit(design, { vcov: twfeVcov(panel, o), ...(o.ssc ? { ssc: o.ssc } : {}) });
}

/** Options of {@link twfeEventStudy}. */
export interface EventStudyOptions extends TwfeVcovOptions {
  /** Reference (omitted) relative periods (default [-1]). */
  ref?: readonly number[];
  /** Bin leads at or below -leads into one dummy (default: no binning). */
  leads?: number;
  /** Bin lags at or above `lags` into one dummy (default: no binning). */
  lags?: number;
}

export interface EventStudyResult {
  readonly feols: FeolsResult;
  /** Plot-ready rows (the reference periods included with estimate 0). */
  readonly coefficients: readonly { rel: string; event_time: number; estimate: number; std_error: number | null; conf_low: number | null; conf_high: number | null; reference: boolean }[];
  /** Joint Wald test that every lead coefficient is 0 (F = W / q, df (q, t df)). */
  readonly pretest: { statistic: number; df1: number; df2: number; p_value: number } | null;
  toJSON(): Record<string, unknown>;
}

/** TWFE event study with leads and lags of event time (fixest `i(rel, ref = ...)`), never treated in the omitted bin. */
export function twfeEventStudy(panel: DidPanel, o: EventStudyOptions = {}): EventStudyResult {
  const { n, T, times, cohort } = panel;
  const refs = o.ref ?? [-1];
  if (!Array.isArray(refs) || refs.length === 0) throw new OptionError('ref', 'needs at least one reference period.');
  if (o.leads !== undefined && !(Number.isInteger(o.leads) && o.leads >= 1)) throw new OptionError('leads', `must be a positive integer, got ${o.leads}.`);
  if (o.lags !== undefined && !(Number.isInteger(o.lags) && o.lags >= 0)) throw new OptionError('lags', `must be a non-negative integer, got ${o.lags}.`);
  const binned = (e: number): number => {
    if (o.leads !== undefined && e <= -o.leads) return -o.leads;
    if (o.lags !== undefined && e >= o.lags) return o.lags;
    return e;
  };
  const relSet = new Set<number>();
  for (let i = 0; i < n; i++) if (cohort[i]! !== 0) for (let t = 0; t < T; t++) relSet.add(binned(times[t]! - cohort[i]!));
  const rels = [...relSet].filter((e) => !refs.includes(e)).sort((a, b) => a - b);
  if (rels.length === 0) throw new PilotzoneError('E_NO_GROUPS', `event study: no treated unit in column "${panel.columns.cohort}" has a relative period outside the reference.`, { details: { column: panel.columns.cohort } });
  const label = (e: number): string => {
    if (o.leads !== undefined && e === -o.leads) return `rel::<=${e}`;
    if (o.lags !== undefined && e === o.lags) return `rel::>=${e}`;
    return `rel::${e}`;
  };
  const col = new Map<number, number>();
  rels.forEach((e, j) => col.set(e, j));
  const N = n * T;
  const X = new Float64Array(N * rels.length);
  for (let i = 0; i < n; i++) {
    if (cohort[i]! === 0) continue;
    for (let t = 0; t < T; t++) {
      const j = col.get(binned(times[t]! - cohort[i]!));
      if (j !== undefined) X[j * N + i * T + t] = 1;
    }
  }
  const names = rels.map(label);
  const design = panelDesign(panel, names, X, `${panel.columns.outcome} ~ i(rel, ref = c(${refs.join(', ')})) | ${panel.columns.unit} + ${panel.columns.time}`);
  const feols = FeolsResult.fit(design, { vcov: twfeVcov(panel, o), ...(o.ssc ? { ssc: o.ssc } : {}) });
  const tidy = feols.tidy();
  const byName = new Map(tidy.map((r) => [r.term, r]));
  const coefficients = [...rels.map((e) => ({ e, ref: false })), ...refs.map((e) => ({ e, ref: true }))]
    .sort((a, b) => a.e - b.e)
    .map(({ e, ref }) => {
      if (ref) return { rel: `rel::${e}`, event_time: e, estimate: 0, std_error: null, conf_low: null, conf_high: null, reference: true };
      const r = byName.get(label(e));
      return { rel: label(e), event_time: e, estimate: r ? r.estimate : NaN, std_error: r?.std_error ?? null, conf_low: r?.conf_low ?? null, conf_high: r?.conf_high ?? null, reference: false };
    });
  const leadNames = rels.filter((e) => e < 0).map(label).filter((nm) => feols.fit.coefNames.includes(nm));
  const pretest = waldTest(feols, leadNames);
  return {
    feols,
    coefficients,
    pretest,
    toJSON() {
      return { ...feols.toJSON(), command: 'did', estimator: 'twfe_event_study', event_study: coefficients, pretest };
    },
  };
}

/** Joint Wald test of `terms` = 0 with the fit's variance (fixest `wald()`: F = W / q, df2 = the t df). */
export function waldTest(res: FeolsResult, terms: readonly string[]): { statistic: number; df1: number; df2: number; p_value: number } | null {
  if (terms.length === 0) return null;
  const names = res.fit.coefNames;
  const p = names.length;
  const idx = terms.map((t) => names.indexOf(t));
  const q = idx.length;
  const V = new Float64Array(q * q);
  const b = new Float64Array(q);
  idx.forEach((a, r) => {
    b[r] = res.fit.coef[a]!;
    idx.forEach((c, s) => (V[s * q + r] = res.variance.matrix[c * p + a]!));
  });
  const sol = solveGeneral(V, q, b);
  if (!sol) return null;
  let W = 0;
  for (let r = 0; r < q; r++) W += b[r]! * sol[r]!;
  const F = W / q;
  const df2 = res.variance.tDf;
  return { statistic: F, df1: q, df2, p_value: fSf(F, q, df2) };
}
