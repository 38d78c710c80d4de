/**
 * The DEA-Malmquist TFP index between adjacent periods, Fare, Grosskopf, Norris & Zhang (1994, AER 84(1)),
 * exactly as DEAP 2.1 (Coelli 1996, CEPA WP 96/08) computes and decomposes it, on balanced period blocks.
 *
 * With te_s(r) = efficiency (te <= 1 convention) of period-r data against the period-s CRS frontier and
 * vrs_t = the same-period VRS efficiency:
 * - effch = te_t(t) / te_{t-1}(t-1)
 * - techch = sqrt( te_{t-1}(t) / te_t(t) * te_{t-1}(t-1) / te_t(t-1) )
 * - tfpch = effch * techch (the geometric mean of the period t-1 and period t based indexes)
 * - pech = vrs_t / vrs_{t-1};  sech = effch / pech.
 * Values > 1 mean improvement in both orientations. Every cross-period LP is CRS, so the index has no
 * infeasible LPs for strictly positive data (DEAP never solves a cross-period VRS program; R Benchmarking's
 * `malmquist(RTS = "vrs")` does and reports `Inf`, deaR's Ray-Desli variant reports `NA` — neither is this
 * index). CRS indices do not depend on the orientation; pech and sech do.
 */
import { throwIfCancelled } from '../../errors.js';
import type { RunControl } from '../../control.js';
import { DenseSimplex } from './simplex.js';
import { radialScore, type DeaBlock, type Orientation } from './envelopment.js';
import { ownFrontierScores } from './frontier.js';

/** Distances and indices for units x periods, all `Float64Array` indexed `[t * n + j]`. */
export interface MalmquistArrays {
  n: number;
  T: number;
  /** te_t(t): CRS, own period. */
  crsCurr: Float64Array;
  /** te_{t-1}(t): period-t data against the previous period's CRS frontier (NaN for t = 0). */
  crsPrev: Float64Array;
  /** te_{t+1}(t): period-t data against the next period's CRS frontier (NaN for the last period). */
  crsNext: Float64Array;
  /** Same-period VRS te. */
  vrs: Float64Array;
  /** Indices for t >= 1 (row t = pair (t-1, t)); row 0 is NaN. */
  effch: Float64Array;
  techch: Float64Array;
  pech: Float64Array;
  sech: Float64Array;
  tfpch: Float64Array;
  /** LPs solved. */
  lpCount: number;
}

/** Computes every distance and index. `blocks[t]` lists the same units in the same order. */
export function malmquistArrays(blocks: readonly DeaBlock[], orientation: Orientation, control: RunControl = {}): MalmquistArrays {
  const T = blocks.length;
  const n = blocks[0]!.n;
  const m = blocks[0]!.m, s = blocks[0]!.s;
  const lp = new DenseSimplex(m + s + 1, n + 1);
  const N = n * T;
  const crsCurr = new Float64Array(N), crsPrev = new Float64Array(N).fill(NaN), crsNext = new Float64Array(N).fill(NaN), vrs = new Float64Array(N);
  const frontiers: Int32Array[] = [];
  let lpCount = 0;
  const total = 3 * T;
  let done = 0;
  for (let t = 0; t < T; t++) {
    throwIfCancelled(control.signal, 'Malmquist index');
    const b = blocks[t]!;
    const crs = ownFrontierScores(lp, b, 'crs', orientation);
    crsCurr.set(crs.te, t * n);
    frontiers.push(crs.frontier);
    const v = ownFrontierScores(lp, b, 'vrs', orientation);
    vrs.set(v.te, t * n);
    lpCount += 2 * n;
    control.onProgress?.(++done, total, 'own frontiers');
  }
  for (let t = 0; t < T; t++) {
    throwIfCancelled(control.signal, 'Malmquist index');
    const b = blocks[t]!;
    if (t > 0) {
      const ref = frontiers[t - 1]!;
      for (let j = 0; j < n; j++) crsPrev[t * n + j] = radialScore(lp, blocks[t - 1]!, ref, ref.length, b.X, j * m, b.Y, j * s, 'crs', orientation);
      lpCount += n;
    }
    control.onProgress?.(++done, total, 'cross-period');
    if (t < T - 1) {
      const ref = frontiers[t + 1]!;
      for (let j = 0; j < n; j++) crsNext[t * n + j] = radialScore(lp, blocks[t + 1]!, ref, ref.length, b.X, j * m, b.Y, j * s, 'crs', orientation);
      lpCount += n;
    }
    control.onProgress?.(++done, total, 'cross-period');
  }
  const effch = new Float64Array(N).fill(NaN), techch = new Float64Array(N).fill(NaN), pech = new Float64Array(N).fill(NaN);
  const sech = new Float64Array(N).fill(NaN), tfpch = new Float64Array(N).fill(NaN);
  for (let t = 1; t < T; t++) {
    for (let j = 0; j < n; j++) {
      const k = t * n + j, k0 = (t - 1) * n + j;
      const e = crsCurr[k]! / crsCurr[k0]!;
      const tc = Math.sqrt((crsPrev[k]! / crsCurr[k]!) * (crsCurr[k0]! / crsNext[k0]!));
      const pe = vrs[k]! / vrs[k0]!;
      effch[k] = e;
      techch[k] = tc;
      pech[k] = pe;
      sech[k] = e / pe;
      tfpch[k] = e * tc;
    }
  }
  return { n, T, crsCurr, crsPrev, crsNext, vrs, effch, techch, pech, sech, tfpch, lpCount };
}

/** Geometric mean of `v[off + k * stride]`, k < count. */
export function geometricMean(v: Float64Array, off: number, stride: number, count: number): number {
  let s = 0;
  for (let k = 0; k < count; k++) s += Math.log(v[off + k * stride]!);
  return Math.exp(s / count);
}
