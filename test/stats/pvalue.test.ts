import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confidenceInterval, criticalValue, pValueFromStat } from '../../src/stats/pvalue.js';
import { chi2Sf, fSf, normalCdf, tCdf } from '../../src/stats/distributions.js';
import { relDiff } from '../helpers/validation.js';

test('critical values reproduce the textbook ones (R: qt(0.975, 10), qnorm(0.975), qnorm(0.995))', () => {
  assert.ok(relDiff(criticalValue(0.95, 10), 2.228138851986274) < 1e-14);
  assert.ok(relDiff(criticalValue(0.95), 1.959963984540054) < 1e-14);
  assert.ok(relDiff(criticalValue(0.99), 2.5758293035489) < 1e-13);
  // Coverage: the interval holds `level` of the t mass.
  for (const [level, df] of [[0.9, 4], [0.95, 30], [0.999999, 7]] as const) {
    const c = criticalValue(level, df);
    assert.ok(relDiff(tCdf(c, df) - tCdf(-c, df), level) < 1e-12);
  }
  const [lo, hi] = confidenceInterval(2, 0.5, 0.95, Infinity);
  assert.ok(Math.abs(hi - lo - 2 * 0.5 * 1.959963984540054) < 1e-12 && Math.abs((lo + hi) / 2 - 2) < 1e-15);
});

test('pValueFromStat: two-sided for z and t, upper tail for F and chi2', () => {
  assert.ok(relDiff(pValueFromStat(-1.959963984540054, { kind: 'normal' }), 0.05) < 1e-12);
  assert.ok(relDiff(pValueFromStat(-2.5, { kind: 't', df: 7 }), 2 * tCdf(-2.5, 7)) < 1e-14);
  assert.equal(pValueFromStat(0, { kind: 't', df: 7 }), 1);
  assert.equal(pValueFromStat(4.2, { kind: 'F', df1: 2, df2: 40 }), fSf(4.2, 2, 40));
  assert.equal(pValueFromStat(9, { kind: 'chi2', df: 3 }), chi2Sf(9, 3));
  assert.ok(relDiff(pValueFromStat(40, { kind: 'normal' }), 2 * normalCdf(-40)) < 1e-12);
  assert.ok(Number.isNaN(pValueFromStat(NaN, { kind: 'normal' })));
  assert.throws(() => criticalValue(95), (e: any) => e.code === 'E_OPTION' && /level/.test(e.message));
  assert.throws(() => pValueFromStat(1, { kind: 'weibull' } as any), (e: any) => e.code === 'E_OPTION');
});
