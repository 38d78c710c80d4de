/**
 * Filling interior gaps within unit, with a report of every filled cell.
 *
 * Seed 001 (urban TFP, 70 cities 2011-2019): "some missing data are supplemented with the mean of adjacent
 * years". Here, for each column and unit, a gap is a run of years strictly between two observed (non-missing)
 * years `a < b` of that column: the cell is missing, or the unit has no row for that year at all. Only interior
 * gaps are filled; missing values before a unit's first or after its last observation are left missing and
 * counted (`edgeMissing`), because extrapolating is a different, stronger assumption.
 *
 * Methods:
 * - `'adjacent-mean'` (default, seed 001's rule): every year of the gap gets `(x_a + x_b) / 2`, the mean of
 *   the nearest observed years before and after. For a one-year gap this is the adjacent-years mean exactly;
 *   for longer gaps it is constant across the gap.
 * - `'linear'`: `x_a + (x_b - x_a) (t - a) / (b - a)`, the natural generalisation to longer gaps (identical to
 *   the adjacent mean for one-year gaps).
 * `maxGap` (default unlimited) leaves longer gaps unfilled and lists them in `skipped`. Absent years get new
 * rows (appended after the original rows, sorted by unit and time; other columns missing) unless
 * `addRows: false`. O(n + added cells) after the panel's sort.
 */
import { OptionError } from '../../errors.js';
import { parseNumberCell, Table, type Column } from '../table.js';
import { oneOf, outputName } from './options.js';
import { declarePanel, type Panel } from './panel.js';

/** Options of {@link interpolateGaps}. */
export interface InterpolateOptions {
  /** `'adjacent-mean'` (seed 001, default) or `'linear'`. */
  method?: 'adjacent-mean' | 'linear';
  /** Longest gap (in years) to fill; longer gaps are reported in `skipped`. Default Infinity. */
  maxGap?: number;
  /** Add rows for absent unit-years inside a gap (default true); with false only existing rows are filled. */
  addRows?: boolean;
  /** If given, adds a 0/1 column of this name marking rows with at least one filled cell. */
  flag?: string;
}

/** One filled cell. */
export interface FilledCell {
  readonly unit: string | number;
  readonly time: number;
  readonly column: string;
  readonly value: number;
  /** Row in the returned table, 1-based. */
  readonly row: number;
  /** The row was added (the unit had no row for this year). */
  readonly addedRow: boolean;
  /** The observed years bracketing the gap, and the number of years in it. */
  readonly from: number;
  readonly to: number;
  readonly gapLength: number;
}

/** A gap longer than `maxGap`, left missing. */
export interface SkippedGap {
  readonly unit: string | number;
  readonly column: string;
  readonly from: number;
  readonly to: number;
  readonly gapLength: number;
}

/** What {@link interpolateGaps} reports. */
export interface InterpolationReport {
  readonly method: 'adjacent-mean' | 'linear';
  readonly columns: readonly string[];
  readonly maxGap: number;
  readonly addRows: boolean;
  /** Every filled cell, by unit, then column, then time. */
  readonly filled: readonly FilledCell[];
  /** Rows appended for absent unit-years. */
  readonly addedRows: number;
  readonly skipped: readonly SkippedGap[];
  /** Filled cells per column. */
  readonly filledByColumn: Readonly<Record<string, number>>;
  /** Missing cells of existing rows left unfilled because they lie before the first or after the last observation. */
  readonly edgeMissing: Readonly<Record<string, number>>;
}

/** Result of {@link interpolateGaps}: the new table, the panel over it, and the report. */
export interface InterpolationResult {
  readonly table: Table;
  readonly panel: Panel;
  readonly report: InterpolationReport;
}

interface PendingFill {
  col: number;
  time: number;
  value: number;
  from: number;
  to: number;
}

