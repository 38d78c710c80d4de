/**
 * XLSX reader (exceljs).
 *
 * Conventions: the first worksheet unless `sheet` names one (by name, or 1-based index); the first row
 * holds the column names (empty names become `V<j>`, repeats get `_2`..., as for CSV); columns span the
 * header row's last non-empty cell; rows after the header that are entirely empty are dropped. Cells:
 * formulas give their cached result, rich text its plain text, hyperlinks their text, error cells (#N/A...)
 * are missing; dates (cells Excel formats as dates) become ISO text `YYYY-MM-DD` (or full ISO 8601 when the
 * time is not midnight) by default, or Excel serial day numbers with `dates: 'serial'` (1900 system:
 * 1970-01-01 is 25569). Column types follow `cells.ts`.
 */
import ExcelJS from 'exceljs';
import { Table } from '../table.js';
import { columnFromCells, isoDate, normalizeCell, type CellContext } from './cells.js';
import { DataReadError } from './errors.js';
import { fixNames } from './names.js';

export type XlsxDates = 'iso' | 'serial';

export interface XlsxReadOptions {
  source?: string;
  /** Sheet name or 1-based index (default: the first sheet). */
  sheet?: string | number;
  /** Date cells as ISO text (default) or Excel serial numbers. */
  dates?: XlsxDates;
  onNote?: (note: string) => void;
}

/** Reads XLSX bytes into a {@link Table} (see the module comment for conventions). */
export async function readXlsxBytes(bytes: Uint8Array, opts: XlsxReadOptions = {}): Promise<Table> {
  const source = opts.source ?? '<xlsx bytes>';
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new DataReadError('E_MALFORMED_FILE', source, `is not a readable XLSX workbook: ${(e as Error).message}.`, {
      hint: 'Save it from Excel/WPS as .xlsx (the older .xls format is not read), or export CSV.',
    });
  }
  const sheets = wb.worksheets;
  if (sheets.length === 0) throw new DataReadError('E_EMPTY_FILE', source, 'the workbook has no worksheet.');
  let ws: ExcelJS.Worksheet | undefined;
  if (opts.sheet === undefined) ws = sheets[0];
  else if (typeof opts.sheet === 'number') ws = Number.isInteger(opts.sheet) ? sheets[opts.sheet - 1] : undefined;
  else ws = wb.getWorksheet(opts.sheet);
  if (!ws) {
    throw new DataReadError('E_MALFORMED_FILE', source, `worksheet ${JSON.stringify(opts.sheet)} not found.`, {
      hint: `Worksheets: ${sheets.map((s, i) => `${i + 1} "${s.name}"`).join(', ')}.`,
      details: { sheet: opts.sheet, available: sheets.map((s) => s.name) },
    });
  }
  const header = ws.getRow(1);
  const ncol = header.cellCount;
  if (ncol === 0) throw new DataReadError('E_EMPTY_FILE', source, `worksheet "${ws.name}" has no header row.`);
  const dates = opts.dates ?? 'iso';
  const raw: string[] = [];
  for (let j = 1; j <= ncol; j++) raw.push(cellText(header.getCell(j).value, dates).trim());
  const names = fixNames(raw, opts.onNote);
  const ctx: CellContext = { source, ...(opts.onNote ? { onNote: opts.onNote } : {}) };
  const cols: (number | string | boolean | null)[][] = names.map(() => []);
  const last = ws.rowCount;
  for (let r = 2; r <= last; r++) {
    const row = ws.getRow(r);
    const vals: (number | string | boolean | null)[] = new Array(ncol);
    let any = false;
    for (let j = 1; j <= ncol; j++) {
      const v = plainValue(row.getCell(j).value, dates);
      const cell = normalizeCell(v, names[j - 1]!, r - 1, ctx);
      vals[j - 1] = cell;
      if (cell !== null && cell !== '') any = true;
    }
    if (!any) continue;
    for (let j = 0; j < ncol; j++) cols[j]!.push(vals[j]!);
  }
  return new Table(names.map((name, j) => columnFromCells(name, cols[j]!)));
}

function plainValue(v: ExcelJS.CellValue, dates: XlsxDates): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return dates === 'serial' ? v.getTime() / 86400000 + 25569 : isoDate(v);
  if (typeof v !== 'object') return v;
  const o = v as unknown as Record<string, unknown>;
  if ('error' in o) return null;
  if ('result' in o) return plainValue(o.result as ExcelJS.CellValue, dates);
  if ('formula' in o || 'sharedFormula' in o) return null;
  if ('richText' in o && Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
  if ('text' in o) return plainValue(o.text as ExcelJS.CellValue, dates);
  return v;
}

function cellText(v: ExcelJS.CellValue, dates: XlsxDates): string {
  const p = plainValue(v, dates);
  return p === null || p === undefined ? '' : String(p);
}
