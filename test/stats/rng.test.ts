import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/stats/rng.js';

test('same seed and stream give the same draws; forks differ', () => {
  const a = new Rng(42), b = new Rng(42);
  for (let i = 0; i < 100; i++) assert.equal(a.uniform(), b.uniform());
  const f0 = new Rng(42).fork(0), f1 = new Rng(42).fork(1);
  assert.notEqual(f0.uniform(), f1.uniform());
});

test('uniform and normal moments (seeded, n = 200000)', () => {
  const r = new Rng(7);
  const n = 200000;
  let su = 0, sz = 0, szz = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = r.normal();
    sz += z;
    szz += z * z;
  }
  // 5-sigma bounds: SE(mean U) = 0.2887/sqrt(n), SE(mean Z) = 1/sqrt(n), SE(var Z) = sqrt(2/n).
  assert.ok(Math.abs(su / n - 0.5) < 5 * 0.2887 / Math.sqrt(n));
  assert.ok(Math.abs(sz / n) < 5 / Math.sqrt(n));
  assert.ok(Math.abs(szz / n - 1) < 5 * Math.sqrt(2 / n));
});

test('permutation is a permutation', () => {
  const p = new Rng(1).permutation(1000);
  const seen = new Uint8Array(1000);
  for (const v of p) seen[v]++;
  assert.ok(seen.every((c) => c === 1));
});
