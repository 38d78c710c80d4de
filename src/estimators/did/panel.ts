/**
 * The staggered-adoption panel every DID estimator of this folder reads: one row per unit, one column per
 * period, built once from a long table (`yname / idname / tname / gname`, the column vocabulary of R did).
 *
 * Conventions (R did 2.1.2, `pre_process_did`):
 * - `cohort` is the first treated period, `0` (or missing) for never treated. Units first treated after the
 *   last observed period are never treated within the sample (warning `W_LATE_COHORT`).
 * - The cohort must be constant within a unit (`E_COHORT_VARIES`), every treated cohort must be one of the
 *   observed periods (`E_COHORT_NOT_PERIOD`), and (unit, time) must be unique (`E_DUPLICATE_ROW`,
 *   from the shared keying `panelIndex` of `src/data/panel`).
 * - Rows with a missing outcome/time/covariate are dropped; units not observed in every period are dropped
 *   (did's `makeBalancedPanel`), both with a warning counting them (`W_MISSING`, `W_UNBALANCED`).
 * - Units treated in the first period (or earlier) are dropped with `W_TREATED_FIRST_PERIOD` when
 *   `firstPeriodTreated = 'drop'` (did), or kept as an "always treated" group (`'keep'`, for Bacon / TWFE).
 */
import { MissingColumnError, PilotzoneError, type Warning } from '../../errors.js';
import type { Table } from '../../data/table.js';
import { panelIndex } from '../../data/panel/keys.js';

/** Column names of a staggered panel (R did's `yname / idname / tname / gname`). */
export interface DidColumns {
  /** Outcome. */
  outcome: string;
  /** Unit identifier (numeric or string). */
  unit: string;
  /** Time period (numeric). */
  time: string;
  /** First treated period, 0 or missing = never treated. */
  cohort: string;
  /** Covariates (numeric), taken from the earlier period of each comparison as did does. */
  covariates?: readonly string[];
  /** Cluster variable (constant within unit), for clustered SEs / bootstrap. */
  cluster?: string;
  /** Sampling weights (constant within unit). */
  weights?: string;
}

export interface DidPanelOptions {
  /** `drop` (did's default) or `keep` units already treated in the first period. */
  firstPeriodTreated?: 'drop' | 'keep';
}

/** A balanced panel in unit x period layout. */
export interface DidPanel {
  /** Number of units. */
  readonly n: number;
  /** Number of periods. */
  readonly T: number;
  /** Sorted distinct periods. */
  readonly times: Float64Array;
  /** Unit labels (the id column's values as strings), in unit order. */
  readonly unitLabels: readonly string[];
  /** Outcome, row-major by unit: `y[i * T + t]`. */
  readonly y: Float64Array;
  /** First treated period of each unit, 0 = never treated (within the sample). */
  readonly cohort: Float64Array;
  /** Covariate names. */
  readonly covariateNames: readonly string[];
  /** Covariate j of unit i in period t: `x[(j * n + i) * T + t]`. */
  readonly x: Float64Array;
  /** Cluster id per unit (dense 0-based), when a cluster column was given. */
  readonly cluster?: Int32Array;
  readonly nclusters?: number;
  /** Sampling weight per unit, when a weights column was given. */
  readonly weights?: Float64Array;
  /** Distinct treated cohorts (sorted; excludes 0). */
  readonly cohorts: Float64Array;
  /** What was dropped and why. */
  readonly removed: { missingRows: number; unbalancedUnits: number; treatedFirstPeriodUnits: number };
  readonly warnings: Warning[];
  readonly columns: DidColumns;
}

function numericCol(table: Table, name: string, role: string): Float64Array {
  if (!table.has(name)) throw new MissingColumnError(name, table.names, `did (${role})`);
  return table.numeric(name, `did (${role})`);
}

