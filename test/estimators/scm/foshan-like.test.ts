/**
 * Seed 000's size (1 treated, 280 donors, 11 predictors, 5 pre-periods; ../shared/validation/scm-foshan-like),
 * where R Synth's defaults stop with a singular ipop system: our fit completes, the weights are a valid
 * simplex point, the planted effects (0.3, 0.6, 0.9) are recovered, and a sample of placebo fits (each with
 * a 279-donor pool) completes too. The full 280-placebo run is timed in bench/scm.ts, not here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitScmCore } from '../../../src/estimators/scm/fit-core.js';
import { synth } from '../../../src/estimators/scm/synth.js';
import { FOSHAN_PREDICTORS, foshanLikePanel } from '../../../src/estimators/scm/simulate.js';

test('Foshan-like design: the treated fit completes and recovers the planted effects; sampled placebo fits complete', () => {
  const t = foshanLikePanel({ seed: 20190101 });
  const r = synth(t, { unit: 'city', time: 'year', outcome: 'y', treated: 'city001', treatTime: 2019, predictors: FOSHAN_PREDICTORS.map((p) => `${p}@2014-2018`) });
  assert.equal(r.fit.donors.length, 280);
  assert.equal(r.setup.data.k, 11);
  assert.equal(r.setup.data.preIdx.length, 5);
  assert.ok(Math.abs(r.fit.w.reduce((a, b) => a + b, 0) - 1) < 1e-12 && r.fit.w.every((x) => x >= 0));
  const post = r.series().filter((s) => s.time >= 2019).map((s) => s.gap);
  const truth = [0.3, 0.6, 0.9];
  // Outcome noise sd 0.1 per period; the synthetic control averages donors, so each gap is within ~0.25.
  post.forEach((g, q) => assert.ok(Math.abs(g - truth[q]!) < 0.25, `gap ${2019 + q}: ${g} vs ${truth[q]}`));
  assert.ok(Math.abs(post.reduce((a, b) => a + b, 0) / 3 - 0.6) < 0.15);
  // Placebos: each donor in turn, the other 279 donors as its pool (a sample of 8 here).
  const pool = Array.from(r.fit.donors);
  for (const i of [0, 37, 59, 87, 114, 219, 260, 279]) {
    const f = fitScmCore(r.setup.data, pool[i]!, pool.filter((_, q) => q !== i), r.setup.fitOptions);
    assert.equal(f.donors.length, 279);
    assert.ok(Number.isFinite(f.lossV) && f.lossV >= 0 && Number.isFinite(f.ratio));
    assert.ok(Math.abs(f.w.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  }
});
