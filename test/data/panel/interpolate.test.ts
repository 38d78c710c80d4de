import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numericColumn, stringColumn, Table } from '../../../src/data/table.js';
import { balanceReport, declarePanel, formatInterpolationReport, interpolateGaps } from '../../../src/data/panel/index.js';

// City A, 2011-2019: x missing in 2012 (cell) and 2017 (cell), no row for 2015 and 2018.
// City B: x missing before its first and after its last observation (edges: never filled).
const rows: [string, number, number | null, number | null, string | null][] = [
  ['A', 2011, 10, 1, 'a'],
  ['A', 2012, null, 2, 'a'],
  ['A', 2013, 14, null, 'a'],
  ['A', 2014, 20, 4, 'a'],
  ['A', 2016, 30, 6, 'a'],
  ['A', 2017, null, 7, 'a'],
  ['A', 2019, 42, 9, 'a'],
  ['B', 2014, null, 1, 'b'],
  ['B', 2011, null, 1, 'b'],
  ['B', 2012, 5, 1, 'b'],
  ['B', 2013, 7, 1, 'b'],
];
const table = Table.fromColumns({
  city: rows.map((r) => r[0]),
  year: rows.map((r) => r[1]),
  x: rows.map((r) => r[2]),
  y: rows.map((r) => r[3]),
  note: rows.map((r) => r[4]),
});
const panel = declarePanel(table, { unit: 'city', time: 'year' });

function cell(t: Table, city: string, year: number, col: string): unknown {
  const objs = t.toObjects().filter((o) => o.city === city && Number(o.year) === year);
  assert.equal(objs.length, 1, `${city} ${year}`);
  return objs[0]![col];
}

test("seed 001's rule: each gap is filled with the mean of the adjacent observed years, every cell reported", () => {
  const { table: out, panel: p2, report } = interpolateGaps(panel, ['x', 'y']);
  // One-year gaps: mean of the two neighbours.
  assert.equal(cell(out, 'A', 2012, 'x'), (10 + 14) / 2);
  assert.equal(cell(out, 'A', 2015, 'x'), (20 + 30) / 2);
  assert.equal(cell(out, 'A', 2013, 'y'), (2 + 4) / 2);
  assert.equal(cell(out, 'A', 2015, 'y'), (4 + 6) / 2);
  assert.equal(cell(out, 'A', 2018, 'y'), (7 + 9) / 2);
  // A two-year gap (2017 cell, 2018 row) between 2016 and 2019: both years get the mean of 30 and 42.
  assert.equal(cell(out, 'A', 2017, 'x'), (30 + 42) / 2);
  assert.equal(cell(out, 'A', 2018, 'x'), (30 + 42) / 2);
  // Edges are not extrapolated; observed values are untouched.
  assert.equal(cell(out, 'B', 2011, 'x'), null);
  assert.equal(cell(out, 'B', 2014, 'x'), null);
  assert.equal(cell(out, 'A', 2014, 'x'), 20);
  // Two rows appended (A 2015, A 2018), sorted, with the other columns missing; original rows first, in order.
  assert.equal(out.nrows, rows.length + 2);
  assert.deepEqual(out.toObjects().slice(rows.length), [
    { city: 'A', year: 2015, x: 25, y: 5, note: null },
    { city: 'A', year: 2018, x: 36, y: 8, note: null },
  ]);
  assert.deepEqual(out.toObjects().slice(0, 2).map((o) => o.x), [10, 12]);
  assert.equal(report.addedRows, 2);
  assert.deepEqual(
    report.filled.map((f) => [f.unit, f.time, f.column, f.value, f.row, f.addedRow, f.from, f.to, f.gapLength]),
    [
      ['A', 2012, 'x', 12, 2, false, 2011, 2013, 1],
      ['A', 2015, 'x', 25, 12, true, 2014, 2016, 1],
      ['A', 2017, 'x', 36, 6, false, 2016, 2019, 2],
      ['A', 2018, 'x', 36, 13, true, 2016, 2019, 2],
      ['A', 2013, 'y', 3, 3, false, 2012, 2014, 1],
      ['A', 2015, 'y', 5, 12, true, 2014, 2016, 1],
      ['A', 2018, 'y', 8, 13, true, 2017, 2019, 1],
    ],
  );
  assert.deepEqual(report.filledByColumn, { x: 4, y: 3 });
  assert.deepEqual(report.edgeMissing, { x: 2, y: 0 });
  assert.deepEqual(report.skipped, []);
  // The returned panel is declared over the new rows: A is now complete 2011-2019.
  const bal = balanceReport(p2);
  assert.equal(bal.rows, 13);
  assert.deepEqual(bal.unitsWithGaps.find((g) => g.unit === 'A'), undefined);
  const text = formatInterpolationReport(report);
  assert.match(text, /Interpolated 7 cell\(s\) by the mean of the adjacent observed years \(x 4, y 3\); 2 row\(s\) added/);
  assert.match(text, /A 2018 x = 36 \(between 2016 and 2019, new row\)/);
  assert.match(text, /before the first or after the last observation\): x 2/);
});

