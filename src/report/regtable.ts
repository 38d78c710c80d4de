/**
 * Multi-model regression tables as esttab / fixest::etable make them: one column per model, coefficients
 * with stars and the standard error (or t) in parentheses below, then rows for fixed effects ("Yes"),
 * N, R2, within R2 and the SE type. Rendered as plain text, Markdown, LaTeX (booktabs three-line), HTML or
 * CSV (tidy, one row per model x term).
 *
 * Star conventions are presets, never format-dependent (unlike etable):
 * - `stata` (default; the convention of Chinese and Stata-based economics papers): * p<0.10, ** p<0.05, *** p<0.01;
 * - `fixest`: . p<0.10, * p<0.05, ** p<0.01, *** p<0.001;
 * - `none`.
 */
import type { TidyRow } from '../estimators/result.js';

/** What a table needs from one model. */
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

export interface RegTableOptions {
  stars?: StarPreset;
  /** What goes in parentheses under each coefficient. */
  below?: 'se' | 't';
  /** Decimal places of coefficients and SEs. */
  digits?: number;
  /** Only these terms, in this order (default: union in order of appearance). */
  keep?: readonly string[];
  /** Term -> display label. */
  labels?: Readonly<Record<string, string>>;
  /** Chinese row labels (N -> 观测值...). */
  lang?: 'en' | 'zh';
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

interface Grid {
  header: string[];
  /** Body rows: first cell is the label. `section` marks a rule before the row. */
  rows: { cells: string[]; section?: boolean }[];
  notes: string[];
}

function fmt(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  return x.toFixed(digits);
}

function buildGrid(models: readonly TableModel[], o: Required<Omit<RegTableOptions, 'keep' | 'labels' | 'title'>> & RegTableOptions): Grid {
  const zh = o.lang === 'zh';
  const terms: string[] = o.keep ? [...o.keep] : [];
  if (!o.keep) for (const m of models) for (const c of m.coefficients) if (!terms.includes(c.term)) terms.push(c.term);
  const header = ['', ...models.map((m, i) => `(${i + 1}) ${m.title ?? m.depvar}`)];
  const rows: Grid['rows'] = [];
  for (const term of terms) {
    const est: string[] = [o.labels?.[term] ?? term];
    const below: string[] = [''];
    for (const m of models) {
      const c = m.coefficients.find((r) => r.term === term);
      est.push(c ? fmt(c.estimate, o.digits) + starsFor(c.p_value, o.stars) : '');
      const b = c ? (o.below === 'se' ? c.std_error : c.statistic) : null;
      below.push(c && b !== null ? `(${fmt(b, o.digits)})` : '');
    }
    rows.push({ cells: est }, { cells: below });
  }
  const fes: string[] = [];
  for (const m of models) for (const f of m.fixedEffects ?? []) if (!fes.includes(f)) fes.push(f);
  fes.forEach((f, i) => rows.push({ cells: [zh ? `${f} 固定效应` : `${f} FE`, ...models.map((m) => ((m.fixedEffects ?? []).includes(f) ? (zh ? '是' : 'Yes') : (zh ? '否' : 'No')))], section: i === 0 }));
  rows.push({ cells: [zh ? '观测值' : 'N', ...models.map((m) => String(m.nobs))], section: true });
  if (models.some((m) => m.r2 !== undefined && m.r2 !== null)) rows.push({ cells: ['R2', ...models.map((m) => fmt(m.r2, 4))] });
  if (models.some((m) => m.withinR2 !== undefined && m.withinR2 !== null)) rows.push({ cells: [zh ? '组内 R2' : 'Within R2', ...models.map((m) => fmt(m.withinR2, 4))] });
  if (models.some((m) => m.vcovLabel)) rows.push({ cells: [zh ? '标准误' : 'SE', ...models.map((m) => m.vcovLabel ?? '')] });
  const notes = [
    `${o.below === 'se' ? (zh ? '括号内为标准误' : 'Standard errors in parentheses') : zh ? '括号内为 t 值' : 't statistics in parentheses'}${o.stars !== 'none' ? `; ${starLegend(o.stars)}` : ''}.`,
  ];
  return { header, rows, notes };
}

/** Renders a regression table of one or more models. */
export function regressionTable(models: readonly TableModel[], format: TableFormat, opts: RegTableOptions = {}): string {
  const o = { stars: 'stata' as StarPreset, below: 'se' as const, digits: 4, lang: 'en' as const, ...opts };
  if (format === 'csv') return tidyCsv(models);
  const g = buildGrid(models, o);
  switch (format) {
    case 'md':
      return markdown(g, o.title);
    case 'latex':
      return latex(g, o.title);
    case 'html':
      return html(g, o.title);
    default:
      return plain(g, o.title);
  }
}

function plain(g: Grid, title?: string): string {
  const all = [g.header, ...g.rows.map((r) => r.cells)];
  const widths = g.header.map((_, j) => Math.max(...all.map((r) => displayWidth(r[j] ?? ''))));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? padEnd(c, widths[j]!) : padStart(c, widths[j]!))).join('  ');
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  const out: string[] = [];
  if (title) out.push(title);
  out.push('='.repeat(total), line(g.header), '-'.repeat(total));
  for (const r of g.rows) {
    if (r.section) out.push('-'.repeat(total));
    out.push(line(r.cells));
  }
  out.push('='.repeat(total), ...g.notes);
  return out.join('\n');
}

