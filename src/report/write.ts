/**
 * Writing a report folder's files: a table in every requested format (md, tex, csv, html, xlsx, docx) from
 * one grid, and a figure as SVG and PNG. The study runner calls these; nothing else in `report/` touches
 * the file system.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OptionError } from '../errors.js';
import type { TableGrid } from './tables/grid.js';
import { gridToCsv, gridToHtml, gridToLatex, gridToMarkdown, gridToText } from './tables/text-formats.js';
import { gridToXlsx } from './tables/xlsx.js';
import { gridToDocx } from './tables/docx.js';
import { toPng, type PngOptions } from './figures/png.js';

/** File formats of a table. */
export const TABLE_FILE_FORMATS = ['md', 'tex', 'csv', 'html', 'txt', 'xlsx', 'docx'] as const;
export type TableFileFormat = (typeof TABLE_FILE_FORMATS)[number];

export interface TableFileOptions {
  /** Formats to write (default md, tex, csv, xlsx, docx). */
  formats?: readonly TableFileFormat[];
  /** CSV text to write instead of the grid's cells (e.g. the tidy `regressionTable(models, 'csv')`). */
  csv?: string;
}

/** Writes `<dir>/<stem>.<ext>` for each format; returns the paths written. */
export async function writeTableFiles(dir: string, stem: string, grid: TableGrid, opts: TableFileOptions = {}): Promise<string[]> {
  const formats = opts.formats ?? ['md', 'tex', 'csv', 'xlsx', 'docx'];
  for (const f of formats) if (!TABLE_FILE_FORMATS.includes(f)) throw new OptionError('formats', `unknown table format "${f}".`, TABLE_FILE_FORMATS);
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const f of formats) {
    const path = join(dir, `${stem}.${f}`);
    let data: string | Uint8Array;
    if (f === 'md') data = gridToMarkdown(grid) + '\n';
    else if (f === 'tex') data = gridToLatex(grid) + '\n';
    else if (f === 'csv') data = (opts.csv ?? gridToCsv(grid)) + '\n';
    else if (f === 'html') data = gridToHtml(grid) + '\n';
    else if (f === 'txt') data = gridToText(grid) + '\n';
    else if (f === 'xlsx') data = await gridToXlsx(grid, stem);
    else data = gridToDocx(grid);
    writeFileSync(path, data);
    out.push(path);
  }
  return out;
}

/** Writes `<dir>/<stem>.svg` and (unless `png: false`) `<dir>/<stem>.png`; returns the paths written. */
export function writeFigureFiles(dir: string, stem: string, svg: string, opts: PngOptions & { png?: boolean } = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const svgPath = join(dir, `${stem}.svg`);
  writeFileSync(svgPath, svg);
  if (opts.png === false) return [svgPath];
  const pngPath = join(dir, `${stem}.png`);
  writeFileSync(pngPath, toPng(svg, opts));
  return [svgPath, pngPath];
}
