/**
 * Text writers of a {@link TableGrid}: plain text (terminal, CJK-aware widths), Markdown, LaTeX booktabs
 * (three-line: `\toprule`, `\midrule`, `\bottomrule`; stars as superscripts), HTML (three-line borders as
 * inline styles so the table survives being pasted into Word or an e-mail) and CSV of the displayed cells.
 */
import { gridAlign, type TableGrid } from './grid.js';

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

/** Plain text with `=` top and bottom rules and `-` section rules. */
export function gridToText(g: TableGrid): string {
  const all = [g.header, ...g.rows.map((r) => r.cells)];
  const align = gridAlign(g);
  const widths = g.header.map((_, j) => Math.max(...all.map((r) => displayWidth(r[j] ?? ''))));
  const line = (cells: string[]) =>
    cells.map((c, j) => (align[j] === 'l' ? padEnd(c, widths[j]!) : padStart(c, widths[j]!))).join('  ').trimEnd();
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  const out: string[] = [];
  if (g.title) out.push(g.title);
  out.push('='.repeat(total), line(g.header), '-'.repeat(total));
  for (const r of g.rows) {
    if (r.section) out.push('-'.repeat(total));
    out.push(line(r.cells));
  }
  out.push('='.repeat(total), ...g.notes);
  return out.join('\n');
}

/** GitHub-flavoured Markdown (pipes and asterisks escaped; section rules cannot be drawn in Markdown). */
export function gridToMarkdown(g: TableGrid): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\*/g, '\\*');
  const align = gridAlign(g);
  const sep = align.map((a) => (a === 'l' ? ' --- ' : a === 'r' ? ' ---: ' : ' :---: ')).join('|');
  const out: string[] = [];
  if (g.title) out.push(`**${esc(g.title)}**`, '');
  out.push(`| ${g.header.map(esc).join(' | ')} |`, `|${sep}|`);
  for (const r of g.rows) out.push(`| ${r.cells.map(esc).join(' | ')} |`);
  if (g.notes.length) out.push('', ...g.notes.map(esc));
  return out.join('\n');
}

/** Escapes LaTeX special characters. */
export function texEscape(s: string): string {
  return s.replace(/\\/g, '\\textbackslash{}').replace(/([&%$#_{}])/g, '\\$1').replace(/\^/g, '\\^{}').replace(/~/g, '\\~{}');
}

/** LaTeX `table` + `tabular` with booktabs rules; stars of a number become `$^{***}$`. */
export function gridToLatex(g: TableGrid): string {
  const cell = (s: string, j: number) => {
    if (j === 0) return texEscape(s);
    const m = /^(-?[\d.]+)(\**)$/.exec(s);
    if (m && m[2]) return `${m[1]}$^{${m[2]}}$`;
    return texEscape(s);
  };
  const out = ['\\begin{table}[htbp]', '\\centering'];
  if (g.title) out.push(`\\caption{${texEscape(g.title)}}`);
  out.push(`\\begin{tabular}{${gridAlign(g).join('')}}`, '\\toprule');
  out.push(g.header.map(cell).join(' & ') + ' \\\\', '\\midrule');
  for (const r of g.rows) {
    if (r.section) out.push('\\midrule');
    out.push(r.cells.map(cell).join(' & ') + ' \\\\');
  }
  out.push('\\bottomrule', '\\end{tabular}');
  if (g.notes.length) out.push(`\\par\\footnotesize ${texEscape(g.notes.join(' '))}`);
  out.push('\\end{table}');
  return out.join('\n');
}

/** Escapes text for HTML element content and attribute values. */
export function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An HTML `<table>` with three-line borders as inline styles, plus a `<p>` of notes. */
export function gridToHtml(g: TableGrid, cssClass = 'regtable'): string {
  const align = gridAlign(g).map((a) => (a === 'l' ? 'left' : a === 'r' ? 'right' : 'center'));
  const out = [`<table class="${htmlEscape(cssClass)}" style="border-collapse:collapse;border-top:2px solid #000;border-bottom:2px solid #000">`];
  if (g.title) out.push(`<caption>${htmlEscape(g.title)}</caption>`);
  out.push(
    '<thead><tr>' +
      g.header.map((h, j) => `<th style="border-bottom:1px solid #000;padding:2px 8px;text-align:${align[j]}">${htmlEscape(h)}</th>`).join('') +
      '</tr></thead><tbody>',
  );
  for (const r of g.rows) {
    const style = r.section ? ' style="border-top:1px solid #000"' : '';
    out.push(`<tr${style}>` + r.cells.map((c, j) => `<td style="padding:2px 8px;text-align:${align[j]}">${htmlEscape(c)}</td>`).join('') + '</tr>');
  }
  out.push('</tbody></table>');
  if (g.notes.length) out.push(`<p class="${htmlEscape(cssClass)}-note"><small>${htmlEscape(g.notes.join(' '))}</small></p>`);
  return out.join('\n');
}

/** Quotes a CSV field when needed (RFC 4180). */
export function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of the displayed cells (header then body; raw numbers at full precision when the row has them). */
export function gridToCsv(g: TableGrid): string {
  const lines = [g.header.map(csvField).join(',')];
  for (const r of g.rows) {
    const cells = r.cells.map((c, j) => {
      const v = r.raw?.[j];
      return typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : csvField(c);
    });
    lines.push(cells.join(','));
  }
  return lines.join('\n');
}
