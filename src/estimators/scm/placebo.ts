/**
 * Placebo inference for the synthetic control (Abadie, Diamond & Hainmueller 2010, sec. 4; Abadie 2021):
 * in-space placebos refit every donor as if treated, its donor pool being the other donors (never the real
 * treated unit), and compare the treated unit's post/pre RMSPE ratio with theirs.
 *
 * Conventions (those of the scm-prop99 peer, and of seed 000's Fig. 2):
 * - rank = number of units (treated included) whose ratio is >= the treated's; p = rank / N;
 * - per-post-period p-value = share of the N units whose |gap_t| / pre-RMSPE is >= the treated's
 *   (standardised; seed 000 Fig. 2); the unstandardised variant compares |gap_t|;
 * - exclusion variants keep the placebos whose pre-period MSPE is at most k times the treated's
 *   (ADH 2010 use k = 20, 5, 2; `exclusionScale: 'rmspe'` compares RMSPE instead) and recompute rank and
 *   p-values among the kept units.
 * Placebo fits run on worker threads (`runParallel`), one task per placebo, so results do not depend on the
 * number of threads; `control` reports progress and cancels.
 */
import type { RunControl } from '../../control.js';
import type { Warning } from '../../errors.js';
import { runParallel } from '../../parallel/pool.js';
import type { ScmCoreFit, ScmData, ScmFitOptions } from './fit-core.js';
import type { PlaceboOutcome, PlaceboPayload } from './placebo-task.js';

/** One unit in the placebo distribution. */
export interface PlaceboUnit {
  unit: string;
  isTreated: boolean;
  rmspePre: number;
  rmspePost: number;
  ratio: number;
  /** Gaps for every period. */
  gap: Float64Array;
  /** Donor weights of the placebo fit (by data index of the donors). */
  fit?: ScmCoreFit;
}

/** p-value of one post period. */
export interface PeriodPValue {
  time: number;
  pValue: number;
  pValueUnstandardised: number;
}

/** Rank and p-values among the units kept by a pre-MSPE exclusion rule. */
export interface PlaceboExclusion {
  /** Keep placebos with pre-MSPE <= threshold x treated's (Infinity = keep all). */
  threshold: number;
  unitsKept: number;
  rank: number;
  pValue: number;
  pValuesByTime: PeriodPValue[];
}

/** The in-space placebo distribution and its tests. */
export interface PlaceboResult {
  /** Treated unit first, then the placebos in donor order. */
  units: PlaceboUnit[];
  rank: number;
  pValue: number;
  pValuesByTime: PeriodPValue[];
  exclusions: PlaceboExclusion[];
  /** Placebo fits that failed (left out), with the reason. */
  warnings: Warning[];
  threads: number;
}

export interface PlaceboOptions {
  /** Worker threads (default: cores). */
  threads?: number;
  control?: RunControl;
  /** Pre-period exclusion thresholds to report (default [20, 5, 2], ADH 2010). */
  exclusionThresholds?: readonly number[];
  /** Whether thresholds multiply the treated's pre-period MSPE (default, ADH 2010 and the Synth peer) or RMSPE. */
  exclusionScale?: 'mspe' | 'rmspe';
  /** Keep every placebo fit (weights) in the result (default true). */
  keepFits?: boolean;
}

/** URL of the worker task module. */
export const PLACEBO_TASK_URL = new URL('./placebo-task.js', import.meta.url).href;

/**
 * Runs the in-space placebos of `fit` (data index 0 is the treated unit; `pool` lists the donor indices that
 * take turns, default every donor of the fit) and computes the placebo tests.
 */
export async function inSpacePlacebo(data: ScmData, unitNames: readonly string[], times: readonly number[], fit: ScmCoreFit, fitOptions: ScmFitOptions, opts: PlaceboOptions = {}): Promise<PlaceboResult> {
  const pool = Int32Array.from(fit.donors);
  const payload: PlaceboPayload = { data, pool, fitOptions };
  const threads = opts.threads ?? undefined;
  const outcomes = await runParallel<PlaceboPayload, PlaceboOutcome>(PLACEBO_TASK_URL, payload, pool.length, {
    ...(threads !== undefined ? { threads } : {}),
    ...(opts.control ? { control: opts.control } : {}),
    label: (i) => `placebo ${unitNames[pool[i]!]}`,
  });
  const warnings: Warning[] = [];
  const units: PlaceboUnit[] = [{ unit: unitNames[fit.treated]!, isTreated: true, rmspePre: fit.preRmspe, rmspePost: fit.postRmspe, ratio: fit.ratio, gap: fit.gap }];
  for (const o of outcomes) {
    if (!o.ok) {
      warnings.push({ code: 'W_PLACEBO_FAILED', message: `placebo fit of "${unitNames[o.unit]}" failed and is left out: ${o.message}` });
      continue;
    }
    const f = o.fit;
    const u: PlaceboUnit = { unit: unitNames[f.treated]!, isTreated: false, rmspePre: f.preRmspe, rmspePost: f.postRmspe, ratio: f.ratio, gap: f.gap };
    if (opts.keepFits !== false) u.fit = f;
    units.push(u);
  }
  return placeboTests(units, times, data.postIdx, opts.exclusionThresholds ?? [20, 5, 2], warnings, threads ?? 0, opts.exclusionScale ?? 'mspe');
}

/** Rank, p-value, per-period p-values and exclusion variants from a placebo distribution (treated first). */
export function placeboTests(units: PlaceboUnit[], times: readonly number[], postIdx: Int32Array, thresholds: readonly number[], warnings: Warning[] = [], threads = 0, scale: 'mspe' | 'rmspe' = 'mspe'): PlaceboResult {
  const all = testsAmong(units, times, postIdx, Infinity);
  const power = scale === 'mspe' ? 2 : 1;
  const treatedPre = units[0]!.rmspePre ** power;
  const exclusions = thresholds.map((k) => testsAmong(units.filter((u) => u.isTreated || u.rmspePre ** power <= k * treatedPre), times, postIdx, k));
  return { units, rank: all.rank, pValue: all.pValue, pValuesByTime: all.pValuesByTime, exclusions, warnings, threads };
}

function testsAmong(units: readonly PlaceboUnit[], times: readonly number[], postIdx: Int32Array, threshold: number): PlaceboExclusion {
  const tr = units[0]!;
  const N = units.length;
  let rank = 0;
  for (const u of units) if (u.ratio >= tr.ratio) rank++;
  const pValuesByTime: PeriodPValue[] = [];
  for (let q = 0; q < postIdx.length; q++) {
    const t = postIdx[q]!;
    const s0 = Math.abs(tr.gap[t]!) / tr.rmspePre;
    const a0 = Math.abs(tr.gap[t]!);
    let cs = 0;
    let ca = 0;
    for (const u of units) {
      if (Math.abs(u.gap[t]!) / u.rmspePre >= s0) cs++;
      if (Math.abs(u.gap[t]!) >= a0) ca++;
    }
    pValuesByTime.push({ time: times[t]!, pValue: cs / N, pValueUnstandardised: ca / N });
  }
  return { threshold, unitsKept: N, rank, pValue: rank / N, pValuesByTime };
}
