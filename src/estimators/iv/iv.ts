/**
 * IV-2SLS with any number of fixed effects, weights and clustered variances: fixest's `feols(y ~ x | fe |
 * endog ~ z)` and AER's `ivreg`, with ivreg2-style diagnostics (Baum, Schaffer & Stillman 2007).
 *
 * Computation (every stage is `feolsFit`, so FE demeaning, singleton removal, collinearity and the
 * small-sample corrections are the same code as OLS):
 * 1. First stage per endogenous regressor: endog ~ exog + instruments | fe. An excluded instrument that is
 *    collinear with the controls or the fixed effects is dropped with a warning; when fewer usable
 *    instruments than endogenous regressors remain, `E_IV_UNDERIDENTIFIED` names them.
 * 2. Second stage: y ~ exog + fitted(endog) | fe; its coefficients are the 2SLS estimates.
 * 3. Variance: the sandwich of the second-stage regressors X^ with the *structural* residuals
 *    e = y - X b (not y - X^ b), as AER, fixest and Stata: iid = sigma^2 (X^'X^)^-1 with
 *    sigma^2 = e'e / (n - K); hetero = HC1; cluster = CR1 with fixest's K and G corrections (or any `ssc`;
 *    `{ kFixef: 'full' }` reproduces `sandwich::vcovCL` on a dummy-variable fit).
 * Diagnostics:
 * - first stage: F of the excluded instruments, conventional (AER's "Weak instruments" test) and Wald F
 *   with the model's variance (hetero: `lmtest::waldtest(vcov = vcovHC(type = "HC1"))`; cluster: fixest's
 *   `ivwald`). With one endogenous regressor the robust Wald F is the Kleibergen-Paap (2006) rk Wald F up to
 *   ivreg2's small-sample factor (ivreg2 scales by (N - L)/N and (G - 1)/G; we use the model's ssc).
 *   Model-level weak identification with any number of endogenous regressors: Cragg-Donald F and the
 *   Kleibergen-Paap rk Wald F (`weak-id.ts`).
 * - over-identification (more instruments than endogenous): Sargan = n R^2 of e on all instruments (AER);
 *   under a robust / clustered variance also Hansen's J of the two-step efficient GMM (ivreg2's J),
 *   chi-squared with L - m degrees of freedom.
 * - reduced form: y ~ exog + instruments | fe, with the model's variance.
 * - Wu-Hausman (AER): iid F test of the first-stage residuals added to y ~ exog + endog | fe.
 * - Anderson-Rubin (1949) confidence set for one endogenous regressor (option `arCi`): the b0 whose
 *   reduced-form regression of y - b0 x on the instruments has a Wald F (model variance) below the
 *   F(L, df) critical value; found on a grid and refined by bisection; may be unbounded.
 */
import type { Design } from '../design.js';
import { PilotzoneError, OptionError, type Warning } from '../../errors.js';
import type { EstimationResult, TidyRow } from '../result.js';
import type { RunControl } from '../../control.js';
import { feolsFit } from '../ols/feols.js';
import { FeolsResult } from '../ols/result.js';
import type { FeolsFit } from '../ols/fit.js';
import type { SscInput, VcovInput, VcovSpec } from '../ols/options.js';
import { FixedEffectsProjector } from '../ols/demean.js';
import { chi2Sf, fQuantile, fSf } from '../../stats/distributions.js';
import { NotIvError, UnderidentifiedError } from './errors.js';
import { crossprod, matmul, pinvSym, quadForm, scoreMeat, transpose } from './dense.js';
import { weakIdentification } from './weak-id.js';

export interface IvOptions {
  /** Variance of the 2SLS coefficients (default as fixest: clusters of the design, else first FE, else iid). */
  vcov?: VcovInput;
  /** Small-sample correction (fixest preset by default). */
  ssc?: SscInput;
  /** Confidence level (default 0.95). */
  level?: number;
  /** Compute the Anderson-Rubin confidence set (one endogenous regressor). */
  arCi?: boolean;
  /** Singleton removal as feols (default 'singletons'). */
  fixefRm?: 'singletons' | 'none';
  control?: RunControl;
}

