/**
 * `synth`: the synthetic control method of Abadie & Gardeazabal (2003) and Abadie, Diamond & Hainmueller
 * (2010), following R's Synth 1.1-8 (predictors as `dataprep()`, scaling by the sd over treated + donors,
 * nested V/W optimisation from the equal and regression-based starts), with an exact inner QP, plus the
 * inference and robustness of seed 000: in-space placebos, per-period p-values, pre-MSPE exclusion,
 * leave-one-out, in-time placebo and the iterative removal of donors carrying weight (its Table 2).
 */
import type { RunControl } from '../../control.js';
import type { Table } from '../../data/table.js';
import { throwIfCancelled, type Warning } from '../../errors.js';
import { conformalIntervals, type ConformalOptions } from './conformal.js';
import { fitScmCore, type ScmCoreFit } from './fit-core.js';
import { SimplexLsWorkspace, solveSimplexLs } from './simplex-ls.js';
import { inSpacePlacebo, type PlaceboOptions } from './placebo.js';
import { SynthResult, type IterationRow, type LeaveOneOutRow } from './result.js';
import { parsePredictor } from './predictors.js';
import { prepareSynth, type SynthOptions, type SynthSetup } from './setup.js';

export type { SynthOptions } from './setup.js';

/** Fits the synthetic control of `opts.treated` (no inference; see {@link synthPlacebo}). */
export function synth(table: Table, opts: SynthOptions): SynthResult {
  const setup = prepareSynth(table, opts);
  const donors = Array.from({ length: setup.data.nUnits - 1 }, (_, i) => i + 1);
  const fit = fitScmCore(setup.data, 0, donors, setup.fitOptions);
  const res = new SynthResult(setup, fit, fitWarnings(setup, fit));
  res.hullDistance = hullDistance(setup, fit);
  return res;
}

/** Warnings about the fit: the treated unit outside the donors' range / convex hull, a poor pre-period fit. */
export function fitWarnings(setup: SynthSetup, fit: ScmCoreFit): Warning[] {
  const out: Warning[] = [];
  const { k, X, Y, preIdx } = setup.data;
  const outside: string[] = [];
  for (let i = 0; i < k; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const d of fit.donors) {
      lo = Math.min(lo, X[d * k + i]!);
      hi = Math.max(hi, X[d * k + i]!);
    }
    if (X[i]! < lo || X[i]! > hi) outside.push(setup.predictorNames[i]!);
  }
  if (outside.length) {
    out.push({ code: 'W_OUTSIDE_HULL', message: `the treated unit "${setup.unitNames[0]}" lies outside the donors' range on ${outside.length} predictor(s) (${outside.join(', ')}), so it is outside their convex hull: the synthetic control cannot match it there.` });
  }
  // Distance of the treated unit to the donors' convex hull in scaled-predictor space (equal V): zero when
  // inside. A poor pre-period fit (RMSPE above half the treated outcome's pre-period sd) with a positive
  // distance means the synthetic control cannot reproduce the treated unit.
  const hullDist = hullDistance(setup, fit);
  let mean = 0;
  for (let q = 0; q < preIdx.length; q++) mean += Y[preIdx[q]!]!;
  mean /= preIdx.length;
  let ss = 0;
  for (let q = 0; q < preIdx.length; q++) ss += (Y[preIdx[q]!]! - mean) ** 2;
  const sd = Math.sqrt(ss / Math.max(1, preIdx.length - 1));
  const scale = Math.max(sd, 0.01 * Math.abs(mean));
  if (fit.preRmspe > 0.5 * scale && hullDist > 1e-6) {
    out.push({ code: 'W_POOR_PREFIT', message: `pre-period RMSPE ${fit.preRmspe.toPrecision(4)} is large relative to the treated outcome's pre-period sd ${sd.toPrecision(4)}, and the treated unit lies outside the donors' convex hull (distance ${hullDist.toPrecision(3)} in predictor sd units): the gaps are not credible.` });
  }
  return out;
}

