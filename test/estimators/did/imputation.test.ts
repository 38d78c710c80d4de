import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDidPanel } from '../../../src/estimators/did/panel.js';
import { imputationDid } from '../../../src/estimators/did/imputation.js';
import { panelDesign } from '../../../src/estimators/did/twfe.js';
import { FeolsResult } from '../../../src/estimators/ols/result.js';
import { simulateStaggeredPanel } from '../../../src/estimators/did/simulate.js';
import { numericColumn } from '../../../src/data/table.js';

const COLS = { outcome: 'y', unit: 'id', time: 'time', cohort: 'cohort' };
const DESIGN = { periods: [1, 2, 3, 4, 5, 6], cohorts: [0, 3, 5], probs: [0.4, 0.3, 0.3], tau: (g: number, t: number) => (g === 3 ? 2 : 1) + 0.5 * (t - g) };

test('imputation = OLS with a dummy per treated observation and unit + period FE (BJS Theorem 1 / feols reference)', () => {
  const panel = buildDidPanel(simulateStaggeredPanel({ ...DESIGN, units: 30, seed: 4 }), COLS);
  const r = imputationDid(panel);
  const { n, T, times, cohort } = panel;
  const N = n * T;
  const treated: number[] = [];
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) if (cohort[i]! !== 0 && times[t]! >= cohort[i]!) treated.push(i * T + t);
  const X = new Float64Array(N * treated.length);
  treated.forEach((row, j) => (X[j * N + row] = 1));
  const fit = FeolsResult.fit(panelDesign(panel, treated.map((_, j) => `d${j}`), X, 'y ~ dummies | id + time'), { vcov: 'iid', demeanTol: 1e-14 });
  assert.equal(r.effects.tau.length, treated.length);
  for (let j = 0; j < treated.length; j++) {
    const i = Math.floor(treated[j]! / T);
    const k = [...r.effects.unit].findIndex((u, q) => u === i && r.effects.time[q] === times[treated[j]! % T]);
    assert.ok(Math.abs(r.effects.tau[k]! - fit.fit.coef[j]!) < 1e-7, `obs ${j}: ${r.effects.tau[k]} vs ${fit.fit.coef[j]}`);
  }
});

test('imputation without noise recovers every heterogeneous effect exactly; SEs ~ 0', () => {
  const panel = buildDidPanel(simulateStaggeredPanel({ ...DESIGN, units: 40, sigma: 0, seed: 5 }), COLS);
  const r = imputationDid(panel);
  for (let j = 0; j < r.effects.tau.length; j++) {
    const g = panel.cohort[r.effects.unit[j]!]!;
    assert.ok(Math.abs(r.effects.tau[j]! - DESIGN.tau(g, r.effects.time[j]!)) < 1e-9);
  }
  assert.ok(r.overall.std_error < 1e-8);
  const h1 = r.byHorizon.find((b) => b.event_time === 1)!;
  assert.ok(h1.n_obs > 0);
});

test('imputation on a planted truth: unbiased overall ATT and conservative 95% CIs (100 seeded replications)', (t) => {
  let cover = 0, sumErr = 0;
  const R = 100;
  for (let r = 0; r < R; r++) {
    const panel = buildDidPanel(simulateStaggeredPanel({ ...DESIGN, units: 200, seed: 500 + r }), COLS);
    const res = imputationDid(panel);
    // target: mean true effect over this sample's treated observations
    let s = 0;
    for (let j = 0; j < res.effects.tau.length; j++) s += DESIGN.tau(panel.cohort[res.effects.unit[j]!]!, res.effects.time[j]!);
    const truth = s / res.effects.tau.length;
    sumErr += res.overall.estimate - truth;
    if (Math.abs(res.overall.estimate - truth) <= 1.96 * res.overall.std_error) cover++;
  }
  t.diagnostic(`mean error ${(sumErr / R).toFixed(4)}; coverage ${cover / R}`);
  assert.ok(Math.abs(sumErr / R) < 0.03, `mean error ${sumErr / R}`);
  assert.ok(cover / R >= 0.9, `coverage ${cover / R}`);
});

test('BJS pre-trend test: not rejected under parallel trends, rejected with a planted anticipation-like pre-trend', () => {
  const tab = simulateStaggeredPanel({ ...DESIGN, units: 600, seed: 31 });
  const ok = imputationDid(buildDidPanel(tab, COLS), { pretrends: 2 });
  assert.ok(ok.pretrend && ok.pretrend.test);
  assert.deepEqual(ok.pretrend.coefficients.map((c) => c.term), ['pre::-1', 'pre::-2']);
  assert.ok(ok.pretrend.test.p_value > 0.01, `p ${ok.pretrend.test.p_value}`);
  // treated units drift up by 0.5 in the period just before adoption
  const y = Float64Array.from(tab.numeric('y'));
  const t = tab.numeric('time'), g = tab.numeric('cohort');
  for (let i = 0; i < tab.nrows; i++) if (g[i]! !== 0 && t[i]! === g[i]! - 1) y[i] = y[i]! + 0.5;
  const bad = imputationDid(buildDidPanel(tab.withColumn(numericColumn('y', y)), COLS), { pretrends: 2 });
  assert.ok(bad.pretrend!.test!.p_value < 1e-4, `p ${bad.pretrend!.test!.p_value}`);
});
