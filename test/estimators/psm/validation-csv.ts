/**
 * A tiny CSV parser for the validation files (quoted fields, no embedded newlines), so the peer tests of
 * psm and iv do not depend on the full reader in `src/data/read`. Cells are typed by `Table.fromObjects`.
 */
import { readFileSync } from 'node:fs';
import { Table } from '../../../src/data/table.js';

function splitLine(line: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          s += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else s += line[i++];
      }
      out.push(s);
      i++; // comma
    } else {
      let j = line.indexOf(',', i);
      if (j < 0) j = line.length;
      const cell = line.slice(i, j);
      out.push(cell === '' || cell === 'NA' ? null : cell);
      i = j + 1;
    }
  }
  return out;
}

/** Reads a CSV file into plain rows (strings, null for empty/NA). */
export function readCsvRows(path: string): { header: string[]; rows: (string | null)[][] } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = splitLine(lines[0]!).map((h) => h ?? '');
  return { header, rows: lines.slice(1).map(splitLine) };
}

/** Reads a CSV file into a Table; a quoted header "x" keeps its name. Numeric-looking columns become numeric. */
export function readCsvTable(path: string, stringColumns: readonly string[] = []): Table {
  const { header, rows } = readCsvRows(path);
  const objs = rows.map((r) => {
    const o: Record<string, unknown> = {};
    header.forEach((h, j) => (o[h] = r[j] === null ? null : stringColumns.includes(h) ? r[j] : r[j]));
    return o;
  });
  return Table.fromObjects(objs, header);
}
