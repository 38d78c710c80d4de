/**
 * Renders plain result rows (the indicator commands' output) as a text table, Markdown, CSV, LaTeX or HTML.
 * Numbers are printed with `digits` decimals except in CSV, which keeps full precision (shortest round-trip).
 */

/** A text format of the CLI's `--format` other than json. */
export type RowFormat = 'table' | 'md' | 'latex' | 'html' | 'csv';

type Row = Readonly<Record<string, unknown>>;

function cell(v: unknown, digits: number, full: boolean, fixed = false): string {
  if (v === null || v === undefined) return full ? '' : '.';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return full ? '' : String(v);
    if (full || (Number.isInteger(v) && !fixed)) return String(v);
    return v.toFixed(digits);
  }
  return String(v);
}

function csvQuote(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Renders `rows` restricted to `columns` in `format`, with an optional title line. Integers print without
 * decimals unless `fixed` (indices such as 1.000 read better with them).
 */
export function renderRows(rows: readonly Row[], columns: readonly string[], format: RowFormat, title?: string, digits = 4, fixed = false): string {
  if (format === 'csv') {
    const lines = [columns.map(csvQuote).join(',')];
    for (const r of rows) lines.push(columns.map((c) => csvQuote(cell(r[c], digits, true))).join(','));
    return lines.join('\n');
  }
  const body = rows.map((r) => columns.map((c) => cell(r[c], digits, false, fixed)));
  if (format === 'md') {
    const lines = title ? [`**${title}**`, ''] : [];
    lines.push(`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`);
    for (const b of body) lines.push(`| ${b.join(' | ')} |`);
    return lines.join('\n');
  }
  if (format === 'latex') {
    const esc = (s: string) => s.replace(/([_%&#$])/g, '\\$1');
    const lines = ['\\begin{table}[htbp]', '\\centering'];
    if (title) lines.push(`\\caption{${esc(title)}}`);
    lines.push(`\\begin{tabular}{l${'r'.repeat(Math.max(0, columns.length - 1))}}`, '\\hline\\hline', `${columns.map(esc).join(' & ')} \\\\`, '\\hline');
    for (const b of body) lines.push(`${b.map(esc).join(' & ')} \\\\`);
    lines.push('\\hline\\hline', '\\end{tabular}', '\\end{table}');
    return lines.join('\n');
  }
  if (format === 'html') {
    const lines = ['<table>'];
    if (title) lines.push(`<caption>${htmlEscape(title)}</caption>`);
    lines.push(`<thead><tr>${columns.map((c) => `<th>${htmlEscape(c)}</th>`).join('')}</tr></thead>`, '<tbody>');
    for (const b of body) lines.push(`<tr>${b.map((c) => `<td>${htmlEscape(c)}</td>`).join('')}</tr>`);
    lines.push('</tbody>', '</table>');
    return lines.join('\n');
  }
  const widths = columns.map((c, k) => Math.max(c.length, ...body.map((b) => b[k]!.length)));
  const lines = title ? [title, ''] : [];
  lines.push(columns.map((c, k) => c.padStart(widths[k]!)).join('  '));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) lines.push(b.map((c, k) => c.padStart(widths[k]!)).join('  '));
  return lines.join('\n');
}
