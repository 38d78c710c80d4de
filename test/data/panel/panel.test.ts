import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../../src/data/table.js';
import { declarePanel, DuplicateKeyError } from '../../../src/data/panel/index.js';
import { lag } from '../../../src/data/panel/index.js';

test('declarePanel sorts rows by unit then time without reordering the table', () => {
  const t = Table.fromColumns({
    city: ['B', 'A', 'B', 'A', 'C'],
    year: [2012, 2013, 2011, 2011, 2011],
    y: [1, 2, 3, 4, 5],
  });
  const p = declarePanel(t, { unit: 'city', time: 'year' });
  assert.deepEqual(p.unitLabels, ['A', 'B', 'C']);
  assert.deepEqual([...p.unitIndex], [1, 0, 1, 0, 2]);
  assert.deepEqual([...p.order], [3, 1, 2, 0, 4]);
  assert.deepEqual([...p.unitStart], [0, 2, 4, 5]);
  assert.deepEqual([...p.times], [2011, 2012, 2013]);
  assert.equal(p.table, t);
});

test('numeric unit codes sort numerically; a comparison sort handles a huge time range', () => {
  const t = Table.fromColumns({ id: [10, 9, 100, 9], t: [5_000_000, -3, 0, 2_000_000_000] });
  const p = declarePanel(t, { unit: 'id', time: 't' });
  assert.deepEqual(p.unitLabels, [9, 10, 100]);
  assert.deepEqual([...p.order], [1, 3, 0, 2]);
});

test('duplicate unit-time rows are an error listing the first offenders with their rows', () => {
  const city = ['A', 'A', 'B', 'B', 'A', 'C', 'C', 'C', 'D', 'D', 'E', 'E', 'F', 'F', 'G', 'G'];
  const year = [2011, 2012, 2011, 2011, 2012, 2015, 2015, 2015, 1, 1, 2, 2, 3, 3, 4, 4];
  const t = Table.fromColumns({ city, year });
  assert.throws(
    () => declarePanel(t, { unit: 'city', time: 'year' }),
    (e: any) => {
      assert.ok(e instanceof DuplicateKeyError);
      assert.equal(e.code, 'E_DUPLICATE_ROWS');
      // Pairs by first row: (A, 2012) rows 2 and 5, (B, 2011) rows 3-4, (C, 2015) rows 6-8, then D, E; F and G elided.
      assert.deepEqual((e as any).details.first, [
        { unit: 'A', time: 2012, rows: [2, 5] },
        { unit: 'B', time: 2011, rows: [3, 4] },
        { unit: 'C', time: 2015, rows: [6, 7, 8] },
        { unit: 'D', time: 1, rows: [9, 10] },
        { unit: 'E', time: 2, rows: [11, 12] },
      ]);
      assert.equal((e as any).details.pairs, 7);
      assert.equal((e as any).details.extraRows, 8);
      assert.match(e.message, /7 city-year pairs/);
      assert.match(e.message, /\("A", 2012\) at rows 2, 5/);
      assert.match(e.message, /\.\.\./);
      return true;
    },
  );
});

test('bad keys: missing column, missing unit or time, text time, non-integer time', () => {
  const ok = { city: ['A', 'B', 'C'], year: [2011, 2012, 2013] };
  assert.throws(() => declarePanel(Table.fromColumns(ok), { unit: 'town', time: 'year' }), (e: any) => e.code === 'E_MISSING_COLUMN' && /town/.test(e.message));
  assert.throws(() => declarePanel(Table.fromColumns(ok), { unit: 'city', time: 'yr' }), (e: any) => e.code === 'E_MISSING_COLUMN' && /yr/.test(e.message));
  assert.throws(
    () => declarePanel(Table.fromColumns({ city: ['A', null, null], year: [1, 2, 3] }), { unit: 'city', time: 'year' }),
    (e: any) => e.code === 'E_MISSING_KEY' && /unit column "city" is missing at row 2 \(2 rows/.test(e.message),
  );
  assert.throws(
    () => declarePanel(Table.fromColumns({ id: [1, NaN, 3], year: [1, 2, 3] }), { unit: 'id', time: 'year' }),
    (e: any) => e.code === 'E_MISSING_KEY' && /row 2/.test(e.message),
  );
  assert.throws(
    () => declarePanel(Table.fromColumns({ city: ['A', 'B', 'C'], year: [2011, null, 2013] }), { unit: 'city', time: 'year' }),
    (e: any) => e.code === 'E_MISSING_KEY' && /time column "year" is missing at row 2/.test(e.message),
  );
  assert.throws(
    () => declarePanel(Table.fromColumns({ city: ['A', 'B', 'C'], year: ['2011', '2012Q1', '2013'] }), { unit: 'city', time: 'year' }),
    (e: any) => e.code === 'E_NON_NUMERIC' && /year/.test(e.message) && /row 2/.test(e.message),
  );
  assert.throws(
    () => declarePanel(Table.fromColumns({ city: ['A', 'B', 'C'], year: [2011, 2011.5, 2012.25] }), { unit: 'city', time: 'year' }),
    (e: any) => e.code === 'E_NONINTEGER_TIME' && /row 2 holds 2011.5 \(2 such rows\)/.test(e.message),
  );
  // Years stored as text are fine.
  const p = declarePanel(Table.fromColumns({ city: ['A', 'A'], year: ['2012', '2011'] }), { unit: 'city', time: 'year' });
  assert.deepEqual([...p.timeOf], [2012, 2011]);
});

test('withTable rewraps a derived table in O(1) and refuses one whose rows changed', () => {
  const t = Table.fromColumns({ city: ['A', 'A', 'B'], year: [1, 2, 1], x: [1, 2, 3] });
  const p = declarePanel(t, { unit: 'city', time: 'year' });
  const p2 = p.withTable(lag(p, 'x'));
  assert.equal(p2.order, p.order);
  assert.ok(p2.table.has('L1.x'));
  assert.throws(() => p.withTable(t.take([1, 0, 2])), (e: any) => e.code === 'E_PANEL_TABLE');
  assert.throws(() => p.withTable(t.take([0, 1])), (e: any) => e.code === 'E_PANEL_TABLE');
});
