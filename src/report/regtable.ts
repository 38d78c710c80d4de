/**
 * Multi-model regression tables as esttab / fixest::etable make them: one column per model, coefficients
 * with stars and the standard error (or t) in parentheses below, then indicator rows ("Controls Yes"),
 * fixed effects ("Yes"), extra rows (e.g. the planted truth), N, R2, within R2 and the SE type.
 *
 * {@link regressionGrid} builds the one {@link TableGrid} that every format renders: plain text, Markdown,
 * LaTeX (booktabs three-line), HTML and CSV here; XLSX and DOCX in `tables/xlsx.ts` and `tables/docx.ts`
 * (see `regressionXlsx`, `regressionDocx`), so all formats show the same cells.
 *
 * Star conventions are presets, never format-dependent (unlike etable):
 * - `stata` (default; the convention of Chinese and Stata-based economics papers): * p<0.10, ** p<0.05, *** p<0.01;
 * - `fixest`: . p<0.10, * p<0.05, ** p<0.01, *** p<0.001;
 * - `none`.
 */
import type { TidyRow } from '../estimators/result.js';
import { word, type Lang } from './labels.js';
import type { TableGrid } from './tables/grid.js';
import { csvField, gridToHtml, gridToLatex, gridToMarkdown, gridToText } from './tables/text-formats.js';
import { gridToXlsx } from './tables/xlsx.js';
import { gridToDocx } from './tables/docx.js';

export { displayWidth } from './tables/text-formats.js';

/** What a table needs from one model (plain data: any estimator's `tidy()` and `glance()` fill it). */
export interface TableModel {
  /** Column title (default: the dependent variable). */
  title?: string;
  depvar: string;
  coefficients: readonly TidyRow[];
  nobs: number;
  r2?: number | null;
  adjR2?: number | null;
  withinR2?: number | null;
  /** Names of the fixed effects in the model. */
  fixedEffects?: readonly string[];
  /** e.g. "Clustered (city)". */
  vcovLabel?: string;
}

export type StarPreset = 'stata' | 'fixest' | 'none';
export type TableFormat = 'table' | 'md' | 'latex' | 'html' | 'csv';

/** A free row under the coefficients, e.g. `{ label: 'Planted effect', values: ['0.100', '0.100'] }`. */
export interface ExtraRow {
  label: string;
  /** One value per model (missing values print empty). */
  values: readonly (string | number | null)[];
}

export interface RegTableOptions {
  /** Star preset (default `stata`: * 0.10, ** 0.05, *** 0.01). */
  stars?: StarPreset;
  /** What goes in parentheses under each coefficient (default `se`). */
  below?: 'se' | 't';
  /** Decimal places of coefficients and SEs (default 4). */
  digits?: number;
  /** Only these terms, in this order (default: union in order of appearance). */
  keep?: readonly string[];
  /** Terms never shown (applied after `keep`). */
  drop?: readonly string[];
  /**
   * esttab's `indicate()`: label -> terms. The terms are hidden and a row `label` says Yes when a model
   * has any of them (e.g. `{ Controls: ['gdp', 'pop'] }`).
   */
  indicate?: Readonly<Record<string, readonly string[]>>;
  /** Rows printed between the FE rows and N (e.g. the planted truth, the mean of y). */
  extraRows?: readonly ExtraRow[];
  /** Term -> display label. */
  labels?: Readonly<Record<string, string>>;
  /** Chinese row labels (N -> 观测值...). */
  lang?: Lang;
  /** Table caption / title. */
  title?: string;
}

const STAR_LEVELS: Record<StarPreset, [number, string][]> = {
  stata: [[0.01, '***'], [0.05, '**'], [0.1, '*']],
  fixest: [[0.001, '***'], [0.01, '**'], [0.05, '*'], [0.1, '.']],
  none: [],
};

/** Stars for a p-value under a preset. */
export function starsFor(p: number | null, preset: StarPreset): string {
  if (p === null || !Number.isFinite(p)) return '';
  for (const [lvl, s] of STAR_LEVELS[preset]) if (p < lvl) return s;
  return '';
}

/** The legend line for a preset. */
export function starLegend(preset: StarPreset): string {
  return STAR_LEVELS[preset].map(([l, s]) => `${s} p<${l}`).join(', ');
}

function fmt(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  return x.toFixed(digits);
}

