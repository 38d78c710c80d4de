/**
 * Covariate balance before and after matching.
 *
 * As MatchIt's `summary.matchit` (estimand ATT):
 * - standardised mean difference = (weighted mean treated - weighted mean control) / s, where s is the SD
 *   of the treated group in the unmatched sample, the same s before and after matching; n - 1 for
 *   continuous variables, sqrt(p (1 - p)) without correction for binary ones (two distinct values);
 * - variance ratio = weighted variance treated / weighted variance control, each
 *   sum w (x - xbar_w)^2 / (1 - sum w^2) with w normalised to 1 (null for binary variables);
 * - eCDF mean / max = mean / max of |F_treated(x) - F_control(x)| (weighted) over the distinct values of x
 *   in the whole sample (unmatched units add points, not mass), and |difference in means| for binary
 *   variables, as MatchIt's `qqsum`;
 * As psmatch2's `pstest`: % standardised bias 100 (mean_t - mean_c) / sqrt((V_t + V_c) / 2) with the
 * unmatched-sample variances, its % reduction, and the t-test of equal means = t statistic of `treat` in the
 * regression of x on treat with the matching weights as frequency weights (df = sum w - 2).
 */
import { tPValueTwoSided as pt2 } from '../../stats/distributions.js';

export interface BalanceRow {
  variable: string;
  binary: boolean;
  mean_treated_before: number;
  mean_control_before: number;
  mean_treated_after: number;
  mean_control_after: number;
  smd_before: number;
  smd_after: number;
  var_ratio_before: number | null;
  var_ratio_after: number | null;
  ecdf_mean_before: number;
  ecdf_max_before: number;
  ecdf_mean_after: number;
  ecdf_max_after: number;
  pct_bias_before: number;
  pct_bias_after: number;
  pct_bias_reduction: number | null;
  t_before: number;
  p_before: number;
  t_after: number;
  p_after: number;
}

interface GroupStats {
  mean: number;
  variance: number; // MatchIt weighted variance (normalised weights)
  sw: number;
  ss: number; // sum w (x - mean)^2
}

function groupStats(x: Float64Array, off: number, n: number, treat: Uint8Array, w: Float64Array | undefined, g: number): GroupStats {
  let sw = 0, sx = 0;
  for (let i = 0; i < n; i++) if (treat[i] === g) {
    const wi = w ? w[i]! : 1;
    if (wi <= 0) continue;
    sw += wi;
    sx += wi * x[off + i]!;
  }
  const mean = sx / sw;
  let ss = 0, sw2 = 0;
  for (let i = 0; i < n; i++) if (treat[i] === g) {
    const wi = w ? w[i]! : 1;
    if (wi <= 0) continue;
    const d = x[off + i]! - mean;
    ss += wi * d * d;
    sw2 += (wi / sw) * (wi / sw);
  }
  return { mean, variance: ss / sw / (1 - sw2), sw, ss };
}

function ecdfStats(x: Float64Array, off: number, n: number, treat: Uint8Array, w: Float64Array | undefined, binary: boolean): [number, number] {
  let s1 = 0, s0 = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    if (treat[i] === 1) s1 += wi;
    else s0 += wi;
  }
  if (binary) {
    let m1 = 0, m0 = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! : 1;
      if (treat[i] === 1) m1 += wi * x[off + i]!;
      else m0 += wi * x[off + i]!;
    }
    const d = Math.abs(m1 / s1 - m0 / s0);
    return [d, d];
  }
  // every unit takes part in the ordering (zero weights add points but no mass), as MatchIt's qqsum
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => x[off + a]! - x[off + b]!);
  let cum = 0, sum = 0, max = 0, cnt = 0;
  for (let q = 0; q < n; q++) {
    const i = idx[q]!;
    const wi = w ? w[i]! : 1;
    cum += treat[i] === 1 ? wi / s1 : -wi / s0;
    const last = q === n - 1 || x[off + idx[q + 1]!]! !== x[off + i]!;
    if (last) {
      const d = Math.abs(cum);
      sum += d;
      cnt++;
      if (d > max) max = d;
    }
  }
  return [sum / cnt, max];
}

function tTest(x: Float64Array, off: number, n: number, treat: Uint8Array, w: Float64Array | undefined): [number, number] {
  const a = groupStats(x, off, n, treat, w, 1);
  const b = groupStats(x, off, n, treat, w, 0);
  const df = a.sw + b.sw - 2;
  const s2 = (a.ss + b.ss) / df;
  const t = (a.mean - b.mean) / Math.sqrt(s2 * (1 / a.sw + 1 / b.sw));
  return [t, pt2(t, df)];
}

/**
 * Balance of each column of `B` (n x names.length, column-major) between treat = 1 and 0, unweighted
 * (before) and with the matching weights (after).
 */
export function balanceTable(B: Float64Array, names: readonly string[], treat: Uint8Array, weights: Float64Array): BalanceRow[] {
  const n = treat.length;
  const rows: BalanceRow[] = [];
  for (let j = 0; j < names.length; j++) {
    const off = j * n;
    const vals = new Set<number>();
    for (let i = 0; i < n && vals.size <= 2; i++) vals.add(B[off + i]!);
    const binary = vals.size <= 2;
    const t0 = groupStats(B, off, n, treat, undefined, 1);
    const c0 = groupStats(B, off, n, treat, undefined, 0);
    const t1 = groupStats(B, off, n, treat, weights, 1);
    const c1 = groupStats(B, off, n, treat, weights, 0);
    let s: number;
    if (binary) {
      const [lo, hi] = [...vals].sort((a, b) => a - b) as [number, number];
      const span = vals.size === 2 ? hi - lo : 1;
      const p = vals.size === 2 ? (t0.mean - lo) / span : 0;
      s = span * Math.sqrt(p * (1 - p));
    } else s = Math.sqrt(t0.ss / (t0.sw - 1));
    const smd = (a: number, b: number): number => {
      const d = a - b;
      return Math.abs(d) < Math.sqrt(2.220446049250313e-16) ? d : d / s;
    };
    const vt0 = t0.ss / (t0.sw - 1), vc0 = c0.ss / (c0.sw - 1);
    const pooled = Math.sqrt((vt0 + vc0) / 2);
    const biasB = (100 * (t0.mean - c0.mean)) / pooled;
    const biasA = (100 * (t1.mean - c1.mean)) / pooled;
    const [eb, emb] = ecdfStats(B, off, n, treat, undefined, binary);
    const [ea, ema] = ecdfStats(B, off, n, treat, weights, binary);
    const [tb, pb] = tTest(B, off, n, treat, undefined);
    const [ta, pa] = tTest(B, off, n, treat, weights);
    rows.push({
      variable: names[j]!,
      binary,
      mean_treated_before: t0.mean,
      mean_control_before: c0.mean,
      mean_treated_after: t1.mean,
      mean_control_after: c1.mean,
      smd_before: smd(t0.mean, c0.mean),
      smd_after: smd(t1.mean, c1.mean),
      var_ratio_before: binary ? null : t0.variance / c0.variance,
      var_ratio_after: binary ? null : t1.variance / c1.variance,
      ecdf_mean_before: eb,
      ecdf_max_before: emb,
      ecdf_mean_after: ea,
      ecdf_max_after: ema,
      pct_bias_before: biasB,
      pct_bias_after: biasA,
      pct_bias_reduction: biasB !== 0 ? 100 * (1 - Math.abs(biasA) / Math.abs(biasB)) : null,
      t_before: tb,
      p_before: pb,
      t_after: ta,
      p_after: pa,
    });
  }
  return rows;
}
