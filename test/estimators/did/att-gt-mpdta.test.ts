import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsValidation, relDiff } from '../../helpers/validation.js';
import { loadMpdta, MPDTA_COLUMNS } from './mpdta.js';
import { buildDidPanel } from '../../../src/estimators/did/panel.js';
import { attGt, type AttGtOptions } from '../../../src/estimators/did/att-gt.js';
import { aggte, type AggregationType } from '../../../src/estimators/did/aggte.js';

const data = loadMpdta();

const RUNS: { name: string; covariates?: string[]; opts: AttGtOptions; tol: number }[] = [
  { name: 'nevertreated_unconditional', opts: { control: 'never' }, tol: 1e-10 },
  { name: 'notyettreated_unconditional', opts: { control: 'notyet' }, tol: 1e-10 },
  { name: 'nevertreated_dr_lpop', covariates: ['lpop'], opts: { control: 'never', method: 'dr' }, tol: 1e-7 },
  { name: 'notyettreated_dr_lpop', covariates: ['lpop'], opts: { control: 'notyet', method: 'dr' }, tol: 1e-7 },
  { name: 'nevertreated_ipw_lpop', covariates: ['lpop'], opts: { control: 'never', method: 'ipw' }, tol: 1e-7 },
  { name: 'nevertreated_reg_lpop', covariates: ['lpop'], opts: { control: 'never', method: 'reg' }, tol: 1e-10 },
];

for (const run of RUNS) {
  test(`att_gt matches R did 2.1.2 on mpdta: ${run.name} (att, se, pre-test; rel tol ${run.tol})`, needsValidation('did-mpdta'), () => {
    const { table, expected } = data!;
    const panel = buildDidPanel(table, { ...MPDTA_COLUMNS, ...(run.covariates ? { covariates: run.covariates } : {}) });
    const res = attGt(panel, run.opts);
    const exp = expected.att_gt[run.name];
    const rows = res.rows();
    assert.equal(rows.length, exp.att_gt.length);
    assert.equal(res.fit.n, exp.n_units);
    for (const e of exp.att_gt) {
      const r = rows.find((q) => q.group === e.group && q.time === e.t);
      assert.ok(r, `ATT(${e.group},${e.t}) missing`);
      assert.ok(relDiff(r.estimate!, e.att) < run.tol, `ATT(${e.group},${e.t}) ${r.estimate} vs ${e.att}`);
      assert.ok(relDiff(r.std_error!, e.se) < run.tol, `SE(${e.group},${e.t}) ${r.std_error} vs ${e.se}`);
    }
    assert.ok(res.fit.pretest);
    assert.ok(relDiff(res.fit.pretest.statistic, exp.pretest_wald_stat) < run.tol);
    // did rounds its p-value to 5 decimals
    assert.equal(Math.round(res.fit.pretest.pValue * 1e5) / 1e5, exp.pretest_wald_pvalue);

    const aggs = expected.aggte[run.name];
    if (!aggs) return;
    for (const type of Object.keys(aggs) as AggregationType[]) {
      const a = aggte(res, type).fit;
      const ea = aggs[type];
      assert.ok(relDiff(a.overall.estimate, ea.overall_att) < run.tol, `${type} overall ${a.overall.estimate} vs ${ea.overall_att}`);
      assert.ok(relDiff(a.overall.se, ea.overall_se) < run.tol, `${type} overall SE ${a.overall.se} vs ${ea.overall_se}`);
      if (ea.by) {
        assert.equal(a.by.length, ea.by.length, `${type} by rows`);
        for (const b of ea.by) {
          const r = a.by.find((q) => q.key === b.e)!;
          assert.ok(relDiff(r.estimate, b.att) < run.tol, `${type} e=${b.e}`);
          assert.ok(relDiff(r.std_error!, b.se) < run.tol, `${type} SE e=${b.e}`);
        }
      }
    }
  });
}

test('att_gt reproduces the did README (published, 4 decimals) point estimates and pre-test p-value', needsValidation('did-mpdta'), () => {
  const { table, expected } = data!;
  const res = attGt(buildDidPanel(table, MPDTA_COLUMNS), { control: 'never', method: 'reg' });
  const rows = res.rows();
  for (const e of expected.published.att_gt_rounded) {
    const r = rows.find((q) => q.group === e.group && q.time === e.t)!;
    assert.equal(Math.round(r.estimate! * 1e4) / 1e4, e.att);
  }
  assert.equal(Math.round(res.fit.pretest!.pValue * 1e5) / 1e5, expected.published.pretest_pvalue);
  assert.equal(Math.round(aggte(res, 'dynamic').fit.overall.estimate * 1e4) / 1e4, expected.published.dynamic_overall_att);
  assert.equal(Math.round(aggte(res, 'group').fit.overall.estimate * 1e3) / 1e3, expected.published.group_overall_att);
});

test('group aggregation: did 2.1.2 weight term vs the exact one differ only in the overall SE', needsValidation('did-mpdta'), () => {
  const { table, expected } = data!;
  const res = attGt(buildDidPanel(table, MPDTA_COLUMNS));
  const a = aggte(res, 'group').fit, b = aggte(res, 'group', { groupWif: 'exact' }).fit;
  assert.equal(a.overall.estimate, b.overall.estimate);
  assert.ok(relDiff(a.overall.se, expected.aggte.nevertreated_unconditional.group.overall_se) < 1e-10);
  assert.ok(Math.abs(a.overall.se - b.overall.se) > 1e-6);
  assert.ok(relDiff(a.overall.se, b.overall.se) < 0.05);
});

test('multiplier bootstrap on mpdta: seeded, reproducible, SEs near the analytic ones, band wider than pointwise', needsValidation('did-mpdta'), () => {
  const { table } = data!;
  const panel = buildDidPanel(table, MPDTA_COLUMNS);
  const an = attGt(panel);
  const b1 = attGt(panel, { bootstrap: { seed: 11, iterations: 2000 } });
  const b2 = attGt(panel, { bootstrap: { seed: 11, iterations: 2000 } });
  const b3 = attGt(panel, { bootstrap: { seed: 12, iterations: 2000 } });
  assert.deepEqual(Array.from(b1.fit.se), Array.from(b2.fit.se));
  assert.notDeepEqual(Array.from(b1.fit.se), Array.from(b3.fit.se));
  for (let c = 0; c < an.fit.K; c++) assert.ok(relDiff(b1.fit.se[c]!, an.fit.se[c]!) < 0.12, `cell ${c}: ${b1.fit.se[c]} vs ${an.fit.se[c]}`);
  assert.ok(b1.fit.uniform && b1.fit.critVal > 1.96 && b1.fit.critVal < 4);
  assert.equal(b1.toJSON().bootstrap && (b1.toJSON().bootstrap as any).seed, 11);
  const m = attGt(panel, { bootstrap: { seed: 11, iterations: 2000, weights: 'mammen' } });
  for (let c = 0; c < an.fit.K; c++) assert.ok(relDiff(m.fit.se[c]!, an.fit.se[c]!) < 0.12);
  // aggregation inherits the bootstrap
  const ag = aggte(b1, 'dynamic').fit;
  const agA = aggte(an, 'dynamic').fit;
  assert.ok(ag.uniform);
  assert.ok(relDiff(ag.overall.se, agA.overall.se) < 0.12);
});
