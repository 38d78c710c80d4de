import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/stats/rng.js';
import { rootPow } from '../../src/indicators/exact-root.js';

test('rootPow(x, 2) is the correctly rounded square root (IEEE sqrt) for 20000 random x', () => {
  const rng = new Rng(5);
  for (let i = 0; i < 20000; i++) {
    const x = Math.exp(rng.normal() * 5);
    assert.equal(rootPow(x, 2), Math.sqrt(x));
  }
});

test('rootPow(x, k) is within one ulp of Math.pow and its k-th power brackets x', () => {
  const rng = new Rng(6);
  for (let i = 0; i < 5000; i++) {
    const x = Math.exp(rng.normal() * 3);
    for (const k of [3, 4, 5]) {
      const y = rootPow(x, k), p = Math.pow(x, 1 / k);
      assert.ok(Math.abs(y - p) <= 2.5e-16 * p, `${x} ${k}`);
    }
  }
  assert.equal(rootPow(8, 3), 2);
  assert.equal(rootPow(5, 1), 5);
});
