/**
 * The ATT on a matched sample and its standard error, as MatchIt's documentation advises: the coefficient
 * of `treat` in `lm(y ~ treat, weights = weights)` on `match.data` (weighted mean of y among matched
 * treated minus weighted mean among matched controls), with
 * - `pair`: cluster-robust by pair (`sandwich::vcovCL(fit, cluster = ~subclass)`, HC1 type: G/(G-1) x
 *   (n-1)/(n-k)) - MatchIt's advice without replacement, the default then;
 * - `hc3`: `sandwich::vcovHC(type = "HC3")` with the matching weights - MatchIt's advice with replacement,
 *   the default then;
 * - `hc1`, `iid`: HC1 and the conventional lm SE;
 * - `pair_unit`: on the stacked pairs (`get_matches()`: one row per unit per pair, so a control reused by
 *   several treated units appears several times), two-way cluster-robust by pair and unit
 *   (`vcovCL(cluster = ~subclass + id)`, HC1: each term G/(G-1), then (n-1)/(n-k)) - for matching with
 *   replacement. See {@link attOnPairs}.
 * Tests use a t distribution with n - 2 degrees of freedom (lmtest's `coeftest` default for lm).
 */
import { tPValueTwoSided as pt2, tQuantile } from '../../stats/distributions.js';

export type AttSe = 'pair' | 'hc3' | 'hc1' | 'iid' | 'pair_unit';

export interface AttEstimate {
  estimate: number;
  std_error: number;
  statistic: number;
  p_value: number;
  conf_low: number;
  conf_high: number;
  se_method: AttSe;
  /** Units in the regression (weight > 0). */
  nobs: number;
  df: number;
}

/**
 * Weighted regression of y on (1, treat) over units with weight > 0.
 * `cluster` (pair ids) is required for `pair`.
 */
export function attOnMatched(y: Float64Array, treat: Uint8Array, w: Float64Array, se: AttSe, cluster?: Int32Array, level = 0.95): AttEstimate {
  const n = y.length;
  let S = 0, S1 = 0, Y1 = 0, Y0 = 0, m = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    if (!(wi > 0)) continue;
    m++;
    S += wi;
    if (treat[i] === 1) {
      S1 += wi;
      Y1 += wi * y[i]!;
    } else Y0 += wi * y[i]!;
  }
  const S0 = S - S1;
  const b0 = Y0 / S0;
  const b1 = Y1 / S1 - b0;
  // bread = (X'WX)^{-1}, X'WX = [[S, S1], [S1, S1]]
  const det = S * S1 - S1 * S1;
  const B00 = S1 / det, B01 = -S1 / det, B11 = S / det;
  const k = 2;
  let v11: number;
  if (se === 'iid') {
    let rss = 0;
    for (let i = 0; i < n; i++) {
      const wi = w[i]!;
      if (!(wi > 0)) continue;
      const e = y[i]! - b0 - (treat[i] === 1 ? b1 : 0);
      rss += wi * e * e;
    }
    v11 = (rss / (m - k)) * B11;
  } else {
    // meat M = sum of outer products of scores (per unit or per cluster)
    let M00 = 0, M01 = 0, M11 = 0;
    if (se === 'pair') {
      if (!cluster) throw new Error('attOnMatched: pair ids are required for se = "pair"');
      const g0 = new Map<number, [number, number]>();
      for (let i = 0; i < n; i++) {
        const wi = w[i]!;
        if (!(wi > 0)) continue;
        const d = treat[i] === 1 ? 1 : 0;
        const e = y[i]! - b0 - d * b1;
        const s0 = wi * e, s1 = wi * e * d;
        const key = cluster[i]!;
        const acc = g0.get(key);
        if (acc) {
          acc[0] += s0;
          acc[1] += s1;
        } else g0.set(key, [s0, s1]);
      }
      for (const [s0, s1] of g0.values()) {
        M00 += s0 * s0;
        M01 += s0 * s1;
        M11 += s1 * s1;
      }
      const G = g0.size;
      const adj = (G / (G - 1)) * ((m - 1) / (m - k));
      M00 *= adj;
      M01 *= adj;
      M11 *= adj;
    } else {
      for (let i = 0; i < n; i++) {
        const wi = w[i]!;
        if (!(wi > 0)) continue;
        const d = treat[i] === 1 ? 1 : 0;
        const e = y[i]! - b0 - d * b1;
        let f = 1;
        if (se === 'hc3') {
          const h = wi * (B00 + 2 * d * B01 + d * B11);
          f = 1 / ((1 - h) * (1 - h));
        }
        const s0 = wi * e, s1 = wi * e * d;
        M00 += f * s0 * s0;
        M01 += f * s0 * s1;
        M11 += f * s1 * s1;
      }
      if (se === 'hc1') {
        const adj = m / (m - k);
        M00 *= adj;
        M01 *= adj;
        M11 *= adj;
      }
    }
    // (B M B)_{11}
    const r0 = B01 * M00 + B11 * M01; // row 1 of B times M, col 0
    const r1 = B01 * M01 + B11 * M11;
    v11 = r0 * B01 + r1 * B11;
  }
  const s = Math.sqrt(v11);
  const df = m - k;
  const t = b1 / s;
  const q = tQuantile((1 + level) / 2, df);
  return { estimate: b1, std_error: s, statistic: t, p_value: pt2(t, df), conf_low: b1 - q * s, conf_high: b1 + q * s, se_method: se, nobs: m, df };
}

