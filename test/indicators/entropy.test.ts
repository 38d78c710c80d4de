import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../src/data/table.js';
import { Rng } from '../../src/stats/rng.js';
import { entropyIndex } from '../../src/indicators/entropy.js';
import { throwsCode } from '../helpers/errors.js';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);


test('hand-computed: one positive and one negative indicator, shift 0', () => {
  // x1 = 1,2,3 (positive) -> 0, 1/2, 1; x2 = 3,1,2 (negative) -> 0, 1, 1/2.
  // shares (0, 1/3, 2/3) and (0, 2/3, 1/3): equal entropies e = -(1/ln 3)(1/3 ln 1/3 + 2/3 ln 2/3) -> w = 1/2 each.
  const t = Table.fromColumns({ x1: [1, 2, 3], x2: [3, 1, 2] });
  const r = entropyIndex(t, { indicators: ['x1', '-x2'], shift: 0 });
  const e = -((1 / 3) * Math.log(1 / 3) + (2 / 3) * Math.log(2 / 3)) / Math.log(3);
  close(r.weights[0]!.entropy, e);
  close(r.weights[1]!.entropy, e);
  close(r.weights[0]!.weight, 0.5);
  assert.equal(r.weights[1]!.direction, 'negative');
  [0, 0.75, 0.75].forEach((s, i) => close(r.scores[i]!, s));
  assert.ok(r.table.has('score'));
});

test('hand-computed: unequal weights (a concentrated indicator has entropy 0 and gets more weight)', () => {
  // x1 = 1,2,3 -> shares (0, 1/3, 2/3); x2 = 1,1,3 -> (0, 0, 1): e2 = 0, d2 = 1; d1 = 1 - e1.
  const t = Table.fromColumns({ x1: [1, 2, 3], x2: [1, 1, 3] });
  const r = entropyIndex(t, { indicators: ['x1', 'x2'], shift: 0 });
  const e1 = (Math.log(3) - (2 / 3) * Math.log(2)) / Math.log(3);
  const d1 = 1 - e1;
  close(r.weights[0]!.weight, d1 / (d1 + 1));
  close(r.weights[1]!.weight, 1 / (d1 + 1));
  close(r.weights[1]!.entropy, 0);
  close(r.scores[2]!, 1);
  close(r.scores[1]!, (d1 / (d1 + 1)) * 0.5);
});

test('default shift 0.0001 enters standardised values and shares as documented', () => {
  const t = Table.fromColumns({ x1: [1, 2, 3], x2: [3, 1, 2] });
  const r = entropyIndex(t, { indicators: ['x1', '-x2'] });
  const s = [0.0001, 0.5001, 1.0001];
  const tot = s.reduce((a, b) => a + b, 0);
  const e = -s.reduce((a, v) => a + (v / tot) * Math.log(v / tot), 0) / Math.log(3);
  close(r.weights[0]!.entropy, e);
  close(r.weights[0]!.weight, 0.5);
  close(r.scores[0]!, 0.0001);
  assert.equal(r.shift, 0.0001);
});

test('properties: weights sum to 1 (per group), invariant to affine rescaling of an indicator; negative = reversed positive', () => {
  const rng = new Rng(21);
  const n = 60;
  const a = Array.from({ length: n }, () => rng.normal());
  const b = Array.from({ length: n }, () => Math.exp(rng.normal()));
  const c = Array.from({ length: n }, () => rng.uniform());
  const year = Array.from({ length: n }, (_, i) => 2010 + (i % 3));
  const t = Table.fromColumns({ a, b, c, year });
  const r = entropyIndex(t, { indicators: ['a', 'b', '-c'] });
  close(r.weights.reduce((s, w) => s + w.weight, 0), 1);
  const t2 = Table.fromColumns({ a: a.map((v) => 5 * v + 100), b, c: c.map((v) => -v), year });
  const r2 = entropyIndex(t2, { indicators: ['a', 'b', 'c'] });
  for (let k = 0; k < 3; k++) close(r.weights[k]!.weight, r2.weights[k]!.weight, 1e-12);
  for (let i = 0; i < n; i++) close(r.scores[i]!, r2.scores[i]!, 1e-12);
  const py = entropyIndex(t, { indicators: ['a', 'b', '-c'], by: 'year' });
  assert.equal(py.weights.length, 9);
  for (const g of [2010, 2011, 2012]) close(py.weights.filter((w) => w.group === g).reduce((s, w) => s + w.weight, 0), 1);
});

test('bad inputs: constant indicator (pooled and within a year), missing value, negative shift, one-row group', () => {
  throwsCode(() => entropyIndex(Table.fromColumns({ x: [1, 2, 3], k: [4, 4, 4] }), { indicators: ['x', 'k'] }), 'E_CONSTANT_INDICATOR', '"k"');
  const t = Table.fromColumns({ x: [1, 2, 3, 4], k: [1, 1, 2, 3], y: [1, 1, 2, 2] });
  throwsCode(() => entropyIndex(t, { indicators: ['x', 'k'], by: 'y' }), 'E_CONSTANT_INDICATOR', 'group 1');
  throwsCode(() => entropyIndex(Table.fromColumns({ x: [1, null, 3] }), { indicators: ['x'] }), 'E_MISSING_VALUE', 'row 2');
  throwsCode(() => entropyIndex(Table.fromColumns({ x: [1, 2, 3] }), { indicators: ['x'], shift: -1 }), 'E_OPTION', 'shift');
  throwsCode(() => entropyIndex(Table.fromColumns({ x: [1, 2, 3], y: [1, 1, 2] }), { indicators: ['x'], by: 'y' }), 'E_TOO_FEW_ROWS');
  throwsCode(() => entropyIndex(Table.fromColumns({ x: [1, 2, 3] }), { indicators: [] }), 'E_OPTION');
});
