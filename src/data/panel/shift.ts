/**
 * Lags, leads and differences within unit, by time value (Stata `L.`, `F.`, `D.` after `xtset`; R
 * `plm::lag`): the lag-k value at time t is the unit's value at t - k, so across a gap (a year without a
 * row) the result is missing, not the previous row's value. Rows keep the table's order. One O(n) pass over
 * the panel's sort.
 */
import { numericColumn, type Column, type Table } from '../table.js';
import { outputName, positiveInteger } from './options.js';
import type { Panel } from './panel.js';

/** Options of {@link lag}, {@link lead} and {@link diff}. */
export interface ShiftOptions {
  /** Name of the new column. Defaults: `L{k}.x`, `F{k}.x`, `D{k}.x`. An existing column of that name is replaced. */
  name?: string;
}

/**
 * For each row, the row holding the same unit at time `t - k` (`k < 0`: a lead), or -1 when there is none.
 * Two pointers per unit over the time-sorted rows: O(n).
 */
export function shiftSource(panel: Panel, k: number): Int32Array {
  const { order, unitStart, timeOf } = panel;
  const src = new Int32Array(panel.nrows).fill(-1);
  for (let u = 0; u < panel.nUnits; u++) {
    const a = unitStart[u]!;
    const b = unitStart[u + 1]!;
    let p = a;
    for (let j = a; j < b; j++) {
      const want = timeOf[order[j]!]! - k;
      while (p < b && timeOf[order[p]!]! < want) p++;
      if (p < b && timeOf[order[p]!]! === want) src[order[j]!] = order[p]!;
    }
  }
  return src;
}

function shifted(col: Column, src: Int32Array, name: string): Column {
  if (col.kind === 'number') {
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const s = src[i]!;
      out[i] = s < 0 ? NaN : col.values[s]!;
    }
    return { ...col, name, values: out };
  }
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const s = src[i]!;
    out[i] = s < 0 ? -1 : col.codes[s]!;
  }
  return { ...col, name, codes: out };
}

/**
 * Adds the `k`-period lag of `column` within unit (`L{k}.x`, default k = 1): the value at time `t - k`,
 * missing when that unit-time row does not exist or the value there is missing. String columns are lagged too.
 */
export function lag(panel: Panel, column: string, k = 1, opts: ShiftOptions = {}): Table {
  positiveInteger('k', k);
  const name = outputName(opts.name ?? `L${k}.${column}`, panel);
  const col = panel.table.column(column, 'lag');
  return panel.table.withColumn(shifted(col, shiftSource(panel, k), name));
}

/** Adds the `k`-period lead of `column` within unit (`F{k}.x`): the value at time `t + k`, missing across gaps. */
export function lead(panel: Panel, column: string, k = 1, opts: ShiftOptions = {}): Table {
  positiveInteger('k', k);
  const name = outputName(opts.name ?? `F${k}.${column}`, panel);
  const col = panel.table.column(column, 'lead');
  return panel.table.withColumn(shifted(col, shiftSource(panel, -k), name));
}

/**
 * Adds the `k`-period difference `x_t - x_{t-k}` within unit (`D{k}.x`, default k = 1); missing when the
 * row at `t - k` is absent. Note: for k > 1 this is Stata's seasonal difference `S{k}.x`, not Stata's
 * `D{k}.x` (the k-th order difference). Throws `E_NON_NUMERIC` for a text column.
 */
export function diff(panel: Panel, column: string, k = 1, opts: ShiftOptions = {}): Table {
  positiveInteger('k', k);
  const name = outputName(opts.name ?? `D${k}.${column}`, panel);
  const x = panel.table.numeric(column, 'diff');
  const src = shiftSource(panel, k);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const s = src[i]!;
    out[i] = s < 0 ? NaN : x[i]! - x[s]!;
  }
  return panel.table.withColumn(numericColumn(name, out));
}
