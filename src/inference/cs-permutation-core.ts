/**
 * The per-draw work of the Callaway-Sant'Anna permutation test (`csPermutation` in
 * `src/estimators/did/robustness.ts`), shared by the worker task module (`cs-permutation-task.ts`) and the
 * inline path. Draw d permutes the units' adoption periods with `new Rng(seed).fork(d)` (= `taskRng(seed, d)`,
 * the convention of {@link permutationTest}), refits att_gt (Callaway & Sant'Anna 2021; R did 2.1.2) on the
 * panel with the permuted cohorts and returns the simple aggregation (`aggte(..., 'simple')`). The draw index,
 * not the task index, seeds the shuffle, so draws do not depend on the chunking or on the number of threads.
 */
import { attGt, type AttGtOptions } from '../estimators/did/att-gt.js';
import { aggte } from '../estimators/did/aggte.js';
import type { DidPanel } from '../estimators/did/panel.js';
import { sharedFloat64, sharedInt32 } from '../parallel/shared.js';
import { taskRng } from '../parallel/task.js';

/** What every worker receives once: the panel (numeric columns on SharedArrayBuffers) and the att_gt options. */
export interface CsPermutationPayload {
  readonly panel: DidPanel;
  /** att_gt options of every draw: no bootstrap, no run control (both are dropped by {@link csDrawOptions}). */
  readonly att: AttGtOptions;
  readonly draws: number;
  readonly drawsPerTask: number;
}

/** Per-worker scratch: the permuted cohort vector and the panel view that carries it. */
export interface CsPermutationContext {
  readonly perm: Float64Array;
  readonly panel: DidPanel;
}

/** The att_gt options used for the observed statistic and every draw: analytic (no bootstrap), no run control. */
export function csDrawOptions(att: AttGtOptions | undefined): AttGtOptions {
  const o: AttGtOptions = { ...(att ?? {}), bootstrap: false };
  delete (o as { run?: unknown }).run;
  return o;
}

/** The Callaway-Sant'Anna simple ATT of `panel` (`aggte(attGt(panel, att), 'simple')`). */
export function csSimpleAtt(panel: DidPanel, att: AttGtOptions): number {
  return aggte(attGt(panel, att), 'simple').fit.overall.estimate;
}

/**
 * The panel with its numeric columns moved to SharedArrayBuffers, so the pool sends it to each worker once
 * without copying the data (structured clone keeps shared buffers); the other fields are small.
 */
export function sharePanel(panel: DidPanel): DidPanel {
  return {
    ...panel,
    times: sharedFloat64(panel.times),
    y: sharedFloat64(panel.y),
    cohort: sharedFloat64(panel.cohort),
    x: sharedFloat64(panel.x),
    cohorts: sharedFloat64(panel.cohorts),
    ...(panel.weights ? { weights: sharedFloat64(panel.weights) } : {}),
    ...(panel.cluster ? { cluster: sharedInt32(panel.cluster) } : {}),
  };
}

/** Scratch of one worker (or of the inline run): one permuted cohort vector reused by every draw. */
export function prepareCsPermutation(payload: CsPermutationPayload): CsPermutationContext {
  const perm = new Float64Array(payload.panel.n);
  return { perm, panel: { ...payload.panel, cohort: perm } };
}

/** Draws `[index * drawsPerTask, min(draws, (index + 1) * drawsPerTask))`: their simple ATTs, in draw order. */
export function runCsPermutationChunk(payload: CsPermutationPayload, index: number, seed: number, ctx: CsPermutationContext): Float64Array {
  const start = index * payload.drawsPerTask;
  const end = Math.min(payload.draws, start + payload.drawsPerTask);
  const out = new Float64Array(Math.max(0, end - start));
  for (let d = start; d < end; d++) {
    ctx.perm.set(payload.panel.cohort);
    taskRng(seed, d).shuffle(ctx.perm);
    out[d - start] = csSimpleAtt(ctx.panel, payload.att);
  }
  return out;
}
