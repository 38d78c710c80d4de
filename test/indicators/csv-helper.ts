/**
 * A tiny CSV reader for the indicator tests (quoted fields without embedded commas or quotes, as the
 * validation files are written), so these tests do not depend on the data readers being finished.
 */
import { readFileSync } from 'node:fs';
import { Table } from '../../src/data/table.js';

/** Parses simple CSV text into a Table (numbers where every cell parses, strings otherwise). */
export function parseSimpleCsv(text: string): Table {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const unq = (s: string) => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);
  const header = lines[0]!.split(',').map(unq);
  const cols: (string | null)[][] = header.map(() => []);
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    for (let c = 0; c < header.length; c++) {
      const raw = cells[c] ?? '';
      const quoted = raw.startsWith('"');
      const v = unq(raw);
      cols[c]!.push(v === '' || (!quoted && v === 'NA') ? null : quoted ? `\u0000${v}` : v);
    }
  }
  const out: Record<string, (string | null)[] | (number | null)[]> = {};
  header.forEach((h, c) => {
    const col = cols[c]!;
    const numeric = col.every((v) => v === null || (!v.startsWith('\u0000') && Number.isFinite(Number(v))));
    out[h] = numeric ? col.map((v) => (v === null ? null : Number(v))) : col.map((v) => (v === null ? null : v.replace('\u0000', '')));
  });
  return Table.fromColumns(out);
}

/** Reads a simple CSV file into a Table. */
export function readSimpleCsv(path: string): Table {
  return parseSimpleCsv(readFileSync(path, 'utf8'));
}