export interface FirstStageStat {
  endogenous: string;
  /** The first-stage F under the model's variance (conventional when iid; robust Wald / KP rk Wald F otherwise). */
  f_stat: number;
  p_value: number;
  df1: number;
  df2: number;
  /** Conventional (homoskedastic) F, AER's "Weak instruments" test. */
  f_conventional: number;
  p_conventional: number;
  df2_conventional: number;
  /** Wald F with the model's robust / clustered variance (null when the model is iid). */
  f_robust: number | null;
  /** Kleibergen-Paap rk Wald F of the model (robust / cluster variance; null when iid), see `weak-id.ts`. */
  kp_rk_wald_f: number | null;
  /** Partial R2 of the excluded instruments (within the exogenous regressors and FE). */
  partial_r2: number;
  vcov: string;
  instruments: TidyRow[];
}

export interface OveridStat {
  /** Sargan (iid models) or Hansen J (robust / clustered models). */
  statistic: number;
  p_value: number;
  df: number;
  test: 'sargan' | 'hansen_j';
  sargan: { statistic: number; p_value: number; df: number };
  hansen_j: { statistic: number; p_value: number; df: number } | null;
}

/** Wu-Hausman test of exogeneity (AER's "Wu-Hausman"): F of the first-stage residuals added to the structural equation. */
export interface WuHausmanStat {
  statistic: number;
  p_value: number;
  df1: number;
  df2: number;
}

export interface ArConfidenceSet {
  level: number;
  /** Intervals of the set ([-Infinity, a] etc. for unbounded pieces; JSON shows null). */
  intervals: [number, number][];
  bounded: boolean;
  empty: boolean;
  df1: number;
  df2: number;
  critical_value: number;
}

function concatCols(A: Float64Array, B: Float64Array): Float64Array {
  const out = new Float64Array(A.length + B.length);
  out.set(A, 0);
  out.set(B, A.length);
  return out;
}

function wald(fr: FeolsResult, idx: number[]): number {
  const p = fr.fit.coefNames.length;
  const q = idx.length;
  const V = new Float64Array(q * q);
  const b = new Float64Array(q);
  idx.forEach((a, s) => {
    b[s] = fr.fit.coef[a]!;
    idx.forEach((c, t) => (V[t * q + s] = fr.variance.matrix[c * p + a]!));
  });
  return quadForm(pinvSym(V, q).inv, b, b, q) / q;
}

