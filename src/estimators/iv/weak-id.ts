/**
 * Weak-identification statistics of 2SLS with m endogenous regressors and L excluded instruments:
 * the Cragg-Donald (1993) Wald F and the Kleibergen-Paap (2006) rk Wald F, as ivreg2 reports them
 * (Baum, Schaffer & Stillman 2007; the rk statistic of Kleibergen & Paap 2006, J. Econometrics 133,
 * test of rank(Pi) = m - 1).
 *
 * With Pi (L x m) the first-stage coefficients of the excluded instruments (FWL: instruments partialled
 * out of the controls and FE), G = (Z~'W Z~)^{1/2} and F = Sigma_VV^{-1/2} (Sigma_VV the first-stage
 * residual covariance with the first stage's n - K), Theta = G Pi F. A_perp spans the L - m + 1 left and
 * b_perp the one right singular direction of Theta with the smallest singular values; with a = G' A_perp and
 * b = F b_perp, lambda = a' Pi b and rk = lambda' [sum_jl b_j b_l a' V_jl a]^{-1} lambda, V_jl = Cov(pi_j,
 * pi_l). The Wald F is rk / L.
 * - V from the model's robust / clustered variance (with its small-sample factor): the KP rk Wald F. With
 *   one endogenous regressor it is the robust first-stage Wald F. (ivreg2 scales by (N - L)/N and
 *   (G - 1)/G instead of the model's ssc; multiply accordingly to compare.)
 * - V homoskedastic (Sigma_VV (x) (Z~'WZ~)^{-1}): the Cragg-Donald F = lambda_min(F Pi' Z~'WZ~ Pi F) / L,
 *   which with one endogenous regressor is the conventional first-stage F.
 */
import type { FeolsFit, VcovResult } from '../ols/fit.js';
import { symmetricEigen } from '../../linalg/eigen.js';
import { pinvSym, scoreMeat, matmul } from './dense.js';

/** Symmetric square root (power 1/2 or -1/2) of a symmetric PSD k x k matrix. */
function symPow(S: Float64Array, k: number, power: 0.5 | -0.5): Float64Array {
  const { values, vectors } = symmetricEigen(S, k);
  const out = new Float64Array(k * k);
  let mx = 0;
  for (let j = 0; j < k; j++) mx = Math.max(mx, values[j]!);
  for (let j = 0; j < k; j++) {
    const l = values[j]!;
    if (!(l > 1e-14 * mx)) continue;
    const f = Math.pow(l, power);
    for (let b = 0; b < k; b++) for (let a = 0; a < k; a++) out[b * k + a]! += vectors[j * k + a]! * f * vectors[j * k + b]!;
  }
  return out;
}

/** Eigenvectors (columns) of a symmetric matrix for its `count` smallest eigenvalues. */
function smallestEigvecs(S: Float64Array, k: number, count: number): Float64Array {
  const { values, vectors } = symmetricEigen(S, k);
  const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => values[a]! - values[b]!);
  const out = new Float64Array(k * count);
  for (let c = 0; c < count; c++) out.set(vectors.subarray(order[c]! * k, order[c]! * k + k), c * k);
  return out;
}

/**
 * The rk Wald statistic for first stages `first` (sharing regressors), instrument positions `idx` in their
 * coefficients, and a covariance provider `cov(j, l)` returning Cov(pi_j, pi_l) over `idx` (L x L).
 */
export function rkWald(first: readonly FeolsFit[], idx: readonly number[], cov: (j: number, l: number) => Float64Array): number {
  const m = first.length;
  const L = idx.length;
  const f0 = first[0]!;
  const p = f0.coefNames.length;
  const n = f0.n;
  const w = f0.weights;
  const BII = new Float64Array(L * L);
  idx.forEach((a, s) => idx.forEach((c, t) => (BII[t * L + s] = f0.bread[c * p + a]!)));
  const ZZ = pinvSym(BII, L).inv;
  const G = symPow(ZZ, L, 0.5);
  const Pi = new Float64Array(L * m);
  first.forEach((f, j) => idx.forEach((a, s) => (Pi[j * L + s] = f.coef[a]!)));
  // Sigma_VV with the first stage's residual degrees of freedom (n - K, K = parameters incl. FE)
  const Svv = new Float64Array(m * m);
  for (let j = 0; j < m; j++) for (let l = 0; l < m; l++) {
    let s = 0;
    const vj = first[j]!.residuals, vl = first[l]!.residuals;
    for (let i = 0; i < n; i++) s += (w ? w[i]! : 1) * vj[i]! * vl[i]!;
    Svv[l * m + j] = s / (n - f0.nparams);
  }
  const F = symPow(Svv, m, -0.5);
  const Theta = matmul(matmul(G, L, L, Pi, m), L, m, F, m);
  // Theta Theta' (L x L) and Theta' Theta (m x m)
  const TT = new Float64Array(L * L), TtT = new Float64Array(m * m);
  for (let a = 0; a < L; a++) for (let b = 0; b < L; b++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += Theta[j * L + a]! * Theta[j * L + b]!;
    TT[b * L + a] = s;
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
    let s = 0;
    for (let r = 0; r < L; r++) s += Theta[a * L + r]! * Theta[b * L + r]!;
    TtT[b * m + a] = s;
  }
  const q = m - 1;
  const Aperp = smallestEigvecs(TT, L, L - q); // L x (L - q)
  const bperp = smallestEigvecs(TtT, m, 1); // m x 1
  const r = L - q;
  // a = G' A_perp (G symmetric), b = F b_perp
  const a = matmul(G, L, L, Aperp, r);
  const b = matmul(F, m, m, bperp, 1);
  // lambda = a' Pi b
  const Pib = matmul(Pi, L, m, b, 1);
  const lambda = new Float64Array(r);
  for (let c = 0; c < r; c++) {
    let s = 0;
    for (let t = 0; t < L; t++) s += a[c * L + t]! * Pib[t]!;
    lambda[c] = s;
  }
  // Omega = sum_jl b_j b_l a' V_jl a
  const Omega = new Float64Array(r * r);
  for (let j = 0; j < m; j++) for (let l = 0; l < m; l++) {
    const bjl = b[j]! * b[l]!;
    if (bjl === 0) continue;
    const V = cov(j, l);
    const Va = matmul(V, L, L, a, r);
    for (let c = 0; c < r; c++) for (let d = 0; d < r; d++) {
      let s = 0;
      for (let t = 0; t < L; t++) s += a[c * L + t]! * Va[d * L + t]!;
      Omega[d * r + c]! += bjl * s;
    }
  }
  const Oi = pinvSym(Omega, r).inv;
  let rk = 0;
  for (let c = 0; c < r; c++) for (let d = 0; d < r; d++) rk += lambda[c]! * Oi[d * r + c]! * lambda[d]!;
  return rk;
}

