/**
 * The contract of a task module run by {@link runParallel}.
 *
 * A task module is an ES module (compiled `.js`) that exports `runTask(payload, index, seed)`: it computes
 * task `index` of a loop from a payload shared by all tasks. It must be deterministic given
 * `(payload, index, seed)`; randomness comes from `new Rng(seed).fork(index)` (or {@link taskRng}), so results
 * do not depend on the number of threads or on the order in which tasks run. It may also export
 * `prepare(payload)`, called once per worker (and once in the main thread when running inline) before its
 * first task, returning a context passed as the fourth argument (precomputed tables, scratch arrays...).
 *
 * The payload and results cross threads by structured clone: plain objects, arrays, typed arrays. Put large
 * arrays on `SharedArrayBuffer` ({@link sharedFloat64}) so they are shared, not copied.
 */
import { Rng } from '../stats/rng.js';

/** What a task module exports. */
export interface TaskModule<P, R, C = unknown> {
  runTask(payload: P, index: number, seed: number, context: C): R | Promise<R>;
  prepare?(payload: P): C | Promise<C>;
}

/** The random stream of task `index` for a run seeded with `seed`: `new Rng(seed).fork(index)`. */
export function taskRng(seed: number, index: number): Rng {
  return new Rng(seed).fork(index);
}