/** Fits 2SLS on a design with an IV part (see the module comment). */
export function ivFit(design: Design, opts: IvOptions = {}): IvResult {
  if (!design.iv) throw new NotIvError(design.formula);
  if (opts.level !== undefined && !(opts.level > 0 && opts.level < 1)) throw new OptionError('level', `must lie strictly between 0 and 1, got ${opts.level}.`);
  const level = opts.level ?? 0.95;
  const n0 = design.n;
  const exog = design.x;
  const endog = design.iv.endog;
  const inst = design.iv.instruments;
  const m = endog.names.length;
  if (inst.names.length < m) throw new UnderidentifiedError(endog.names, inst.names, []);
  const overlap = inst.names.filter((z) => exog.names.includes(z) || endog.names.includes(z));
  const feOpts = { ...(opts.fixefRm ? { fixefRm: opts.fixefRm } : {}), ...(opts.control ? { control: opts.control } : {}) };
  const warnings: Warning[] = [];
  const zNames = [...exog.names, ...inst.names];
  const Zx = concatCols(exog.X, inst.X);
  const zDesign = (y: Float64Array, yname: string): Design => ({ ...design, y, yname, x: { names: zNames, X: Zx }, iv: undefined });

  // 1. first stages
  const first: FeolsFit[] = endog.names.map((nm, j) => feolsFit(zDesign(endog.X.slice(j * n0, (j + 1) * n0), nm), feOpts));
  const dropped = inst.names.filter((z) => first[0]!.collinear.some((c) => c.term === z) || overlap.includes(z));
  const usable = inst.names.filter((z) => !dropped.includes(z));
  if (usable.length < m) throw new UnderidentifiedError(endog.names, usable, dropped);
  if (dropped.length) {
    warnings.push({ code: 'W_INSTRUMENT_COLLINEAR', message: `instrument(s) ${dropped.join(', ')} collinear with the controls or fixed effects were dropped; ${usable.length} excluded instrument(s) remain.` });
  }
  for (const f of first) for (const w of f.warnings) if (w.code !== 'W_COLLINEAR') warnings.push({ code: w.code, message: `first stage (${f.yname}): ${w.message}` });
  const sel = first[0]!.designRows;
  const n = sel.length;

  // 2. second stage on fitted endogenous regressors
  const Ehat = endog.X.slice();
  first.forEach((f, j) => {
    for (let t = 0; t < n; t++) Ehat[j * n0 + sel[t]!] = f.y[t]! - f.residuals[t]!;
  });
  const fit2raw = feolsFit({ ...design, x: { names: [...exog.names, ...endog.names], X: concatCols(exog.X, Ehat) }, iv: undefined }, feOpts);
  const colEndog = fit2raw.collinear.filter((c) => endog.names.includes(c.term)).map((c) => c.term);
  if (colEndog.length) {
    throw new PilotzoneError('E_IV_COLLINEAR', `the first-stage fitted values of ${colEndog.join(', ')} are collinear with the exogenous regressors and fixed effects: the instruments carry no excluded variation.`, {
      hint: 'Check that the instruments vary within the fixed effects and are not combinations of the controls.',
      details: { endogenous: colEndog },
    });
  }
  if (fit2raw.designRows.length !== n || fit2raw.designRows.some((r, t) => r !== sel[t])) {
    throw new PilotzoneError('E_INTERNAL', 'IV stages used different rows.');
  }
  const e = Float64Array.from(fit2raw.residuals);
  endog.names.forEach((nm, j) => {
    const b = fit2raw.coef[fit2raw.coefNames.indexOf(nm)]!;
    const v = first[j]!.residuals;
    for (let t = 0; t < n; t++) e[t] = e[t]! - b * v[t]!;
  });
  const w = fit2raw.weights;
  let rss = 0;
  for (let t = 0; t < n; t++) rss += (w ? w[t]! : 1) * e[t]! * e[t]!;
  const fit2: FeolsFit = { ...fit2raw, residuals: e, rss, warnings: [...fit2raw.warnings, ...warnings] };
  const second = new FeolsResult(fit2, opts.vcov, opts.ssc, level);
  const spec: VcovSpec = second.variance.spec;

  // weak identification (model level): Cragg-Donald F and Kleibergen-Paap rk Wald F
  const idx0 = usable.map((z) => first[0]!.coefNames.indexOf(z));
  const iid0 = new FeolsResult(first[0]!, 'iid', opts.ssc, level);
  const rob0 = spec.type === 'iid' ? null : new FeolsResult(first[0]!, spec, opts.ssc, level);
  const cl0 = rob0 ? clusterIds(first[0]!, spec) : [];
  const weakId = cl0 === null ? { cragg_donald_f: weakIdentification(first, idx0, iid0.variance, null, []).cragg_donald_f, kp_rk_wald_f: null } : weakIdentification(first, idx0, iid0.variance, rob0?.variance ?? null, cl0);

  // first-stage statistics
  const firstStage: FirstStageStat[] = first.map((f) => {
    const idx = usable.map((z) => f.coefNames.indexOf(z));
    const iid = new FeolsResult(f, 'iid', opts.ssc, level);
    const fC = wald(iid, idx);
    const robust = spec.type === 'iid' ? null : new FeolsResult(f, spec, opts.ssc, level);
    const fR = robust ? wald(robust, idx) : null;
    const model = robust ?? iid;
    // partial R2: 1 - RSS_u / RSS_r, RSS_r from the regression without the excluded instruments
    const rfNo = feolsFit({ ...design, y: endog.X.slice(endog.names.indexOf(f.yname) * n0, (endog.names.indexOf(f.yname) + 1) * n0), yname: f.yname, iv: undefined }, feOpts);
    const partial = 1 - f.rss / rfNo.rss;
    const q = idx.length;
    return {
      endogenous: f.yname,
      f_stat: fR ?? fC,
      p_value: fSf(fR ?? fC, q, model.variance.tDf),
      df1: q,
      df2: model.variance.tDf,
      f_conventional: fC,
      p_conventional: fSf(fC, q, iid.variance.tDf),
      df2_conventional: iid.variance.tDf,
      f_robust: fR,
      kp_rk_wald_f: weakId.kp_rk_wald_f,
      partial_r2: partial,
      vcov: model.variance.label,
      instruments: model.tidy().filter((r) => usable.includes(r.term)),
    };
  });

  // reduced form
  const rfFit = feolsFit(zDesign(design.y, design.yname), feOpts);
  const reduced = new FeolsResult(rfFit, spec, opts.ssc, level);

  // over-identification
  let overid: OveridStat | null = null;
  const df = usable.length - m;
  if (df > 0) {
    const eFull = new Float64Array(n0);
    for (let t = 0; t < n; t++) eFull[sel[t]!] = e[t]!;
    const ef = feolsFit(zDesign(eFull, 'resid'), feOpts);
    const r2 = ef.tss > 0 ? 1 - ef.rss / ef.tss : 0;
    const S = n * r2;
    const sargan = { statistic: S, p_value: chi2Sf(S, df), df };
    let hansen: OveridStat['hansen_j'] = null;
    if (spec.type !== 'iid') {
      const J = hansenJ(fit2, design, usable, endog.names, e, spec);
      if (J !== null) hansen = { statistic: J, p_value: chi2Sf(J, df), df };
      else warnings.push({ code: 'W_HANSEN_J', message: 'Hansen J was not computed for this variance specification (cluster ids given as arrays); Sargan is reported.' });
    }
    overid = hansen
      ? { statistic: hansen.statistic, p_value: hansen.p_value, df, test: 'hansen_j', sargan, hansen_j: hansen }
      : { statistic: S, p_value: sargan.p_value, df, test: 'sargan', sargan, hansen_j: null };
  }

  // Wu-Hausman: y ~ exog + endog + v_hat (iid F test of the v_hat coefficients), as AER's summary.ivreg
  const vNames = endog.names.map((nm) => `resid(${nm})`);
  const Vfull = endog.X.slice();
  first.forEach((f, j) => {
    for (let t = 0; t < n; t++) Vfull[j * n0 + sel[t]!] = f.residuals[t]!;
  });
  const wuFit = feolsFit({ ...design, x: { names: [...exog.names, ...endog.names, ...vNames], X: concatCols(concatCols(exog.X, endog.X), Vfull) }, iv: undefined }, feOpts);
  const wuRes = new FeolsResult(wuFit, 'iid', opts.ssc, level);
  const wuIdx = vNames.map((v) => wuFit.coefNames.indexOf(v)).filter((i) => i >= 0);
  const wuF = wuIdx.length ? wald(wuRes, wuIdx) : NaN;
  const wuHausman: WuHausmanStat = { statistic: wuF, p_value: fSf(wuF, wuIdx.length, wuRes.variance.tDf), df1: wuIdx.length, df2: wuRes.variance.tDf };

  let ar: ArConfidenceSet | null = null;
  if (opts.arCi) {
    if (m !== 1) throw new OptionError('arCi', `the Anderson-Rubin confidence set is implemented for one endogenous regressor; the model has ${m}.`);
    ar = andersonRubin(rfFit, first[0]!, reduced, usable, second, level);
  }
  return new IvResult({ second, first, firstStage, weakId, reduced, overid, wuHausman, ar, endog: endog.names, instruments: usable, dropped, warnings: second.warnings });
}