test('linear interpolation agrees with the adjacent mean on one-year gaps and is linear on longer ones', () => {
  const { table: out } = interpolateGaps(panel, ['x'], { method: 'linear' });
  assert.equal(cell(out, 'A', 2012, 'x'), 12);
  assert.equal(cell(out, 'A', 2015, 'x'), 25);
  assert.equal(cell(out, 'A', 2017, 'x'), 30 + (42 - 30) / 3);
  assert.equal(cell(out, 'A', 2018, 'x'), 30 + (2 * (42 - 30)) / 3);
});

test('maxGap leaves longer gaps missing and lists them; addRows: false fills existing rows only; flag marks rows', () => {
  const r1 = interpolateGaps(panel, ['x', 'y'], { maxGap: 1, flag: 'imputed' });
  assert.deepEqual(r1.report.skipped, [{ unit: 'A', column: 'x', from: 2016, to: 2019, gapLength: 2 }]);
  assert.equal(cell(r1.table, 'A', 2017, 'x'), null);
  assert.equal(cell(r1.table, 'A', 2018, 'x'), null);
  assert.equal(cell(r1.table, 'A', 2018, 'y'), 8); // the y gap there is one year
  assert.equal(r1.report.filled.length, 5);
  assert.deepEqual(r1.table.numeric('imputed').reduce((s, v) => s + v, 0), 4); // rows 2012, 2013 (y), 2015, 2018
  assert.match(formatInterpolationReport(r1.report), /A x 2017-2018 \(2 years\)/);

  const r2 = interpolateGaps(panel, ['x', 'y'], { addRows: false });
  assert.equal(r2.table.nrows, rows.length);
  assert.equal(r2.report.addedRows, 0);
  assert.deepEqual(r2.report.filled.map((f) => `${f.time}${f.column}`), ['2012x', '2017x', '2013y']);
  // No rows added: the key columns are shared, so the panel is reused as is.
  assert.equal(r2.panel.order, panel.order);
});

test('years stored as text get a text year in the added row', () => {
  const t = new Table([numericColumn('id', [7, 7]), stringColumn('year', ['2011', '2013']), numericColumn('v', [1, 3])]);
  const { table: out } = interpolateGaps(declarePanel(t, { unit: 'id', time: 'year' }), ['v']);
  assert.deepEqual(out.toObjects(), [
    { id: 7, year: '2011', v: 1 },
    { id: 7, year: '2013', v: 3 },
    { id: 7, year: '2012', v: 2 },
  ]);
});

test('bad inputs: no columns, unknown or text column, key column, bad method or maxGap', () => {
  assert.throws(() => interpolateGaps(panel, []), (e: any) => e.code === 'E_OPTION' && /columns/.test(e.message));
  assert.throws(() => interpolateGaps(panel, ['x', 'x']), (e: any) => e.code === 'E_OPTION' && /twice/.test(e.message));
  assert.throws(() => interpolateGaps(panel, ['z']), (e: any) => e.code === 'E_MISSING_COLUMN' && /"z"/.test(e.message));
  assert.throws(() => interpolateGaps(panel, ['note']), (e: any) => e.code === 'E_NON_NUMERIC' && /"note"/.test(e.message));
  assert.throws(() => interpolateGaps(panel, ['year']), (e: any) => e.code === 'E_OPTION' && /panel key/.test(e.message));
  assert.throws(() => interpolateGaps(panel, ['x'], { method: 'spline' as any }), (e: any) => e.code === 'E_OPTION' && /adjacent-mean, linear/.test(e.hint));
  assert.throws(() => interpolateGaps(panel, ['x'], { maxGap: 0 }), (e: any) => e.code === 'E_OPTION' && /maxGap/.test(e.message));
});
