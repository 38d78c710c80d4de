/**
 * Under no effect and exchangeable units, the in-space placebo rank of the treated unit is uniform on
 * 1..N (Abadie, Diamond & Hainmueller 2010): a chi-squared goodness-of-fit test over 200 seeded draws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synth, synthInference } from '../../../src/estimators/scm/synth.js';
import { chi2Quantile } from '../../../src/stats/distributions.js';
import { factorPanel } from './helpers.js';

test('placebo p-values are uniform under no effect (200 draws, 12 units, chi-squared at 0.001), and small under a large effect', async () => {
  const N = 12;
  const draws = 200;
  const counts = new Array<number>(N).fill(0);
  const perPeriodCounts = new Array<number>(N).fill(0);
  const opts = { unit: 'unit', time: 'time', outcome: 'y', treated: 'u000', treatTime: 2008, predictors: ['x1', 'x2', 'y@2004', 'y@2007'], maxEval: 150 };
  for (let d = 0; d < draws; d++) {
    const t = factorPanel({ nUnits: N, nPre: 8, nPost: 2, seed: 1000 + d, effect: 0, noise: 0.3, exchangeable: true });
    const r = await synthInference(synth(t, opts), { threads: 1, exclusionThresholds: [] });
    counts[r.placebo!.rank - 1]!++;
    perPeriodCounts[Math.round(r.placebo!.pValuesByTime[0]!.pValue * N) - 1]!++;
  }
  const e = draws / N;
  const stat = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
  const statPeriod = perPeriodCounts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
  const crit = chi2Quantile(0.999, N - 1);
  assert.ok(stat < crit, `rank counts ${counts.join(',')}: chi2 = ${stat.toFixed(1)} >= ${crit.toFixed(1)}`);
  assert.ok(statPeriod < crit, `per-period counts ${perPeriodCounts.join(',')}: chi2 = ${statPeriod.toFixed(1)}`);
  // Power: the same design with an effect of 5 noise sd puts the treated unit first almost always.
  let first = 0;
  for (let d = 0; d < 20; d++) {
    const t = factorPanel({ nUnits: N, nPre: 8, nPost: 2, seed: 5000 + d, effect: 1.5, noise: 0.3, exchangeable: true });
    const r = await synthInference(synth(t, opts), { threads: 1, exclusionThresholds: [] });
    if (r.placebo!.rank === 1) first++;
  }
  assert.ok(first >= 15, `rank 1 in ${first} of 20 draws`);
});