/**
 * Euclidean distance of the treated unit's scaled predictors to the convex hull of the donors' (equal V):
 * 0 when the treated unit is a convex combination of donors, in units of predictor standard deviations.
 */
export function hullDistance(setup: SynthSetup, fit: ScmCoreFit): number {
  const { k, X } = setup.data;
  const J = fit.donors.length;
  const X0s = new Float64Array(k * J);
  const x1s = new Float64Array(k);
  for (let i = 0; i < k; i++) x1s[i] = X[fit.treated * k + i]! / fit.divisor[i]!;
  for (let j = 0; j < J; j++) for (let i = 0; i < k; i++) X0s[j * k + i] = X[fit.donors[j]! * k + i]! / fit.divisor[i]!;
  return Math.sqrt(solveSimplexLs(X0s, x1s, k, J, new Float64Array(J), new SimplexLsWorkspace(k, J)).loss);
}

/** Options of {@link synthInference}. */
export interface SynthInferenceOptions extends PlaceboOptions {
  /** Run the in-space placebos (default true). */
  placebo?: boolean;
  /** Refit without each donor of positive weight (default false). */
  leaveOneOut?: boolean;
  /** Iterations of seed 000's test: drop every donor with positive weight, refit, repeat (default 0). */
  iterations?: number;
  /** Weight above which a donor counts as carrying weight (default 1e-6). */
  weightThreshold?: number;
  /** Conformal per-period intervals (Chernozhukov, Wuthrich & Zhu 2021); `true` = default options. */
  conformal?: boolean | ConformalOptions;
}

/**
 * Adds placebo inference, leave-one-out and the iterative robustness test to a fit (in place) and returns it.
 * Each placebo loop runs on worker threads with progress and cancellation through `control`.
 */
export async function synthInference(result: SynthResult, opts: SynthInferenceOptions = {}): Promise<SynthResult> {
  const { setup, fit } = result;
  const thr = opts.weightThreshold ?? 1e-6;
  if (opts.placebo !== false) {
    result.placebo = await inSpacePlacebo(setup.data, setup.unitNames, setup.times, fit, setup.fitOptions, opts);
    result.warnings.push(...result.placebo.warnings);
  }
  if (opts.leaveOneOut) result.leaveOneOut = leaveOneOut(result, thr, opts.control);
  if (opts.conformal) {
    result.conformal = conformalIntervals(setup.data, setup.times, fit.donors, opts.conformal === true ? {} : opts.conformal);
    result.warnings.push(...result.conformal.warnings);
  }
  const iters = opts.iterations ?? 0;
  if (iters > 0) result.iterative = await iterativeTest(result, iters, thr, opts);
  return result;
}

/** Fits the synthetic control and runs its placebo inference: `synthInference(synth(table, opts), inference)`. */
export async function synthPlacebo(table: Table, opts: SynthOptions, inference: SynthInferenceOptions = {}): Promise<SynthResult> {
  return synthInference(synth(table, opts), inference);
}

/**
 * Leave-one-out (Abadie, Diamond & Hainmueller 2015): refit without each donor of positive weight. The
 * p-value ranks the refit's post/pre ratio among the main run's placebo ratios (without the dropped unit).
 */
export function leaveOneOut(result: SynthResult, threshold = 1e-6, control?: RunControl): LeaveOneOutRow[] {
  const { setup, fit } = result;
  const rows: LeaveOneOutRow[] = [];
  const positive = Array.from(fit.donors).filter((_, j) => fit.w[j]! > threshold);
  positive.forEach((d, i) => {
    throwIfCancelled(control?.signal);
    const donors = Array.from(fit.donors).filter((x) => x !== d);
    const f = fitScmCore(setup.data, 0, donors, setup.fitOptions);
    let pValue: number | null = null;
    if (result.placebo) {
      const others = result.placebo.units.filter((u) => !u.isTreated && u.unit !== setup.unitNames[d]);
      pValue = (1 + others.filter((u) => u.ratio >= f.ratio).length) / (1 + others.length);
    }
    rows.push({ dropped: [setup.unitNames[d]!], rmspePre: f.preRmspe, rmspePost: f.postRmspe, estimate: meanOver(f.gap, setup.data.postIdx), pValue, gap: f.gap });
    control?.onProgress?.(i + 1, positive.length, `leave out ${setup.unitNames[d]}`);
  });
  return rows;
}

