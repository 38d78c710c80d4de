/**
 * The readonly record {@link feolsFit} returns: numbers only, enough to recompute any variance, recover the
 * fixed effects and print a summary. {@link FeolsResult} wraps it.
 */
import type { Warning } from '../../errors.js';
import type { ClusterVar, Design, FixedEffect } from '../design.js';
import type { Ssc, VcovSpec } from './options.js';

/** A regressor left out, and why (fixest's note "The variable x has been removed because of collinearity"). */
export interface CollinearTerm {
  readonly term: string;
  /** 'fixed_effects': constant within the FE (or with the intercept); 'regressors': collinear with earlier regressors. */
  readonly reason: 'fixed_effects' | 'intercept' | 'regressors';
}

/** A computed variance: the matrix over the fit's coefficients plus everything needed to report it. */
export interface VcovResult {
  readonly spec: VcovSpec;
  readonly ssc: Ssc;
  /** p x p column-major over `coefNames`. */
  readonly matrix: Float64Array;
  readonly type: 'iid' | 'hetero' | 'cluster';
  /** fixest-style label, e.g. "Clustered (city_id)", "Heteroskedasticity-robust", "IID". */
  readonly label: string;
  readonly clusterNames: readonly string[];
  readonly nClusters: readonly number[];
  /** K used in (n-1)/(n-K). */
  readonly K: number;
  /** G in the G/(G-1) factor (min over dimensions), null when not clustered or not adjusted. */
  readonly G: number | null;
  /** Degrees of freedom of the t statistics. */
  readonly tDf: number;
  /** Whether a multiway matrix was not PSD and was repaired (negative eigenvalues set to 0). */
  readonly psdFixed: boolean;
  /** Fixed effects found nested in a cluster variable (not counted in K). */
  readonly nestedFe: readonly string[];
}

export interface FeolsFit {
  readonly formula: string;
  readonly yname: string;
  /** Observations used. */
  readonly n: number;
  /** Rows of the original table. */
  readonly nobsOrigin: number;
  /** Regressors requested (with `(Intercept)` when present). */
  readonly terms: readonly string[];
  /** Estimated coefficients' names, in order (`(Intercept)` first when present). */
  readonly coefNames: readonly string[];
  readonly coef: Float64Array;
  readonly collinear: readonly CollinearTerm[];
  readonly intercept: boolean;
  /** n x p column-major regressors as they enter the variance: FE-demeaned (with the intercept column of ones when there is one). */
  readonly Z: Float64Array;
  /** p x p (Z'WZ)^-1. */
  readonly bread: Float64Array;
  /** y - fitted (unweighted), length n. */
  readonly residuals: Float64Array;
  /** Outcome over the estimation rows. */
  readonly y: Float64Array;
  readonly weights: Float64Array | undefined;
  /** Weighted RSS; total SS = MSS + RSS (centered when intercept or FE, else uncentered); within SS (NaN without FE). */
  readonly rss: number;
  readonly tss: number;
  readonly tssWithin: number;
  /** Explained SS: of the fitted values (centered like tss), and of the demeaned fit (NaN without FE). */
  readonly mss: number;
  readonly mssWithin: number;
  readonly sumWeights: number;
  /** Fixed effects re-coded over the estimation rows. */
  readonly fe: readonly FixedEffect[];
  /** Cluster variables of the design, re-coded over the estimation rows. */
  readonly clusters: readonly ClusterVar[];
  /** Table row of each estimation row. */
  readonly rows: Int32Array;
  /** Design row of each estimation row. */
  readonly designRows: Int32Array;
  readonly removed: { readonly missing: number; readonly zeroWeight: number; readonly singletons: number };
  /** FE coefficients counted as fixest does by default: sum of levels - (number of FE - 1). */
  readonly dfFe: number;
  /** Estimated coefficients + dfFe: the K of iid variances, adjusted R2 and the F test. */
  readonly nparams: number;
  readonly demean: { readonly iterations: number; readonly converged: boolean; readonly cells: number };
  readonly warnings: readonly Warning[];
  /** The design fitted (not copied), for FE recovery. */
  readonly design: Design;
}
