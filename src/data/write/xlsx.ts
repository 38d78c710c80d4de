/**
 * XLSX writer (exceljs): one worksheet (`sheetName`, default `data`) with a header row of column names
 * (bold, frozen), then one row per table row; numbers as numbers, strings as text, missing values as empty
 * cells. Reads back with `readXlsxBytes` to the same table (numbers exact: XLSX stores doubles as their
 * shortest round-trip text).
 */
import ExcelJS from 'exceljs';
import { cellOf, type Table } from '../table.js';

export interface XlsxWriteOptions {
  /** Worksheet name (default `data`; Excel allows up to 31 characters, no []:*?/\). */
  sheetName?: string;
}

/** The table as XLSX bytes (see the module comment). */
export async function writeXlsxBytes(table: Table, opts: XlsxWriteOptions = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet((opts.sheetName ?? 'data').replace(/[[\]:*?/\\]/g, '_').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.addRow(table.names).font = { bold: true };
  const cols = table.columns;
  for (let i = 0; i < table.nrows; i++) {
    const vals = new Array(cols.length);
    for (let j = 0; j < cols.length; j++) {
      const v = cellOf(cols[j]!, i);
      vals[j] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
    }
    ws.addRow(vals);
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
