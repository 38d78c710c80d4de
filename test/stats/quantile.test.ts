import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantiles, quantileSorted } from '../../src/stats/quantile.js';

test('type 7 is linear interpolation between order statistics (R quantile default)', () => {
  const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
  // h = (n - 1) p: p = 0.33 -> h = 2.97 -> 3 + 0.97 * (4 - 3).
  assert.ok(Math.abs(quantileSorted(x, 0.33) - 3.97) < 1e-12);
  assert.equal(quantileSorted(x, 0), 1);
  assert.equal(quantileSorted(x, 1), 10);
  assert.equal(quantileSorted(x, 0.5), 5.5);
  assert.equal(quantileSorted(Float64Array.of(4), 0.3), 4);
  assert.ok(Number.isNaN(quantileSorted(new Float64Array(0), 0.5)));
  assert.deepEqual(quantiles([3, NaN, 1, 2], [0, 0.5, 1]), [1, 2, 3]);
});

test('type 2 averages at whole-number positions (Stata _pctile), robust to p * n rounding', () => {
  const x = Float64Array.from({ length: 30 }, (_, i) => i + 1);
  // 0.1 * 30 = 3.0000000000000004 in floating point, but the position is 3: average of x(3) and x(4).
  assert.equal(quantileSorted(x, 0.1, 2), 3.5);
  // 0.25 * 30 = 7.5: x(8).
  assert.equal(quantileSorted(x, 0.25, 2), 8);
  assert.equal(quantileSorted(x, 0, 2), 1);
  assert.equal(quantileSorted(x, 1, 2), 30);
  assert.throws(() => quantiles([1], [1.5]), (e: any) => e.code === 'E_OPTION');
  assert.throws(() => quantiles([1], [0.5], 5 as any), (e: any) => e.code === 'E_OPTION' && /type/.test(e.message));
});
