/**
 * Filling the years a published series lacks, the same way for every published variable:
 * x_it = A_t + r_it (in logs for positive quantities, in levels for shares and growth rates), where A_t is
 * the common year path (chained cross-city median of year-on-year changes, or a national figure where too
 * few cities publish) and r_it the city's residual. Between two published years r is interpolated linearly
 * (flag `filled`); before the first / after the last published year r is carried with a seeded random walk
 * (flag `simulated`); a city with no published value gets a predicted residual plus noise (`simulated`).
 */
import type { Rng } from '../../stats/rng.js';

/** Cell provenance codes shared by the panel's `_src` columns. */
export const SRC_PUBLISHED_HIGH = 0, SRC_PUBLISHED_MEDIUM = 1, SRC_PUBLISHED_LOW = 2, SRC_FILLED = 3, SRC_SIMULATED = 4, SRC_DERIVED = 5;
export const SRC_LEVELS: readonly string[] = ['published:high', 'published:medium', 'published:low', 'filled', 'simulated', 'derived'];

export interface FillSpec {
  /** `log`: positive quantity filled in logs; `level`: shares, rates. */
  readonly scale: 'log' | 'level';
  /** Year-on-year change of A_t to use when fewer than `minCities` cities publish both years (undefined: mean of the nearest three computed changes). */
  readonly fallbackChange?: (year: number) => number | undefined;
  /** SD per year of the random walk of r beyond the published years. */
  readonly edgeSd: number;
  /** Residual of a city that publishes nothing (default: the median residual), before noise of SD `noDataSd`. */
  readonly noDataResidual?: (city: number) => number;
  readonly noDataSd: number;
  readonly minCities?: number;
  /** Only the first `pathCities` rows inform the year path and the median residual (default all): rows after them (synthetic cities) then never change the real ones. */
  readonly pathCities?: number;
}

export interface FilledSeries {
  readonly values: Float64Array;
  /** SRC_* code per cell. */
  readonly src: Uint8Array;
  /** The year path A_t (log or level) and each city's mean published residual (NaN when none). */
  readonly yearPath: Float64Array;
  readonly cityResidual: Float64Array;
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2;
}

/**
 * Fills a city x year matrix. `published[i*nY+t]` is NaN where missing; `conf` codes 1/2/3 (high/medium/low)
 * for published cells; `rngOf(i)` is the city's generator for this variable.
 */
export function fillSeries(published: Float64Array, conf: Uint8Array, nC: number, years: readonly number[], spec: FillSpec, rngOf: (city: number) => Rng): FilledSeries {
  const nY = years.length;
  const tr = (x: number) => (spec.scale === 'log' ? Math.log(x) : x);
  const untr = (x: number) => (spec.scale === 'log' ? Math.exp(x) : x);
  const ok = (k: number) => !Number.isNaN(published[k]!) && (spec.scale === 'level' || published[k]! > 0);
  // Common year path from chained median changes.
  const minCities = spec.minCities ?? 30;
  const nPath = Math.min(nC, spec.pathCities ?? nC);
  const change = new Float64Array(nY).fill(NaN);
  for (let t = 1; t < nY; t++) {
    const d: number[] = [];
    for (let i = 0; i < nPath; i++) {
      const a = i * nY + t - 1, b = i * nY + t;
      if (ok(a) && ok(b)) d.push(tr(published[b]!) - tr(published[a]!));
    }
    if (d.length >= minCities) change[t] = median(d);
    else {
      const f = spec.fallbackChange?.(years[t]!);
      if (f !== undefined) change[t] = f;
    }
  }
  // Years still unknown: mean of the nearest three known changes (towards the middle of the window).
  for (let t = 1; t < nY; t++) {
    if (!Number.isNaN(change[t]!)) continue;
    const near: number[] = [];
    for (let dist = 1; near.length < 3 && dist < nY; dist++) {
      for (const s of [t - dist, t + dist]) if (s >= 1 && s < nY && !Number.isNaN(change[s]!) && near.length < 3) near.push(change[s]!);
    }
    change[t] = near.length ? near.reduce((a, b) => a + b, 0) / near.length : 0;
  }
  const path = new Float64Array(nY);
  for (let t = 1; t < nY; t++) path[t] = path[t - 1]! + change[t]!;

  const values = new Float64Array(nC * nY);
  const src = new Uint8Array(nC * nY);
  const cityResidual = new Float64Array(nC).fill(NaN);
  const allResiduals: number[] = [];
  const r = new Float64Array(nY);
  for (let i = 0; i < nC; i++) {
    let sum = 0, n = 0;
    for (let t = 0; t < nY; t++) {
      const k = i * nY + t;
      if (ok(k)) {
        const e = tr(published[k]!) - path[t]!;
        sum += e;
        n++;
      }
    }
    if (n) {
      cityResidual[i] = sum / n;
      if (i < nPath) allResiduals.push(sum / n);
    }
  }
  const medianResidual = median(allResiduals.slice());
  for (let i = 0; i < nC; i++) {
    const rng = rngOf(i);
    const known: number[] = [];
    for (let t = 0; t < nY; t++) if (ok(i * nY + t)) known.push(t);
    if (known.length === 0) {
      const base = (spec.noDataResidual?.(i) ?? medianResidual) + spec.noDataSd * rng.normal();
      let walk = 0;
      for (let t = 0; t < nY; t++) {
        walk += t === 0 ? 0 : spec.edgeSd * rng.normal();
        values[i * nY + t] = untr(path[t]! + base + walk);
        src[i * nY + t] = SRC_SIMULATED;
      }
      continue;
    }
    for (const t of known) r[t] = tr(published[i * nY + t]!) - path[t]!;
    const first = known[0]!, last = known[known.length - 1]!;
    for (let j = 0; j + 1 < known.length; j++) {
      const a = known[j]!, b = known[j + 1]!;
      for (let t = a + 1; t < b; t++) r[t] = r[a]! + ((r[b]! - r[a]!) * (t - a)) / (b - a);
    }
    for (let t = last + 1; t < nY; t++) r[t] = r[t - 1]! + spec.edgeSd * rng.normal();
    for (let t = first - 1; t >= 0; t--) r[t] = r[t + 1]! + spec.edgeSd * rng.normal();
    for (let t = 0; t < nY; t++) {
      const k = i * nY + t;
      if (ok(k)) {
        values[k] = published[k]!;
        src[k] = conf[k] === 1 ? SRC_PUBLISHED_HIGH : conf[k] === 3 ? SRC_PUBLISHED_LOW : SRC_PUBLISHED_MEDIUM;
      } else {
        values[k] = untr(path[t]! + r[t]!);
        src[k] = t > first && t < last ? SRC_FILLED : SRC_SIMULATED;
      }
    }
  }
  return { values, src, yearPath: path, cityResidual };
}