function markdown(g: Grid, title?: string): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\*/g, '\\*');
  const out: string[] = [];
  if (title) out.push(`**${title}**`, '');
  out.push(`| ${g.header.map(esc).join(' | ')} |`, `| --- |${' ---: |'.repeat(g.header.length - 1)}`);
  for (const r of g.rows) out.push(`| ${r.cells.map(esc).join(' | ')} |`);
  out.push('', ...g.notes.map(esc));
  return out.join('\n');
}

function texEscape(s: string): string {
  return s.replace(/\\/g, '\\textbackslash{}').replace(/([&%$#_{}])/g, '\\$1').replace(/\^/g, '\\^{}').replace(/~/g, '\\~{}');
}

function latex(g: Grid, title?: string): string {
  const cell = (s: string, j: number) => {
    if (j === 0) return texEscape(s);
    const m = /^(-?[\d.]+)(\**)$/.exec(s);
    if (m && m[2]) return `${m[1]}$^{${m[2]}}$`;
    return texEscape(s);
  };
  const out = ['\\begin{table}[htbp]', '\\centering'];
  if (title) out.push(`\\caption{${texEscape(title)}}`);
  out.push(`\\begin{tabular}{l${'c'.repeat(g.header.length - 1)}}`, '\\toprule');
  out.push(g.header.map(cell).join(' & ') + ' \\\\', '\\midrule');
  for (const r of g.rows) {
    if (r.section) out.push('\\midrule');
    out.push(r.cells.map(cell).join(' & ') + ' \\\\');
  }
  out.push('\\bottomrule', '\\end{tabular}');
  out.push(`\\par\\footnotesize ${texEscape(g.notes.join(' '))}`, '\\end{table}');
  return out.join('\n');
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function html(g: Grid, title?: string): string {
  const out = ['<table class="regtable" style="border-collapse:collapse;border-top:2px solid #000;border-bottom:2px solid #000">'];
  if (title) out.push(`<caption>${htmlEscape(title)}</caption>`);
  out.push('<thead><tr>' + g.header.map((h) => `<th style="border-bottom:1px solid #000;padding:2px 8px">${htmlEscape(h)}</th>`).join('') + '</tr></thead><tbody>');
  for (const r of g.rows) {
    const style = r.section ? ' style="border-top:1px solid #000"' : '';
    out.push(`<tr${style}>` + r.cells.map((c, j) => `<td style="padding:2px 8px;text-align:${j === 0 ? 'left' : 'center'}">${htmlEscape(c)}</td>`).join('') + '</tr>');
  }
  out.push('</tbody></table>', `<p class="regtable-note"><small>${htmlEscape(g.notes.join(' '))}</small></p>`);
  return out.join('\n');
}

/** CSV: one row per model x term with the broom columns (numbers at full precision). */
function tidyCsv(models: readonly TableModel[]): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const num = (x: number | null) => (x === null || !Number.isFinite(x) ? '' : String(x));
  const lines = ['model,depvar,term,estimate,std_error,statistic,p_value,conf_low,conf_high'];
  models.forEach((m, i) => {
    for (const c of m.coefficients) {
      lines.push([String(i + 1), q(m.depvar), q(c.term), num(c.estimate), num(c.std_error), num(c.statistic), num(c.p_value), num(c.conf_low), num(c.conf_high)].join(','));
    }
  });
  return lines.join('\n');
}

/** Width of a string in a terminal (CJK characters take two columns). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
function padEnd(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - displayWidth(s)));
}
function padStart(s: string, w: number): string {
  return ' '.repeat(Math.max(0, w - displayWidth(s))) + s;
}
