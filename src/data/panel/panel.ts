/**
 * A panel: a {@link Table} with a declared unit (city, pair...) and integer time (year...), sorted once.
 *
 * Conventions (Stata `xtset`, R `plm::pdata.frame`):
 * - one row per unit-time pair; a duplicate pair is an error ({@link DuplicateKeyError}) listing the first
 *   offenders, never silently kept;
 * - time is a whole number and lags/leads count in time units (Stata's `delta(1)`): the lag of 2015 is 2014,
 *   so a unit observed in 2013 and 2015 has no lag in 2015 (a gap gives a missing value, not the previous row);
 * - units are numbered in sorted order of their labels (numbers ascending, strings by code unit), and
 *   `order` lists the rows sorted by unit then time; every panel operation is one O(n) pass over it.
 * The table is not reordered: results keep the caller's row order.
 */
import { PilotzoneError } from '../../errors.js';
import type { Table } from '../table.js';
import { panelIndex } from './keys.js';

/** Which columns identify a panel row. */
export interface PanelKeys {
  /** Unit identifier column (string or numeric), e.g. `city`. */
  readonly unit: string;
  /** Integer time column, e.g. `year`. */
  readonly time: string;
}

/** A table with unit and time keys; built by {@link declarePanel}. */
export class Panel {
  /** The data, in the caller's row order. */
  readonly table: Table;
  /** Name of the unit column. */
  readonly unit: string;
  /** Name of the time column. */
  readonly time: string;
  /** Unit number of each row, 0 .. nUnits - 1 in sorted label order. */
  readonly unitIndex: Int32Array;
  /** Integer time of each row. */
  readonly timeOf: Int32Array;
  /** Rows sorted by unit, then time. */
  readonly order: Int32Array;
  /** `order[unitStart[u] .. unitStart[u + 1])` are unit `u`'s rows, by time. Length nUnits + 1. */
  readonly unitStart: Int32Array;
  /** Label of each unit (the unit column's value, string or number). */
  readonly unitLabels: readonly (string | number)[];
  /** Distinct times observed anywhere in the panel, ascending. */
  readonly times: Int32Array;

  /** @internal Use {@link declarePanel}. */
  constructor(f: {
    table: Table; unit: string; time: string; unitIndex: Int32Array; timeOf: Int32Array; order: Int32Array;
    unitStart: Int32Array; unitLabels: readonly (string | number)[]; times: Int32Array;
  }) {
    this.table = f.table;
    this.unit = f.unit;
    this.time = f.time;
    this.unitIndex = f.unitIndex;
    this.timeOf = f.timeOf;
    this.order = f.order;
    this.unitStart = f.unitStart;
    this.unitLabels = f.unitLabels;
    this.times = f.times;
  }

  /** Number of rows (of the table). */
  get nrows(): number {
    return this.table.nrows;
  }

  /** Number of distinct units. */
  get nUnits(): number {
    return this.unitLabels.length;
  }

  /**
   * The same panel over a table derived from this one by adding or replacing non-key columns (what `lag`,
   * `winsorize`... return). O(1): valid when the row count is unchanged and the unit and time columns are
   * the very same column objects (tables share unchanged columns), so the sort still holds. Otherwise throws
   * `E_PANEL_TABLE`: call {@link declarePanel} again.
   */
  withTable(table: Table): Panel {
    const same =
      table.nrows === this.table.nrows &&
      table.has(this.unit) && table.has(this.time) &&
      table.column(this.unit) === this.table.column(this.unit) &&
      table.column(this.time) === this.table.column(this.time);
    if (!same) {
      throw new PilotzoneError('E_PANEL_TABLE', `the new table's rows or its "${this.unit}"/"${this.time}" columns differ from the panel's.`, {
        hint: 'Rows were added, removed, reordered or the keys changed: call declarePanel(table, { unit, time }) again.',
      });
    }
    return new Panel({ ...this, table });
  }
}

/**
 * Declares `table` a panel with unit column `keys.unit` and integer time column `keys.time` (Stata
 * `xtset unit time`). Sorts once (counting sorts, O(n + units + times)) through {@link panelIndex}.
 *
 * Throws: `E_MISSING_COLUMN` (no such column), `E_MISSING_KEY` (a row without unit or time),
 * `E_NON_NUMERIC` (time is text), `E_NONINTEGER_TIME` (time 2011.5), `E_DUPLICATE_ROWS` (a unit-time pair
 * twice; the first five pairs by first row are listed with their rows).
 */
export function declarePanel(table: Table, keys: PanelKeys): Panel {
  const index = panelIndex(table, keys.unit, keys.time, { integerTime: true });
  const times = Int32Array.from(index.times as number[]);
  const timeIdx = index.timeOf;
  const timeOf = new Int32Array(table.nrows);
  for (let i = 0; i < timeOf.length; i++) timeOf[i] = times[timeIdx[i]!]!;
  return new Panel({
    table, unit: keys.unit, time: keys.time, unitIndex: index.unitOf, timeOf, order: index.order,
    unitStart: index.unitStart, unitLabels: index.unitLabels, times,
  });
}
