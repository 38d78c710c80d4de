/**
 * XLSX writer of {@link TableGrid}s (exceljs): one worksheet per table, three-line borders as Chinese and
 * Stata-based journals print them (medium rule above the header, thin rule under it, thin rules before
 * sections, medium rule under the last row; no gridlines), the caption in bold above, the notes in a
 * small font below. Coefficient cells stay text ("0.512***") as esttab writes them; data-table numbers are
 * numbers with a number format of the table's digits so they can be recomputed in Excel.
 */
import ExcelJS from 'exceljs';
import { OptionError } from '../../errors.js';
import { gridAlign, type TableGrid } from './grid.js';

/** One sheet: a name (Excel: at most 31 characters, no []:*?/\) and a grid. */
export interface XlsxSheet {
  name: string;
  grid: TableGrid;
}

/** One font for the whole table (as in the DOCX writer); Excel substitutes a CJK font for Chinese text. */
const FONT = { name: 'Times New Roman', size: 11 } as const;

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const MEDIUM: Partial<ExcelJS.Border> = { style: 'medium', color: { argb: 'FF000000' } };

function sheetName(name: string, used: Set<string>): string {
  let base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'table';
  let n = 2;
  let s = base;
  while (used.has(s.toLowerCase())) s = `${base.slice(0, 28)}_${n++}`;
  used.add(s.toLowerCase());
  return s;
}

function digitsOf(text: string): number {
  const m = /\.(\d+)$/.exec(text);
  return m ? m[1]!.length : 0;
}

function writeSheet(ws: ExcelJS.Worksheet, g: TableGrid): void {
  const ncol = g.header.length;
  const align = gridAlign(g).map((a) => (a === 'l' ? 'left' : a === 'r' ? 'right' : 'center') as 'left' | 'right' | 'center');
  let r = 1;
  if (g.title) {
    ws.getCell(r, 1).value = g.title;
    ws.getCell(r, 1).font = { ...FONT, bold: true };
    r++;
  }
  const headerRow = r;
  g.header.forEach((h, j) => {
    const c = ws.getCell(r, j + 1);
    c.value = h;
    c.font = { ...FONT, bold: true };
    c.alignment = { horizontal: align[j]!, vertical: 'middle' };
    c.border = { top: MEDIUM, bottom: THIN };
  });
  r++;
  g.rows.forEach((row, i) => {
    const last = i === g.rows.length - 1;
    for (let j = 0; j < ncol; j++) {
      const c = ws.getCell(r, j + 1);
      const raw = row.raw?.[j];
      if (typeof raw === 'number' && Number.isFinite(raw) && j > 0 && row.cells[j] !== '') {
        c.value = raw;
        const d = digitsOf(row.cells[j] ?? '');
        c.numFmt = d > 0 ? `0.${'0'.repeat(d)}` : '0';
      } else {
        c.value = row.cells[j] ?? '';
      }
      c.font = FONT;
      c.alignment = { horizontal: align[j]!, vertical: 'middle' };
      const border: Partial<ExcelJS.Borders> = {};
      if (row.section) border.top = THIN;
      if (last) border.bottom = MEDIUM;
      if (border.top || border.bottom) c.border = border;
    }
    r++;
  });
  if (g.rows.length === 0) for (let j = 0; j < ncol; j++) ws.getCell(headerRow, j + 1).border = { top: MEDIUM, bottom: MEDIUM };
  for (const note of g.notes) {
    ws.getCell(r, 1).value = note;
    ws.getCell(r, 1).font = { ...FONT, size: 9 };
    r++;
  }
  for (let j = 0; j < ncol; j++) {
    const texts = [g.header[j] ?? '', ...g.rows.map((row) => row.cells[j] ?? '')];
    const w = Math.max(...texts.map((t) => [...t].reduce((a, ch) => a + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
    ws.getColumn(j + 1).width = Math.min(60, Math.max(8, w + 2));
  }
}

/** XLSX bytes of one or more tables, one per sheet (sheet names made unique and Excel-safe). */
export async function gridsToXlsx(sheets: readonly XlsxSheet[]): Promise<Uint8Array> {
  if (sheets.length === 0) throw new OptionError('sheets', 'an XLSX workbook needs at least one table.');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'pilotzone';
  const used = new Set<string>();
  for (const s of sheets) writeSheet(wb.addWorksheet(sheetName(s.name, used), { views: [{ showGridLines: false }] }), s.grid);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/** XLSX bytes of one table (sheet `table`). */
export function gridToXlsx(grid: TableGrid, name = 'table'): Promise<Uint8Array> {
  return gridsToXlsx([{ name, grid }]);
}
