/**
 * Error-free transformations (Dekker 1971; Ogita, Rump & Oishi 2005, "Accurate sum and dot product") used
 * for the residual of one step of iterative refinement in least squares: the residual y - Xb is computed
 * in about twice the working precision, which is what makes the refinement step gain digits.
 */

const SPLIT = 134217729; // 2^27 + 1

/**
 * y_i - sum_j X[j*n+i] b[j] for every row, each computed with a compensated (double-double) dot product.
 * `X` is column-major n x k; only the columns listed in `cols` enter, with coefficients `b[t]` for `cols[t]`.
 * With `lo`, the residual is returned as an unevaluated sum `out[i] + lo[i]` (a double-double: `lo` holds
 * what rounding `out` to a double lost), for refinement steps that must not lose the residual's last bits.
 */
export function compensatedResiduals(
  X: Float64Array, n: number, cols: readonly number[], b: Float64Array, y: Float64Array, out: Float64Array, lo?: Float64Array,
): void {
  const k = cols.length;
  // split the coefficients once
  const bh = new Float64Array(k), bl = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    const c = SPLIT * b[t]!;
    const h = c - (c - b[t]!);
    bh[t] = h;
    bl[t] = b[t]! - h;
  }
  for (let i = 0; i < n; i++) {
    let s = y[i]!;
    let err = 0;
    for (let t = 0; t < k; t++) {
      const a = -X[cols[t]! * n + i]!;
      const bt = b[t]!;
      // TwoProduct(a, bt)
      const p = a * bt;
      const c = SPLIT * a;
      const ah = c - (c - a);
      const al = a - ah;
      const pe = al * bl[t]! - (((p - ah * bh[t]!) - al * bh[t]!) - ah * bl[t]!);
      // TwoSum(s, p)
      const s2 = s + p;
      const z = s2 - s;
      const se = (s - (s2 - z)) + (p - z);
      s = s2;
      err += se + pe;
    }
    const h = s + err;
    out[i] = h;
    if (lo) {
      // TwoSum(s, err): the part of s + err that h does not hold
      const z = h - s;
      lo[i] = (s - (h - z)) + (err - z);
    }
  }
}

/** sum_i w_i a_i b_i (w optional) with compensated (Ogita-Rump-Oishi Dot2) accumulation. */
export function compensatedDot(a: Float64Array, aOff: number, b: Float64Array, n: number, w?: Float64Array): number {
  let s = 0, err = 0;
  for (let i = 0; i < n; i++) {
    const x = w ? a[aOff + i]! * w[i]! : a[aOff + i]!; // w a is rounded once; w = 1 keeps it exact
    const y = b[i]!;
    const p = x * y;
    let c = SPLIT * x;
    const xh = c - (c - x), xl = x - xh;
    c = SPLIT * y;
    const yh = c - (c - y), yl = y - yh;
    const pe = xl * yl - (((p - xh * yh) - xl * yh) - xh * yl);
    const s2 = s + p;
    const z = s2 - s;
    err += (s - (s2 - z)) + (p - z) + pe;
    s = s2;
  }
  return s + err;
}
