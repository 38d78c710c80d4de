/**
 * Writes a {@link Table} to a file, choosing the writer by extension:
 *
 * | extension | writer | conventions |
 * | --- | --- | --- |
 * | `.csv` | `csv.ts` | RFC 4180, shortest round-trip numbers, missing = empty, UTF-8 (`bom` for Excel) |
 * | `.tsv` | `csv.ts` | tab-delimited |
 * | `.xlsx` | `xlsx.ts` (exceljs) | one sheet, header row |
 * | `.dta` | `dta.ts` | Stata 118 (119 above 32,767 variables), LSF, value and variable labels |
 * | `.json` | `json.ts` | array of records (or `orient: 'columns'`) |
 * | `.parquet` | `parquet.ts` (hyparquet-writer) | DOUBLE / STRING columns, snappy |
 *
 * Errors: `E_UNSUPPORTED_FORMAT` (the hint lists the extensions above), `E_WRITE_FAILED` (the file system
 * refused), `E_DTA_LIMIT` (a table .dta cannot hold).
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Table } from '../table.js';
import { DataReadError } from '../read/errors.js';
import { writeCsvText, type CsvWriteOptions } from './csv.js';
import { writeDtaBytes, type DtaWriteOptions } from './dta.js';
import { writeJsonText, type JsonWriteOptions } from './json.js';
import { writeParquetBytes } from './parquet.js';
import { writeXlsxBytes, type XlsxWriteOptions } from './xlsx.js';

export { writeCsvText, type CsvWriteOptions } from './csv.js';
export { writeDtaBytes, stataNames, type DtaWriteOptions } from './dta.js';
export { writeJsonText, type JsonWriteOptions } from './json.js';
export { writeParquetBytes } from './parquet.js';
export { writeXlsxBytes, type XlsxWriteOptions } from './xlsx.js';

/** File formats `writeTable` produces, by extension. */
export const WRITE_EXTENSIONS = ['.csv', '.tsv', '.xlsx', '.dta', '.json', '.parquet'] as const;

export interface WriteOptions {
  /** Format override when the extension is missing or misleading (`csv`, `tsv`, `xlsx`, `dta`, `json`, `parquet`). */
  format?: string;
  /** CSV/TSV options. */
  csv?: CsvWriteOptions;
  /** .dta options (dataset label, release, compress). */
  dta?: Omit<DtaWriteOptions, 'target' | 'onNote'>;
  /** JSON options. */
  json?: JsonWriteOptions;
  /** XLSX options. */
  xlsx?: XlsxWriteOptions;
  /** Notes on what the writer changed (renamed Stata variables, values written as missing). */
  onNote?: (note: string) => void;
}

/** Writes `table` to `path` in the format its extension names (see the module comment). */
export async function writeTable(table: Table, path: string, opts: WriteOptions = {}): Promise<void> {
  const format = (opts.format ?? extname(path).slice(1)).toLowerCase().replace(/^\./, '');
  let data: string | Uint8Array;
  switch (format) {
    case 'csv':
      data = writeCsvText(table, opts.csv);
      break;
    case 'tsv':
      data = writeCsvText(table, { ...opts.csv, delimiter: '\t' });
      break;
    case 'dta':
      data = writeDtaBytes(table, { ...opts.dta, target: path, ...(opts.onNote ? { onNote: opts.onNote } : {}) });
      break;
    case 'json':
      data = writeJsonText(table, opts.json);
      break;
    case 'xlsx':
      data = await writeXlsxBytes(table, opts.xlsx);
      break;
    case 'parquet':
      data = writeParquetBytes(table);
      break;
    default:
      throw new DataReadError('E_UNSUPPORTED_FORMAT', path, `cannot write files of type "${format || '(none)'}".`, {
        hint: `Supported extensions: ${WRITE_EXTENSIONS.join(', ')} (or pass format).`,
        details: { extension: format, supported: [...WRITE_EXTENSIONS] },
      });
  }
  try {
    await writeFile(path, data);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataReadError('E_WRITE_FAILED', path, `cannot write the file (${code ?? String(e)}).`, {
      hint: code === 'ENOENT' ? 'The folder does not exist.' : code === 'EACCES' ? 'Check the folder permissions.' : undefined,
    });
  }
}
