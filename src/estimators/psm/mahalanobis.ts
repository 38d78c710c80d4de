/**
 * Greedy nearest-neighbour matching on the Mahalanobis distance (MatchIt `distance = "mahalanobis"`, or
 * `mahvars` with a propensity-score caliper). The covariance is the pooled within-group covariance
 * ((n1 - 1) S1 + (n0 - 1) S0) / (n - 2), as MatchIt 4.x. Treated units are processed in the given order
 * (MatchIt: `data` order for a pure Mahalanobis match, `largest` score when a propensity score is also
 * estimated); ties go to the control that comes first in row order. Brute force O(n1 n0 p^2): meant for
 * the few thousand units of a regional panel, not for millions.
 */
import type { MatchAssignment } from './nearest.js';
import { PilotzoneError } from '../../errors.js';

export interface MahalanobisOptions {
  ratio?: number;
  replace?: boolean;
  /** Treated processing order (indices). */
  order: Int32Array;
  exact?: Int32Array;
  eligible?: Uint8Array;
  /** Optional caliper on a propensity score: |ps_t - ps_c| <= width. */
  ps?: Float64Array;
  caliperWidth?: number;
}

/** Matches on the Mahalanobis distance of the columns of `M` (n x p, column-major). */
export function mahalanobisMatch(M: Float64Array, p: number, treat: Uint8Array, opts: MahalanobisOptions): MatchAssignment {
  const n = treat.length;
  const ratio = opts.ratio ?? 1;
  const Sinv = pooledCovInverse(M, n, p, treat);
  const controlsList: number[] = [];
  for (let i = 0; i < n; i++) if (treat[i] === 0 && (!opts.eligible || opts.eligible[i] === 1)) controlsList.push(i);
  const used = new Uint8Array(n);
  const tOrder = opts.order;
  const nT = tOrder.length;
  const controls = new Int32Array(nT * ratio).fill(-1);
  const diff = new Float64Array(p);
  const width = opts.caliperWidth ?? Infinity;
  for (let r = 0; r < ratio; r++) {
    for (let t = 0; t < nT; t++) {
      if (r > 0 && controls[t * ratio + r - 1] === -1) continue;
      const u = tOrder[t]!;
      let best = -1, bestD = Infinity;
      for (const c of controlsList) {
        if (!opts.replace && used[c]) continue;
        if (opts.exact && opts.exact[c] !== opts.exact[u]) continue;
        if (opts.ps && Math.abs(opts.ps[c]! - opts.ps[u]!) > width) continue;
        if (opts.replace) {
          let dup = false;
          for (let q = 0; q < r; q++) if (controls[t * ratio + q] === c) dup = true;
          if (dup) continue;
        }
        for (let j = 0; j < p; j++) diff[j] = M[j * n + u]! - M[j * n + c]!;
        let d = 0;
        for (let a = 0; a < p; a++) {
          let s = 0;
          for (let b = 0; b < p; b++) s += Sinv[b * p + a]! * diff[b]!;
          d += diff[a]! * s;
        }
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      if (best >= 0) {
        controls[t * ratio + r] = best;
        if (!opts.replace) used[best] = 1;
      }
    }
  }
  const unmatched: number[] = [];
  for (let t = 0; t < nT; t++) if (controls[t * ratio] === -1) unmatched.push(tOrder[t]!);
  return { treated: tOrder, controls, ratio, unmatched: Int32Array.from(unmatched) };
}

function pooledCovInverse(M: Float64Array, n: number, p: number, treat: Uint8Array): Float64Array {
  const S = new Float64Array(p * p);
  for (const g of [0, 1]) {
    const mean = new Float64Array(p);
    let cnt = 0;
    for (let i = 0; i < n; i++) if (treat[i] === g) {
      cnt++;
      for (let j = 0; j < p; j++) mean[j] = mean[j]! + M[j * n + i]!;
    }
    for (let j = 0; j < p; j++) mean[j] = mean[j]! / cnt;
    for (let i = 0; i < n; i++) if (treat[i] === g) {
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) S[b * p + a] = S[b * p + a]! + (M[a * n + i]! - mean[a]!) * (M[b * n + i]! - mean[b]!);
    }
  }
  for (let j = 0; j < p * p; j++) S[j] = S[j]! / (n - 2);
  // Gauss-Jordan inverse with partial pivoting (p is small)
  const A = Float64Array.from(S);
  const I = new Float64Array(p * p);
  for (let j = 0; j < p; j++) I[j * p + j] = 1;
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(A[c * p + r]!) > Math.abs(A[c * p + piv]!)) piv = r;
    const pv = A[c * p + piv]!;
    if (Math.abs(pv) < 1e-12 * (Math.abs(S[c * p + c]!) + 1e-300)) {
      throw new PilotzoneError('E_SINGULAR_COVARIANCE', `Mahalanobis matching: the pooled covariance of the matching variables is singular (variable ${c + 1} is constant or collinear).`, {
        hint: 'Drop constant or collinear variables from --mahvars / --covariates.',
      });
    }
    for (let j = 0; j < p; j++) {
      [A[j * p + c], A[j * p + piv]] = [A[j * p + piv]!, A[j * p + c]!];
      [I[j * p + c], I[j * p + piv]] = [I[j * p + piv]!, I[j * p + c]!];
    }
    for (let j = 0; j < p; j++) {
      A[j * p + c] = A[j * p + c]! / pv;
      I[j * p + c] = I[j * p + c]! / pv;
    }
    for (let r = 0; r < p; r++) if (r !== c) {
      const f = A[c * p + r]!;
      if (f === 0) continue;
      for (let j = 0; j < p; j++) {
        A[j * p + r] = A[j * p + r]! - f * A[j * p + c]!;
        I[j * p + r] = I[j * p + r]! - f * I[j * p + c]!;
      }
    }
  }
  return I;
}
