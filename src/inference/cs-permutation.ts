/**
 * The draw loop of the Callaway-Sant'Anna permutation test (`csPermutation` in
 * `src/estimators/did/robustness.ts`) on the worker pool (`src/parallel/`). Each draw is a full att_gt fit
 * (no Frisch-Waugh shortcut exists for it), so draws run in chunks on worker threads: the panel goes to each
 * worker once on SharedArrayBuffers (never copied per task), and draw d shuffles with `new Rng(seed).fork(d)`,
 * so the draws are identical for any number of threads, and to the former single-thread loop.
 */
import type { RunControl } from '../control.js';
import type { AttGtOptions } from '../estimators/did/att-gt.js';
import type { DidPanel } from '../estimators/did/panel.js';
import { OptionError } from '../errors.js';
import { resolveThreads, runParallel } from '../parallel/pool.js';
import { csDrawOptions, sharePanel, type CsPermutationPayload } from './cs-permutation-core.js';

export interface CsPermutationDrawOptions {
  /** Number of draws (positive integer). */
  draws: number;
  seed: number;
  /**
   * Worker threads (1 = inline in the calling thread; same draws for any value). Default: inline when the job
   * is small ({@link csPermutationWork} below {@link MIN_PARALLEL_WORK}, about a second of att_gt fits), else
   * the available cores: a worker costs ~0.15 s to start and runs its first fits with a cold JIT.
   */
  threads?: number;
  /** Progress in draws (label `permutation draws (att_gt)`) and cancellation (`CancelledError`). */
  control?: RunControl;
}

/** Work (draws x units x periods x treated cohorts) below which the default runs the draws inline. */
export const MIN_PARALLEL_WORK = 4e7;

/** Size of a permutation job in the units of {@link MIN_PARALLEL_WORK}: an att_gt fit costs about n T G. */
export function csPermutationWork(panel: DidPanel, draws: number): number {
  return draws * panel.n * panel.T * Math.max(1, panel.cohorts.length);
}

/** Label of the progress reports of {@link csPermutationDraws}. */
export const CS_PERMUTATION_LABEL = 'permutation draws (att_gt)';

/**
 * Simple ATTs (`aggte(attGt(panel, att), 'simple')`, Callaway & Sant'Anna 2021) of `draws` random
 * reassignments of the panel's adoption periods (cohort sizes kept), in draw order. `att` is used without its
 * bootstrap and run control. A draw whose simple ATT cannot be estimated keeps aggte's non-finite value.
 */
export async function csPermutationDraws(panel: DidPanel, att: AttGtOptions | undefined, opts: CsPermutationDrawOptions): Promise<Float64Array> {
  const { draws, seed } = opts;
  if (!Number.isInteger(draws) || draws < 1) throw new OptionError('draws', `must be a positive integer, got ${draws}.`);
  if (!Number.isFinite(seed)) throw new OptionError('seed', 'a seed is required (it is reported with the result).');
  const threads = opts.threads !== undefined ? resolveThreads(opts.threads) : csPermutationWork(panel, draws) < MIN_PARALLEL_WORK ? 1 : resolveThreads(undefined);
  // ~128 tasks: fine-grained progress and load balance, little messaging per att_gt fit
  const drawsPerTask = Math.max(1, Math.ceil(draws / 128));
  const nTasks = Math.ceil(draws / drawsPerTask);
  const payload: CsPermutationPayload = { panel: threads > 1 ? sharePanel(panel) : panel, att: csDrawOptions(att), draws, drawsPerTask };
  const control = opts.control;
  const onProgress = control?.onProgress;
  const chunks = await runParallel<CsPermutationPayload, Float64Array>(new URL('./cs-permutation-task.js', import.meta.url), payload, nTasks, {
    seed,
    threads,
    label: () => CS_PERMUTATION_LABEL,
    ...(control
      ? {
          control: {
            ...(control.signal ? { signal: control.signal } : {}),
            // tasks -> draws: every task but the last has drawsPerTask draws
            ...(onProgress ? { onProgress: (done: number, _n: number, label?: string) => onProgress(Math.min(draws, done * drawsPerTask), draws, label) } : {}),
          },
        }
      : {}),
  });
  const all = new Float64Array(draws);
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.length;
  }
  return all;
}
