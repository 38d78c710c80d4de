import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../src/data/table.js';
import { capitalStock } from '../../src/indicators/capital.js';
import { needsValidation, validationJson, validationPath } from '../helpers/validation.js';
import { readSimpleCsv } from './csv-helper.js';
import { throwsCode } from '../helpers/errors.js';

const CASE = 'dea-malmquist';


test('validation case (70 cities, 2000-2019, d = 0.06, g over 2000-2003): capital stock matches pim_expected.csv exactly', needsValidation(CASE), () => {
  const inputs = readSimpleCsv(validationPath(CASE, 'city-panel/pim_inputs.csv')!);
  const expected = readSimpleCsv(validationPath(CASE, 'city-panel/pim_expected.csv')!);
  const spec = validationJson(CASE, 'city-panel/spec.json').capital_stock;
  const r = capitalStock(inputs, { unit: 'city', time: 'year', investment: 'investment_nominal', deflator: 'price_index', depreciation: spec.d, growthYears: 4 });
  assert.equal(r.table.nrows, expected.nrows);
  const key = (t: Table, i: number) => `${t.get('city', i)}|${t.get('year', i)}`;
  const ours = new Map<string, number>();
  const ri = new Map<string, number>();
  for (let i = 0; i < r.table.nrows; i++) {
    ours.set(key(r.table, i), r.table.get('capital_stock', i) as number);
    ri.set(key(r.table, i), r.table.get('real_investment', i) as number);
  }
  let maxRel = 0;
  for (let i = 0; i < expected.nrows; i++) {
    const k = key(expected, i);
    const e = expected.get('capital_stock', i) as number;
    maxRel = Math.max(maxRel, Math.abs(ours.get(k)! - e) / e);
    const er = expected.get('real_investment', i) as number;
    maxRel = Math.max(maxRel, Math.abs(ri.get(k)! - er) / er);
  }
  // the file holds 15 significant digits: every value agrees to the last printed digit
  let mismatches = 0;
  for (let i = 0; i < expected.nrows; i++) {
    const ours15 = Number(ours.get(key(expected, i))!.toPrecision(15));
    if (ours15 !== expected.get('capital_stock', i)) mismatches++;
  }
  assert.equal(mismatches, 0);
  assert.ok(maxRel < 5e-15, `max relative difference ${maxRel}`);
  for (const { city, g } of spec.g_by_city) {
    const ours = r.growth.find((x) => x.unit === city)!;
    assert.ok(Math.abs(ours.g - g) < 1e-14, `${city}: ${ours.g} vs ${g}`);
  }
});

test('recursion equals the closed-form sum K_t = sum_k (1-d)^k RI_{t-k} + (1-d)^t RI_0/(g+d)', () => {
  const I = [10, 12, 13, 15, 14, 18, 21];
  const P = [1, 1.1, 1.15, 1.2, 1.3, 1.32, 1.4];
  const t = Table.fromColumns({ id: I.map(() => 'a'), year: I.map((_, k) => 2001 + k), inv: I, p: P });
  const d = 0.08;
  const r = capitalStock(t, { unit: 'id', time: 'year', investment: 'inv', deflator: 'p', depreciation: d, growthYears: 3 });
  const RI = I.map((v, k) => v / P[k]!);
  const g = Math.sqrt(RI[2]! / RI[0]!) - 1;
  const k0 = RI[0]! / (g + d);
  for (let k = 0; k < I.length; k++) {
    let sum = (1 - d) ** k * k0;
    for (let j = 0; j < k; j++) sum += (1 - d) ** j * RI[k - j]!;
    assert.ok(Math.abs((r.table.get('capital_stock', k) as number) - sum) < 1e-10 * sum);
  }
});

test('without a deflator investment is taken as real; baseTime rebases the deflator per unit', () => {
  const t = Table.fromColumns({ id: ['a', 'a', 'a', 'b', 'b', 'b'], year: [1, 2, 3, 1, 2, 3], inv: [10, 11, 12.1, 5, 6, 7.2], p: [2, 2, 2, 4, 4.4, 4.84] });
  const plain = capitalStock(t, { unit: 'id', time: 'year', investment: 'inv', growthYears: 3 });
  // unit a: RI = 10, 11, 12.1 -> g = 0.1 exactly; K_0 = 10 / 0.16 = 62.5
  assert.ok(Math.abs((plain.growth[0]!.g) - 0.1) < 1e-14);
  assert.ok(Math.abs((plain.table.get('capital_stock', 0) as number) - 62.5) < 1e-12);
  assert.ok(Math.abs((plain.table.get('capital_stock', 1) as number) - (11 + 0.94 * 62.5)) < 1e-12);
  const rebased = capitalStock(t, { unit: 'id', time: 'year', investment: 'inv', deflator: 'p', baseTime: 1, growthYears: 3 });
  // deflator of a is constant (rebased to 1): same as plain
  assert.ok(Math.abs((rebased.table.get('capital_stock', 2) as number) - (plain.table.get('capital_stock', 2) as number)) < 1e-12);
  // unit b: P = 1, 1.1, 1.21 after rebasing -> RI = 5, 5.4545.., 5.950..
  assert.ok(Math.abs((rebased.table.get('real_investment', 4) as number) - 6 / 1.1) < 1e-12);
});

test('bad inputs: gap, too few years, g + d <= 0, missing investment, bad deflator, options', () => {
  const gap = Table.fromColumns({ id: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b'], year: [1, 2, 4, 5, 1, 2, 3, 4, 5], inv: [1, 2, 3, 4, 1, 2, 3, 4, 5] });
  throwsCode(() => capitalStock(gap, { unit: 'id', time: 'year', investment: 'inv' }), 'E_PANEL_GAP', '"a"');
  const short = Table.fromColumns({ id: ['a', 'a'], year: [1, 2], inv: [1, 2] });
  throwsCode(() => capitalStock(short, { unit: 'id', time: 'year', investment: 'inv' }), 'E_PIM_SHORT', '"a"');
  const falling = Table.fromColumns({ id: ['a', 'a', 'a', 'a'], year: [1, 2, 3, 4], inv: [100, 50, 25, 12] });
  throwsCode(() => capitalStock(falling, { unit: 'id', time: 'year', investment: 'inv' }), 'E_PIM_GROWTH', 'g + d');
  const missing = Table.fromColumns({ id: ['a', 'a', 'a', 'a'], year: [1, 2, 3, 4], inv: [1, null, 2, 3] });
  throwsCode(() => capitalStock(missing, { unit: 'id', time: 'year', investment: 'inv' }), 'E_MISSING_VALUE', 'row 2');
  const bad = Table.fromColumns({ id: ['a', 'a', 'a', 'a'], year: [1, 2, 3, 4], inv: [1, 2, 2, 3], p: [1, 0, 1, 1] });
  throwsCode(() => capitalStock(bad, { unit: 'id', time: 'year', investment: 'inv', deflator: 'p' }), 'E_BAD_DEFLATOR', '"p"');
  throwsCode(() => capitalStock(bad, { unit: 'id', time: 'year', investment: 'inv', depreciation: 1.5 }), 'E_OPTION', 'depreciation');
  throwsCode(() => capitalStock(bad, { unit: 'id', time: 'year', investment: 'inv', growthYears: 1 }), 'E_OPTION', 'growthYears');
  const dup = Table.fromColumns({ id: ['a', 'a'], year: [1, 1], inv: [1, 2] });
  throwsCode(() => capitalStock(dup, { unit: 'id', time: 'year', investment: 'inv' }), 'E_DUPLICATE_KEY');
});
