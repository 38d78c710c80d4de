/**
 * Columns from plain JavaScript cell values, shared by the XLSX, Parquet and JSON readers.
 *
 * Conventions: a column is numeric when every non-missing cell is a number, a boolean (true = 1,
 * false = 0) or a string that `parseNumberCell` reads as a number; otherwise it is a dictionary-encoded
 * string column whose numbers are printed with `String()` and booleans as `true`/`false`. `null`,
 * `undefined`, NaN, '' and the missing tokens of `parseNumberCell` (NA, ., ...) are missing. Dates become
 * ISO 8601 text (`YYYY-MM-DD` when the time is midnight UTC). BigInts become numbers (a note says so when
 * one is beyond 2^53 and loses precision). Objects and arrays are an error naming the column and row.
 */
import { numericColumn, parseNumberCell, stringColumn, type Column } from '../table.js';
import { DataReadError } from './errors.js';

export interface CellContext {
  source: string;
  onNote?: (note: string) => void;
}

/** Normalizes one cell to number | string | boolean | null. */
export function normalizeCell(v: unknown, column: string, row: number, ctx: CellContext): number | string | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
      ctx.onNote?.(`column "${column}": the 64-bit integer ${v} (row ${row + 1}) is beyond 2^53 and was rounded to a double.`);
    }
    return Number(v);
  }
  if (v instanceof Date) return isoDate(v);
  throw new DataReadError('E_MALFORMED_FILE', ctx.source, `column "${column}", row ${row + 1}: a nested value (${describe(v)}) is not a table cell.`, {
    hint: 'Flatten nested records into plain columns first.',
    details: { column, row: row + 1 },
  });
}

/** ISO text of a date: `YYYY-MM-DD` at midnight UTC, else the full `toISOString()`. */
export function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** Builds a column from normalized cells (see the module comment). */
export function columnFromCells(name: string, cells: readonly (number | string | boolean | null)[]): Column {
  let numeric = true;
  for (const v of cells) {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') continue;
    if (parseNumberCell(v) === undefined) {
      numeric = false;
      break;
    }
  }
  if (numeric) {
    const out = new Float64Array(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      out[i] = v === null || v === undefined ? NaN : typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : parseNumberCell(v)!;
    }
    return numericColumn(name, out);
  }
  return stringColumn(
    name,
    cells.map((v) => (v === null || v === '' ? null : typeof v === 'string' ? (parseNumberCell(v) !== undefined && Number.isNaN(parseNumberCell(v)!) ? null : v) : String(v))),
  );
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  const s = JSON.stringify(v);
  return s && s.length > 40 ? s.slice(0, 40) + '...' : String(s);
}
