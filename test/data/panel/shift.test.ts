import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../../src/data/table.js';
import { Rng } from '../../../src/stats/rng.js';
import { declarePanel, diff, lag, lead, type Panel } from '../../../src/data/panel/index.js';

/** A shuffled unbalanced panel: 40 units, years 2000-2019, each unit-year kept with probability 0.7. */
function randomPanel(seed: number): Panel {
  const rng = new Rng(seed);
  const unit: string[] = [];
  const year: number[] = [];
  const x: number[] = [];
  for (let u = 0; u < 40; u++) {
    for (let y = 2000; y < 2020; y++) {
      if (rng.uniform() < 0.3) continue;
      unit.push(`u${u}`);
      year.push(y);
      x.push(rng.uniform() < 0.05 ? NaN : rng.normal());
    }
  }
  const perm = rng.permutation(unit.length);
  const t = Table.fromColumns({
    unit: Array.from(perm, (i) => unit[i]!),
    year: Array.from(perm, (i) => year[i]!),
    x: Float64Array.from(perm, (i) => x[i]!),
  });
  return declarePanel(t, { unit: 'unit', time: 'year' });
}

/** Slow reference: look the unit-year up in a map. */
function referenceShift(p: Panel, column: string, k: number): Float64Array {
  const x = p.table.numeric(column);
  const byKey = new Map<string, number>();
  for (let i = 0; i < p.nrows; i++) byKey.set(`${p.table.get('unit', i)}|${p.timeOf[i]}`, x[i]!);
  const out = new Float64Array(p.nrows);
  for (let i = 0; i < p.nrows; i++) out[i] = byKey.get(`${p.table.get('unit', i)}|${p.timeOf[i]! - k}`) ?? NaN;
  return out;
}

const same = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b;

test('lag and lead match a brute-force lookup by unit and year (seeded unbalanced panels)', () => {
  for (const seed of [1, 2, 3]) {
    const p = randomPanel(seed);
    for (const k of [1, 2, 5]) {
      const l = lag(p, 'x', k).numeric(`L${k}.x`);
      const f = lead(p, 'x', k).numeric(`F${k}.x`);
      const lr = referenceShift(p, 'x', k);
      const fr = referenceShift(p, 'x', -k);
      for (let i = 0; i < p.nrows; i++) {
        assert.ok(same(l[i]!, lr[i]!), `lag ${k} row ${i}`);
        assert.ok(same(f[i]!, fr[i]!), `lead ${k} row ${i}`);
      }
    }
  }
});

test('lag of lead is the identity where defined; diff = x - lag', () => {
  const p = randomPanel(11);
  const q = p.withTable(lead(p, 'x', 2));
  const back = lag(q, 'F2.x', 2).numeric('L2.F2.x');
  const x = p.table.numeric('x');
  const d = diff(p, 'x', 3).numeric('D3.x');
  const l3 = lag(p, 'x', 3).numeric('L3.x');
  // L2.F2.x at t is x at t when the unit has a row at t - 2, else missing.
  const yearTwoBefore = referenceShift(p, 'year', 2);
  let defined = 0;
  for (let i = 0; i < p.nrows; i++) {
    if (!Number.isNaN(yearTwoBefore[i]!)) {
      assert.ok(same(back[i]!, x[i]!), `row ${i}`);
      defined++;
    } else assert.ok(Number.isNaN(back[i]!));
    assert.ok(same(d[i]!, x[i]! - l3[i]!));
  }
  assert.ok(defined > 100);
});

test('gaps give missing values, not the previous row', () => {
  const t = Table.fromColumns({ c: ['A', 'A', 'A', 'B', 'B'], year: [2011, 2012, 2014, 2011, 2012], x: [1, 2, 4, 10, 20] });
  const p = declarePanel(t, { unit: 'c', time: 'year' });
  const l = lag(p, 'x').numeric('L1.x');
  assert.deepEqual([...l], [NaN, 1, NaN, NaN, 10]);
  assert.deepEqual([...lag(p, 'x', 2).numeric('L2.x')], [NaN, NaN, 2, NaN, NaN]);
  assert.deepEqual([...lead(p, 'x').numeric('F1.x')], [2, NaN, NaN, 20, NaN]);
  assert.deepEqual([...diff(p, 'x').numeric('D1.x')], [NaN, 1, NaN, NaN, 10]);
  // String columns lag too; a custom name is used.
  const s = declarePanel(Table.fromColumns({ c: ['A', 'A'], year: [1, 2], g: ['lo', 'hi'] }), { unit: 'c', time: 'year' });
  assert.deepEqual(lag(s, 'g', 1, { name: 'g_prev' }).toObjects().map((r) => r.g_prev), [null, 'lo']);
});

test('bad inputs: unknown column, text column for diff, bad k, key column as name', () => {
  const t = Table.fromColumns({ c: ['A', 'A'], year: [1, 2], x: [1, 2], g: ['a', 'b'] });
  const p = declarePanel(t, { unit: 'c', time: 'year' });
  assert.throws(() => lag(p, 'nope'), (e: any) => e.code === 'E_MISSING_COLUMN' && /nope/.test(e.message));
  assert.throws(() => diff(p, 'g'), (e: any) => e.code === 'E_NON_NUMERIC' && /"g"/.test(e.message));
  assert.throws(() => lag(p, 'x', 0), (e: any) => e.code === 'E_OPTION' && /option k/.test(e.message));
  assert.throws(() => lead(p, 'x', 1.5), (e: any) => e.code === 'E_OPTION' && /option k/.test(e.message));
  assert.throws(() => lag(p, 'x', 1, { name: 'year' }), (e: any) => e.code === 'E_OPTION' && /time column/.test(e.message));
});
