/**
 * Reads a data file into a {@link Table}, choosing the reader by extension
 * (csv, tsv, txt, xlsx, dta, parquet, json). OWNED BY THE DATA-IO WORK: this is a placeholder signature.
 */
import type { Table } from '../table.js';
import { DataFileError } from '../../errors.js';

export interface ReadOptions {
  /** Text encoding of CSV/TSV: `utf8`, `gbk` (Chinese statistical exports); detected when omitted. */
  encoding?: string;
  /** XLSX sheet name or 1-based index. */
  sheet?: string | number;
}

export async function readTable(path: string, _opts: ReadOptions = {}): Promise<Table> {
  throw new DataFileError(path, 'reading files is not implemented yet.');
}
