/** Conformal intervals (Chernozhukov, Wuthrich & Zhu 2021): coverage on simulated panels, exactness limits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conformalIntervals } from '../../../src/estimators/scm/conformal.js';
import { synth, synthInference } from '../../../src/estimators/scm/synth.js';
import { factorPanel } from './helpers.js';

const OPTS = { unit: 'unit', time: 'time', outcome: 'y', treated: 'u000', treatTime: 2019, predictors: ['y@2005', 'y@2010', 'y@2015', 'y@2018'], customV: [1, 1, 1, 1] };

test('90% conformal intervals cover the planted effect in about 90% of seeded draws (120 draws, 2 post periods)', () => {
  let covered = 0;
  let total = 0;
  for (let d = 0; d < 120; d++) {
    const t = factorPanel({ nUnits: 12, nPre: 19, nPost: 2, seed: 300 + d, effect: 1, noise: 0.3 });
    const r = synth(t, OPTS);
    const c = conformalIntervals(r.setup.data, r.setup.times, r.fit.donors, { alpha: 0.1, gridPoints: 80 });
    for (const p of c.periods) {
      total++;
      if (p.confLow !== null && p.confHigh !== null && p.confLow <= 1 && 1 <= p.confHigh) covered++;
      assert.ok(p.confLow === null || p.confLow <= p.estimate + 1e-9);
      assert.ok(p.confHigh === null || p.confHigh >= p.estimate - 1e-9);
    }
  }
  const rate = covered / total;
  // Exact under exchangeable residuals; with 240 periods the binomial sd is about 0.02.
  assert.ok(rate >= 0.82 && rate <= 0.98, `coverage ${rate}`);
});

test('a large effect gets the smallest p-value 1/(T0+1); few pre-periods give unbounded intervals with a warning', async () => {
  const t = factorPanel({ nUnits: 12, nPre: 19, nPost: 2, seed: 9, effect: 10, noise: 0.2 });
  const r = await synthInference(synth(t, OPTS), { placebo: false, conformal: { alpha: 0.1 } });
  for (const p of r.conformal!.periods) {
    assert.ok(Math.abs(p.pValueZero - 1 / 20) < 1e-12);
    assert.ok(p.confLow! > 0, `interval ${p.confLow}..${p.confHigh} should exclude 0`);
  }
  const j = r.toJSON() as any;
  assert.equal(j.conformal.periods.length, 2);
  const short = factorPanel({ nUnits: 10, nPre: 5, nPost: 1, seed: 2, effect: 1 });
  const rs = synth(short, { ...OPTS, treatTime: 2005, predictors: ['y@2001', 'y@2004'], customV: [1, 1] });
  const c = conformalIntervals(rs.setup.data, rs.setup.times, rs.fit.donors, { alpha: 0.1 });
  assert.equal(c.periods[0]!.confLow, null);
  assert.ok(c.warnings.some((w) => w.code === 'W_CONFORMAL_UNBOUNDED'));
});