/** Cluster ids (over estimation rows) of the variance spec, or undefined for hetero; null if unresolvable. */
function clusterIds(fit: FeolsFit, spec: VcovSpec): { ids: Int32Array; G: number }[] | null {
  if (spec.type !== 'cluster') return [];
  const out: { ids: Int32Array; G: number }[] = [];
  for (const c of spec.cluster ?? []) {
    if (typeof c !== 'string') return null;
    const f = fit.clusters.find((k) => k.name === c) ?? fit.fe.find((k) => k.name === c);
    if (!f) return null;
    out.push({ ids: f.ids, G: f.nlevels });
  }
  return out;
}

function intersectIds(list: { ids: Int32Array; G: number }[], n: number): { ids: Int32Array; G: number } {
  const map = new Map<string, number>();
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = list.map((l) => l.ids[i]).join(',');
    let v = map.get(key);
    if (v === undefined) map.set(key, (v = map.size));
    ids[i] = v;
  }
  return { ids, G: map.size };
}

/** Robust / clustered meat of the scores Z u (x) Z v, multiway by inclusion-exclusion. */
function robustMeat(Z: Float64Array, k: number, u: Float64Array, v: Float64Array, n: number, w: Float64Array | undefined, cl: { ids: Int32Array; G: number }[]): Float64Array {
  if (cl.length === 0) return scoreMeat(Z, k, u, v, n, w);
  const M = new Float64Array(k * k);
  for (let mask = 1; mask < 1 << cl.length; mask++) {
    const dims = cl.filter((_, d) => mask & (1 << d));
    const g = dims.length === 1 ? dims[0]! : intersectIds(dims, n);
    const Ms = scoreMeat(Z, k, u, v, n, w, g.ids, g.G);
    const sign = dims.length % 2 === 1 ? 1 : -1;
    for (let t = 0; t < M.length; t++) M[t]! += sign * Ms[t]!;
  }
  return M;
}

