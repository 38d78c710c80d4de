/**
 * Generic data tables: a list of plain records (balance tables, Malmquist period summaries, robustness
 * grids...) to the same {@link TableGrid} as regression tables, so they render in every format with the
 * same three-line layout. Numbers are printed with fixed `digits` (integers without decimals); XLSX keeps
 * them as numbers.
 */
import { OptionError } from '../errors.js';
import type { Align, TableGrid } from './tables/grid.js';
import { gridToCsv, gridToHtml, gridToLatex, gridToMarkdown, gridToText } from './tables/text-formats.js';
import { gridToXlsx } from './tables/xlsx.js';
import { gridToDocx } from './tables/docx.js';

/** A cell value of a data record. */
export type DataValue = string | number | boolean | null | undefined;

/** One displayed column. */
export interface DataColumn {
  /** Record key. */
  key: string;
  /** Header text (default: the key). */
  label?: string;
  /** Decimal places for numbers in this column (default: the table's `digits`). */
  digits?: number;
  align?: Align;
}

export interface DataTableOptions {
  /** Columns to show, in order (default: keys of the first record, then new keys in order of appearance). */
  columns?: readonly (string | DataColumn)[];
  /** Decimal places of non-integer numbers (default 3). */
  digits?: number;
  title?: string;
  /** Lines under the table. */
  notes?: readonly string[];
  /** Row indices (0-based) that get a thin rule above them. */
  sectionsBefore?: readonly number[];
}

/** Output formats of {@link dataTable}. */
export type DataTableFormat = 'table' | 'md' | 'latex' | 'html' | 'csv';

function columnsOf(records: readonly Record<string, DataValue>[], opts: DataTableOptions): DataColumn[] {
  if (opts.columns) return opts.columns.map((c) => (typeof c === 'string' ? { key: c } : c));
  const keys: string[] = [];
  for (const r of records) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  return keys.map((key) => ({ key }));
}

/** Display text of one value. */
export function formatValue(v: DataValue, digits: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    return Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : v.toFixed(digits);
  }
  return String(v);
}

/** The grid of a data table (see the module comment). */
export function dataGrid(records: readonly Record<string, DataValue>[], opts: DataTableOptions = {}): TableGrid {
  const digits = opts.digits ?? 3;
  if (!Number.isInteger(digits) || digits < 0 || digits > 15) throw new OptionError('digits', `must be an integer from 0 to 15, got ${digits}.`);
  const cols = columnsOf(records, opts);
  if (cols.length === 0) throw new OptionError('columns', 'a data table needs at least one column (the records are empty and no columns were given).');
  const sections = new Set(opts.sectionsBefore ?? []);
  const g: TableGrid = {
    header: cols.map((c) => c.label ?? c.key),
    rows: records.map((r, i) => {
      const raw = cols.map((c) => {
        const v = r[c.key];
        return typeof v === 'number' ? v : v === null || v === undefined ? null : String(v);
      });
      return { cells: cols.map((c) => formatValue(r[c.key], c.digits ?? digits)), raw, section: sections.has(i) };
    }),
    notes: [...(opts.notes ?? [])],
    align: cols.map((c, j) => c.align ?? (j === 0 ? 'l' : 'c')),
  };
  if (opts.title !== undefined) g.title = opts.title;
  return g;
}

/** Renders records as a table in a text format (`csv` keeps full-precision numbers). */
export function dataTable(records: readonly Record<string, DataValue>[], format: DataTableFormat, opts: DataTableOptions = {}): string {
  const g = dataGrid(records, opts);
  switch (format) {
    case 'md':
      return gridToMarkdown(g);
    case 'latex':
      return gridToLatex(g);
    case 'html':
      return gridToHtml(g, 'datatable');
    case 'csv':
      return gridToCsv(g);
    case 'table':
      return gridToText(g);
    default:
      throw new OptionError('format', `unknown table format "${String(format)}".`, ['table', 'md', 'latex', 'html', 'csv']);
  }
}

/** XLSX bytes of a data table (numbers stay numbers, formatted to the table's digits). */
export function dataXlsx(records: readonly Record<string, DataValue>[], opts: DataTableOptions & { sheetName?: string } = {}): Promise<Uint8Array> {
  return gridToXlsx(dataGrid(records, opts), opts.sheetName ?? 'table');
}

/** DOCX bytes of a data table (three-line table). */
export function dataDocx(records: readonly Record<string, DataValue>[], opts: DataTableOptions = {}): Uint8Array {
  return gridToDocx(dataGrid(records, opts));
}
