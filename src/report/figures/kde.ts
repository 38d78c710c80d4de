/**
 * Gaussian kernel density on an even grid, with Silverman's rule-of-thumb bandwidth
 * (0.9 * min(sd, IQR/1.34) * n^(-1/5); R `bw.nrd0`), so permutation densities are drawn from a few hundred
 * points whatever the number of draws.
 */

/** Density estimate at `points` grid points spanning the data +- 3 bandwidths. */
export function kde(draws: ArrayLike<number>, points = 200, bandwidth?: number): { x: Float64Array; density: Float64Array; bandwidth: number } {
  const xs = Float64Array.from(Array.prototype.filter.call(draws, (v: number) => Number.isFinite(v)) as number[]).sort();
  const n = xs.length;
  const x = new Float64Array(points);
  const density = new Float64Array(points);
  if (n === 0) return { x, density, bandwidth: NaN };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i]! - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return xs[lo]! + (h - lo) * ((xs[Math.min(n - 1, lo + 1)] ?? xs[lo]!) - xs[lo]!);
  };
  const iqr = q(0.75) - q(0.25);
  let spread = Math.min(sd, iqr / 1.34);
  if (!(spread > 0)) spread = sd > 0 ? sd : Math.abs(xs[0]!) || 1;
  const bw = bandwidth ?? 0.9 * spread * Math.pow(n, -0.2);
  const lo = xs[0]! - 3 * bw;
  const hi = xs[n - 1]! + 3 * bw;
  const norm = 1 / (n * bw * Math.sqrt(2 * Math.PI));
  for (let g = 0; g < points; g++) {
    const at = lo + ((hi - lo) * g) / (points - 1);
    x[g] = at;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = (at - xs[i]!) / bw;
      if (z > -8 && z < 8) s += Math.exp(-0.5 * z * z);
    }
    density[g] = s * norm;
  }
  return { x, density, bandwidth: bw };
}
