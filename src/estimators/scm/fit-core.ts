/**
 * The numerical core of the synthetic control method (Abadie & Gardeazabal 2003; Abadie, Diamond &
 * Hainmueller 2010), as R's Synth 1.1-8 computes it, on plain typed arrays (no Table, no names): the same
 * function fits the treated unit, every in-space placebo (on worker threads) and every robustness refit.
 *
 * Conventions (Synth's `synth()`):
 * - predictors are scaled by their sample standard deviation (n - 1) across the treated unit and the donors
 *   of this fit (so each placebo is rescaled over its own pool, as Synth does when `dataprep` is re-run);
 * - W(V) = argmin (X1 - X0 W)' V (X1 - X0 W) on the simplex, solved exactly (`simplex-ls.ts`);
 * - V = |p| / sum|p| for an unconstrained p; the loss of V is the outcome MSPE over the optimisation window;
 * - V is searched by Nelder-Mead from Synth's two starts, equal weights and the regression-based start
 *   (diagonal of B B', B the slopes of OLS regressions of each window outcome on the scaled predictors with an
 *   intercept, across all units of the fit), plus optional seeded Dirichlet(1) random starts; the best loss wins.
 *   Unlike Synth (optimx Nelder-Mead, 500 evaluations), the search runs up to 2000 evaluations per start with
 *   restarts, since each inner solve is cheap; the reported (V, W) is the best pair the search evaluated.
 */
import { Rng } from '../../stats/rng.js';
import { ConstantPredictorError, TooFewDonorsError } from './errors.js';
import { nelderMead } from './nelder-mead.js';
import { SimplexLsWorkspace, solveSimplexLs } from './simplex-ls.js';
import { choleskySolve } from '../../linalg/cholesky.js';

/** The numbers a fit reads: predictors and outcomes of every unit (plain arrays, shareable across threads). */
export interface ScmData {
  /** Number of predictors. */
  readonly k: number;
  readonly nUnits: number;
  /** Raw (unscaled) predictor values, unit-major: `X[u * k + i]`. */
  readonly X: Float64Array;
  /** Number of periods. */
  readonly T: number;
  /** Outcomes, unit-major: `Y[u * T + t]`. */
  readonly Y: Float64Array;
  /** Period indices of the V-optimisation window. */
  readonly optIdx: Int32Array;
  /** Period indices before treatment, and from treatment on. */
  readonly preIdx: Int32Array;
  readonly postIdx: Int32Array;
  /** Predictor names (for error messages). */
  readonly predictorNames: readonly string[];
}

export type VStart = 'equal' | 'regression';

/** Options of one SCM fit. */
export interface ScmFitOptions {
  /** Fixed predictor weights (normalised to sum 1); skips the V search. */
  customV?: Float64Array | readonly number[];
  /** Deterministic starts of the V search (default both, as Synth). */
  starts?: readonly VStart[];
  /** Extra seeded Dirichlet(1) random starts (default 0). */
  randomStarts?: number;
  /** Seed of the random starts (default 1). */
  seed?: number;
  /** Nelder-Mead evaluations per start, restarts included (default 2000). */
  maxEval?: number;
  /** Nelder-Mead relative tolerance on the loss (default 1e-8, R optim's). */
  reltol?: number;
  /** Nelder-Mead restarts from the best point (default 3). */
  restarts?: number;
}

/** One start of the V search and the loss it reached. */
export interface VStartResult {
  start: string;
  loss: number;
  evaluations: number;
}

/** What one fit returns (plain data, structured-cloneable). */
export interface ScmCoreFit {
  treated: number;
  donors: Int32Array;
  /** Donor weights, in `donors` order. */
  w: Float64Array;
  /** Predictor weights (sum 1). */
  v: Float64Array;
  /** Standard deviations the predictors were divided by. */
  divisor: Float64Array;
  /** Outcome MSPE over the optimisation window (Synth's loss V). */
  lossV: number;
  /** (X1 - X0 W)' V (X1 - X0 W) on scaled predictors (Synth's loss W). */
  lossW: number;
  /** Synthetic outcome and gap (treated - synthetic) for every period. */
  synthetic: Float64Array;
  gap: Float64Array;
  preRmspe: number;
  postRmspe: number;
  ratio: number;
  /** Which start won ('custom' for a user V, 'single' with one predictor). */
  vStart: string;
  starts: VStartResult[];
}

