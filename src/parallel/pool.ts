/**
 * A worker-thread pool for embarrassingly parallel loops: placebos, bootstraps, permutations, per-unit fits.
 *
 * `runParallel(taskModuleUrl, payload, nTasks, { threads, seed, control })` runs task `i = 0..nTasks-1` of a
 * task module (see `task.ts`) and returns the results in task order. Conventions:
 * - results do not depend on the number of threads: each task is a pure function of (payload, index, seed)
 *   and draws its random numbers from `new Rng(seed).fork(index)`;
 * - tasks are handed out one at a time to whichever worker is free (dynamic scheduling);
 * - the payload is sent once per worker (put big arrays on SharedArrayBuffer: `sharedFloat64`);
 * - `control.onProgress(done, nTasks)` after each task; `control.signal` aborts: workers are terminated and
 *   the call rejects with `CancelledError`;
 * - a `PilotzoneError` thrown in a task is rethrown in the caller with the same code, message and hint;
 * - `threads: 1` (or a single task) runs inline in the calling thread, with identical results.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { RunControl } from '../control.js';
import { CancelledError, OptionError, PilotzoneError, throwIfCancelled } from '../errors.js';
import type { TaskModule } from './task.js';

export interface ParallelOptions {
  /** Worker threads (default: available cores). 1 runs inline in the calling thread. */
  threads?: number;
  /** Seed passed to every task (default 0). */
  seed?: number;
  /** Progress and cancellation. */
  control?: RunControl;
  /** Label passed to `onProgress` for task i (e.g. the placebo unit's name). */
  label?: (index: number) => string;
}

/** Default number of worker threads: the machine's available parallelism. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Validates a `threads` option value (positive integer) and applies the default. */
export function resolveThreads(threads: number | undefined): number {
  if (threads === undefined) return defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new OptionError('threads', `must be a positive integer, got ${threads}.`);
  return threads;
}

/**
 * Runs `nTasks` tasks of the module at `taskModuleUrl` (a `file:` URL of a compiled `.js` module, typically
 * `new URL('./my-task.js', import.meta.url).href`) and returns their results in task order.
 */
export async function runParallel<P, R>(taskModuleUrl: string | URL, payload: P, nTasks: number, opts: ParallelOptions = {}): Promise<R[]> {
  const url = typeof taskModuleUrl === 'string' ? taskModuleUrl : taskModuleUrl.href;
  const threads = Math.min(resolveThreads(opts.threads), Math.max(1, nTasks));
  const seed = opts.seed ?? 0;
  const control = opts.control ?? {};
  throwIfCancelled(control.signal);
  if (nTasks <= 0) return [];
  if (threads <= 1) return runInline<P, R>(url, payload, nTasks, seed, opts);

  const results = new Array<R>(nTasks);
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  return new Promise<R[]>((resolve, reject) => {
    let finished = false;
    const finish = (err?: unknown) => {
      if (finished) return;
      finished = true;
      control.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(results);
    };
    const onAbort = () => finish(new CancelledError());
    control.signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (w: Worker) => {
      if (next < nTasks) w.postMessage({ type: 'task', index: next++ });
    };
    for (let t = 0; t < threads; t++) {
      const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: { moduleUrl: url, payload, seed } });
      workers.push(w);
      w.on('message', (msg: { type: string; index: number; value?: R; error?: Record<string, unknown> }) => {
        if (finished) return;
        if (msg.type === 'ready') return feed(w);
        if (msg.type === 'error') return finish(reviveError(msg.error!, msg.index));
        results[msg.index] = msg.value as R;
        done++;
        control.onProgress?.(done, nTasks, opts.label?.(msg.index));
        if (done === nTasks) return finish();
        feed(w);
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (!finished && code !== 0) finish(new Error(`worker thread exited with code ${code}`));
      });
    }
  });
}

async function runInline<P, R>(url: string, payload: P, nTasks: number, seed: number, opts: ParallelOptions): Promise<R[]> {
  const mod = (await import(url)) as TaskModule<P, R>;
  const context = mod.prepare ? await mod.prepare(payload) : undefined;
  const out = new Array<R>(nTasks);
  for (let i = 0; i < nTasks; i++) {
    throwIfCancelled(opts.control?.signal);
    out[i] = await mod.runTask(payload, i, seed, context);
    opts.control?.onProgress?.(i + 1, nTasks, opts.label?.(i));
    // Let an abort signal (Ctrl-C) be delivered between tasks.
    if ((i & 7) === 7) await new Promise((r) => setImmediate(r));
  }
  return out;
}

function reviveError(e: Record<string, unknown>, index: number): Error {
  if (typeof e.code === 'string' && e.code.startsWith('E_')) {
    const opts: { hint?: string; details?: Record<string, unknown> } = {};
    if (typeof e.hint === 'string') opts.hint = e.hint;
    if (e.details && typeof e.details === 'object') opts.details = e.details as Record<string, unknown>;
    return new PilotzoneError(e.code, String(e.message), opts);
  }
  const err = new Error(`task ${index} failed in a worker thread: ${String(e.message)}`);
  if (typeof e.stack === 'string') err.stack = e.stack;
  return err;
}