/**
 * Hansen's J of the two-step efficient GMM estimator (ivreg2), on FE-demeaned data: S = robust meat of
 * Z e (2SLS residuals), b = (X'Z S^-1 Z'X)^-1 X'Z S^-1 Z'y, J = (Z'e_b)' S^-1 (Z'e_b).
 */
function hansenJ(fit2: FeolsFit, d: Design, usable: readonly string[], endogNames: readonly string[], e: Float64Array, spec: VcovSpec): number | null {
  const cl = clusterIds(fit2, spec);
  if (cl === null) return null;
  const n = fit2.n;
  const w = fit2.weights;
  const sel = fit2.designRows;
  const pick = (src: Float64Array, j: number, n0: number): Float64Array => {
    const out = new Float64Array(n);
    for (let t = 0; t < n; t++) out[t] = src[j * n0 + sel[t]!]!;
    return out;
  };
  const n0 = d.n;
  const exogKept = fit2.coefNames.filter((c) => !endogNames.includes(c));
  const cols = (names: readonly string[]): Float64Array[] =>
    names.map((nm) => {
      if (nm === '(Intercept)') return new Float64Array(n).fill(1);
      const ie = d.x.names.indexOf(nm);
      if (ie >= 0) return pick(d.x.X, ie, n0);
      const ien = d.iv!.endog.names.indexOf(nm);
      if (ien >= 0) return pick(d.iv!.endog.X, ien, n0);
      return pick(d.iv!.instruments.X, d.iv!.instruments.names.indexOf(nm), n0);
    });
  let Xc = cols([...exogKept, ...endogNames]);
  let Zc = cols([...exogKept, ...usable]);
  let y = fit2.y;
  if (fit2.fe.length) {
    const proj = new FixedEffectsProjector(fit2.fe, n, { weights: w });
    Xc = proj.demean(Xc).columns;
    Zc = proj.demean(Zc).columns;
    y = proj.demean([y]).columns[0]!;
  }
  const kx = Xc.length, kz = Zc.length;
  const X = new Float64Array(n * kx), Z = new Float64Array(n * kz);
  Xc.forEach((c, j) => X.set(c, j * n));
  Zc.forEach((c, j) => Z.set(c, j * n));
  const S = robustMeat(Z, kz, e, e, n, w, cl);
  const Sinv = pinvSym(S, kz).inv;
  const ZX = crossprod(Z, kz, X, kx, n, w);
  const Zy = crossprod(Z, kz, y, 1, n, w);
  const XZS = matmul(transpose(ZX, kz, kx), kx, kz, Sinv, kz);
  const A = matmul(XZS, kx, kz, ZX, kx);
  const rhs = matmul(XZS, kx, kz, Zy, 1);
  const b = matmul(pinvSym(A, kx).inv, kx, kx, rhs, 1);
  const eg = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = y[i]!;
    for (let j = 0; j < kx; j++) s -= X[j * n + i]! * b[j]!;
    eg[i] = s;
  }
  const g = crossprod(Z, kz, eg, 1, n, w);
  return quadForm(Sinv, g, g, kz);
}

