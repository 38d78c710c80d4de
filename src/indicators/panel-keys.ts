/**
 * Unit and period keys of a long panel (one row per unit and period), as the indicators need them: the
 * distinct units in order of first appearance, the distinct periods sorted ascending, and for every row its
 * unit and period index. Duplicate (unit, period) rows and missing keys are named errors; balance is checked
 * by the callers that need it ({@link requireBalanced}).
 */
import { PilotzoneError } from '../errors.js';
import { cellOf, type Cell, type Table } from '../data/table.js';

/** Indexed keys of a long panel. */
export interface PanelKeys {
  /** Distinct units, first-appearance order (original cell values: number or string). */
  units: Cell[];
  /** Distinct periods, ascending (numbers numerically, strings in natural order). */
  periods: Cell[];
  /** Unit index of each row. */
  unitOf: Int32Array;
  /** Period index of each row. */
  periodOf: Int32Array;
  /** Row of (unit u, period t) at `rowOf[u * periods.length + t]`, -1 when absent. */
  rowOf: Int32Array;
}

/** Reads the unit and period columns and indexes the rows. `what` names the calling function in errors. */
export function panelKeys(table: Table, unit: string, period: string, what: string): PanelKeys {
  const ucol = table.column(unit, what);
  const pcol = table.column(period, what);
  const n = table.nrows;
  const unitIndex = new Map<Cell, number>();
  const units: Cell[] = [];
  const unitOf = new Int32Array(n);
  const rawPeriods: Cell[] = new Array(n);
  const periodSet = new Map<Cell, number>();
  for (let i = 0; i < n; i++) {
    const u = cellOf(ucol, i);
    if (u === null) throw new PilotzoneError('E_MISSING_KEY', `${what}: column "${unit}" is missing in row ${i + 1}.`, { hint: 'Every row needs a unit identifier.', details: { column: unit, row: i + 1 } });
    const p = cellOf(pcol, i);
    if (p === null) throw new PilotzoneError('E_MISSING_KEY', `${what}: column "${period}" is missing in row ${i + 1}.`, { hint: 'Every row needs a period.', details: { column: period, row: i + 1 } });
    let ui = unitIndex.get(u);
    if (ui === undefined) {
      ui = units.length;
      units.push(u);
      unitIndex.set(u, ui);
    }
    unitOf[i] = ui;
    rawPeriods[i] = p;
    if (!periodSet.has(p)) periodSet.set(p, 0);
  }
  const periods = [...periodSet.keys()].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true }),
  );
  periods.forEach((p, k) => periodSet.set(p, k));
  const T = periods.length;
  const periodOf = new Int32Array(n);
  const rowOf = new Int32Array(units.length * T).fill(-1);
  for (let i = 0; i < n; i++) {
    const t = periodSet.get(rawPeriods[i]!)!;
    periodOf[i] = t;
    const key = unitOf[i]! * T + t;
    if (rowOf[key]! >= 0) {
      throw new PilotzoneError(
        'E_DUPLICATE_KEY',
        `${what}: unit ${JSON.stringify(units[unitOf[i]!])} appears twice in period ${JSON.stringify(periods[t])} (rows ${rowOf[key]! + 1} and ${i + 1}).`,
        { hint: `Each (${unit}, ${period}) pair must identify one row.`, details: { unit: units[unitOf[i]!], period: periods[t], rows: [rowOf[key]! + 1, i + 1] } },
      );
    }
    rowOf[key] = i;
  }
  return { units, periods, unitOf, periodOf, rowOf };
}

/** Throws `E_UNBALANCED_PANEL` naming the first unit that lacks a period. */
export function requireBalanced(keys: PanelKeys, what: string, unit: string, period: string): void {
  const T = keys.periods.length;
  for (let u = 0; u < keys.units.length; u++) {
    const missing: Cell[] = [];
    for (let t = 0; t < T; t++) if (keys.rowOf[u * T + t]! < 0) missing.push(keys.periods[t]!);
    if (missing.length) {
      let nUnits = 0;
      for (let v = 0; v < keys.units.length; v++) {
        for (let t = 0; t < T; t++) {
          if (keys.rowOf[v * T + t]! < 0) {
            nUnits++;
            break;
          }
        }
      }
      throw new PilotzoneError(
        'E_UNBALANCED_PANEL',
        `${what} needs a balanced panel: unit ${JSON.stringify(keys.units[u])} (column "${unit}") has no row for ${period} ${missing.map((m) => JSON.stringify(m)).join(', ')}` +
          (nUnits > 1 ? ` (${nUnits} units are incomplete).` : '.'),
        { hint: 'Drop the incomplete units or fill the missing periods before computing the index.', details: { unit: keys.units[u], missing, incompleteUnits: nUnits } },
      );
    }
  }
}
