/**
 * Turns the table's treatment and covariate columns into the numbers matching needs: the 0/1 treatment,
 * the propensity-model matrix (intercept + covariates, string columns as dummies with the first level in
 * sorted order as the reference, as R's `factor` + `model.matrix`, named `colLevel` like R: `racehispan`),
 * and the balance matrix (every level of a string column, as MatchIt's `summary`).
 * Rows with a missing value in any of the columns used are dropped and counted (never silently).
 */
import type { Table } from '../../data/table.js';
import { PilotzoneError } from '../../errors.js';
import { EmptyGroupError, TreatmentNotBinaryError } from './errors.js';

export interface CovariateDesign {
  /** Rows of the table kept (complete cases), in table order. */
  readonly rows: Int32Array;
  readonly n: number;
  readonly treat: Uint8Array;
  /** Propensity model matrix, n x names.length, column-major, first column `(Intercept)`. */
  readonly X: Float64Array;
  readonly names: readonly string[];
  /** Balance variables (all dummy levels), n x balanceNames.length. */
  readonly B: Float64Array;
  readonly balanceNames: readonly string[];
  /** Rows dropped for missing values. */
  readonly missing: number;
}

/** Validates a 0/1 treatment column; throws {@link TreatmentNotBinaryError} naming the first bad row. */
export function binaryTreatment(table: Table, column: string): Float64Array {
  const col = table.column(column, 'treatment');
  if (col.kind === 'string') {
    const first = col.codes.findIndex((c) => c >= 0 && col.levels[c] !== '0' && col.levels[c] !== '1');
    if (first >= 0) throw new TreatmentNotBinaryError(column, first, `"${col.levels[col.codes[first]!]}"`);
  }
  const v = table.numeric(column, 'treatment');
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isNaN(x) && x !== 0 && x !== 1) throw new TreatmentNotBinaryError(column, i, String(x));
  }
  return v;
}

/** Builds the matching design. `extra` names further columns that must be complete (outcome, exact, id). */
export function covariateDesign(table: Table, treatment: string, covariates: readonly string[], extra: readonly string[] = []): CovariateDesign {
  if (covariates.length === 0) throw new PilotzoneError('E_OPTION', 'option --covariates: at least one covariate is needed for the propensity model.');
  const tv = binaryTreatment(table, treatment);
  const N = table.nrows;
  const ok = new Uint8Array(N).fill(1);
  for (let i = 0; i < N; i++) if (Number.isNaN(tv[i]!)) ok[i] = 0;
  const cols = covariates.map((c) => table.column(c, 'covariates'));
  for (const c of cols) {
    for (let i = 0; i < N; i++) {
      if (c.kind === 'number' ? Number.isNaN(c.values[i]!) : c.codes[i]! < 0) ok[i] = 0;
    }
  }
  for (const name of extra) {
    const c = table.column(name);
    for (let i = 0; i < N; i++) if (c.kind === 'number' ? Number.isNaN(c.values[i]!) : c.codes[i]! < 0) ok[i] = 0;
  }
  const rowsArr: number[] = [];
  for (let i = 0; i < N; i++) if (ok[i]) rowsArr.push(i);
  const rows = Int32Array.from(rowsArr);
  const n = rows.length;
  const treat = new Uint8Array(n);
  let n1 = 0;
  for (let r = 0; r < n; r++) {
    treat[r] = tv[rows[r]!]!;
    n1 += treat[r]!;
  }
  if (n1 === 0) throw new EmptyGroupError(treatment, 'treated', 'among the complete rows');
  if (n1 === n) throw new EmptyGroupError(treatment, 'control', 'among the complete rows');

  const names: string[] = ['(Intercept)'];
  const xcols: Float64Array[] = [new Float64Array(n).fill(1)];
  const bnames: string[] = [];
  const bcols: Float64Array[] = [];
  for (const c of cols) {
    if (c.kind === 'number') {
      const v = new Float64Array(n);
      for (let r = 0; r < n; r++) v[r] = c.values[rows[r]!]!;
      names.push(c.name);
      xcols.push(v);
      bnames.push(c.name);
      bcols.push(v);
    } else {
      const present = new Set<number>();
      for (let r = 0; r < n; r++) present.add(c.codes[rows[r]!]!);
      const levels = [...present].map((code) => ({ code, label: c.levels[code]! })).sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
      levels.forEach((lv, li) => {
        const v = new Float64Array(n);
        for (let r = 0; r < n; r++) v[r] = c.codes[rows[r]!] === lv.code ? 1 : 0;
        bnames.push(c.name + lv.label);
        bcols.push(v);
        if (li > 0) {
          names.push(c.name + lv.label);
          xcols.push(v);
        }
      });
    }
  }
  const X = new Float64Array(n * names.length);
  xcols.forEach((v, j) => X.set(v, j * n));
  const B = new Float64Array(n * bnames.length);
  bcols.forEach((v, j) => B.set(v, j * n));
  return { rows, n, treat, X, names, B, balanceNames: bnames, missing: N - n };
}