/** Fills interior gaps of numeric `columns` within unit (see the module comment for the rule). */
export function interpolateGaps(panel: Panel, columns: readonly string[], opts: InterpolateOptions = {}): InterpolationResult {
  const method = oneOf('method', opts.method, ['adjacent-mean', 'linear'], 'adjacent-mean');
  const maxGap = opts.maxGap ?? Infinity;
  if (!(maxGap === Infinity || (Number.isInteger(maxGap) && maxGap >= 1))) {
    throw new OptionError('maxGap', `must be a positive whole number of years or Infinity, got ${maxGap}.`);
  }
  const addRows = opts.addRows ?? true;
  if (!Array.isArray(columns) || columns.length === 0) throw new OptionError('columns', 'name at least one column to interpolate.');
  if (new Set(columns).size !== columns.length) throw new OptionError('columns', `a column is listed twice: ${columns.join(', ')}.`);
  for (const c of columns) {
    if (c === panel.unit || c === panel.time) throw new OptionError('columns', `"${c}" is a panel key and cannot be interpolated.`);
  }
  const flag = opts.flag === undefined ? undefined : outputName(opts.flag, panel);
  const { table, order, unitStart, timeOf } = panel;
  const n = table.nrows;
  const xs = columns.map((c) => table.numeric(c, 'interpolateGaps'));
  const outs = xs.map((x) => Float64Array.from(x));
  const linear = method === 'linear';

  const filled: FilledCell[] = [];
  const skipped: SkippedGap[] = [];
  const filledByColumn: Record<string, number> = {};
  const edgeMissing: Record<string, number> = {};
  for (const c of columns) filledByColumn[c] = edgeMissing[c] = 0;
  const addedUnit: number[] = [];
  const addedTime: number[] = [];
  const addedFills: PendingFill[][] = [];
  const rowFlag = new Uint8Array(n);

  for (let u = 0; u < panel.nUnits; u++) {
    const a = unitStart[u]!;
    const b = unitStart[u + 1]!;
    const label = panel.unitLabels[u]!;
    const pending = new Map<number, PendingFill[]>();
    for (let ci = 0; ci < columns.length; ci++) {
      const x = xs[ci]!;
      const out = outs[ci]!;
      const column = columns[ci]!;
      let prev = -1;
      let firstObs = -1;
      for (let j = a; j < b; j++) {
        const r = order[j]!;
        const xb = x[r]!;
        if (Number.isNaN(xb)) continue;
        if (firstObs < 0) firstObs = j;
        if (prev >= 0) {
          const ra = order[prev]!;
          const ta = timeOf[ra]!;
          const tb = timeOf[r]!;
          const gap = tb - ta - 1;
          if (gap > maxGap) skipped.push({ unit: label, column, from: ta, to: tb, gapLength: gap });
          else if (gap > 0) {
            const xa = x[ra]!;
            const valueAt = (t: number): number => (linear ? xa + ((xb - xa) * (t - ta)) / (tb - ta) : (xa + xb) / 2);
            // Existing rows inside the gap hold missing cells; the other years of the gap have no row.
            let k = prev + 1;
            for (let t = ta + 1; t < tb; t++) {
              const v = valueAt(t);
              if (k < j && timeOf[order[k]!] === t) {
                const rr = order[k]!;
                out[rr] = v;
                rowFlag[rr] = 1;
                filled.push({ unit: label, time: t, column, value: v, row: rr + 1, addedRow: false, from: ta, to: tb, gapLength: gap });
                filledByColumn[column]!++;
                k++;
              } else if (addRows) {
                let list = pending.get(t);
                if (!list) pending.set(t, (list = []));
                list.push({ col: ci, time: t, value: v, from: ta, to: tb });
              }
            }
          }
        }
        prev = j;
      }
      for (let j = a; j < b; j++) {
        if ((firstObs < 0 || j < firstObs || j > prev) && Number.isNaN(x[order[j]!]!)) edgeMissing[column]!++;
      }
    }
    if (pending.size) {
      for (const t of [...pending.keys()].sort((p, q) => p - q)) {
        const row = n + addedUnit.length;
        addedUnit.push(u);
        addedTime.push(t);
        const fills = pending.get(t)!;
        addedFills.push(fills);
        for (const f of fills) {
          const column = columns[f.col]!;
          filled.push({ unit: label, time: t, column, value: f.value, row: row + 1, addedRow: true, from: f.from, to: f.to, gapLength: f.to - f.from - 1 });
          filledByColumn[column]!++;
        }
      }
    }
  }
  const report: InterpolationReport = {
    method, columns: [...columns], maxGap, addRows, filled: orderReport(filled, panel, columns), addedRows: addedUnit.length,
    skipped, filledByColumn, edgeMissing,
  };

  const m = addedUnit.length;
  if (m === 0) {
    let t = table;
    columns.forEach((c, ci) => (t = t.withColumn(replaceValues(table.column(c), outs[ci]!))));
    if (flag) t = t.withColumn(flagColumn(flag, rowFlag, 0));
    return { table: t, panel: panel.withTable(t), report };
  }
  const inColumns = new Map(columns.map((c, ci) => [c, ci]));
  const unitRep = new Int32Array(panel.nUnits);
  for (let u = 0; u < panel.nUnits; u++) unitRep[u] = order[unitStart[u]!]!;
  const cols: Column[] = table.columns.map((col) => {
    const ci = inColumns.get(col.name);
    if (ci !== undefined) {
      const v = new Float64Array(n + m).fill(NaN);
      v.set(outs[ci]!);
      addedFills.forEach((fills, k) => {
        for (const f of fills) if (f.col === ci) v[n + k] = f.value;
      });
      return replaceValues(col, v);
    }
    if (col.name === panel.unit) return extendKey(col, addedUnit.map((u) => unitRep[u]!), null);
    if (col.name === panel.time) return extendKey(col, null, addedTime);
    return extendMissing(col, m);
  });
  if (flag) {
    const f = flagColumn(flag, rowFlag, m);
    const i = cols.findIndex((c) => c.name === flag);
    if (i >= 0) cols[i] = f;
    else cols.push(f);
  }
  const out = new Table(cols);
  return { table: out, panel: declarePanel(out, { unit: panel.unit, time: panel.time }), report };
}

