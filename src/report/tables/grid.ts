/**
 * The one table model every output format renders: a header row, body rows with optional rules before them
 * (three-line tables add only these "section" rules between the top and bottom rules), notes under the
 * table and a column alignment. Regression tables (`regressionGrid`) and plain data tables (`dataGrid`)
 * both build a {@link TableGrid}; text, Markdown, LaTeX booktabs, HTML, CSV, XLSX and DOCX writers read
 * only this, so every format shows the same cells (the esttab / etable convention of one layout, many
 * writers).
 */

/** Alignment of a column: left, centre or right. */
export type Align = 'l' | 'c' | 'r';

/** One body row. */
export interface GridRow {
  /** Display text of each cell, first cell = row label. */
  cells: string[];
  /** Optional raw values (numbers stay numbers in XLSX); same length as `cells`. */
  raw?: (string | number | null)[];
  /** Draw a thin rule above this row (e.g. before the FE block, before N). */
  section?: boolean;
}

/** A rendered-format-independent table. */
export interface TableGrid {
  /** Caption printed above the table. */
  title?: string;
  /** Column headers (first = stub header, often empty). */
  header: string[];
  rows: GridRow[];
  /** Lines printed under the bottom rule (SE convention, star legend, data note). */
  notes: string[];
  /** One per column; default `l` for the first column and `c` for the others. */
  align?: Align[];
}

/** Alignment of every column of a grid (filled with the default when `align` is missing or short). */
export function gridAlign(g: TableGrid): Align[] {
  return g.header.map((_, j) => g.align?.[j] ?? (j === 0 ? 'l' : 'c'));
}
