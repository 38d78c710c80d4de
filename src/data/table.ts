/**
 * The columnar table every estimator reads.
 *
 * Conventions:
 * - numeric columns are `Float64Array`, `NaN` = missing;
 * - string (categorical) columns are dictionary-encoded: `codes: Int32Array` into `levels`, code `-1` = missing;
 * - a table is immutable: every verb returns a new table (columns are shared, never copied, when unchanged).
 *
 * Where the data came from (CSV, .dta, Parquet, a SQL engine later) is not the table's concern: readers in
 * `src/data/read/` build it.
 */
import { MissingColumnError, NonNumericError, PilotzoneError } from '../errors.js';

/** A numeric column. `NaN` marks a missing value. */
export interface NumericColumn {
  readonly kind: 'number';
  readonly name: string;
  readonly values: Float64Array;
  /** Variable label (e.g. from Stata). */
  readonly label?: string;
  /** Value labels (e.g. Stata's `label define`): value -> text. */
  readonly valueLabels?: ReadonlyMap<number, string>;
  /** Display format hint (e.g. Stata's `%9.0g`), kept so a round trip preserves it. */
  readonly format?: string;
}

/** A dictionary-encoded string column. Code `-1` marks a missing value. */
export interface StringColumn {
  readonly kind: 'string';
  readonly name: string;
  readonly codes: Int32Array;
  readonly levels: readonly string[];
  readonly label?: string;
}

export type Column = NumericColumn | StringColumn;

/** Plain cell value as seen from JavaScript: `null` is missing. */
export type Cell = number | string | null;

/** Builds a numeric column. */
export function numericColumn(name: string, values: Float64Array | readonly number[], extra: Partial<Omit<NumericColumn, 'kind' | 'name' | 'values'>> = {}): NumericColumn {
  return { kind: 'number', name, values: values instanceof Float64Array ? values : Float64Array.from(values), ...extra };
}

/** Builds a dictionary-encoded string column from plain strings (`null`/`undefined` = missing). Levels keep first-seen order. */
export function stringColumn(name: string, values: readonly (string | null | undefined)[], label?: string): StringColumn {
  const codes = new Int32Array(values.length);
  const levels: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    let c = index.get(v);
    if (c === undefined) {
      c = levels.length;
      levels.push(v);
      index.set(v, c);
    }
    codes[i] = c;
  }
  return label === undefined ? { kind: 'string', name, codes, levels } : { kind: 'string', name, codes, levels, label };
}

/** Cell `i` of a column as a plain value (`null` = missing). */
export function cellOf(col: Column, i: number): Cell {
  if (col.kind === 'number') {
    const v = col.values[i]!;
    return Number.isNaN(v) ? null : v;
  }
  const c = col.codes[i]!;
  return c < 0 ? null : col.levels[c]!;
}

/** Rows of `col` restricted to `rows` (a new column of the same kind and metadata). */
export function takeColumn(col: Column, rows: Int32Array): Column {
  if (col.kind === 'number') {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = col.values[rows[i]!]!;
    return { ...col, values: out };
  }
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = col.codes[rows[i]!]!;
  return { ...col, codes: out };
}

/** Immutable columnar table. */
export class Table {
  readonly nrows: number;
  readonly columns: readonly Column[];
  private readonly byName: Map<string, Column>;

  constructor(columns: readonly Column[]) {
    const n = columns.length ? lengthOf(columns[0]!) : 0;
    const byName = new Map<string, Column>();
    for (const c of columns) {
      if (lengthOf(c) !== n) {
        throw new PilotzoneError('E_TABLE_SHAPE', `column "${c.name}" has ${lengthOf(c)} rows, but "${columns[0]!.name}" has ${n}.`);
      }
      if (byName.has(c.name)) throw new PilotzoneError('E_DUPLICATE_COLUMN', `column name "${c.name}" appears twice.`, { hint: 'Rename one of the columns.' });
      byName.set(c.name, c);
    }
    this.nrows = n;
    this.columns = columns;
    this.byName = byName;
  }

