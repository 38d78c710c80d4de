/** Loads the did-mpdta peer case (data and expected numbers) for the DID tests; never copies the files. */
import { readFileSync } from 'node:fs';
import { Table } from '../../../src/data/table.js';
import { validationJson, validationPath } from '../../helpers/validation.js';

/** Minimal reader for the case's numeric CSV (quoted header, numeric cells). */
export function readNumericCsv(path: string): Table {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = lines[0]!.split(',').map((s) => s.replace(/^"|"$/g, ''));
  const cols: Record<string, Float64Array> = {};
  names.forEach((nm) => (cols[nm] = new Float64Array(lines.length - 1)));
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r]!.split(',');
    names.forEach((nm, j) => (cols[nm]![r - 1] = Number(cells[j])));
  }
  return Table.fromColumns(cols);
}

export function loadMpdta(): { table: Table; expected: any } | undefined {
  const p = validationPath('did-mpdta', 'data.csv');
  const expected = validationJson('did-mpdta', 'expected.json');
  if (!p || !expected) return undefined;
  return { table: readNumericCsv(p), expected };
}

export const MPDTA_COLUMNS = { outcome: 'lemp', unit: 'countyreal', time: 'year', cohort: 'first.treat' } as const;