/** The grid of a regression table (see the module comment); every format renders this. */
export function regressionGrid(models: readonly TableModel[], opts: RegTableOptions = {}): TableGrid {
  const stars = opts.stars ?? 'stata';
  const below = opts.below ?? 'se';
  const digits = opts.digits ?? 4;
  const lang = opts.lang ?? 'en';
  const hidden = new Set<string>([...(opts.drop ?? []), ...Object.values(opts.indicate ?? {}).flat()]);
  const terms: string[] = opts.keep ? [...opts.keep] : [];
  if (!opts.keep) for (const m of models) for (const c of m.coefficients) if (!terms.includes(c.term)) terms.push(c.term);
  const header = ['', ...models.map((m, i) => `(${i + 1}) ${m.title ?? m.depvar}`)];
  const rows: TableGrid['rows'] = [];
  for (const term of terms.filter((t) => !hidden.has(t))) {
    const est: string[] = [opts.labels?.[term] ?? term];
    const raw: (number | null)[] = [null];
    const under: string[] = [''];
    for (const m of models) {
      const c = m.coefficients.find((r) => r.term === term);
      est.push(c ? fmt(c.estimate, digits) + starsFor(c.p_value, stars) : '');
      raw.push(c ? c.estimate : null);
      const b = c ? (below === 'se' ? c.std_error : c.statistic) : null;
      under.push(c && b !== null && Number.isFinite(b) ? `(${fmt(b, digits)})` : '');
    }
    rows.push({ cells: est }, { cells: under });
  }
  const yesNo = (b: boolean) => word(b ? 'yes' : 'no', lang);
  let first = true;
  for (const [label, ts] of Object.entries(opts.indicate ?? {})) {
    rows.push({ cells: [label, ...models.map((m) => yesNo(m.coefficients.some((c) => ts.includes(c.term))))], section: first });
    first = false;
  }
  const fes: string[] = [];
  for (const m of models) for (const f of m.fixedEffects ?? []) if (!fes.includes(f)) fes.push(f);
  for (const f of fes) {
    rows.push({ cells: [word('fe', lang, f), ...models.map((m) => yesNo((m.fixedEffects ?? []).includes(f)))], section: first });
    first = false;
  }
  for (const e of opts.extraRows ?? []) {
    const cells = models.map((_, i) => {
      const v = e.values[i];
      return v === null || v === undefined ? '' : typeof v === 'number' ? fmt(v, digits) : v;
    });
    rows.push({ cells: [e.label, ...cells], section: first });
    first = false;
  }
  rows.push({ cells: [word('nobs', lang), ...models.map((m) => String(m.nobs))], raw: [null, ...models.map((m) => m.nobs)], section: true });
  const stat = (key: 'r2' | 'adjR2' | 'withinR2') => {
    if (models.some((m) => m[key] !== undefined && m[key] !== null)) rows.push({ cells: [word(key, lang), ...models.map((m) => fmt(m[key], 4))] });
  };
  stat('r2');
  stat('adjR2');
  stat('withinR2');
  if (models.some((m) => m.vcovLabel)) rows.push({ cells: [word('se', lang), ...models.map((m) => m.vcovLabel ?? '')] });
  const sep = lang === 'zh' ? '；' : '; ';
  const end = lang === 'zh' ? '。' : '.';
  const notes = [`${word(below === 'se' ? 'seNote' : 'tNote', lang)}${stars !== 'none' ? `${sep}${starLegend(stars)}` : ''}${end}`];
  const g: TableGrid = { header, rows, notes };
  if (opts.title !== undefined) g.title = opts.title;
  return g;
}

/** Renders a regression table of one or more models (`csv` is tidy: one row per model x term). */
export function regressionTable(models: readonly TableModel[], format: TableFormat, opts: RegTableOptions = {}): string {
  if (format === 'csv') return tidyCsv(models);
  const g = regressionGrid(models, opts);
  switch (format) {
    case 'md':
      return gridToMarkdown(g);
    case 'latex':
      return gridToLatex(g);
    case 'html':
      return gridToHtml(g);
    default:
      return gridToText(g);
  }
}

/** CSV: one row per model x term with the broom columns (numbers at full precision). */
function tidyCsv(models: readonly TableModel[]): string {
  const num = (x: number | null) => (x === null || !Number.isFinite(x) ? '' : String(x));
  const lines = ['model,depvar,term,estimate,std_error,statistic,p_value,conf_low,conf_high'];
  models.forEach((m, i) => {
    for (const c of m.coefficients) {
      lines.push([String(i + 1), csvField(m.depvar), csvField(c.term), num(c.estimate), num(c.std_error), num(c.statistic), num(c.p_value), num(c.conf_low), num(c.conf_high)].join(','));
    }
  });
  return lines.join('\n');
}

/** XLSX bytes of a regression table (one sheet, three-line borders; see `tables/xlsx.ts`). */
export function regressionXlsx(models: readonly TableModel[], opts: RegTableOptions & { sheetName?: string } = {}): Promise<Uint8Array> {
  return gridToXlsx(regressionGrid(models, opts), opts.sheetName ?? 'regression');
}

/** DOCX bytes of a regression table (three-line table; see `tables/docx.ts`). */
export function regressionDocx(models: readonly TableModel[], opts: RegTableOptions = {}): Uint8Array {
  return gridToDocx(regressionGrid(models, opts));
}
