/**
 * Reads a data file into a {@link Table}, choosing the reader by extension:
 *
 * | extension | reader | conventions |
 * | --- | --- | --- |
 * | `.csv` | `csv.ts` | comma (detected when the header has none), RFC 4180 quotes, UTF-8 or GBK |
 * | `.tsv`, `.tab` | `csv.ts` | tab-delimited |
 * | `.txt` | `csv.ts` | delimiter detected among `,` tab `;` `|` |
 * | `.xlsx` | `xlsx.ts` (exceljs) | first sheet (or `sheet`), first row = names, dates as ISO text |
 * | `.dta` | `dta.ts` | Stata formats 117/118/119, both byte orders, value and variable labels |
 * | `.parquet` | `parquet.ts` (hyparquet) | all columns; INT64 as doubles |
 * | `.json` | `json.ts` | array of records, or `{ "columns": { name: [...] } }` |
 *
 * Errors are `DataReadError`s (a `DataFileError`) with specific codes: `E_FILE_NOT_FOUND`,
 * `E_FILE_UNREADABLE`, `E_UNSUPPORTED_FORMAT` (the hint lists the extensions above), and per-format
 * content errors (see `errors.ts`).
 */
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { RunControl } from '../../control.js';
import type { Table } from '../table.js';
import { readCsvText } from './csv.js';
import { readDtaBytes } from './dta.js';
import { DataReadError } from './errors.js';
import { readJsonText } from './json.js';
import { readParquetBytes } from './parquet.js';
import { readXlsxBytes, type XlsxDates } from './xlsx.js';

export { readCsvText } from './csv.js';
export type { CsvOptions } from './csv.js';
export { readDtaBytes, type DtaReadResult, type DtaNumericColumn } from './dta.js';
export { readJsonText } from './json.js';
export { readParquetBytes } from './parquet.js';
export { readXlsxBytes } from './xlsx.js';
export { DataReadError } from './errors.js';

/** File formats `readTable` understands, by extension (lower case, with the dot). */
export const READ_EXTENSIONS = ['.csv', '.tsv', '.tab', '.txt', '.xlsx', '.dta', '.parquet', '.json'] as const;

export interface ReadOptions {
  /** Text encoding of CSV/TSV: `utf8`, `gbk` (Chinese statistical exports); detected when omitted. For .dta 117, the encoding of non-UTF-8 strings (default gbk). */
  encoding?: string;
  /** XLSX sheet name or 1-based index. Default: the first sheet. */
  sheet?: string | number;
  /** CSV/TSV/TXT delimiter (one character or `auto`); default by extension. */
  delimiter?: string;
  /** CSV/TSV: the first line holds column names (default true). */
  header?: boolean;
  /** XLSX date cells: `iso` (default) text `YYYY-MM-DD` / `YYYY-MM-DDTHH:MM:SS.sssZ`, or `serial` Excel day numbers. */
  xlsxDates?: XlsxDates;
  /** Format override when the extension is missing or misleading: `csv`, `tsv`, `txt`, `xlsx`, `dta`, `parquet`, `json`. */
  format?: string;
  /** Notes on decisions the reader made (encoding detected, columns renamed, precision lost). */
  onNote?: (note: string) => void;
  /** Progress and cancellation (CSV checks every 65,536 rows). */
  control?: RunControl;
}

/** What {@link readTableDetailed} returns: the table and the reader's notes. */
export interface ReadResult {
  table: Table;
  /** The format used (extension without the dot). */
  format: string;
  /** Notes (also passed to `onNote`). */
  notes: string[];
}

/**
 * Reads `path` into a {@link Table} (see the module comment for formats and conventions).
 * Notes go to `opts.onNote`; use {@link readTableDetailed} to get them back as an array.
 */
export async function readTable(path: string, opts: ReadOptions = {}): Promise<Table> {
  return (await readTableDetailed(path, opts)).table;
}

/** {@link readTable} that also returns the notes and the format used. */
export async function readTableDetailed(path: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const format = formatOf(path, opts.format);
  const bytes = await readBytes(path);
  const notes: string[] = [];
  const onNote = (m: string) => {
    notes.push(m);
    opts.onNote?.(m);
  };
  let table: Table;
  switch (format) {
    case 'csv':
    case 'tsv':
    case 'tab':
    case 'txt': {
      const delimiter = opts.delimiter ?? (format === 'tsv' || format === 'tab' ? '\t' : format === 'txt' ? 'auto' : undefined);
      table = readCsvText(bytes, {
        source: path,
        onNote,
        ...(delimiter !== undefined ? { delimiter } : {}),
        ...(opts.encoding !== undefined ? { encoding: opts.encoding } : {}),
        ...(opts.header !== undefined ? { header: opts.header } : {}),
        ...(opts.control ? { control: opts.control } : {}),
      });
      break;
    }
    case 'dta':
      table = readDtaBytes(bytes, { source: path, onNote, ...(opts.encoding ? { encoding: opts.encoding } : {}) }).table;
      break;
    case 'xlsx':
      table = await readXlsxBytes(bytes, {
        source: path,
        onNote,
        ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
        ...(opts.xlsxDates ? { dates: opts.xlsxDates } : {}),
      });
      break;
    case 'parquet':
      table = await readParquetBytes(bytes, { source: path, onNote });
      break;
    case 'json':
      table = readJsonText(bytes, { source: path, onNote });
      break;
    default:
      throw unsupported(path, format);
  }
  return { table, format, notes };
}

function formatOf(path: string, override?: string): string {
  if (override) {
    const f = override.toLowerCase().replace(/^\./, '');
    if (!READ_EXTENSIONS.includes(`.${f}` as (typeof READ_EXTENSIONS)[number])) throw unsupported(path, f);
    return f;
  }
  const ext = extname(path).toLowerCase();
  if (!READ_EXTENSIONS.includes(ext as (typeof READ_EXTENSIONS)[number])) throw unsupported(path, ext || '(none)');
  return ext.slice(1);
}

function unsupported(path: string, what: string): DataReadError {
  return new DataReadError('E_UNSUPPORTED_FORMAT', path, `cannot read files of type "${what}".`, {
    hint: `Supported extensions: ${READ_EXTENSIONS.join(', ')} (or pass format).`,
    details: { extension: what, supported: [...READ_EXTENSIONS] },
  });
}

/** The file's bytes; a missing or unreadable path is a named error, never a stack trace. */
export async function readBytes(path: string): Promise<Uint8Array> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new DataReadError('E_FILE_NOT_FOUND', path, 'file not found.', { hint: `Check the path (working directory: ${process.cwd()}).` });
    }
    throw new DataReadError('E_FILE_UNREADABLE', path, `cannot read the file (${code ?? String(e)}).`);
  }
  if (st.isDirectory()) throw new DataReadError('E_FILE_UNREADABLE', path, 'is a directory, not a data file.');
  try {
    // one positioned read into a buffer of the file's size (fs.promises.readFile reads in small chunks)
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const buf = new Uint8Array(size);
      let off = 0;
      while (off < size) {
        const { bytesRead } = await fh.read(buf, off, size - off, off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      return off === size ? buf : buf.subarray(0, off);
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataReadError('E_FILE_UNREADABLE', path, `cannot read the file (${code ?? String(e)}).`, {
      hint: code === 'EACCES' ? 'Check the file permissions.' : undefined,
    });
  }
}
