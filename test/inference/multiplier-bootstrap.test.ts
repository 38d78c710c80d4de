import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multiplierBootstrap, quantileType1 } from '../../src/inference/multiplier-bootstrap.js';
import { Rng } from '../../src/stats/rng.js';

test('quantileType1 is R quantile(type = 1): the inverse empirical CDF', () => {
  const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  // R: quantile(1:10, c(.25, .5, .75, .95, 1), type = 1) = 3 5 8 10 10
  assert.deepEqual([0.25, 0.5, 0.75, 0.95, 1].map((p) => quantileType1(x, p)), [3, 5, 8, 10, 10]);
  assert.equal(quantileType1(x, 0), 1);
});

test('multiplier bootstrap SE of a mean equals sd/sqrt(n) within Monte Carlo error; seeded and reproducible', () => {
  const r = new Rng(3);
  const n = 2000;
  const psi = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    psi[i] = r.normal() * 2;
    psi[n + i] = r.normal();
  }
  const sd = (o: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += psi[o + i]! ** 2;
    return Math.sqrt(s / n);
  };
  for (const weights of ['rademacher', 'mammen'] as const) {
    const b = multiplierBootstrap(psi, n, 2, { seed: 9, iterations: 4000, weights });
    assert.ok(Math.abs(b.se[0]! / (sd(0) / Math.sqrt(n)) - 1) < 0.06, `${weights} col 0`);
    assert.ok(Math.abs(b.se[1]! / (sd(n) / Math.sqrt(n)) - 1) < 0.06, `${weights} col 1`);
    // two independent columns: sup-t critical value between the pointwise 1.96 and Bonferroni's 2.24 (+ MC slack)
    assert.ok(b.critVal > 2.05 && b.critVal < 2.4, `crit ${b.critVal}`);
    const again = multiplierBootstrap(psi, n, 2, { seed: 9, iterations: 4000, weights });
    assert.deepEqual(Array.from(again.se), Array.from(b.se));
    assert.equal(b.seed, 9);
  }
});

test('clustered multiplier bootstrap draws clusters; degenerate columns get NaN and leave the band', () => {
  const n = 600;
  const psi = new Float64Array(2 * n);
  const cluster = new Int32Array(n);
  const r = new Rng(4);
  const shock = Array.from({ length: 30 }, () => r.normal());
  for (let i = 0; i < n; i++) {
    cluster[i] = i % 30;
    psi[i] = shock[i % 30]! + 0.1 * r.normal(); // strongly correlated within cluster
  }
  const un = multiplierBootstrap(psi, n, 2, { seed: 1, iterations: 2000 });
  const cl = multiplierBootstrap(psi, n, 2, { seed: 1, iterations: 2000, cluster });
  assert.equal(cl.nDraws, 30);
  assert.ok(Number.isNaN(cl.se[1]!) && Number.isNaN(un.se[1]!));
  // within-cluster correlation: the clustered SE is much larger than the one treating rows as independent
  assert.ok(cl.se[0]! > 2 * un.se[0]!, `${cl.se[0]} vs ${un.se[0]}`);
  assert.ok(Number.isFinite(cl.critVal));
});
