/**
 * Parquet reader (hyparquet, pure JavaScript: PLAIN, dictionary and delta encodings; snappy, and the
 * codecs hyparquet ships).
 *
 * Conventions: all columns are read; numeric physical types (INT32, INT64, FLOAT, DOUBLE, DECIMAL) become
 * numeric columns, INT64 converted to doubles (a note names values beyond 2^53); BOOLEAN becomes 1/0;
 * strings become dictionary-encoded string columns; DATE / TIMESTAMP become ISO text; nulls are missing.
 * Nested (list / struct) columns are an error naming the column.
 */
import { parquetMetadata, parquetRead } from 'hyparquet';
import { Table } from '../table.js';
import { columnFromCells, normalizeCell, type CellContext } from './cells.js';
import { DataReadError } from './errors.js';

export interface ParquetReadOptions {
  source?: string;
  onNote?: (note: string) => void;
}

/** Reads Parquet bytes into a {@link Table} (see the module comment for conventions). */
export async function readParquetBytes(bytes: Uint8Array, opts: ParquetReadOptions = {}): Promise<Table> {
  const source = opts.source ?? '<parquet bytes>';
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let names: string[];
  let rows: unknown[][] = [];
  try {
    const metadata = parquetMetadata(ab);
    names = metadata.schema.slice(1).filter((s) => !s.num_children || s.num_children === 0).map((s) => s.name);
    const top = metadata.schema[0]?.num_children ?? 0;
    if (names.length !== top) {
      const nested = metadata.schema.slice(1).find((s) => (s.num_children ?? 0) > 0)?.name ?? '?';
      throw new DataReadError('E_MALFORMED_FILE', source, `column "${nested}" is nested (a list or struct); only flat tables are read.`, {
        details: { column: nested },
      });
    }
    await parquetRead({ file: ab, metadata, rowFormat: 'array', onComplete: (r: unknown[][]) => (rows = r) });
  } catch (e) {
    if (e instanceof DataReadError) throw e;
    throw new DataReadError('E_MALFORMED_FILE', source, `is not a readable Parquet file: ${(e as Error).message}.`);
  }
  const ctx: CellContext = { source, ...(opts.onNote ? { onNote: opts.onNote } : {}) };
  return new Table(
    names.map((name, j) => columnFromCells(name, rows.map((r, i) => normalizeCell(r[j], name, i, ctx)))),
  );
}
