/**
 * Callaway & Sant'Anna (2021) group-time average treatment effects ATT(g,t) for staggered adoption with
 * panel data, reproducing R did 2.1.2 `att_gt(panel = TRUE)`.
 *
 * Conventions (did's):
 * - groups g are the treated cohorts first treated after the first period (+ anticipation);
 * - comparison group: never treated (`control = 'never'`, did's `nevertreated`) or not yet treated
 *   (`'notyet'`: never treated plus units with g' > max(t, base) + anticipation, g' != g). Without
 *   never-treated units and `'notyet'`, periods t >= max(g) - anticipation are dropped and the last cohort is
 *   only a comparison group (did);
 * - base period: `varying` (did's default: a pre-treatment ATT(g,t) compares t with t-1, a post-treatment one
 *   compares t with g - anticipation - 1) or `universal` (always g - anticipation - 1; ATT(g, g-1-a) = 0);
 * - each ATT(g,t) is a 2x2 DID (unconditional, or `dr` / `ipw` / `reg` with covariates, see `drdid.ts`) over
 *   the units of g and of the comparison group; its influence function is scaled by n / n_gt and set to 0 for
 *   the other units, so `V = psi'psi / n` and `se = sqrt(sum_i psi_i^2) / n` (no df correction);
 * - `cluster`: analytic SE from cluster sums of psi, `se = sqrt(sum_c (sum_{i in c} psi_i)^2) / n`
 *   (did itself only clusters through the bootstrap; its clustered bootstrap targets the same quantity);
 * - pre-test: did's Wald statistic `W = n a' V^{-1} a` over the pre-treatment ATT(g,t), chi-square with as many
 *   df as pre-treatment ATT(g,t) (did rounds its p-value to 5 decimals; we do not);
 * - bootstrap (optional): multiplier bootstrap SEs and a sup-t uniform band (`src/inference`).
 */
import { OptionError, PilotzoneError, throwIfCancelled, type Warning } from '../../errors.js';
import type { RunControl } from '../../control.js';
import { chi2Sf, normalQuantile } from '../../stats/distributions.js';
import { multiplierBootstrap, type MultiplierWeights } from '../../inference/multiplier-bootstrap.js';
import { solveGeneral } from '../../linalg/cholesky.js';
import type { DidPanel } from './panel.js';
import { DID_METHODS, twoByTwoDid, unconditionalDid, type DidMethod, type TwoByTwoFit } from './drdid.js';
import { AttGtResult } from './att-gt-result.js';

export type ControlGroup = 'never' | 'notyet';
export type BasePeriod = 'varying' | 'universal';

/** Options of {@link attGt}. */
export interface AttGtOptions {
  /** Comparison group (default `never`, did's `nevertreated`). */
  control?: ControlGroup;
  /** 2x2 estimator with covariates (default `dr`; without covariates all three coincide). */
  method?: DidMethod;
  /** Base period (default `varying`, as did). */
  basePeriod?: BasePeriod;
  /** Periods of anticipation (default 0). */
  anticipation?: number;
  /** 1 - confidence level (default 0.05). */
  alpha?: number;
  /** Cluster SEs (and bootstrap draws) by the panel's cluster column (default: when the panel has one). */
  cluster?: boolean;
  /** Multiplier bootstrap with uniform bands; `false`/undefined = analytic SEs and pointwise intervals. */
  bootstrap?: { seed: number; iterations?: number; weights?: MultiplierWeights } | false;
  /** Progress and cancellation (named `run` because `control` is the comparison group). */
  run?: RunControl;
}

/** Raw numbers of an att_gt fit (the result class wraps them). */
export interface AttGtFit {
  readonly group: Float64Array;
  readonly time: Float64Array;
  /** The base period used for each ATT(g,t). */
  readonly base: Float64Array;
  readonly att: Float64Array;
  readonly se: Float64Array;
  /** 1 when t >= g (post-treatment). */
  readonly post: Uint8Array;
  /** Units in g and in the comparison group for each ATT(g,t). */
  readonly nTreated: Int32Array;
  readonly nControl: Int32Array;
  /** Influence functions, n x K column-major (`psi[k * n + i]`), 0 outside each 2x2 sample. */
  readonly psi: Float64Array;
  readonly n: number;
  readonly K: number;
  /** Critical value of the bands (normal quantile, or sup-t from the bootstrap). */
  readonly critVal: number;
  readonly uniform: boolean;
  readonly pretest: { statistic: number; df: number; pValue: number } | null;
  readonly options: Required<Pick<AttGtOptions, 'control' | 'method' | 'basePeriod' | 'anticipation' | 'alpha'>> & {
    cluster: boolean;
    bootstrap: { seed: number; iterations: number; weights: MultiplierWeights } | null;
  };
  readonly warnings: Warning[];
}

