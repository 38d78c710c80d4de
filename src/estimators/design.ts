/**
 * The Design: everything an estimator needs, built once from a table and a formula
 * (`src/formula/design.ts` builds it; estimators only read it).
 *
 * Conventions: `X` is column-major (`X[j * n + i]` is row i of column j); fixed-effect and cluster ids are
 * 0-based dense codes over the kept rows; `rows` maps each kept row back to the table's row index, so any
 * estimator can report which rows it used. Nothing here knows about files.
 */

/** One fixed-effect dimension (possibly an interaction `fe1^fe2`), coded over the design's rows. */
export interface FixedEffect {
  /** As written in the formula, e.g. `city` or `province^year`. */
  readonly name: string;
  /** Dense 0-based level id of each row. */
  readonly ids: Int32Array;
  readonly nlevels: number;
  /** Label of each level (the original value, `a_b` for interactions). */
  readonly levels: readonly string[];
}

/** A clustering variable coded over the design's rows. */
export interface ClusterVar {
  readonly name: string;
  readonly ids: Int32Array;
  readonly nlevels: number;
}

/** A block of named regressors (column-major). */
export interface Block {
  readonly names: readonly string[];
  /** n x names.length, column-major. */
  readonly X: Float64Array;
}

/** Why rows were left out before estimation (counts). */
export interface Removed {
  /** Rows with a missing value in any variable of the model (including FE, cluster and weight columns). */
  missing: number;
  /** Rows with a zero weight. */
  zeroWeight: number;
  /** Missing values by variable (a row missing in two variables counts in both). */
  byVariable: Record<string, number>;
}

export interface Design {
  /** Number of rows used. */
  readonly n: number;
  readonly yname: string;
  readonly y: Float64Array;
  /** Exogenous regressors, including `(Intercept)` when the model has one and no fixed effects. */
  readonly x: Block;
  /** Whether `x` holds an intercept column (never with fixed effects: the FE absorb it). */
  readonly intercept: boolean;
  readonly fe: readonly FixedEffect[];
  /** Analytic weights (`undefined` = unweighted). */
  readonly weights?: Float64Array;
  /** Cluster variables requested at build time (may be empty). */
  readonly clusters: readonly ClusterVar[];
  /** IV part `| endog ~ instruments` (undefined for OLS). */
  readonly iv?: { readonly endog: Block; readonly instruments: Block };
  /** Table row index of each design row. */
  readonly rows: Int32Array;
  /** Rows of the table not used, by reason. */
  readonly removed: Removed;
  /** Number of rows in the table the design was built from. */
  readonly nobsOrigin: number;
  /** The formula as the user wrote it. */
  readonly formula: string;
}