/**
 * Seed 000's iterative robustness test (its Table 2): iteration 0 is the base fit; iteration i removes every
 * donor with positive weight in iteration i - 1 (cumulatively), refits, and reruns the in-space placebos
 * among the remaining donors. Reports pre-RMSPE, the fit check, rank, p-value and per-period p-values.
 */
export async function iterativeTest(result: SynthResult, iterations: number, threshold: number, opts: PlaceboOptions = {}): Promise<IterationRow[]> {
  const { setup } = result;
  const rows: IterationRow[] = [];
  let fit = result.fit;
  let placebo = result.placebo ?? (await inSpacePlacebo(setup.data, setup.unitNames, setup.times, fit, setup.fitOptions, opts));
  const dropped: number[] = [];
  for (let it = 0; it <= iterations; it++) {
    if (it > 0) {
      const remove = Array.from(fit.donors).filter((_, j) => fit.w[j]! > threshold);
      dropped.push(...remove);
      const pool = Array.from(fit.donors).filter((d) => !remove.includes(d));
      if (pool.length < 3) break;
      fit = fitScmCore(setup.data, 0, pool, setup.fitOptions);
      placebo = await inSpacePlacebo(setup.data, setup.unitNames, setup.times, fit, setup.fitOptions, opts);
    }
    const pre = placebo.units.filter((u) => !u.isTreated).map((u) => u.rmspePre).sort((a, b) => a - b);
    const median = pre.length ? (pre.length % 2 ? pre[pre.length >> 1]! : (pre[pre.length / 2 - 1]! + pre[pre.length / 2]!) / 2) : Infinity;
    rows.push({
      iteration: it,
      dropped: dropped.map((d) => setup.unitNames[d]!),
      positiveWeight: Array.from(fit.donors).filter((_, j) => fit.w[j]! > threshold).map((d) => setup.unitNames[d]!),
      rmspePre: fit.preRmspe,
      estimate: meanOver(fit.gap, setup.data.postIdx),
      fitOk: fit.preRmspe <= median,
      rank: placebo.rank,
      pValue: placebo.pValue,
      pValuesByTime: placebo.pValuesByTime.map((p) => ({ time: p.time, pValue: p.pValue })),
    });
  }
  return rows;
}

/**
 * In-time placebo (Abadie, Diamond & Hainmueller 2015): pretend treatment started at `fakeTime` (before the
 * real one), using only periods before the real treatment; a credible design shows no gap after `fakeTime`.
 * Predictor windows reaching `fakeTime` or later are a warning (they use "post" data of the placebo).
 */
export function inTimePlacebo(table: Table, opts: SynthOptions, fakeTime: number): SynthResult {
  const timeVals = table.numeric(opts.time, 'time column');
  const before = table.filter((i) => timeVals[i]! < opts.treatTime);
  const o: SynthOptions = { ...opts, treatTime: fakeTime };
  if (opts.optimize) o.optimize = [opts.optimize[0], Math.min(opts.optimize[1], fakeTime - 1)];
  else delete o.optimize;
  const res = synth(before, o);
  const late = (opts.predictors ?? []).map((p) => (typeof p === 'string' ? parsePredictor(p) : p)).filter((p) => p.to !== undefined && p.to >= fakeTime);
  if (late.length) res.warnings.push({ code: 'W_PLACEBO_WINDOW', message: `predictor window(s) ${late.map((p) => p.name).join(', ')} reach the placebo treatment time ${fakeTime}.` });
  return res;
}

function meanOver(x: Float64Array, idx: Int32Array): number {
  let s = 0;
  for (let q = 0; q < idx.length; q++) s += x[idx[q]!]!;
  return s / idx.length;
}
