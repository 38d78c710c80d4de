/**
 * Renders registry listings (plain rows) as the CLI's text formats: an aligned text table, Markdown, CSV
 * (RFC 4180 quoting), HTML and LaTeX (booktabs). Kept here because the listings are plain records, not
 * estimation results.
 */
export type RowFormat = 'table' | 'md' | 'csv' | 'html' | 'latex';

type Row = Readonly<Record<string, unknown>>;

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (Array.isArray(v)) return v.join(';');
  return String(v);
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function latexEscape(s: string): string {
  return s.replace(/\\/g, '\\textbackslash{}').replace(/([&%$#_{}])/g, '\\$1').replace(/~/g, '\\textasciitilde{}').replace(/\^/g, '\\textasciicircum{}');
}

/** Renders `rows` restricted to `columns` in a text format. */
export function renderRows(rows: readonly Row[], columns: readonly string[], format: RowFormat): string {
  const cells = rows.map((r) => columns.map((c) => text(r[c])));
  switch (format) {
    case 'csv':
      return [columns.map(csvCell).join(','), ...cells.map((r) => r.map(csvCell).join(','))].join('\n');
    case 'md':
      return [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`, ...cells.map((r) => `| ${r.map((s) => s.replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');
    case 'html':
      return [
        '<table>',
        `<thead><tr>${columns.map((c) => `<th>${htmlEscape(c)}</th>`).join('')}</tr></thead>`,
        '<tbody>',
        ...cells.map((r) => `<tr>${r.map((s) => `<td>${htmlEscape(s)}</td>`).join('')}</tr>`),
        '</tbody>',
        '</table>',
      ].join('\n');
    case 'latex':
      return [
        `\\begin{tabular}{${columns.map(() => 'l').join('')}}`,
        '\\toprule',
        `${columns.map(latexEscape).join(' & ')} \\\\`,
        '\\midrule',
        ...cells.map((r) => `${r.map(latexEscape).join(' & ')} \\\\`),
        '\\bottomrule',
        '\\end{tabular}',
      ].join('\n');
    case 'table': {
      const width = columns.map((c, j) => Math.max(displayWidth(c), ...cells.map((r) => displayWidth(r[j]!))));
      const line = (r: readonly string[]) => r.map((s, j) => s + ' '.repeat(width[j]! - displayWidth(s))).join('  ').trimEnd();
      return [line(columns), width.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
    }
  }
}

/** Terminal columns of a string: CJK and full-width characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}