export function validateAttGtOptions(opts: AttGtOptions): void {
  if (opts.control !== undefined && opts.control !== 'never' && opts.control !== 'notyet') throw new OptionError('control', `"${opts.control}" is not allowed.`, ['never', 'notyet']);
  if (opts.method !== undefined && !DID_METHODS.includes(opts.method)) throw new OptionError('method', `"${opts.method}" is not allowed.`, DID_METHODS);
  if (opts.basePeriod !== undefined && opts.basePeriod !== 'varying' && opts.basePeriod !== 'universal') throw new OptionError('basePeriod', `"${opts.basePeriod}" is not allowed.`, ['varying', 'universal']);
  if (opts.anticipation !== undefined && !(Number.isInteger(opts.anticipation) && opts.anticipation >= 0)) throw new OptionError('anticipation', `must be a non-negative integer number of periods, got ${opts.anticipation}.`);
  if (opts.alpha !== undefined && !(opts.alpha > 0 && opts.alpha < 1)) throw new OptionError('alpha', `must be in (0, 1), got ${opts.alpha}.`);
}

/** Cluster-robust or unit-level analytic SE of one influence function column. */
export function ifStandardError(psi: Float64Array, offset: number, n: number, cluster?: Int32Array, nclusters?: number): number {
  if (!cluster) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = psi[offset + i]!;
      s += v * v;
    }
    return Math.sqrt(s) / n;
  }
  const sums = new Float64Array(nclusters!);
  for (let i = 0; i < n; i++) sums[cluster[i]!] += psi[offset + i]!;
  let s = 0;
  for (let c = 0; c < sums.length; c++) s += sums[c]! * sums[c]!;
  return Math.sqrt(s) / n;
}

/**
 * Estimates every ATT(g,t) of a staggered panel (Callaway & Sant'Anna 2021; R did 2.1.2 `att_gt`).
 * Throws `E_NO_NEVER_TREATED` when `control = 'never'` and no unit is never treated, `E_NO_GROUPS` when no
 * cohort can be estimated.
 */
