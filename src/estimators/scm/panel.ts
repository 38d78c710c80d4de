/**
 * A unit x period index over a long table, for the SCM family: unit labels (sorted: numerically when the unit
 * column is numeric, else by code-point order, which is Synth's alphabetical donor order), sorted distinct
 * periods, and the table row of each (unit, period) cell. Rows with a missing unit or period are ignored.
 */
import type { Table } from '../../data/table.js';
import { DuplicateCellError, MissingOutcomeError } from './errors.js';

export interface ScmPanel {
  readonly unitColumn: string;
  readonly timeColumn: string;
  readonly units: readonly string[];
  readonly times: readonly number[];
  /** Table row of cell (u, t) at `cell[u * times.length + t]`, -1 when absent. */
  readonly cell: Int32Array;
}

/** Builds the unit x period index; duplicate (unit, period) rows are an error. */
export function buildPanel(table: Table, unitColumn: string, timeColumn: string): ScmPanel {
  const ucol = table.column(unitColumn, 'unit column');
  const tvals = table.numeric(timeColumn, 'time column');
  const n = table.nrows;
  const labels: (string | undefined)[] = new Array(n);
  const numericUnits = ucol.kind === 'number';
  for (let i = 0; i < n; i++) {
    if (ucol.kind === 'number') {
      const v = ucol.values[i]!;
      labels[i] = Number.isNaN(v) ? undefined : String(v);
    } else {
      const c = ucol.codes[i]!;
      labels[i] = c < 0 ? undefined : ucol.levels[c];
    }
  }
  const unitSet = new Set<string>();
  const timeSet = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (labels[i] === undefined || Number.isNaN(tvals[i]!)) continue;
    unitSet.add(labels[i]!);
    timeSet.add(tvals[i]!);
  }
  const units = [...unitSet].sort(numericUnits ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const times = [...timeSet].sort((a, b) => a - b);
  const uIndex = new Map(units.map((u, i) => [u, i]));
  const tIndex = new Map(times.map((t, i) => [t, i]));
  const T = times.length;
  const cell = new Int32Array(units.length * T).fill(-1);
  for (let i = 0; i < n; i++) {
    if (labels[i] === undefined || Number.isNaN(tvals[i]!)) continue;
    const u = uIndex.get(labels[i]!)!;
    const t = tIndex.get(tvals[i]!)!;
    if (cell[u * T + t]! >= 0) throw new DuplicateCellError(labels[i]!, tvals[i]!, unitColumn, timeColumn);
    cell[u * T + t] = i;
  }
  return { unitColumn, timeColumn, units, times, cell };
}

/**
 * Outcome matrix of the listed units (unit-major, `Y[r * T + t]` for the r-th listed unit) over every period;
 * a missing value is {@link MissingOutcomeError} naming the unit and its missing periods.
 */
export function outcomeMatrix(table: Table, panel: ScmPanel, outcome: string, unitIdx: readonly number[]): Float64Array {
  const y = table.numeric(outcome, 'outcome');
  const T = panel.times.length;
  const Y = new Float64Array(unitIdx.length * T);
  for (let r = 0; r < unitIdx.length; r++) {
    const u = unitIdx[r]!;
    const missing: number[] = [];
    for (let t = 0; t < T; t++) {
      const row = panel.cell[u * T + t]!;
      const v = row < 0 ? NaN : y[row]!;
      if (Number.isNaN(v)) missing.push(panel.times[t]!);
      Y[r * T + t] = v;
    }
    if (missing.length) throw new MissingOutcomeError(panel.units[u]!, outcome, missing);
  }
  return Y;
}
