/**
 * Sample quantiles (Hyndman & Fan 1996 definitions, as R's `quantile(type =)`).
 *
 * - type 7 (R's and numpy's default): `h = (n - 1) p`, linear interpolation between the order statistics
 *   `x[floor h]` and `x[floor h + 1]` (0-based), so p = 0 and 1 give the minimum and maximum;
 * - type 2 (Stata's `_pctile` / `summarize, detail`, used by `winsor2`): with `m = n p`, the order statistic
 *   `x[ceil m]` (1-based), or the average of `x[m]` and `x[m + 1]` when `m` is a whole number.
 */
import { OptionError } from '../errors.js';

/** Which sample-quantile definition to use. */
export type QuantileType = 2 | 7;

/** Quantile `p` of `sorted` (ascending, no NaN, length >= 1). */
export function quantileSorted(sorted: ArrayLike<number>, p: number, type: QuantileType = 7): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (type === 7) {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    if (lo >= n - 1) return sorted[n - 1]!;
    const frac = h - lo;
    const a = sorted[lo]!;
    return frac === 0 ? a : a + frac * (sorted[lo + 1]! - a);
  }
  const m = n * p;
  // Guard against p * n landing a rounding error above a whole number (0.1 * 30 = 3.0000000000000004).
  const mr = Math.round(m);
  if (Math.abs(m - mr) < 1e-9 * Math.max(1, m)) {
    if (mr <= 0) return sorted[0]!;
    if (mr >= n) return sorted[n - 1]!;
    return (sorted[mr - 1]! + sorted[mr]!) / 2;
  }
  return sorted[Math.min(n, Math.ceil(m)) - 1]!;
}

/** Quantiles `probs` of the non-missing values of `values` (copied and sorted; NaN ignored). */
export function quantiles(values: ArrayLike<number>, probs: readonly number[], type: QuantileType = 7): number[] {
  for (const p of probs) if (!(p >= 0 && p <= 1)) throw new OptionError('probs', `quantile probabilities must lie in [0, 1], got ${p}.`);
  if (type !== 7 && type !== 2) throw new OptionError('type', `unknown quantile type ${String(type)}.`, [2, 7]);
  let m = 0;
  const buf = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) buf[m++] = v;
  }
  const sorted = buf.subarray(0, m).sort();
  return probs.map((p) => quantileSorted(sorted, p, type));
}