/**
 * ATT on the stacked matched pairs (MatchIt's `get_matches()`): pair p contributes its treated unit with
 * weight 1 and each of its c controls with weight 1/c. SE two-way clustered by pair and unit, as
 * `sandwich::vcovCL(fit, cluster = ~subclass + id)` (Cameron, Gelbach & Miller 2011; each term scaled by
 * G/(G-1), the total by (n-1)/(n-k)).
 */
export function attOnPairs(y: Float64Array, treated: Int32Array, controls: Int32Array, ratio: number, level = 0.95): AttEstimate {
  const yy: number[] = [], dd: number[] = [], ww: number[] = [], pair: number[] = [], unit: number[] = [];
  let p = 0;
  for (let t = 0; t < treated.length; t++) {
    const cs: number[] = [];
    for (let r = 0; r < ratio; r++) if (controls[t * ratio + r]! >= 0) cs.push(controls[t * ratio + r]!);
    if (!cs.length) continue;
    const u = treated[t]!;
    yy.push(y[u]!); dd.push(1); ww.push(1); pair.push(p); unit.push(u);
    for (const c of cs) {
      yy.push(y[c]!); dd.push(0); ww.push(1 / cs.length); pair.push(p); unit.push(c);
    }
    p++;
  }
  const m = yy.length;
  let S = 0, S1 = 0, Y1 = 0, Y0 = 0;
  for (let i = 0; i < m; i++) {
    S += ww[i]!;
    if (dd[i]) {
      S1 += ww[i]!;
      Y1 += ww[i]! * yy[i]!;
    } else Y0 += ww[i]! * yy[i]!;
  }
  const b0 = Y0 / (S - S1);
  const b1 = Y1 / S1 - b0;
  const det = S * S1 - S1 * S1;
  const B01 = -S1 / det, B11 = S / det;
  const meat = (key: (i: number) => string): [number, number, number, number] => {
    const acc = new Map<string, [number, number]>();
    for (let i = 0; i < m; i++) {
      const e = yy[i]! - b0 - dd[i]! * b1;
      const s0 = ww[i]! * e, s1 = s0 * dd[i]!;
      const k = key(i);
      const a = acc.get(k);
      if (a) {
        a[0] += s0;
        a[1] += s1;
      } else acc.set(k, [s0, s1]);
    }
    let M00 = 0, M01 = 0, M11 = 0;
    for (const [s0, s1] of acc.values()) {
      M00 += s0 * s0;
      M01 += s0 * s1;
      M11 += s1 * s1;
    }
    const G = acc.size;
    const adj = G / (G - 1);
    return [M00 * adj, M01 * adj, M11 * adj, G];
  };
  const mp = meat((i) => `${pair[i]}`);
  const mu = meat((i) => `${unit[i]}`);
  const mi = meat((i) => `${pair[i]}:${unit[i]}`);
  const k = 2;
  const hc1 = (m - 1) / (m - k);
  const M00 = (mp[0] + mu[0] - mi[0]) * hc1, M01 = (mp[1] + mu[1] - mi[1]) * hc1, M11 = (mp[2] + mu[2] - mi[2]) * hc1;
  const r0 = B01 * M00 + B11 * M01;
  const r1 = B01 * M01 + B11 * M11;
  const v11 = r0 * B01 + r1 * B11;
  const s = Math.sqrt(v11);
  const df = m - k;
  const t = b1 / s;
  const q = tQuantile((1 + level) / 2, df);
  return { estimate: b1, std_error: s, statistic: t, p_value: pt2(t, df), conf_low: b1 - q * s, conf_high: b1 + q * s, se_method: 'pair_unit', nobs: m, df };
}