export function attGt(panel: DidPanel, opts: AttGtOptions = {}): AttGtResult {
  validateAttGtOptions(opts);
  const control = opts.control ?? 'never';
  const method = opts.method ?? 'dr';
  const basePeriod = opts.basePeriod ?? 'varying';
  const antic = opts.anticipation ?? 0;
  const alpha = opts.alpha ?? 0.05;
  const useCluster = opts.cluster ?? panel.cluster !== undefined;
  if (useCluster && !panel.cluster) throw new OptionError('cluster', 'clustered standard errors need a cluster column in the panel.');
  const warnings: Warning[] = [...panel.warnings];
  const { n, T, y, cohort, x } = panel;
  let times = panel.times;
  const kx = panel.covariateNames.length;

  let hasNever = false;
  for (let i = 0; i < n; i++) if (cohort[i] === 0) { hasNever = true; break; }
  let glist = [...panel.cohorts];
  let Tuse = T;
  if (!hasNever) {
    if (control === 'never') {
      throw new PilotzoneError('E_NO_NEVER_TREATED', `did: no never-treated units (column "${panel.columns.cohort}" is never 0), so control = "never" has no comparison group.`, {
        hint: 'Use the not-yet-treated units as comparisons (--control notyet / control: "notyet").',
        details: { column: panel.columns.cohort, option: 'control' },
      });
    }
    const gmax = Math.max(...glist);
    let cut = 0;
    while (cut < T && times[cut]! < gmax - antic) cut++;
    Tuse = cut;
    times = times.subarray(0, cut);
    glist = glist.filter((g) => g < gmax);
    warnings.push({ code: 'W_NO_NEVER_TREATED', message: `no never-treated units: periods >= ${gmax - antic} dropped and cohort ${gmax} used only as a comparison group (as did).` });
  }
  const tmin = times[0]!;
  const noPre = glist.filter((g) => g <= tmin + antic);
  for (const g of noPre) warnings.push({ code: 'W_NO_PRE_PERIOD', message: `cohort ${g} has no pre-treatment period (first period ${tmin}, anticipation ${antic}); its units are not used as a treated group.` });
  glist = glist.filter((g) => g > tmin + antic);
  // did (pre_process_did): groups with fewer than (number of covariates + 5) units are flagged; a too-small
  // never-treated group with control = "never" is an error
  const gsize = new Map<number, number>();
  for (let i = 0; i < n; i++) gsize.set(cohort[i]!, (gsize.get(cohort[i]!) ?? 0) + 1);
  const req = kx + 5;
  if (control === 'never' && (gsize.get(0) ?? 0) < req) {
    throw new PilotzoneError('E_NEVER_TREATED_TOO_SMALL', `did: only ${gsize.get(0) ?? 0} never-treated unit(s) (column "${panel.columns.cohort}" = 0); at least ${req} are needed with ${kx} covariate(s).`, {
      hint: 'Use the not-yet-treated units as comparisons (--control notyet / control: "notyet").',
      details: { column: panel.columns.cohort, option: 'control', size: gsize.get(0) ?? 0 },
    });
  }
  const small = [...gsize.entries()].filter(([g, c]) => g !== 0 && c < req).map(([g]) => g);
  if (small.length) warnings.push({ code: 'W_SMALL_GROUP', message: `small groups (fewer than ${req} units): ${small.join(', ')}; their ATT(g,t) are imprecise.` });

  // the (g, t, base) list
  const cells: { g: number; tp: number; pre: number; zero: boolean }[] = [];
  for (const g of glist) {
    let last = -1;
    for (let j = 0; j < Tuse; j++) if (times[j]! + antic < g) last = j;
    if (last < 0) {
      warnings.push({ code: 'W_NO_PRE_PERIOD', message: `cohort ${g} has no pre-treatment period (anticipation ${antic}); its units are not used as a treated group.` });
      continue;
    }
    const start = basePeriod === 'varying' ? 1 : 0;
    for (let tp = start; tp < Tuse; tp++) {
      let pre: number;
      if (g <= times[tp]!) pre = last;
      else pre = basePeriod === 'varying' ? tp - 1 : last;
      cells.push({ g, tp, pre, zero: basePeriod === 'universal' && pre === tp });
    }
  }
  if (cells.length === 0) {
    throw new PilotzoneError('E_NO_GROUPS', `did: no cohort of column "${panel.columns.cohort}" can be estimated (every cohort is treated in the first period or lacks a pre-period).`, { details: { column: panel.columns.cohort } });
  }
  const K = cells.length;
  const group = new Float64Array(K), time = new Float64Array(K), base = new Float64Array(K), att = new Float64Array(K), se = new Float64Array(K);
  const post = new Uint8Array(K), nTr = new Int32Array(K), nCo = new Int32Array(K);
  const psi = new Float64Array(n * K);
  const idx = new Int32Array(n);
  const D = new Uint8Array(n);
  const dy = new Float64Array(n);
  const k = kx + 1;
  const wsub = panel.weights ? new Float64Array(n) : undefined;
  const na: string[] = [];

  for (let c = 0; c < K; c++) {
    const { g, tp, pre, zero } = cells[c]!;
    group[c] = g;
    time[c] = times[tp]!;
    base[c] = times[pre]!;
    post[c] = g <= times[tp]! ? 1 : 0;
    if (zero) {
      // universal base period: ATT(g, g-1-a) = 0 by construction, psi = 0, SE undefined (did: NA)
      se[c] = NaN;
      continue;
    }
    const later = Math.max(tp, pre), earlier = Math.min(tp, pre);
    const ctlLimit = times[later]! + antic;
    let m = 0, m1 = 0;
    for (let i = 0; i < n; i++) {
      const gi = cohort[i]!;
      const isT = gi === g;
      const isC = control === 'never' ? gi === 0 : gi === 0 || (gi > ctlLimit && gi !== g);
      if (!isT && !isC) continue;
      idx[m] = i;
      D[m] = isT ? 1 : 0;
      if (isT) m1++;
      dy[m] = y[i * T + tp]! - y[i * T + pre]!;
      if (wsub) wsub[m] = panel.weights![i]!;
      m++;
    }
    nTr[c] = m1;
    nCo[c] = m - m1;
    let fit: TwoByTwoFit;
    if (m1 === 0 || m - m1 === 0) fit = { ok: false, reason: m1 === 0 ? 'no treated units' : 'no comparison units' };
    else if (kx === 0) fit = unconditionalDid({ m, dy: dy.subarray(0, m), D: D.subarray(0, m), ...(wsub ? { w: wsub.subarray(0, m) } : {}) });
    else {
      const Xs = new Float64Array(m * k);
      for (let r = 0; r < m; r++) Xs[r] = 1;
      for (let j = 0; j < kx; j++) for (let r = 0; r < m; r++) Xs[(j + 1) * m + r] = x[(j * n + idx[r]!) * T + earlier]!;
      fit = twoByTwoDid(method, { m, k, X: Xs, dy: dy.slice(0, m), D: D.slice(0, m), overlapCheck: method !== 'reg', ...(wsub ? { w: wsub.slice(0, m) } : {}) });
    }
    if (!fit.ok) {
      att[c] = NaN;
      se[c] = NaN;
      na.push(`ATT(${g},${times[tp]}): ${fit.reason}`);
      continue;
    }
    att[c] = fit.att;
    const scale = n / m;
    const o = c * n;
    for (let r = 0; r < m; r++) psi[o + idx[r]!] = fit.inf[r]! * scale;
    se[c] = ifStandardError(psi, o, n, useCluster ? panel.cluster : undefined, panel.nclusters);
    if (se[c]! <= Math.sqrt(Number.EPSILON) * 10) se[c] = NaN;
    if (opts.run) {
      throwIfCancelled(opts.run.signal, 'att_gt');
      opts.run.onProgress?.(c + 1, K, 'ATT(g,t)');
    }
  }
  if (na.length) warnings.push({ code: 'W_ATT_GT_NA', message: `${na.length} ATT(g,t) not estimated: ${na.slice(0, 5).join('; ')}${na.length > 5 ? '; ...' : ''}.` });

  // pre-test (did): W = n a' V^{-1} a over pre-treatment cells with a usable variance
  const preIdx: number[] = [];
  for (let c = 0; c < K; c++) if (group[c]! > time[c]! && Number.isFinite(se[c]!)) preIdx.push(c);
  let pretest: AttGtFit['pretest'] = null;
  if (preIdx.length > 0) {
    const q = preIdx.length;
    const V = new Float64Array(q * q);
    const clusterSums = useCluster ? clusterSumColumns(psi, n, preIdx, panel.cluster!, panel.nclusters!) : undefined;
    for (let a = 0; a < q; a++) {
      for (let b = a; b < q; b++) {
        let s = 0;
        if (clusterSums) {
          const G = panel.nclusters!;
          for (let h = 0; h < G; h++) s += clusterSums[a * G + h]! * clusterSums[b * G + h]!;
        } else {
          const oa = preIdx[a]! * n, ob = preIdx[b]! * n;
          for (let i = 0; i < n; i++) s += psi[oa + i]! * psi[ob + i]!;
        }
        V[a * q + b] = s / n;
        V[b * q + a] = s / n;
      }
    }
    const a = Float64Array.from(preIdx.map((c) => att[c]!));
    const sol = solveGeneral(V, q, a);
    if (sol) {
      let W = 0;
      for (let j = 0; j < q; j++) W += a[j]! * sol[j]!;
      W *= n;
      pretest = { statistic: W, df: q, pValue: chi2Sf(W, q) };
    } else warnings.push({ code: 'W_PRETEST_SINGULAR', message: 'pre-test not computed: the covariance matrix of the pre-treatment ATT(g,t) is singular.' });
  }

  let critVal = -normalQuantile(alpha / 2);
  let uniform = false;
  let bootOpt: AttGtFit['options']['bootstrap'] = null;
  if (opts.bootstrap) {
    const b = multiplierBootstrap(psi, n, K, {
      seed: opts.bootstrap.seed,
      ...(opts.bootstrap.iterations !== undefined ? { iterations: opts.bootstrap.iterations } : {}),
      ...(opts.bootstrap.weights ? { weights: opts.bootstrap.weights } : {}),
      ...(useCluster ? { cluster: panel.cluster! } : {}),
      alpha,
      ...(opts.run ? { control: opts.run } : {}),
    });
    for (let c = 0; c < K; c++) if (Number.isFinite(se[c]!)) se[c] = b.se[c]!;
    if (Number.isFinite(b.critVal)) {
      critVal = b.critVal;
      uniform = true;
    }
    if (critVal >= 7) warnings.push({ code: 'W_LARGE_CRITICAL_VALUE', message: `the simultaneous critical value ${critVal.toFixed(2)} is large (>= 7): groups are small or outcomes barely vary.` });
    bootOpt = { seed: b.seed, iterations: b.iterations, weights: b.weights };
  }
  const fit: AttGtFit = {
    group, time, base, att, se, post, nTreated: nTr, nControl: nCo, psi, n, K, critVal, uniform, pretest,
    options: { control, method, basePeriod, anticipation: antic, alpha, cluster: useCluster, bootstrap: bootOpt },
    warnings,
  };
  return new AttGtResult(fit, panel);
}

function clusterSumColumns(psi: Float64Array, n: number, cols: readonly number[], cluster: Int32Array, G: number): Float64Array {
  const out = new Float64Array(cols.length * G);
  cols.forEach((c, a) => {
    const o = c * n;
    for (let i = 0; i < n; i++) out[a * G + cluster[i]!] += psi[o + i]!;
  });
  return out;
}
