/**
 * JSON writer. `orient: 'records'` (default) writes `[{ "col": value, ... }, ...]`; `'columns'` writes
 * `{ "columns": { "col": [...] } }`. Both read back with `readJsonText`. Missing values (NaN, code -1) are
 * `null` (JSON has no NaN); infinite numbers are also `null`.
 */
import { cellOf, type Table } from '../table.js';

export interface JsonWriteOptions {
  orient?: 'records' | 'columns';
  /** Indentation passed to JSON.stringify (default none). */
  indent?: number;
}

/** The table as JSON text (see the module comment). */
export function writeJsonText(table: Table, opts: JsonWriteOptions = {}): string {
  const replacer = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
  if ((opts.orient ?? 'records') === 'columns') {
    const columns: Record<string, unknown[]> = {};
    for (const c of table.columns) {
      const arr = new Array(table.nrows);
      for (let i = 0; i < table.nrows; i++) arr[i] = cellOf(c, i);
      columns[c.name] = arr;
    }
    return JSON.stringify({ columns }, replacer, opts.indent);
  }
  return JSON.stringify(table.toObjects(), replacer, opts.indent);
}
