import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsValidation, relDiff } from '../../helpers/validation.js';
import { loadMpdta, MPDTA_COLUMNS } from './mpdta.js';
import { buildDidPanel } from '../../../src/estimators/did/panel.js';
import { twfeStatic, twfeEventStudy, waldTest } from '../../../src/estimators/did/twfe.js';
import { sunAbraham } from '../../../src/estimators/did/sun-abraham.js';
import { attGt } from '../../../src/estimators/did/att-gt.js';
import { aggte } from '../../../src/estimators/did/aggte.js';
import { simulateStaggeredPanel } from '../../../src/estimators/did/simulate.js';

const data = loadMpdta();
const panelOf = () => buildDidPanel(data!.table, MPDTA_COLUMNS, { firstPeriodTreated: 'keep' });

test('TWFE static matches fixest on mpdta (coef 1e-10, clustered SE 1e-8, t df 499)', needsValidation('did-mpdta'), () => {
  const e = data!.expected.twfe.cluster_default;
  const r = twfeStatic(panelOf());
  const row = r.tidy().find((x) => x.term === 'treat_post')!;
  assert.ok(relDiff(row.estimate, e.coefficients.treat_post) < 1e-10);
  assert.ok(relDiff(row.std_error!, e.se.treat_post) < 1e-8);
  assert.ok(relDiff(row.p_value!, e.p.treat_post) < 1e-6);
  assert.equal(r.variance.tDf, e.t_df);
  assert.ok(relDiff(r.withinR2!, e.within_r2) < 1e-8);
});

test('TWFE event study i(rel, ref = c(-1, never)) matches fixest on mpdta (1e-8), joint pre-test computed', needsValidation('did-mpdta'), () => {
  const e = data!.expected.event_study_i;
  const r = twfeEventStudy(panelOf());
  for (const [term, b] of Object.entries(e.coefficients) as [string, number][]) {
    const row = r.feols.tidy().find((x) => x.term === term)!;
    assert.ok(row, term);
    assert.ok(relDiff(row.estimate, b) < 1e-8, `${term}: ${row.estimate} vs ${b}`);
    assert.ok(relDiff(row.std_error!, e.se[term]) < 1e-8, `${term} se`);
  }
  assert.equal(r.feols.variance.K, e.ssc_df_K);
  assert.ok(r.pretest && r.pretest.df1 === 3 && r.pretest.p_value > 0 && r.pretest.p_value < 1);
  const ref = r.coefficients.find((c) => c.event_time === -1)!;
  assert.equal(ref.reference, true);
  assert.equal(ref.estimate, 0);
});

test('Sun & Abraham matches fixest sunab on mpdta (cells, by period, ATT, by cohort; 1e-8) and equals CS point estimates', needsValidation('did-mpdta'), () => {
  const e = data!.expected.sunab;
  const r = sunAbraham(buildDidPanel(data!.table, MPDTA_COLUMNS));
  for (const c of e.cohort_x_period_unaggregated) {
    const row = r.feols.tidy().find((x) => x.term === c.term)!;
    assert.ok(row, c.term);
    assert.ok(relDiff(row.estimate, c.estimate) < 1e-8, c.term);
    assert.ok(relDiff(row.std_error!, c.se) < 1e-8, `${c.term} se`);
  }
  for (const [term, b] of Object.entries(e.by_relative_period.coefficients) as [string, number][]) {
    const row = r.byRelativePeriod.find((x) => x.term === term)!;
    assert.ok(relDiff(row.estimate, b) < 1e-8, term);
    assert.ok(relDiff(row.std_error, e.by_relative_period.se[term]) < 1e-8, `${term} se`);
  }
  assert.ok(relDiff(r.att.estimate, e.att[0].estimate) < 1e-8);
  assert.ok(relDiff(r.att.std_error, e.att[0].se) < 1e-8);
  assert.ok(relDiff(r.att.p_value, e.att[0].p) < 1e-6);
  for (const c of e.by_cohort) {
    const row = r.byCohort.find((x) => x.term === c.term)!;
    assert.ok(relDiff(row.estimate, c.estimate) < 1e-8 && relDiff(row.std_error, c.se) < 1e-8, c.term);
  }
  // unconditional, never treated, balanced: SA = CS point estimates
  const cs = aggte(attGt(buildDidPanel(data!.table, MPDTA_COLUMNS)), 'simple').fit.overall.estimate;
  assert.ok(Math.abs(cs - r.att.estimate) < 1e-10);
});

test('event study binning into end bins; Sun-Abraham recovers heterogeneous dynamic effects on a planted truth', () => {
  const periods = [1, 2, 3, 4, 5, 6, 7, 8];
  const tau = (g: number, t: number) => (g === 3 ? 2 : 0.5) * (1 + (t - g));
  const panel = buildDidPanel(simulateStaggeredPanel({ units: 3000, periods, cohorts: [0, 3, 6], probs: [0.3, 0.35, 0.35], tau, sigma: 0.5, seed: 21 }), { outcome: 'y', unit: 'id', time: 'time', cohort: 'cohort' });
  const sa = sunAbraham(panel);
  // e = 0: both cohorts (effects 2 and 0.5, equal shares): ~1.25; e = 3 only cohort 3: 8
  const e0 = sa.byRelativePeriod.find((r) => r.event_time === 0)!;
  const e3 = sa.byRelativePeriod.find((r) => r.event_time === 3)!;
  assert.ok(Math.abs(e0.estimate - 1.25) < 4 * e0.std_error + 0.03, `${e0.estimate}`);
  assert.ok(Math.abs(e3.estimate - 8) < 4 * e3.std_error, `${e3.estimate}`);
  const binned = twfeEventStudy(panel, { leads: 3, lags: 3 });
  const names = binned.coefficients.map((c) => c.rel);
  assert.ok(names.includes('rel::<=-3') && names.includes('rel::>=3'));
  assert.ok(!names.some((nm) => nm === 'rel::-4' || nm === 'rel::4'));
});

test('joint Wald pre-test: with one restriction F = t^2; the F-test p-value uses the clustered t df', needsValidation('did-mpdta'), () => {
  const r = twfeEventStudy(panelOf());
  const row = r.feols.tidy().find((x) => x.term === 'rel::-2')!;
  const w = waldTest(r.feols, ['rel::-2'])!;
  assert.ok(Math.abs(w.statistic - row.statistic! ** 2) < 1e-9);
  assert.ok(Math.abs(w.p_value - row.p_value!) < 1e-9);
  assert.equal(w.df2, 499);
  assert.equal(waldTest(r.feols, []), null);
});
