/**
 * CSV writer (RFC 4180).
 *
 * Conventions: a header row of column names; numbers in the shortest text that reads back to the same
 * double (JavaScript's `String(number)`, e.g. 0.1, 1e-7, 123456789012345680000 -> 123456789012345680000);
 * missing numbers and missing strings as empty fields; a field is quoted when it contains the delimiter, a
 * quote, CR or LF, or begins or ends with a blank (quotes inside are doubled; `quoteAll` quotes every
 * string); line ends LF (`lineEnding: '\r\n'` for CRLF); UTF-8, with a byte-order mark when `bom` is true
 * (Excel needs it to show Chinese text from a double-clicked CSV).
 */
import type { Table } from '../table.js';

export interface CsvWriteOptions {
  /** One-character delimiter (default `,`). */
  delimiter?: string;
  /** Quote every string field (default false: only when needed). */
  quoteAll?: boolean;
  /** Line ending (default `\n`). */
  lineEnding?: '\n' | '\r\n';
  /** Prefix a UTF-8 byte-order mark (default false). */
  bom?: boolean;
}

/** The table as CSV text (see the module comment for conventions). */
export function writeCsvText(table: Table, opts: CsvWriteOptions = {}): string {
  const d = opts.delimiter ?? ',';
  const eol = opts.lineEnding ?? '\n';
  const quoteAll = opts.quoteAll ?? false;
  const cols = table.columns;
  const parts: string[] = [];
  let buf = (opts.bom ? '\uFEFF' : '') + cols.map((c) => quote(c.name, d, quoteAll)).join(d) + eol;
  // quoted text of each level, computed once
  const levelText = cols.map((c) => (c.kind === 'string' ? c.levels.map((l) => quote(l, d, quoteAll)) : null));
  for (let i = 0; i < table.nrows; i++) {
    let line = '';
    for (let j = 0; j < cols.length; j++) {
      if (j > 0) line += d;
      const c = cols[j]!;
      if (c.kind === 'number') {
        const v = c.values[i]!;
        if (!Number.isNaN(v)) line += String(v);
      } else {
        const code = c.codes[i]!;
        if (code >= 0) line += levelText[j]![code]!;
      }
    }
    buf += line + eol;
    if (buf.length > 1 << 20) {
      parts.push(buf);
      buf = '';
    }
  }
  parts.push(buf);
  return parts.join('');
}

function quote(s: string, d: string, all: boolean): string {
  const needs = all || s.includes(d) || s.includes('"') || s.includes('\n') || s.includes('\r') || /^\s|\s$/.test(s);
  return needs ? `"${s.replace(/"/g, '""')}"` : s;
}
