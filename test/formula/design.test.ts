import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table, numericColumn, stringColumn } from '../../src/data/table.js';
import { buildDesign } from '../../src/formula/design.js';
import { PilotzoneError } from '../../src/errors.js';

const t = new Table([
  numericColumn('y', [1, 2, 3, 4, 5, NaN]),
  numericColumn('x', [1, 0, 2, 5, 3, 1]),
  numericColumn('z', [1, 2, 0, 4, 5, 6]),
  stringColumn('g', ['a', 'b', 'a', 'c', null, 'b']),
  numericColumn('w', [1, 2, 0, 1, 1, 1]),
]);

test('missing values and zero weights are removed and counted by variable', () => {
  const d = buildDesign(t, 'y ~ x + log(z) | g', { weights: 'w' });
  // row 6: y missing; row 5: g missing; row 3: log(0) missing (also weight 0, counted as missing first)
  assert.deepEqual([...d.rows], [0, 1, 3]);
  assert.equal(d.removed.missing, 3);
  assert.equal(d.removed.zeroWeight, 0);
  assert.deepEqual(d.removed.byVariable, { y: 1, 'log(z)': 1, g: 1 });
  assert.equal(d.fe[0]!.nlevels, 3);
  assert.deepEqual(d.fe[0]!.levels, ['a', 'b', 'c']);
  assert.equal(d.intercept, false);
  assert.deepEqual(d.x.names, ['x', 'log(z)']);
  const d2 = buildDesign(t, 'y ~ x', { weights: 'w' });
  assert.equal(d2.removed.zeroWeight, 1);
  assert.deepEqual(d2.x.names, ['(Intercept)', 'x']);
  assert.equal(d2.n, 4);
  assert.deepEqual([...d2.x.X.subarray(0, d2.n)], [1, 1, 1, 1]);
});

test('string regressors become dummies without the first level; interactions multiply', () => {
  const d = buildDesign(t, 'y ~ g + x:z');
  assert.deepEqual(d.x.names, ['(Intercept)', 'gb', 'gc', 'x:z']);
  const n = d.n;
  const col = (j: number) => [...d.x.X.subarray(j * n, (j + 1) * n)];
  assert.deepEqual(col(1), [0, 1, 0, 0]);
  assert.deepEqual(col(3), [1, 0, 0, 20]);
});

test('i() dummies with references, keep, and an interacted variable', () => {
  const tt = Table.fromColumns({ y: [1, 2, 3, 4, 5, 6], rel: [-2, -1, 0, 1, -1000, 0], tr: [1, 1, 1, 1, 0, 2] });
  const d = buildDesign(tt, 'y ~ i(rel, ref = c(-1, -1000))');
  assert.deepEqual(d.x.names, ['(Intercept)', 'rel::-2', 'rel::0', 'rel::1']);
  const d2 = buildDesign(tt, 'y ~ i(rel, tr, ref = -1, keep = c(0, 1))');
  assert.deepEqual(d2.x.names, ['(Intercept)', 'rel::0:tr', 'rel::1:tr']);
  assert.deepEqual([...d2.x.X.subarray(6, 12)], [0, 0, 1, 0, 0, 2]);
  assert.throws(() => buildDesign(tt, 'y ~ i(rel, ref = 7)'), /reference level 7 is not a value/);
});

test('lag and lead respect gaps in the panel', () => {
  const p = Table.fromColumns({ id: ['A', 'A', 'A', 'B', 'B'], yr: [2001, 2002, 2004, 2001, 2002], v: [1, 2, 4, 10, 20] });
  const d = buildDesign(p, 'v ~ lag(v, 1)', { panel: { unit: 'id', time: 'yr' } });
  // Rows with a missing lag drop: A2001 (no 2000), A2004 (2003 is a gap), B2001.
  assert.deepEqual([...d.rows], [1, 4]);
  assert.deepEqual([...d.x.X.subarray(d.n, 2 * d.n)], [1, 10]);
  const e = buildDesign(p, 'v ~ f(v)', { panel: { unit: 'id', time: 'yr' } });
  assert.deepEqual([...e.rows], [0, 3]);
  const dd = buildDesign(p, 'v ~ d(v)', { panel: { unit: 'id', time: 'yr' } });
  assert.deepEqual([...dd.rows], [1, 4]);
  assert.deepEqual([...dd.x.X.subarray(dd.n, 2 * dd.n)], [1, 10]);
  assert.throws(() => buildDesign(p, 'v ~ lag(v)'), /need the panel structure/);
});

test('fixed-effect combinations and clusters', () => {
  const p = Table.fromColumns({ y: [1, 2, 3, 4], a: ['p', 'p', 'q', 'q'], b: [1, 2, 1, 2] });
  const d = buildDesign(p, 'y ~ 1 | a^b', { cluster: ['a'] });
  assert.deepEqual(d.fe[0]!.levels, ['p_1', 'p_2', 'q_1', 'q_2']);
  assert.equal(d.clusters[0]!.nlevels, 2);
});

test('bad inputs: unknown column, text in arithmetic, negative weight, nothing left', () => {
  assert.throws(() => buildDesign(t, 'y ~ nope'), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_FORMULA' && /column "nope" not found/.test(e.message));
  assert.throws(() => buildDesign(t, 'y ~ log(g)'), /holds text/);
  const neg = Table.fromColumns({ y: [1, 2], x: [1, 2], w: [1, -1] });
  assert.throws(() => buildDesign(neg, 'y ~ x', { weights: 'w' }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_OPTION' && /row 2/.test(e.message));
  const empty = Table.fromColumns({ y: [NaN, NaN], x: [1, 2] });
  assert.throws(() => buildDesign(empty, 'y ~ x'), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_NO_ROWS' && /y: 2/.test(e.message));
  assert.throws(() => buildDesign(t, 'y ~ x | nofe'), /fixed-effect column "nofe" not found/);
});

test('infinite values are removed like missing ones (as fixest)', () => {
  const tt = Table.fromColumns({ y: [1, Infinity, 3, 4], x: [1, 2, -Infinity, 4] });
  const d = buildDesign(tt, 'y ~ x');
  assert.deepEqual([...d.rows], [0, 3]);
  assert.deepEqual(d.removed.byVariable, { y: 1, x: 1 });
});