/**
 * Cragg-Donald F (homoskedastic covariances) and, when `robust` variance results of the first stages are
 * given, the Kleibergen-Paap rk Wald F with that variance (same cluster / hetero spec and small-sample
 * factor as the model). `clusters` are the cluster id arrays over estimation rows (empty for hetero).
 */
export function weakIdentification(
  first: readonly FeolsFit[],
  idx: readonly number[],
  iid: VcovResult,
  robust: VcovResult | null,
  clusters: readonly { ids: Int32Array; G: number }[],
): { cragg_donald_f: number; kp_rk_wald_f: number | null } {
  const L = idx.length;
  const f0 = first[0]!;
  const p = f0.coefNames.length;
  const n = f0.n;
  const w = f0.weights;
  const sub = (M: Float64Array): Float64Array => {
    const out = new Float64Array(L * L);
    idx.forEach((a, s) => idx.forEach((c, t) => (out[t * L + s] = M[c * p + a]!)));
    return out;
  };
  const BII = sub(f0.bread);
  // iid: V_jl = c s_jl B_II, s_jl = sum w v_j v_l, c = the iid variance's factor (1/(n - K) by default)
  const cross = (j: number, l: number): number => {
    let s = 0;
    const vj = first[j]!.residuals, vl = first[l]!.residuals;
    for (let i = 0; i < n; i++) s += (w ? w[i]! : 1) * vj[i]! * vl[i]!;
    return s;
  };
  const a00 = idx[0]!;
  const cIid = iid.matrix[a00 * p + a00]! / (f0.bread[a00 * p + a00]! * cross(0, 0));
  const homo = (j: number, l: number): Float64Array => {
    const sig = cross(j, l) * cIid;
    return BII.map((x) => x * sig);
  };
  const cd = rkWald(first, idx, homo) / L;
  if (!robust) return { cragg_donald_f: cd, kp_rk_wald_f: null };
  // robust: V_jl = c B (meat of Z v_j, Z v_l) B over idx, c = the model's small-sample factor
  const B = f0.bread;
  const Z = f0.Z;
  const meat = (u: Float64Array, v: Float64Array): Float64Array => {
    if (!clusters.length) return scoreMeat(Z, p, u, v, n, w);
    const M = new Float64Array(p * p);
    for (let mask = 1; mask < 1 << clusters.length; mask++) {
      const dims = clusters.filter((_, d) => mask & (1 << d));
      let g = dims[0]!;
      if (dims.length > 1) {
        const map = new Map<string, number>();
        const ids = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const key = dims.map((dd) => dd.ids[i]).join(',');
          let v2 = map.get(key);
          if (v2 === undefined) map.set(key, (v2 = map.size));
          ids[i] = v2;
        }
        g = { ids, G: map.size };
      }
      const Ms = scoreMeat(Z, p, u, v, n, w, g.ids, g.G);
      const sign = dims.length % 2 === 1 ? 1 : -1;
      for (let t = 0; t < M.length; t++) M[t]! += sign * Ms[t]!;
    }
    return M;
  };
  const sand = (M: Float64Array) => matmul(matmul(B, p, p, M, p), p, p, B, p);
  const v0 = first[0]!.residuals;
  const a0 = idx[0]!;
  const raw00 = sand(meat(v0, v0));
  const scale = robust.matrix[a0 * p + a0]! / raw00[a0 * p + a0]!;
  const rob = (j: number, l: number): Float64Array => sub(sand(meat(first[j]!.residuals, first[l]!.residuals))).map((x) => x * scale);
  return { cragg_donald_f: cd, kp_rk_wald_f: rkWald(first, idx, rob) / L };
}
