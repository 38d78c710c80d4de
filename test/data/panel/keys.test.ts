import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringColumn, Table } from '../../../src/data/table.js';
import { cellRows, declarePanel, DuplicateKeyError, panelIndex, requireBalanced } from '../../../src/data/panel/index.js';
import { Rng } from '../../../src/stats/rng.js';
import { throwsCode } from '../../helpers/errors.js';

test('panelIndex: sorted or first-appearance unit order; sorted distinct times; rows sorted by unit then time', () => {
  const t = Table.fromColumns({ city: ['B', 'A', 'B', 'A', 'C'], year: [2012, 2013, 2011, 2011, 2011] });
  const s = panelIndex(t, 'city', 'year');
  assert.deepEqual(s.unitLabels, ['A', 'B', 'C']);
  assert.deepEqual([...s.unitOf], [1, 0, 1, 0, 2]);
  assert.deepEqual(s.times, [2011, 2012, 2013]);
  assert.deepEqual([...s.timeOf], [1, 2, 0, 0, 0]);
  assert.deepEqual([...s.order], [3, 1, 2, 0, 4]);
  assert.deepEqual([...s.unitStart], [0, 2, 4, 5]);
  const a = panelIndex(t, 'city', 'year', { unitOrder: 'appearance' });
  assert.deepEqual(a.unitLabels, ['B', 'A', 'C']);
  assert.deepEqual([...a.unitOf], [0, 1, 0, 1, 2]);
  assert.deepEqual([...a.order], [2, 0, 3, 1, 4]);
  const num = panelIndex(Table.fromColumns({ id: [10, 9, 100, 9], t: [1, 2, 1, 1] }), 'id', 't', { unitOrder: 'appearance' });
  assert.deepEqual(num.unitLabels, [10, 9, 100]);
});

test('panelIndex: text periods in natural order with allowStringTime; numeric or text-number times otherwise', () => {
  const t = Table.fromColumns({ u: ['a', 'a', 'a', 'b', 'b', 'b'], q: ['2010q10', '2010q2', '2010q9', '2010q9', '2010q2', '2010q10'] });
  const k = panelIndex(t, 'u', 'q', { allowStringTime: true });
  assert.deepEqual(k.times, ['2010q2', '2010q9', '2010q10']);
  assert.deepEqual([...k.timeOf], [2, 0, 1, 1, 0, 2]);
  throwsCode(() => panelIndex(t, 'u', 'q', { what: 'capital' }), 'E_NON_NUMERIC', 'q');
  // Years stored as text are numbers unless text periods are allowed; then they stay labels, still in order.
  const y = new Table([stringColumn('u', ['a', 'a']), stringColumn('y', ['2012', '2011'])]);
  assert.deepEqual(panelIndex(y, 'u', 'y').times, [2011, 2012]);
  assert.deepEqual(panelIndex(y, 'u', 'y', { allowStringTime: true }).times, ['2011', '2012']);
  // Fractional times are periods unless whole numbers are required (declarePanel).
  const f = Table.fromColumns({ u: [1, 1], y: [2011.5, 2011] });
  assert.deepEqual(panelIndex(f, 'u', 'y').times, [2011, 2011.5]);
  throwsCode(() => panelIndex(f, 'u', 'y', { integerTime: true }), 'E_NONINTEGER_TIME', '2011.5');
  // A huge whole-number range goes through the hashed path and gives the same keys.
  const h = panelIndex(Table.fromColumns({ u: [1, 1, 2], y: [2e9, -2e9, 0] }), 'u', 'y');
  assert.deepEqual(h.times, [-2e9, 0, 2e9]);
  assert.deepEqual([...h.timeOf], [2, 0, 1]);
});

test('panelIndex: a row subset is indexed alone; left-out rows hold -1 and errors name table rows', () => {
  const t = Table.fromColumns({ u: ['a', null, 'b', 'a', 'a'], y: [1, 1, 1, 2, 2] });
  const k = panelIndex(t, 'u', 'y', { rows: [0, 2, 3], unitOrder: 'appearance' });
  assert.deepEqual(k.unitLabels, ['a', 'b']);
  assert.deepEqual([...k.unitOf], [0, -1, 1, 0, -1]);
  assert.deepEqual([...k.timeOf], [0, -1, 0, 1, -1]);
  assert.deepEqual([...k.order], [0, 3, 2]);
  assert.throws(
    () => panelIndex(t, 'u', 'y', { rows: [0, 2, 3, 4], what: 'did', duplicateCode: 'E_DUPLICATE_ROW' }),
    (e: any) => e.code === 'E_DUPLICATE_ROW' && /^did: 1 u-y pair appears/.test(e.message) && /\("a", 2\) at rows 4, 5/.test(e.message) && /unit "a"/.test(e.hint),
  );
  throwsCode(() => panelIndex(t, 'u', 'y', { what: 'pairs' }), 'E_MISSING_KEY', 'pairs: panel unit column "u" is missing at row 2');
});

