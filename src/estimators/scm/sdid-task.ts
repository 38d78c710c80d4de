/**
 * Worker task of the SDID standard errors (synthdid's placebo_se and bootstrap_se): replication i draws its
 * resample from `new Rng(seed).fork(i)` and re-estimates with the original options, the weights of the main
 * fit as starting values (synthdid's `weights.boot`).
 */
import { taskRng } from '../../parallel/task.js';
import { sdidEstimate, type SdidOpts } from './sdid-core.js';

export interface SdidRepPayload {
  kind: 'placebo' | 'bootstrap';
  Y: Float64Array;
  N: number;
  T: number;
  N0: number;
  T0: number;
  opts: SdidOpts;
  omega: Float64Array;
  lambda: Float64Array;
}

/** One replication's estimate (NaN when a bootstrap draw has no treated or no control unit: redrawn by the caller's loop here). */
export function runTask(p: SdidRepPayload, index: number, seed: number): number {
  const rng = taskRng(seed, index);
  const { N, T, N0, T0 } = p;
  const N1 = N - N0;
  if (p.kind === 'placebo') {
    // synthdid placebo_se: permute the controls; the last N1 of them play the treated units.
    const ind = rng.permutation(N0);
    const n0 = N0 - N1;
    const Yp = new Float64Array(N0 * T);
    for (let r = 0; r < N0; r++) Yp.set(p.Y.subarray(ind[r]! * T, ind[r]! * T + T), r * T);
    const om = new Float64Array(n0);
    for (let r = 0; r < n0; r++) om[r] = p.omega[ind[r]!]!;
    return sdidEstimate(Yp, N0, T, n0, T0, p.opts, { omega: sumNormalize(om), lambda: p.lambda }).estimate;
  }
  // synthdid bootstrap_sample: resample all units with replacement (sorted), redraw if all treated or all control.
  for (;;) {
    const ind = new Int32Array(N);
    for (let r = 0; r < N; r++) ind[r] = rng.int(N);
    ind.sort();
    let n0 = 0;
    for (let r = 0; r < N; r++) if (ind[r]! < N0) n0++;
    if (n0 === 0 || n0 === N) continue;
    const Yb = new Float64Array(N * T);
    for (let r = 0; r < N; r++) Yb.set(p.Y.subarray(ind[r]! * T, ind[r]! * T + T), r * T);
    const om = new Float64Array(n0);
    for (let r = 0; r < n0; r++) om[r] = p.omega[ind[r]!]!;
    return sdidEstimate(Yb, N, T, n0, T0, p.opts, { omega: sumNormalize(om), lambda: p.lambda }).estimate;
  }
}

/** synthdid's sum_normalize: x / sum(x), or uniform when the sum is 0. */
export function sumNormalize(x: Float64Array): Float64Array {
  let s = 0;
  for (const v of x) s += v;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = s !== 0 ? x[i]! / s : 1 / x.length;
  return out;
}
