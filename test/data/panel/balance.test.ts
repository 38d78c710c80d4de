import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../../src/data/table.js';
import { balanceReport, declarePanel, formatBalanceReport } from '../../../src/data/panel/index.js';

test('a balanced panel reports no gaps', () => {
  const city: string[] = [];
  const year: number[] = [];
  for (const c of ['A', 'B', 'C']) for (let y = 2011; y <= 2019; y++) (city.push(c), year.push(y));
  const r = balanceReport(declarePanel(Table.fromColumns({ city, year }), { unit: 'city', time: 'year' }));
  assert.equal(r.balanced, true);
  assert.equal(r.units, 3);
  assert.equal(r.periods, 9);
  assert.equal(r.rows, 27);
  assert.equal(r.missingCells, 0);
  assert.deepEqual(r.unitsWithGaps, []);
  assert.match(formatBalanceReport(r), /Balanced/);
});

test('an unbalanced panel: counts, absent periods, interior gaps, years nobody has', () => {
  // A: 2011-2015 complete. B: 2011, 2013, 2015 (interior gaps 2012, 2014). C: 2013-2014 (late entry, early exit).
  // D: 2011, 2012, 2015 (interior 2013, 2014). No one has 2016; E has 2017 only.
  const rows: [string, number][] = [
    ['A', 2011], ['A', 2012], ['A', 2013], ['A', 2014], ['A', 2015],
    ['B', 2015], ['B', 2011], ['B', 2013],
    ['C', 2014], ['C', 2013],
    ['D', 2011], ['D', 2012], ['D', 2015],
    ['E', 2017],
  ];
  const t = Table.fromColumns({ city: rows.map((r) => r[0]), year: rows.map((r) => r[1]) });
  const r = balanceReport(declarePanel(t, { unit: 'city', time: 'year' }));
  assert.equal(r.units, 5);
  assert.equal(r.periods, 6); // 2011-2015 and 2017
  assert.equal(r.rows, 14);
  assert.equal(r.balanced, false);
  assert.equal(r.missingCells, 5 * 6 - 14);
  assert.deepEqual(r.timesWithoutData, [2016]);
  assert.equal(r.firstPeriod, 2011);
  assert.equal(r.lastPeriod, 2017);
  assert.deepEqual(r.rowsPerUnit, { min: 1, max: 5, mean: 14 / 5 });
  assert.deepEqual(
    r.unitsWithGaps.map((g) => [g.unit, g.first, g.last, g.observed, g.missing, g.interior]),
    [
      ['A', 2011, 2015, 5, [2017], []],
      ['B', 2011, 2015, 3, [2012, 2014, 2017], [2012, 2014]],
      ['C', 2013, 2014, 2, [2011, 2012, 2015, 2017], []],
      ['D', 2011, 2015, 3, [2013, 2014, 2017], [2013, 2014]],
      ['E', 2017, 2017, 1, [2011, 2012, 2013, 2014, 2015], []],
    ],
  );
  assert.equal(r.unitsWithInteriorGaps, 2);
  const text = formatBalanceReport(r, { maxUnits: 2 });
  assert.match(text, /5 units, 6 periods \(2011-2017\), 14 rows/);
  assert.match(text, /16 of 30 unit-period cells absent/);
  assert.match(text, /B: 3 rows 2011-2015, absent 2012, 2014, 2017; interior gaps 2012, 2014/);
  assert.match(text, /and 3 more units/);
  assert.match(text, /No unit observed in: 2016/);
});

test('an empty table is an empty (balanced) panel', () => {
  const r = balanceReport(declarePanel(Table.fromColumns({ city: [] as string[], year: [] as number[] }), { unit: 'city', time: 'year' }));
  assert.deepEqual([r.units, r.periods, r.rows, r.missingCells, r.firstPeriod, r.balanced], [0, 0, 0, 0, null, true]);
  assert.match(formatBalanceReport(r), /0 units, 0 periods \(no periods\)/);
});
