import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../../src/data/table.js';
import { standardize, winsorize } from '../../../src/data/panel/index.js';

const x = [3, 1, 100, 4, 1, 5, 9, 2, 6, -50];

test('winsorize clips at type-7 quantiles (hand-computed)', () => {
  const t = Table.fromColumns({ x });
  const { table, report } = winsorize(t, 'x', { lower: 0.1, upper: 0.9 });
  // Sorted: -50 1 1 2 3 4 5 6 9 100. p = 0.1: h = 0.9 -> -50 + 0.9 * 51 = -4.1; p = 0.9: h = 8.1 -> 9 + 0.1 * 91 = 18.1.
  const g = report.groups[0]!;
  assert.ok(Math.abs(g.low - -4.1) < 1e-12 && Math.abs(g.high - 18.1) < 1e-12);
  assert.equal(g.clippedLow, 1);
  assert.equal(g.clippedHigh, 1);
  assert.equal(g.n, 10);
  const w = table.numeric('x_w');
  assert.deepEqual([...w].map((v, i) => (i === 2 || i === 9 ? null : v)), x.map((v, i) => (i === 2 || i === 9 ? null : v)));
  assert.equal(w[2], g.high);
  assert.equal(w[9], g.low);
  assert.deepEqual(table.numeric('x'), t.numeric('x'));
});

test("quantileType 2 reproduces Stata's _pctile cut-offs; defaults are 1% and 99%", () => {
  const t = Table.fromColumns({ x });
  const { report } = winsorize(t, 'x', { lower: 0.1, upper: 0.9, quantileType: 2 });
  // n p = 1 and 9 are whole numbers: averages (x(1) + x(2)) / 2 and (x(9) + x(10)) / 2.
  assert.equal(report.groups[0]!.low, (-50 + 1) / 2);
  assert.equal(report.groups[0]!.high, (9 + 100) / 2);
  const d = winsorize(t, 'x').report;
  assert.equal(d.lower, 0.01);
  assert.equal(d.upper, 0.99);
  // p = 0.01: h = 0.09 -> -50 + 0.09 * 51; p = 0.99: h = 8.91 -> 9 + 0.91 * 91.
  assert.ok(Math.abs(d.groups[0]!.low - (-50 + 0.09 * 51)) < 1e-12);
  assert.ok(Math.abs(d.groups[0]!.high - (9 + 0.91 * 91)) < 1e-12);
});

test('winsorize by group uses each group its own cut-offs; missing values and groups are left alone', () => {
  const t = Table.fromColumns({
    year: [2011, 2011, 2011, 2011, 2012, 2012, 2012, null],
    v: [1, 2, 3, 40, 10, 20, NaN, 1000],
  });
  const { table, report } = winsorize(t, 'v', { lower: 0, upper: 0.5, by: 'year', name: 'v' });
  // 2011: 1 2 3 40, p = 0.5 -> h = 1.5 -> 2.5. 2012: 10 20 -> h = 0.5 -> 15.
  assert.deepEqual(report.groups.map((g) => [g.group, g.n, g.low, g.high, g.clippedHigh]), [[2011, 4, 1, 2.5, 2], [2012, 2, 10, 15, 1]]);
  assert.equal(report.missingGroup, 1);
  assert.deepEqual([...table.numeric('v')], [1, 2, 2.5, 2.5, 10, 15, NaN, 1000]);
});

test('winsorize bad inputs: cut-offs, unknown or text column', () => {
  const t = Table.fromColumns({ x, s: x.map((v) => `k${v}`) });
  assert.throws(() => winsorize(t, 'x', { lower: 0.5, upper: 0.5 }), (e: any) => e.code === 'E_OPTION' && /lower/.test(e.message));
  assert.throws(() => winsorize(t, 'x', { upper: 1.5 }), (e: any) => e.code === 'E_OPTION' && /upper/.test(e.message));
  assert.throws(() => winsorize(t, 'x', { lower: -0.1 }), (e: any) => e.code === 'E_OPTION' && /lower/.test(e.message));
  assert.throws(() => winsorize(t, 'y'), (e: any) => e.code === 'E_MISSING_COLUMN' && /"y"/.test(e.message));
  assert.throws(() => winsorize(t, 'x', { by: 'yr' }), (e: any) => e.code === 'E_MISSING_COLUMN' && /"yr"/.test(e.message));
  assert.throws(() => winsorize(t, 's'), (e: any) => e.code === 'E_NON_NUMERIC' && /"s"/.test(e.message));
});

test('standardize: sample sd, by group, constant groups warned', () => {
  const t = Table.fromColumns({ g: ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'c'], v: [1, 2, 3, 4, NaN, 7, 7, 5] });
  const { table, report } = standardize(t, 'v', { by: 'g' });
  const sd = Math.sqrt(((1.5 ** 2 + 0.5 ** 2) * 2) / 3);
  const z = table.numeric('v_z');
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(z[i]! - (i + 1 - 2.5) / sd) < 1e-15);
  assert.ok(Number.isNaN(z[4]!) && Number.isNaN(z[5]!) && Number.isNaN(z[7]!));
  assert.deepEqual(report.groups.map((r) => [r.group, r.n]), [['a', 4], ['b', 2], ['c', 1]]);
  assert.equal(report.warnings.length, 1);
  assert.equal(report.warnings[0]!.code, 'W_CONSTANT_GROUP');
  assert.match(report.warnings[0]!.message, /2 group\(s\) \("b", "c"\)/);
  // Whole column: mean 0, sd 1 over non-missing values.
  const all = standardize(t, 'v', { name: 'zv' }).table.numeric('zv');
  const vals = [...all].filter((v) => !Number.isNaN(v));
  const m = vals.reduce((s, v) => s + v, 0) / vals.length;
  const s2 = vals.reduce((s, v) => s + (v - m) ** 2, 0) / (vals.length - 1);
  assert.ok(Math.abs(m) < 1e-15 && Math.abs(s2 - 1) < 1e-14);
  assert.throws(() => standardize(t, 'g'), (e: any) => e.code === 'E_NON_NUMERIC');
  assert.throws(() => standardize(t, 'v', { name: '' }), (e: any) => e.code === 'E_OPTION' && /name/.test(e.message));
});