/** Anderson-Rubin confidence set by test inversion (see the module comment). */
function andersonRubin(rf: FeolsFit, fs: FeolsFit, reduced: FeolsResult, usable: readonly string[], second: FeolsResult, level: number): ArConfidenceSet {
  const n = rf.n;
  const p = rf.coefNames.length;
  const idx = usable.map((z) => rf.coefNames.indexOf(z));
  const q = idx.length;
  const B = rf.bread;
  const spec = reduced.variance.spec;
  const cl = clusterIds(rf, spec) ?? [];
  const w = rf.weights;
  const uy = rf.residuals, ux = fs.residuals;
  // unscaled meats (or residual sums of squares for iid)
  let Myy: Float64Array, Mxy: Float64Array, Mxx: Float64Array;
  if (spec.type === 'iid') {
    let syy = 0, sxy = 0, sxx = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! : 1;
      syy += wi * uy[i]! * uy[i]!;
      sxy += wi * ux[i]! * uy[i]!;
      sxx += wi * ux[i]! * ux[i]!;
    }
    Myy = B.map((b) => b * syy);
    Mxy = B.map((b) => b * sxy);
    Mxx = B.map((b) => b * sxx);
  } else {
    const sand = (M: Float64Array) => matmul(matmul(B, p, p, M, p), p, p, B, p);
    Myy = sand(robustMeat(rf.Z, p, uy, uy, n, w, cl));
    Mxy = sand(robustMeat(rf.Z, p, ux, uy, n, w, cl));
    Mxx = sand(robustMeat(rf.Z, p, ux, ux, n, w, cl));
  }
  // scale so that V(0) equals the reduced form's reported variance (same K, G corrections)
  const a0 = idx[0]!;
  const scale = reduced.variance.matrix[a0 * p + a0]! / Myy[a0 * p + a0]!;
  const ay = idx.map((a) => rf.coef[a]!), ax = idx.map((a) => fs.coef[a]!);
  const df2 = reduced.variance.tDf;
  const crit = fQuantile(level, q, df2);
  const stat = (b0: number): number => {
    const V = new Float64Array(q * q);
    const c = new Float64Array(q);
    for (let s = 0; s < q; s++) {
      c[s] = ay[s]! - b0 * ax[s]!;
      for (let t = 0; t < q; t++) {
        const o = idx[t]! * p + idx[s]!;
        const oT = idx[s]! * p + idx[t]!;
        V[t * q + s] = scale * (Myy[o]! - b0 * (Mxy[o]! + Mxy[oT]!) + b0 * b0 * Mxx[o]!);
      }
    }
    return quadForm(pinvSym(V, q).inv, c, c, q) / q;
  };
  const endogName = fs.yname;
  const bhat = second.fit.coef[second.fit.coefNames.indexOf(endogName)]!;
  const se = Math.sqrt(second.variance.matrix[second.fit.coefNames.indexOf(endogName) * (second.fit.coefNames.length + 1)]!);
  const half = 100 * (Number.isFinite(se) && se > 0 ? se : Math.max(1, Math.abs(bhat)));
  const N = 4000;
  const grid = Array.from({ length: N + 1 }, (_, i) => bhat - half + (2 * half * i) / N);
  const inside = grid.map((b) => stat(b) <= crit);
  const refine = (lo: number, hi: number, loInside: boolean): number => {
    for (let it = 0; it < 80; it++) {
      const mid = (lo + hi) / 2;
      if ((stat(mid) <= crit) === loInside) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const intervals: [number, number][] = [];
  let start: number | null = inside[0] ? -Infinity : null;
  for (let i = 1; i <= N; i++) {
    if (inside[i] && !inside[i - 1]) start = refine(grid[i - 1]!, grid[i]!, false);
    if (!inside[i] && inside[i - 1]) {
      intervals.push([start!, refine(grid[i - 1]!, grid[i]!, true)]);
      start = null;
    }
  }
  if (start !== null) intervals.push([start, Infinity]);
  // |b0| -> infinity: the statistic tends to ax' V_xx^-1 ax / q; unbounded when that is below crit
  const bounded = intervals.every(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  return { level, intervals, bounded, empty: intervals.length === 0, df1: q, df2, critical_value: crit };
}

interface IvParts {
  second: FeolsResult;
  first: FeolsFit[];
  firstStage: FirstStageStat[];
  weakId: { cragg_donald_f: number; kp_rk_wald_f: number | null };
  reduced: FeolsResult;
  overid: OveridStat | null;
  wuHausman: WuHausmanStat;
  ar: ArConfidenceSet | null;
  endog: readonly string[];
  instruments: readonly string[];
  dropped: readonly string[];
  warnings: readonly Warning[];
}

/** The result of {@link ivFit}: the 2SLS fit (a {@link FeolsResult}) plus first stages and diagnostics. */
export class IvResult implements EstimationResult {
  /** Second stage with structural residuals: coefficients, variance, R2 of the 2SLS model. */
  readonly second: FeolsResult;
  /** First-stage fits, one per endogenous regressor. */
  readonly first: readonly FeolsFit[];
  readonly firstStage: readonly FirstStageStat[];
  /** Cragg-Donald Wald F and Kleibergen-Paap rk Wald F (null under an iid variance). */
  readonly weakId: { readonly cragg_donald_f: number; readonly kp_rk_wald_f: number | null };
  readonly reducedForm: FeolsResult;
  readonly overid: OveridStat | null;
  readonly wuHausman: WuHausmanStat;
  readonly arCi: ArConfidenceSet | null;
  readonly endogenous: readonly string[];
  /** Excluded instruments used (after dropping collinear ones). */
  readonly instruments: readonly string[];
  readonly droppedInstruments: readonly string[];
  readonly warnings: readonly Warning[];

  constructor(p: IvParts) {
    this.second = p.second;
    this.first = p.first;
    this.firstStage = p.firstStage;
    this.weakId = p.weakId;
    this.reducedForm = p.reduced;
    this.overid = p.overid;
    this.wuHausman = p.wuHausman;
    this.arCi = p.ar;
    this.endogenous = p.endog;
    this.instruments = p.instruments;
    this.droppedInstruments = p.dropped;
    this.warnings = p.warnings;
  }

  /** The same fit under another variance (first-stage and over-identification statistics are not recomputed). */
  vcov(spec: VcovInput, ssc?: SscInput): FeolsResult {
    return this.second.vcov(spec, ssc);
  }
  coef(): Record<string, number> {
    return this.second.coef();
  }
  se(): Record<string, number> {
    return this.second.se();
  }
  tidy(level?: number): TidyRow[] {
    return this.second.tidy(level);
  }
  glance(): Record<string, number | string | null> {
    return {
      ...this.second.glance(),
      first_stage_f_min: Math.min(...this.firstStage.map((f) => f.f_stat)),
      overid_statistic: this.overid?.statistic ?? null,
      overid_p_value: this.overid?.p_value ?? null,
    };
  }
  summary(): string {
    const lines = [`IV-2SLS: ${this.endogenous.join(', ')} instrumented by ${this.instruments.join(', ')}`, this.second.summary().replace(/^OLS estimation/, 'IV (2SLS) estimation'), '', 'First stage:'];
    for (const f of this.firstStage) {
      lines.push(`  ${f.endogenous}: F = ${f.f_stat.toFixed(3)} (${f.vcov}; p = ${f.p_value.toPrecision(3)}), conventional F = ${f.f_conventional.toFixed(3)}, partial R2 = ${f.partial_r2.toFixed(4)}`);
    }
    lines.push(`Weak identification: Cragg-Donald F = ${this.weakId.cragg_donald_f.toFixed(3)}` + (this.weakId.kp_rk_wald_f === null ? '' : `, Kleibergen-Paap rk Wald F = ${this.weakId.kp_rk_wald_f.toFixed(3)}`));
    lines.push(`Wu-Hausman: F = ${this.wuHausman.statistic.toFixed(4)} (${this.wuHausman.df1}, ${this.wuHausman.df2}), p = ${this.wuHausman.p_value.toPrecision(3)}`);
    if (this.overid) lines.push(`Over-identification (${this.overid.test === 'sargan' ? 'Sargan' : 'Hansen J'}): ${this.overid.statistic.toFixed(4)}, df ${this.overid.df}, p = ${this.overid.p_value.toPrecision(3)}`);
    if (this.arCi) {
      const iv = this.arCi.intervals.map(([a, b]) => `[${a.toPrecision(5)}, ${b.toPrecision(5)}]`).join(' U ') || 'empty';
      lines.push(`Anderson-Rubin ${Math.round(this.arCi.level * 100)}% set: ${iv}`);
    }
    return lines.join('\n');
  }
  toJSON(): Record<string, unknown> {
    const base = this.second.toJSON();
    const fin = (x: number) => (Number.isFinite(x) ? x : null);
    return {
      ...base,
      command: 'iv',
      endogenous: [...this.endogenous],
      instruments: [...this.instruments],
      dropped_instruments: [...this.droppedInstruments],
      first_stage: this.firstStage.map((f) => ({ ...f })),
      weak_id: { ...this.weakId },
      reduced_form: this.reducedForm.tidy().filter((r) => this.instruments.includes(r.term)),
      overid: this.overid,
      wu_hausman: this.wuHausman,
      ar_ci: this.arCi ? { ...this.arCi, intervals: this.arCi.intervals.map(([a, b]) => [fin(a), fin(b)]) } : null,
    };
  }
}