/** Fits unit `treated` from the donor units `donors` (indices into the data). */
export function fitScmCore(data: ScmData, treated: number, donors: Int32Array | readonly number[], opts: ScmFitOptions = {}): ScmCoreFit {
  const { k, T, X, Y, optIdx } = data;
  const J = donors.length;
  if (J < 2) throw new TooFewDonorsError(J);
  const donorIdx = donors instanceof Int32Array ? donors : Int32Array.from(donors);
  // Scale predictors by their sd over treated + donors (n - 1 denominator).
  const divisor = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let mean = X[treated * k + i]!;
    for (let j = 0; j < J; j++) mean += X[donorIdx[j]! * k + i]!;
    mean /= J + 1;
    let ss = (X[treated * k + i]! - mean) ** 2;
    for (let j = 0; j < J; j++) ss += (X[donorIdx[j]! * k + i]! - mean) ** 2;
    const sd = Math.sqrt(ss / J);
    if (!(sd > 1e-12 * Math.max(Math.abs(mean), 1e-300))) throw new ConstantPredictorError(data.predictorNames[i] ?? `#${i + 1}`, mean);
    divisor[i] = sd;
  }
  const X0s = new Float64Array(k * J);
  const x1s = new Float64Array(k);
  for (let i = 0; i < k; i++) x1s[i] = X[treated * k + i]! / divisor[i]!;
  for (let j = 0; j < J; j++) for (let i = 0; i < k; i++) X0s[j * k + i] = X[donorIdx[j]! * k + i]! / divisor[i]!;
  const To = optIdx.length;
  const Z0 = new Float64Array(To * J);
  const z1 = new Float64Array(To);
  for (let t = 0; t < To; t++) z1[t] = Y[treated * T + optIdx[t]!]!;
  for (let j = 0; j < J; j++) for (let t = 0; t < To; t++) Z0[j * To + t] = Y[donorIdx[j]! * T + optIdx[t]!]!;

  const ws = new SimplexLsWorkspace(k, J);
  const b = new Float64Array(k);
  const wCur = new Float64Array(J);
  const sqv = new Float64Array(k);
  // Bound on squared column norms of V^(1/2) X0s for any V on the simplex (KKT tolerance scale).
  const rowMaxSq = new Float64Array(k);
  for (let j = 0; j < J; j++) for (let i = 0; i < k; i++) rowMaxSq[i] = Math.max(rowMaxSq[i]!, X0s[j * k + i]! ** 2);
  let hasW = false;
  /** Solves W for the normalised V in `v`, into wCur; returns the QP loss. */
  const solveW = (v: Float64Array, warm: boolean): number => {
    for (let i = 0; i < k; i++) sqv[i] = Math.sqrt(v[i]!);
    let bound = 0;
    for (let i = 0; i < k; i++) {
      b[i] = sqv[i]! * x1s[i]!;
      bound += v[i]! * rowMaxSq[i]!;
    }
    const r = solveSimplexLs(X0s, b, k, J, wCur, ws, warm && hasW, bound, sqv);
    hasW = true;
    return r.loss;
  };
  const mspe = (w: Float64Array): number => {
    let s = 0;
    for (let t = 0; t < To; t++) {
      let syn = 0;
      for (let j = 0; j < J; j++) {
        const wj = w[j]!;
        if (wj !== 0) syn += wj * Z0[j * To + t]!;
      }
      s += (z1[t]! - syn) ** 2;
    }
    return s / To;
  };
  /** MSPE of the current solve, over its support only (the search's hot path). */
  const mspeCurrent = (): number => {
    const np = ws.supportSize;
    const P = ws.passive;
    let s = 0;
    for (let t = 0; t < To; t++) {
      let syn = 0;
      for (let q = 0; q < np; q++) {
        const j = P[q]!;
        syn += wCur[j]! * Z0[j * To + t]!;
      }
      s += (z1[t]! - syn) ** 2;
    }
    return s / To;
  };
  const vOf = (p: Float64Array, out: Float64Array): boolean => {
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.abs(p[i]!);
    if (!(s > 0) || !Number.isFinite(s)) return false;
    for (let i = 0; i < k; i++) out[i] = Math.abs(p[i]!) / s;
    return true;
  };

  const v = new Float64Array(k);
  const starts: VStartResult[] = [];
  let vStart: string;
  let fixedW: Float64Array | undefined;
  if (opts.customV !== undefined) {
    const cv = Float64Array.from(opts.customV);
    if (!vOf(cv, v)) throw new RangeError('custom V must have a positive sum');
    vStart = 'custom';
  } else if (k === 1) {
    v[0] = 1;
    vStart = 'single';
  } else {
    const vTmp = new Float64Array(k);
    // W(V) is not unique when the treated unit lies inside the donors' hull in the V-metric, and a warm-started
    // solve may then pick another minimiser than a cold one: keep the (V, W) pair of the best evaluation so
    // the reported fit is exactly the best loss the search saw.
    let bestLoss = Infinity;
    const bestW = new Float64Array(J);
    const objective = (p: Float64Array): number => {
      if (!vOf(p, vTmp)) return Number.MAX_VALUE;
      solveW(vTmp, true);
      const loss = mspeCurrent();
      if (loss < bestLoss) {
        bestLoss = loss;
        bestW.set(wCur);
        v.set(vTmp);
      }
      return loss;
    };
    const startList: { name: string; p: Float64Array }[] = [];
    for (const s of opts.starts ?? ['equal', 'regression']) {
      if (s === 'equal') startList.push({ name: 'equal', p: new Float64Array(k).fill(1 / k) });
      else {
        const p = regressionStart(X0s, x1s, Z0, z1, k, J, To);
        if (p) startList.push({ name: 'regression', p });
      }
    }
    const nRandom = opts.randomStarts ?? 0;
    if (nRandom > 0) {
      const rng = new Rng(opts.seed ?? 1);
      for (let r = 0; r < nRandom; r++) {
        const p = new Float64Array(k);
        let s = 0;
        for (let i = 0; i < k; i++) {
          p[i] = -Math.log(1 - rng.uniform());
          s += p[i]!;
        }
        for (let i = 0; i < k; i++) p[i]! /= s;
        startList.push({ name: `random${r + 1}`, p });
      }
    }
    vStart = startList[0]!.name;
    for (const st of startList) {
      hasW = false;
      const before = bestLoss;
      const res = nelderMead(objective, st.p, { maxEval: opts.maxEval ?? 2000, reltol: opts.reltol ?? 1e-8, restarts: opts.restarts ?? 3 });
      starts.push({ start: st.name, loss: res.value, evaluations: res.evaluations });
      if (bestLoss < before) vStart = st.name;
    }
    fixedW = bestW;
  }
  let qpLoss: number;
  let w: Float64Array;
  if (fixedW) {
    w = fixedW;
    qpLoss = weightedLoss(X0s, x1s, v, w, k, J);
  } else {
    hasW = false;
    qpLoss = solveW(v, false);
    w = Float64Array.from(wCur);
  }
  const lossV = mspe(w);
  const synthetic = new Float64Array(T);
  const gap = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let j = 0; j < J; j++) if (w[j] !== 0) s += w[j]! * Y[donorIdx[j]! * T + t]!;
    synthetic[t] = s;
    gap[t] = Y[treated * T + t]! - s;
  }
  const preRmspe = rms(gap, data.preIdx);
  const postRmspe = rms(gap, data.postIdx);
  return {
    treated,
    donors: Int32Array.from(donorIdx),
    w,
    v,
    divisor,
    lossV,
    lossW: qpLoss,
    synthetic,
    gap,
    preRmspe,
    postRmspe,
    ratio: postRmspe / preRmspe,
    vStart,
    starts,
  };
}

