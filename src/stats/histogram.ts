/** Equal-width histogram of the finite values of `x` (for permutation and placebo density plots). */
export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/** `bins` equal-width bins from the smallest to the largest finite value; non-finite values are left out. */
export function histogramOf(x: Float64Array, bins: number): HistogramBin[] {
  let mn = Infinity, mx = -Infinity;
  for (const v of x) {
    if (!Number.isFinite(v)) continue;
    mn = Math.min(mn, v);
    mx = Math.max(mx, v);
  }
  if (!(mx > mn)) return [{ from: mn, to: mx, count: x.length }];
  const w = (mx - mn) / bins;
  const out = Array.from({ length: bins }, (_, k) => ({ from: mn + k * w, to: mn + (k + 1) * w, count: 0 }));
  for (const v of x) if (Number.isFinite(v)) out[Math.min(bins - 1, Math.floor((v - mn) / w))]!.count++;
  return out;
}
