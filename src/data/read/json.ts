/**
 * JSON reader. Accepted shapes:
 * - an array of records `[{ "city": "Hangzhou", "y": 1.2 }, ...]` (columns in first-seen key order; a key
 *   absent from a record is missing there);
 * - column-oriented `{ "columns": { "city": [...], "y": [...] } }` (all arrays the same length).
 * Cells follow `cells.ts` (numbers, numeric strings and booleans make numeric columns; null is missing).
 * Text is UTF-8 (a BOM is dropped).
 */
import { Table } from '../table.js';
import { columnFromCells, normalizeCell, type CellContext } from './cells.js';
import { DataReadError } from './errors.js';

export interface JsonReadOptions {
  source?: string;
  onNote?: (note: string) => void;
}

/** Parses JSON text or UTF-8 bytes into a {@link Table} (see the module comment for shapes). */
export function readJsonText(input: string | Uint8Array, opts: JsonReadOptions = {}): Table {
  const source = opts.source ?? '<json text>';
  let text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DataReadError('E_MALFORMED_FILE', source, `is not valid JSON: ${(e as Error).message}.`, {
      hint: 'Expected an array of records or { "columns": { name: [values] } }.',
    });
  }
  const ctx: CellContext = { source, ...(opts.onNote ? { onNote: opts.onNote } : {}) };
  if (Array.isArray(doc)) return fromRecords(doc, ctx);
  if (doc && typeof doc === 'object' && 'columns' in doc) {
    const cols = (doc as { columns: unknown }).columns;
    if (cols && typeof cols === 'object' && !Array.isArray(cols)) return fromColumns(cols as Record<string, unknown>, ctx);
  }
  throw new DataReadError('E_MALFORMED_FILE', source, 'JSON data must be an array of records or { "columns": { name: [values] } }.', {
    hint: 'Example: [{"city": "Hangzhou", "year": 2016, "y": 1.5}, ...].',
  });
}

function fromRecords(rows: unknown[], ctx: CellContext): Table {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!r || typeof r !== 'object' || Array.isArray(r)) {
      throw new DataReadError('E_MALFORMED_FILE', ctx.source, `record ${i + 1} is not an object.`, {
        hint: 'Each element of the array must be an object of column: value.',
        details: { row: i + 1 },
      });
    }
    for (const k of Object.keys(r)) if (!seen.has(k)) {
      seen.add(k);
      names.push(k);
    }
  }
  return new Table(
    names.map((name) => columnFromCells(name, rows.map((r, i) => normalizeCell((r as Record<string, unknown>)[name], name, i, ctx)))),
  );
}

function fromColumns(cols: Record<string, unknown>, ctx: CellContext): Table {
  let n = -1;
  let first = '';
  const out = [];
  for (const [name, arr] of Object.entries(cols)) {
    if (!Array.isArray(arr)) {
      throw new DataReadError('E_MALFORMED_FILE', ctx.source, `columns.${name} is not an array.`, { details: { column: name } });
    }
    if (n < 0) {
      n = arr.length;
      first = name;
    } else if (arr.length !== n) {
      throw new DataReadError('E_MALFORMED_FILE', ctx.source, `column "${name}" has ${arr.length} values, but "${first}" has ${n}.`, {
        details: { column: name, length: arr.length, expected: n },
      });
    }
    out.push(columnFromCells(name, arr.map((v, i) => normalizeCell(v, name, i, ctx))));
  }
  return new Table(out);
}