test('panelIndex: the caller chooses the duplicate code; DuplicateKeyError details list the pairs', () => {
  const t = Table.fromColumns({ dmu: ['a', 'a', 'b', 'b'], year: [1, 1, 1, 2] });
  assert.throws(
    () => panelIndex(t, 'dmu', 'year', { what: 'malmquist', duplicateCode: 'E_DUPLICATE_KEY' }),
    (e: any) => {
      assert.ok(e instanceof DuplicateKeyError);
      assert.equal(e.code, 'E_DUPLICATE_KEY');
      assert.deepEqual((e.details as any).first, [{ unit: 'a', time: 1, rows: [1, 2] }]);
      return /^malmquist: /.test(e.message);
    },
  );
  throwsCode(() => panelIndex(t, 'dmu', 'year'), 'E_DUPLICATE_ROWS', '"a"');
  const txt = Table.fromColumns({ dmu: ['a', 'a'], q: ['Q1', 'Q1'] });
  throwsCode(() => panelIndex(txt, 'dmu', 'q', { allowStringTime: true }), 'E_DUPLICATE_ROWS', '("a", "Q1") at rows 1, 2');
});

test('cellRows and requireBalanced: the dense grid agrees with a brute-force scan; the first incomplete unit is named', () => {
  const rng = new Rng(11);
  const U = 30, T = 7;
  const unit: string[] = [], year: number[] = [];
  for (let u = 0; u < U; u++) for (let t = 0; t < T; t++) if (rng.uniform() < 0.8) { unit.push(`c${u}`); year.push(2000 + t); }
  const perm = unit.map((_, i) => i);
  for (let i = perm.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const t = Table.fromColumns({ unit: perm.map((i) => unit[i]!), year: perm.map((i) => year[i]!) });
  const k = panelIndex(t, 'unit', 'year', { unitOrder: 'appearance' });
  const grid = cellRows(k);
  const nT = k.times.length;
  for (let u = 0; u < k.unitLabels.length; u++) {
    for (let p = 0; p < nT; p++) {
      let want = -1;
      for (let r = 0; r < t.nrows; r++) if (t.get('unit', r) === k.unitLabels[u] && t.get('year', r) === k.times[p]) want = r;
      assert.equal(grid[u * nT + p], want);
    }
  }
  const incomplete = k.unitLabels.filter((_, u) => k.unitStart[u + 1]! - k.unitStart[u]! < nT);
  assert.ok(incomplete.length > 1);
  throwsCode(() => requireBalanced(k, 'the test index', 'unit', 'year'), 'E_UNBALANCED_PANEL', `"${incomplete[0]}"`, `${incomplete.length} units are incomplete`);
  const full = Table.fromColumns({ unit: ['a', 'b', 'a', 'b'], year: [1, 1, 2, 2] });
  requireBalanced(panelIndex(full, 'unit', 'year'), 'the test index', 'unit', 'year');
});

test('declarePanel is panelIndex with integer times: same order, units and times on a shuffled panel', () => {
  const rng = new Rng(5);
  const n = 500;
  const id = Array.from({ length: n }, (_, i) => Math.floor(i / 10) * 3 + 1);
  const yr = Array.from({ length: n }, (_, i) => 1990 + (i % 10) * 2);
  const perm = id.map((_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const t = Table.fromColumns({ id: perm.map((i) => id[i]!), year: perm.map((i) => yr[i]!) });
  const p = declarePanel(t, { unit: 'id', time: 'year' });
  const k = panelIndex(t, 'id', 'year');
  assert.deepEqual([...p.order], [...k.order]);
  assert.deepEqual(p.unitLabels, k.unitLabels);
  assert.deepEqual([...p.times], k.times);
  for (let j = 1; j < n; j++) {
    const a = p.order[j - 1]!, b = p.order[j]!;
    assert.ok(p.unitIndex[a]! < p.unitIndex[b]! || (p.unitIndex[a] === p.unitIndex[b] && p.timeOf[a]! < p.timeOf[b]!));
  }
});
