/**
 * Parquet writer (hyparquet-writer, snappy): numeric columns as nullable DOUBLE (NaN -> null), string
 * columns as nullable STRING (dictionary-encoded by the writer). Reads back with `readParquetBytes`.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Table } from '../table.js';

/** The table as Parquet bytes. */
export function writeParquetBytes(table: Table): Uint8Array {
  const columnData = table.columns.map((c) => {
    if (c.kind === 'number') {
      const data = new Array<number | null>(c.values.length);
      for (let i = 0; i < data.length; i++) {
        const v = c.values[i]!;
        data[i] = Number.isNaN(v) ? null : v;
      }
      return { name: c.name, data, type: 'DOUBLE' as const, nullable: true };
    }
    const data = new Array<string | null>(c.codes.length);
    for (let i = 0; i < data.length; i++) {
      const k = c.codes[i]!;
      data[i] = k < 0 ? null : c.levels[k]!;
    }
    return { name: c.name, data, type: 'STRING' as const, nullable: true };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}