/** Builds a {@link DidPanel} from a long table. Throws named errors for malformed staggered designs. */
export function buildDidPanel(table: Table, cols: DidColumns, opts: DidPanelOptions = {}): DidPanel {
  const warnings: Warning[] = [];
  const y = numericCol(table, cols.outcome, 'outcome');
  const time = numericCol(table, cols.time, 'time');
  const g = numericCol(table, cols.cohort, 'cohort');
  const covNames = cols.covariates ?? [];
  const xs = covNames.map((c) => numericCol(table, c, 'covariate'));
  const w = cols.weights ? numericCol(table, cols.weights, 'weights') : undefined;
  if (!table.has(cols.unit)) throw new MissingColumnError(cols.unit, table.names, 'did (unit)');
  const unitCol = table.column(cols.unit);
  let clusterCol = undefined as undefined | ReturnType<Table['column']>;
  if (cols.cluster) {
    if (!table.has(cols.cluster)) throw new MissingColumnError(cols.cluster, table.names, 'did (cluster)');
    clusterCol = table.column(cols.cluster);
  }
  const N = table.nrows;
  const unitKey = (r: number): string | null => {
    if (unitCol.kind === 'number') {
      const v = unitCol.values[r]!;
      return Number.isNaN(v) ? null : String(v);
    }
    const c = unitCol.codes[r]!;
    return c < 0 ? null : unitCol.levels[c]!;
  };
  const clusterKey = (r: number): string | null => {
    if (!clusterCol) return '';
    if (clusterCol.kind === 'number') {
      const v = clusterCol.values[r]!;
      return Number.isNaN(v) ? null : String(v);
    }
    const c = clusterCol.codes[r]!;
    return c < 0 ? null : clusterCol.levels[c]!;
  };

  // 1. drop rows with missing values in the model's columns (did drops them and warns)
  const keep: number[] = [];
  let missingRows = 0;
  for (let r = 0; r < N; r++) {
    let ok = !Number.isNaN(y[r]!) && !Number.isNaN(time[r]!) && unitKey(r) !== null && clusterKey(r) !== null;
    for (const xv of xs) if (Number.isNaN(xv[r]!)) ok = false;
    if (w && Number.isNaN(w[r]!)) ok = false;
    if (ok) keep.push(r);
    else missingRows++;
  }
  if (missingRows > 0) {
    warnings.push({ code: 'W_MISSING', message: `dropped ${missingRows} rows with a missing outcome, time, unit, covariate, cluster or weight value.` });
  }
  if (keep.length === 0) throw new PilotzoneError('E_EMPTY', 'did: no rows left after dropping missing values.', { details: { column: cols.outcome } });

  // 2. units and periods: the shared panel keying over the kept rows (units in first-appearance order, as
  // did's data.frame order); a duplicated (unit, time) pair is E_DUPLICATE_ROW.
  const index = panelIndex(table, cols.unit, cols.time, { what: 'did', rows: keep, unitOrder: 'appearance', duplicateCode: 'E_DUPLICATE_ROW' });
  const times = Float64Array.from(index.times as number[]);
  const T = times.length;
  if (T < 2) throw new PilotzoneError('E_TOO_FEW_PERIODS', `did: column "${cols.time}" has ${T} distinct period(s); at least 2 are needed.`, { details: { column: cols.time } });
  const tIndex = index.timeOf;
  const labels = index.unitLabels.map(String);
  const unitRows: number[][] = labels.map(() => []);
  for (const r of keep) unitRows[index.unitOf[r]!]!.push(r);

  // 3. cohort constant within unit, balance
  const tmin = times[0]!;
  const tmax = times[T - 1]!;
  const keptUnits: number[] = [];
  let unbalanced = 0;
  let firstTreated = 0;
  let late = 0;
  const keepFirst = opts.firstPeriodTreated === 'keep';
  const isPeriod = new Set<number>(times);
  for (let u = 0; u < unitRows.length; u++) {
    const rows = unitRows[u]!;
    const g0raw = g[rows[0]!]!;
    const g0 = Number.isNaN(g0raw) ? 0 : g0raw;
    for (const r of rows) {
      const gr = Number.isNaN(g[r]!) ? 0 : g[r]!;
      if (gr !== g0) {
        throw new PilotzoneError('E_COHORT_VARIES', `did: column "${cols.cohort}" must be constant within each unit, but unit "${labels[u]}" has both ${g0} and ${gr} (row ${r + 1}).`, {
          hint: `The cohort column holds the first treated period of the unit (0 = never treated), repeated on every row of the unit.`,
          details: { column: cols.cohort, unit: labels[u], row: r + 1, values: [g0, gr] },
        });
      }
    }
    if (g0 !== 0 && g0 <= tmax && !isPeriod.has(g0) && g0 > tmin) {
      throw new PilotzoneError('E_COHORT_NOT_PERIOD', `did: unit "${labels[u]}" has cohort ${g0} in column "${cols.cohort}", which is not one of the observed periods of "${cols.time}".`, {
        hint: 'The cohort must be the first treated period (a value of the time column), or 0 for never treated.',
        details: { column: cols.cohort, unit: labels[u], value: g0 },
      });
    }
    if (rows.length !== T) {
      unbalanced++;
      continue;
    }
    if (g0 !== 0 && g0 <= tmin && !keepFirst) {
      firstTreated++;
      continue;
    }
    if (g0 > tmax) late++;
    keptUnits.push(u);
  }
  if (unbalanced > 0) {
    warnings.push({ code: 'W_UNBALANCED', message: `dropped ${unbalanced} unit(s) not observed in all ${T} periods (balanced panel required, as did's default).` });
  }
  if (firstTreated > 0) {
    warnings.push({ code: 'W_TREATED_FIRST_PERIOD', message: `dropped ${firstTreated} unit(s) already treated in the first period ${tmin} (column "${cols.cohort}" <= ${tmin}).` });
  }
  if (late > 0) {
    warnings.push({ code: 'W_LATE_COHORT', message: `${late} unit(s) are first treated after the last period ${tmax}; they are never treated within the sample.` });
  }
  const n = keptUnits.length;
  if (n === 0) throw new PilotzoneError('E_EMPTY', 'did: no units left after dropping unbalanced and first-period-treated units.', { details: { column: cols.unit } });

  // 4. fill the unit x period arrays
  const Y = new Float64Array(n * T);
  const k = covNames.length;
  const X = new Float64Array(k * n * T);
  const cohort = new Float64Array(n);
  const unitLabels: string[] = new Array(n);
  const weights = w ? new Float64Array(n) : undefined;
  const cluster = clusterCol ? new Int32Array(n) : undefined;
  const clusterIndex = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const u = keptUnits[i]!;
    unitLabels[i] = labels[u]!;
    const rows = unitRows[u]!;
    const g0 = Number.isNaN(g[rows[0]!]!) ? 0 : g[rows[0]!]!;
    cohort[i] = g0 > tmax ? 0 : g0;
    for (const r of rows) {
      const ti = tIndex[r]!;
      Y[i * T + ti] = y[r]!;
      for (let j = 0; j < k; j++) X[(j * n + i) * T + ti] = xs[j]![r]!;
    }
    if (weights) {
      const w0 = w![rows[0]!]!;
      for (const r of rows) {
        if (w![r]! !== w0) {
          throw new PilotzoneError('E_WEIGHTS_VARY', `did: weights column "${cols.weights}" must be constant within unit, but unit "${labels[u]}" varies (row ${r + 1}).`, { details: { column: cols.weights, unit: labels[u], row: r + 1 } });
        }
      }
      if (!(w0 > 0)) throw new PilotzoneError('E_BAD_WEIGHT', `did: weight of unit "${labels[u]}" is ${w0}; weights must be positive.`, { details: { column: cols.weights, unit: labels[u] } });
      weights[i] = w0;
    }
    if (cluster) {
      const c0 = clusterKey(rows[0]!)!;
      for (const r of rows) {
        if (clusterKey(r) !== c0) {
          throw new PilotzoneError('E_CLUSTER_VARIES', `did: cluster column "${cols.cluster}" must be constant within unit, but unit "${labels[u]}" varies (row ${r + 1}).`, { details: { column: cols.cluster, unit: labels[u], row: r + 1 } });
        }
      }
      let c = clusterIndex.get(c0);
      if (c === undefined) {
        c = clusterIndex.size;
        clusterIndex.set(c0, c);
      }
      cluster[i] = c;
    }
  }
  const cohorts = Float64Array.from([...new Set(cohort)].filter((v) => v !== 0).sort((a, b) => a - b));
  const panel: DidPanel = {
    n,
    T,
    times,
    unitLabels,
    y: Y,
    cohort,
    covariateNames: covNames,
    x: X,
    cohorts,
    removed: { missingRows, unbalancedUnits: unbalanced, treatedFirstPeriodUnits: firstTreated },
    warnings,
    columns: cols,
    ...(weights ? { weights } : {}),
    ...(cluster ? { cluster, nclusters: clusterIndex.size } : {}),
  };
  return panel;
}

/** Position of a period in `panel.times`, or -1. */
export function periodIndex(panel: Pick<DidPanel, 'times'>, t: number): number {
  const times = panel.times;
  for (let i = 0; i < times.length; i++) if (times[i] === t) return i;
  return -1;
}