/** Report cells by unit (panel order), then column (as listed), then time. */
function orderReport(cells: FilledCell[], panel: Panel, columns: readonly string[]): FilledCell[] {
  const unitPos = new Map(panel.unitLabels.map((l, u) => [l, u]));
  const colPos = new Map(columns.map((c, i) => [c, i]));
  return cells.sort((p, q) => unitPos.get(p.unit)! - unitPos.get(q.unit)! || colPos.get(p.column)! - colPos.get(q.column)! || p.time - q.time);
}

function replaceValues(col: Column, values: Float64Array): Column {
  if (col.kind === 'number') return { ...col, values };
  return col.label === undefined ? { kind: 'number', name: col.name, values } : { kind: 'number', name: col.name, values, label: col.label };
}

function flagColumn(name: string, rowFlag: Uint8Array, m: number): Column {
  const v = new Float64Array(rowFlag.length + m).fill(1);
  for (let i = 0; i < rowFlag.length; i++) v[i] = rowFlag[i]!;
  return { kind: 'number', name, values: v };
}

function extendMissing(col: Column, m: number): Column {
  if (col.kind === 'number') {
    const v = new Float64Array(col.values.length + m).fill(NaN);
    v.set(col.values);
    return { ...col, values: v };
  }
  const c = new Int32Array(col.codes.length + m).fill(-1);
  c.set(col.codes);
  return { ...col, codes: c };
}

/** Extends a key column: the unit by copying a representative row's cell, the time by writing the year. */
function extendKey(col: Column, copyFrom: readonly number[] | null, times: readonly number[] | null): Column {
  const m = (copyFrom ?? times)!.length;
  if (col.kind === 'number') {
    const n = col.values.length;
    const v = new Float64Array(n + m);
    v.set(col.values);
    for (let k = 0; k < m; k++) v[n + k] = copyFrom ? col.values[copyFrom[k]!]! : times![k]!;
    return { ...col, values: v };
  }
  const n = col.codes.length;
  const codes = new Int32Array(n + m);
  codes.set(col.codes);
  const levels = col.levels.slice();
  const levelOfTime = new Map<number, number>();
  if (times) levels.forEach((l, i) => {
    const t = parseNumberCell(l);
    if (t !== undefined && !levelOfTime.has(t)) levelOfTime.set(t, i);
  });
  for (let k = 0; k < m; k++) {
    if (copyFrom) codes[n + k] = col.codes[copyFrom[k]!]!;
    else {
      const t = times![k]!;
      let code = levelOfTime.get(t);
      if (code === undefined) {
        code = levels.length;
        levels.push(String(t));
        levelOfTime.set(t, code);
      }
      codes[n + k] = code;
    }
  }
  return { ...col, codes, levels };
}

/** Printable list of the filled cells (at most `maxCells`), skipped gaps and edge counts. */
export function formatInterpolationReport(r: InterpolationReport, opts: { maxCells?: number } = {}): string {
  const maxCells = opts.maxCells ?? 50;
  const lines: string[] = [];
  const per = r.columns.map((c) => `${c} ${r.filledByColumn[c]}`).join(', ');
  lines.push(`Interpolated ${r.filled.length} cell(s) by ${r.method === 'linear' ? 'linear interpolation' : 'the mean of the adjacent observed years'} (${per}); ${r.addedRows} row(s) added.`);
  for (const f of r.filled.slice(0, maxCells)) {
    lines.push(`  ${f.unit} ${f.time} ${f.column} = ${f.value} (between ${f.from} and ${f.to}${f.addedRow ? ', new row' : ''})`);
  }
  if (r.filled.length > maxCells) lines.push(`  ... and ${r.filled.length - maxCells} more.`);
  if (r.skipped.length) {
    lines.push(`Left missing: ${r.skipped.length} gap(s) longer than ${r.maxGap} year(s):`);
    for (const s of r.skipped.slice(0, maxCells)) lines.push(`  ${s.unit} ${s.column} ${s.from + 1}-${s.to - 1} (${s.gapLength} years)`);
  }
  const edge = r.columns.filter((c) => r.edgeMissing[c]! > 0).map((c) => `${c} ${r.edgeMissing[c]}`);
  if (edge.length) lines.push(`Not filled (before the first or after the last observation): ${edge.join(', ')}.`);
  return lines.join('\n');
}
