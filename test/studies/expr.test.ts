import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpr } from '../../src/studies/expr.js';
import { PilotzoneError } from '../../src/errors.js';

const cols: Record<string, Float64Array> = { a: Float64Array.from([1, 2, 3, NaN]), b: Float64Array.from([4, 0, -1, 2]) };
const ev = (s: string) => Array.from(parseExpr(s).evaluate((c) => cols[c]!, 4));

test('precedence, parentheses, unary minus and numbers', () => {
  assert.deepEqual(ev('a + b * 2'), [9, 2, 1, NaN]);
  assert.deepEqual(ev('(a + b) * 2'), [10, 4, 4, NaN]);
  assert.deepEqual(ev('-a - -1'), [0, -1, -2, NaN]);
  assert.deepEqual(ev('a / 2 / 2'), [0.25, 0.5, 0.75, NaN]);
  assert.deepEqual(ev('1.5e1 - a'), [14, 13, 12, NaN]);
});

test('functions; division by zero and log of a non-positive value are missing, never Infinity', () => {
  assert.deepEqual(ev('a / b'), [0.25, NaN, -3, NaN]);
  assert.deepEqual(ev('log(b)').map((x) => (Number.isNaN(x) ? 'NaN' : Number(x.toFixed(12)))), [Number(Math.log(4).toFixed(12)), 'NaN', 'NaN', Number(Math.log(2).toFixed(12))]);
  assert.deepEqual(ev('sqrt(abs(b))'), [2, 0, 1, Math.SQRT2]);
  assert.deepEqual(ev('exp(a - a)'), [1, 1, 1, NaN]);
});

test('columns are listed once; malformed expressions are E_EXPR', () => {
  assert.deepEqual(parseExpr('(a + b) / a').columns, ['a', 'b']);
  for (const bad of ['a +', '(a + b', 'a b', 'foo(a)', 'a $ b', '']) {
    assert.throws(() => parseExpr(bad), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_EXPR', bad);
  }
});