/** (x1 - X0 w)' diag(v) (x1 - X0 w). */
function weightedLoss(X0s: Float64Array, x1s: Float64Array, v: Float64Array, w: Float64Array, k: number, J: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) {
    let syn = 0;
    for (let j = 0; j < J; j++) if (w[j] !== 0) syn += w[j]! * X0s[j * k + i]!;
    s += v[i]! * (x1s[i]! - syn) ** 2;
  }
  return s;
}

/** Root mean square of `x` over the indices `idx`. */
export function rms(x: Float64Array, idx: Int32Array): number {
  let s = 0;
  for (let i = 0; i < idx.length; i++) s += x[idx[i]!]! ** 2;
  return Math.sqrt(s / idx.length);
}

/**
 * Synth's regression-based start: regress each window outcome on [1, scaled predictors] across the treated
 * unit and the donors; V0 = diag(B B') normalised, B the slopes. Undefined when X'X is singular (Synth then
 * keeps only the equal-weights start).
 */
export function regressionStart(X0s: Float64Array, x1s: Float64Array, Z0: Float64Array, z1: Float64Array, k: number, J: number, To: number): Float64Array | undefined {
  const n = J + 1;
  const p = k + 1;
  if (n < p) return undefined;
  const xrow = (u: number, c: number): number => (c === 0 ? 1 : u === 0 ? x1s[c - 1]! : X0s[(u - 1) * k + c - 1]!);
  const zrow = (u: number, t: number): number => (u === 0 ? z1[t]! : Z0[(u - 1) * To + t]!);
  const XtX = new Float64Array(p * p);
  const XtZ = new Float64Array(p * To);
  for (let u = 0; u < n; u++) {
    for (let a = 0; a < p; a++) {
      const xa = xrow(u, a);
      for (let c = 0; c < p; c++) XtX[c * p + a] += xa * xrow(u, c);
      for (let t = 0; t < To; t++) XtZ[t * p + a] += xa * zrow(u, t);
    }
  }
  const B = choleskySolve(XtX, p, XtZ, To);
  if (!B) return undefined;
  const v = new Float64Array(k);
  let s = 0;
  for (let i = 0; i < k; i++) {
    let d = 0;
    for (let t = 0; t < To; t++) d += B[t * p + i + 1]! ** 2;
    v[i] = d;
    s += d;
  }
  if (!(s > 0) || !Number.isFinite(s)) return undefined;
  for (let i = 0; i < k; i++) v[i]! /= s;
  return v;
}