  /** Column names in order. */
  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  get ncols(): number {
    return this.columns.length;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The column called `name`; throws {@link MissingColumnError} listing the available ones. */
  column(name: string, context?: string): Column {
    const c = this.byName.get(name);
    if (!c) throw new MissingColumnError(name, this.names, context);
    return c;
  }

  /**
   * The values of a numeric column. A string column whose every non-missing value parses as a number is
   * converted; otherwise {@link NonNumericError} names the first offending row.
   */
  numeric(name: string, context?: string): Float64Array {
    const c = this.column(name, context);
    if (c.kind === 'number') return c.values;
    return stringToNumbers(c);
  }

  /** Cell value (`null` = missing). */
  get(name: string, row: number): Cell {
    return cellOf(this.column(name), row);
  }

  /** Keep only the named columns, in the given order. */
  select(names: readonly string[]): Table {
    return new Table(names.map((n) => this.column(n)));
  }

  /** Keep the rows listed in `rows` (in that order; may repeat). */
  take(rows: Int32Array | readonly number[]): Table {
    const idx = rows instanceof Int32Array ? rows : Int32Array.from(rows);
    return new Table(this.columns.map((c) => takeColumn(c, idx)));
  }

  /** Keep the rows for which `keep(i)` is true. */
  filter(keep: (row: number) => boolean): Table {
    const rows: number[] = [];
    for (let i = 0; i < this.nrows; i++) if (keep(i)) rows.push(i);
    return this.take(rows);
  }

  /** Add or replace a column (replacing keeps its position). */
  withColumn(col: Column): Table {
    if (lengthOf(col) !== this.nrows && this.columns.length > 0) {
      throw new PilotzoneError('E_TABLE_SHAPE', `new column "${col.name}" has ${lengthOf(col)} rows, the table has ${this.nrows}.`);
    }
    const i = this.columns.findIndex((c) => c.name === col.name);
    if (i < 0) return new Table([...this.columns, col]);
    const cols = this.columns.slice();
    cols[i] = col;
    return new Table(cols);
  }

  /** Drop columns by name (unknown names are an error). */
  drop(names: readonly string[]): Table {
    for (const n of names) this.column(n);
    const s = new Set(names);
    return new Table(this.columns.filter((c) => !s.has(c.name)));
  }

  /** Rename columns: `{ old: new }`. */
  rename(map: Readonly<Record<string, string>>): Table {
    for (const n of Object.keys(map)) this.column(n);
    return new Table(this.columns.map((c) => (map[c.name] ? { ...c, name: map[c.name]! } : c)));
  }

  /** Row `i` as a plain object. */
  row(i: number): Record<string, Cell> {
    const o: Record<string, Cell> = {};
    for (const c of this.columns) o[c.name] = cellOf(c, i);
    return o;
  }

  /** All rows as plain objects (for small tables, JSON and tests). */
  toObjects(): Record<string, Cell>[] {
    const out: Record<string, Cell>[] = new Array(this.nrows);
    for (let i = 0; i < this.nrows; i++) out[i] = this.row(i);
    return out;
  }

  /**
   * Builds a table from plain objects. A column is numeric when every non-missing value is a number
   * (or a numeric string); otherwise it is a string column. `null`, `undefined` and `NaN` are missing.
   */
  static fromObjects(rows: readonly Record<string, unknown>[], columnOrder?: readonly string[]): Table {
    const names = columnOrder ?? unionKeys(rows);
    return new Table(names.map((n) => inferColumn(n, rows.map((r) => r[n]))));
  }

  /** Builds a table from named arrays: `Float64Array`/`number[]` become numeric, `string[]` become string columns. */
  static fromColumns(cols: Readonly<Record<string, Float64Array | readonly (number | null)[] | readonly (string | null)[]>>): Table {
    return new Table(
      Object.entries(cols).map(([name, v]) => {
        if (v instanceof Float64Array) return numericColumn(name, v);
        return inferColumn(name, v as readonly unknown[]);
      }),
    );
  }
}

function lengthOf(c: Column): number {
  return c.kind === 'number' ? c.values.length : c.codes.length;
}

function unionKeys(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** Parses a cell as a number; `undefined` when it is not one. Empty, NA, NaN, "." and null are missing (NaN). */
export function parseNumberCell(s: string): number | undefined {
  const t = s.trim();
  if (t === '' || t === 'NA' || t === 'NaN' || t === '.' || t === 'nan' || t === 'null' || t === 'NULL' || t === '#N/A') return NaN;
  const v = Number(t);
  if (Number.isNaN(v)) return undefined;
  return v;
}

function inferColumn(name: string, values: readonly unknown[]): Column {
  let numeric = true;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'number') continue;
    if (typeof v === 'string' && parseNumberCell(v) !== undefined) continue;
    numeric = false;
    break;
  }
  if (numeric) {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      out[i] = v === null || v === undefined ? NaN : typeof v === 'number' ? v : parseNumberCell(v as string)!;
    }
    return numericColumn(name, out);
  }
  return stringColumn(
    name,
    values.map((v) => (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v))),
  );
}

function stringToNumbers(c: StringColumn): Float64Array {
  const levelValues = new Float64Array(c.levels.length);
  let badLevel = -1;
  for (let l = 0; l < c.levels.length; l++) {
    const v = parseNumberCell(c.levels[l]!);
    if (v === undefined) {
      if (badLevel < 0) badLevel = l;
      levelValues[l] = NaN;
    } else levelValues[l] = v;
  }
  if (badLevel >= 0) {
    let first = -1;
    let count = 0;
    for (let i = 0; i < c.codes.length; i++) {
      const code = c.codes[i]!;
      if (code >= 0 && parseNumberCell(c.levels[code]!) === undefined) {
        if (first < 0) first = i;
        count++;
      }
    }
    throw new NonNumericError(c.name, first, c.levels[c.codes[first]!]!, count);
  }
  const out = new Float64Array(c.codes.length);
  for (let i = 0; i < out.length; i++) {
    const code = c.codes[i]!;
    out[i] = code < 0 ? NaN : levelValues[code]!;
  }
  return out;
}
