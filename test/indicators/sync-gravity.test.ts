import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PilotzoneError } from '../../src/errors.js';
import { Rng } from '../../src/stats/rng.js';
import { syncIndex, syncTransform } from '../../src/indicators/sync.js';
import { greatCircleKm, gravityMass, gravityStrength, median } from '../../src/indicators/gravity.js';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('sync index, hand-computed: d_i = 1,2,3 and d_j = 3,1,2 (T = 3)', () => {
  // mean 2, population sd sqrt(2/3): z_i = (-1, 0, 1)/sqrt(2/3), z_j = (1, -1, 0)/sqrt(2/3)
  // rho_t = 1 - (z_it - z_jt)^2 / 2 = 1 - (3/4) * (a_t)^2 with a = (-2, 1, 1): -2, 1/4, 1/4
  const r = syncIndex([1, 2, 3], [3, 1, 2]);
  [-2, 0.25, 0.25].forEach((v, t) => close(r.rho[t]!, v));
  // transform with 2T - 3 = 3: 1/2 ln((1 + rho/3)/(1 - rho))
  close(r.transformed[0]!, 0.5 * Math.log((1 - 2 / 3) / 3));
  close(r.transformed[1]!, 0.5 * Math.log((1 + 1 / 12) / 0.75));
});

test('sync index properties: mean over t = Pearson correlation; bounds [3 - 2T, 1]; transform poles', () => {
  const rng = new Rng(31);
  const T = 10;
  const a = Array.from({ length: T }, () => rng.normal()), b = Array.from({ length: T }, () => rng.normal());
  const r = syncIndex(a, b);
  const ma = a.reduce((s, v) => s + v, 0) / T, mb = b.reduce((s, v) => s + v, 0) / T;
  let sab = 0, saa = 0, sbb = 0;
  for (let t = 0; t < T; t++) {
    sab += (a[t]! - ma) * (b[t]! - mb);
    saa += (a[t]! - ma) ** 2;
    sbb += (b[t]! - mb) ** 2;
  }
  close(r.rho.reduce((s, v) => s + v, 0) / T, sab / Math.sqrt(saa * sbb), 1e-12);
  for (const v of r.rho) assert.ok(v <= 1 && v >= 3 - 2 * T);
  // the extreme: one spike up in i, one spike down in j at the same t reaches the lower bound
  const spike = Array.from({ length: T }, (_, t) => (t === 0 ? 1 : 0));
  const ext = syncIndex(spike, spike.map((v) => -v));
  close(ext.rho[0]!, 3 - 2 * T, 1e-9);
  assert.equal(syncTransform(3 - 2 * T, T), -Infinity);
  assert.equal(syncTransform(1, T), Infinity);
  // T = 2: the transform is Fisher's z = atanh(rho)
  close(syncTransform(0.3, 2), Math.atanh(0.3));
});

test('sync index: constant series is E_CONSTANT_SERIES; unequal lengths E_SERIES_LENGTH', () => {
  assert.throws(() => syncIndex([1, 1, 1], [1, 2, 3]), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_CONSTANT_SERIES');
  assert.throws(() => syncIndex([1, 2], [1, 2, 3]), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_SERIES_LENGTH');
});

test('gravity strength, hand-computed: (P G S A)^(1/4) products over squared distance', () => {
  // masses: (16 * 1 * 1 * 1)^(1/4) = 2 and (1 * 81 * 1 * 1)^(1/4) = 3; D = 10 -> 6 / 100
  close(gravityMass(16, 1, 1, 1), 2);
  close(gravityMass(1, 81, 1, 1), 3);
  close(gravityStrength(2, 3, 10), 0.06);
  // administrative rank 4 multiplies F by 4^(1/4) = sqrt(2)
  close(gravityMass(16, 1, 1, 4) / gravityMass(16, 1, 1, 1), Math.SQRT2);
});

test('great-circle distance: quarter meridian, equator degree, symmetry', () => {
  const R = 6371.0088;
  close(greatCircleKm(0, 0, 90, 0), (Math.PI / 2) * R, 1e-9);
  close(greatCircleKm(0, 10, 0, 11), (Math.PI / 180) * R, 1e-9);
  close(greatCircleKm(31.23, 121.47, 39.9, 116.4), greatCircleKm(39.9, 116.4, 31.23, 121.47), 1e-9);
  // Shanghai-Beijing is about 1070 km
  const d = greatCircleKm(31.23, 121.47, 39.9, 116.4);
  assert.ok(d > 1000 && d < 1100);
  close(median([3, 1, 2]), 2);
  close(median([4, 1, 2, 3]), 2.5);
});
