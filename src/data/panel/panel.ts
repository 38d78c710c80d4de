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
import { DuplicateKeyError, MissingKeyError, NonIntegerTimeError, type DuplicatePair } from './errors.js';

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
 * `xtset unit time`). Sorts once (counting sorts, O(n + units + time range)).
 *
 * Throws: `E_MISSING_COLUMN` (no such column), `E_MISSING_KEY` (a row without unit or time),
 * `E_NON_NUMERIC` (time is text), `E_NONINTEGER_TIME` (time 2011.5), `E_DUPLICATE_ROWS` (a unit-time pair
 * twice; the first five pairs by first row are listed with their rows).
 */
export function declarePanel(table: Table, keys: PanelKeys): Panel {
  table.column(keys.unit, 'panel unit');
  const timeRaw = table.numeric(keys.time, 'panel time');
  const n = table.nrows;
  const { unitIndex, unitLabels } = encodeUnits(table, keys.unit);
  const timeOf = integerTimes(timeRaw, keys.time);

  let tmin = 0;
  let tmax = -1;
  if (n > 0) {
    tmin = timeOf[0]!;
    tmax = tmin;
    for (let i = 1; i < n; i++) {
      const t = timeOf[i]!;
      if (t < tmin) tmin = t;
      else if (t > tmax) tmax = t;
    }
  }
  const byTime = sortByTime(timeOf, tmin, tmax);
  const nUnits = unitLabels.length;
  // Stable counting sort by unit of the time-sorted rows: rows end sorted by (unit, time).
  const unitStart = new Int32Array(nUnits + 1);
  for (let i = 0; i < n; i++) unitStart[unitIndex[i]! + 1]!++;
  for (let u = 0; u < nUnits; u++) unitStart[u + 1]! += unitStart[u]!;
  const next = unitStart.slice(0, nUnits);
  const order = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const r = byTime[j]!;
    order[next[unitIndex[r]!]!++] = r;
  }
  checkDuplicates(order, unitIndex, timeOf, unitLabels, keys);
  return new Panel({ table, unit: keys.unit, time: keys.time, unitIndex, timeOf, order, unitStart, unitLabels, times: distinctTimes(byTime, timeOf) });
}

/** Unit numbers in sorted label order; missing units are an error. */
function encodeUnits(table: Table, name: string): { unitIndex: Int32Array; unitLabels: (string | number)[] } {
  const col = table.column(name);
  const n = table.nrows;
  const unitIndex = new Int32Array(n);
  if (col.kind === 'string') {
    let first = -1;
    let count = 0;
    const used = new Uint8Array(col.levels.length);
    for (let i = 0; i < n; i++) {
      const c = col.codes[i]!;
      if (c < 0) {
        if (first < 0) first = i;
        count++;
      } else used[c] = 1;
    }
    if (count) throw new MissingKeyError(name, 'unit', first, count);
    const levels: number[] = [];
    for (let l = 0; l < used.length; l++) if (used[l]) levels.push(l);
    levels.sort((a, b) => (col.levels[a]! < col.levels[b]! ? -1 : col.levels[a]! > col.levels[b]! ? 1 : 0));
    const remap = new Int32Array(col.levels.length);
    levels.forEach((l, u) => (remap[l] = u));
    for (let i = 0; i < n; i++) unitIndex[i] = remap[col.codes[i]!]!;
    return { unitIndex, unitLabels: levels.map((l) => col.levels[l]!) };
  }
  const v = col.values;
  const seen = new Map<number, number>();
  let first = -1;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) {
      if (first < 0) first = i;
      count++;
      continue;
    }
    let c = seen.get(x);
    if (c === undefined) seen.set(x, (c = seen.size));
    unitIndex[i] = c;
  }
  if (count) throw new MissingKeyError(name, 'unit', first, count);
  const labels = [...seen.keys()].sort((a, b) => a - b);
  const remap = new Int32Array(labels.length);
  labels.forEach((x, u) => (remap[seen.get(x)!] = u));
  for (let i = 0; i < n; i++) unitIndex[i] = remap[unitIndex[i]!]!;
  return { unitIndex, unitLabels: labels };
}

function integerTimes(raw: Float64Array, name: string): Int32Array {
  const n = raw.length;
  const out = new Int32Array(n);
  let missFirst = -1;
  let missCount = 0;
  let badFirst = -1;
  let badCount = 0;
  for (let i = 0; i < n; i++) {
    const t = raw[i]!;
    if (Number.isNaN(t)) {
      if (missFirst < 0) missFirst = i;
      missCount++;
    } else if (!Number.isInteger(t) || t > 2147483647 || t < -2147483648) {
      if (badFirst < 0) badFirst = i;
      badCount++;
    } else out[i] = t;
  }
  if (missCount) throw new MissingKeyError(name, 'time', missFirst, missCount);
  if (badCount) throw new NonIntegerTimeError(name, badFirst, raw[badFirst]!, badCount);
  return out;
}

/** Row numbers sorted by time: a counting sort when the time range is comparable to n, else a comparison sort. */
function sortByTime(timeOf: Int32Array, tmin: number, tmax: number): Int32Array {
  const n = timeOf.length;
  const out = new Int32Array(n);
  const range = tmax - tmin + 1;
  if (n === 0) return out;
  if (range <= 4 * n + 4096) {
    const start = new Int32Array(range + 1);
    for (let i = 0; i < n; i++) start[timeOf[i]! - tmin + 1]!++;
    for (let k = 0; k < range; k++) start[k + 1]! += start[k]!;
    for (let i = 0; i < n; i++) out[start[timeOf[i]! - tmin]!++] = i;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = i;
  return out.sort((a, b) => timeOf[a]! - timeOf[b]! || a - b);
}

function distinctTimes(byTime: Int32Array, timeOf: Int32Array): Int32Array {
  const out: number[] = [];
  for (let j = 0; j < byTime.length; j++) {
    const t = timeOf[byTime[j]!]!;
    if (j === 0 || t !== out[out.length - 1]) out.push(t);
  }
  return Int32Array.from(out);
}

function checkDuplicates(order: Int32Array, unitIndex: Int32Array, timeOf: Int32Array, labels: readonly (string | number)[], keys: PanelKeys): void {
  let groups: { first: number; rows: number[] }[] | undefined;
  let extra = 0;
  for (let j = 1; j < order.length; j++) {
    const a = order[j - 1]!;
    const b = order[j]!;
    if (unitIndex[a] !== unitIndex[b] || timeOf[a] !== timeOf[b]) continue;
    groups ??= [];
    extra++;
    const last = groups[groups.length - 1];
    if (last && last.rows[last.rows.length - 1] === a) last.rows.push(b);
    else groups.push({ first: a, rows: [a, b] });
  }
  if (!groups) return;
  // Rows within a pair are in input order (the sorts are stable); list pairs by their first row.
  groups.sort((g, h) => g.first - h.first);
  const shown: DuplicatePair[] = groups.slice(0, 5).map((g) => ({
    unit: labels[unitIndex[g.first]!]!,
    time: timeOf[g.first]!,
    rows: g.rows.map((r) => r + 1),
  }));
  throw new DuplicateKeyError(keys.unit, keys.time, shown, groups.length, extra);
}
