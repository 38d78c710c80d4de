import { test } from 'node:test';
import assert from 'node:assert/strict';
import { psm, matchOnScore } from '../../../src/estimators/psm/psm.js';
import { covariateDesign } from '../../../src/estimators/psm/covariates.js';
import { needsValidation, validationJson, validationPath, relDiff } from '../../helpers/validation.js';
import { readCsvRows, readCsvTable } from './validation-csv.js';

const CASE = 'psm-lalonde';
const COVS = ['age', 'educ', 'race', 'married', 'nodegree', 're74', 're75'];
const RUNS: [string, { replace?: boolean; caliper?: number }][] = [
  ['nn_noreplace', {}],
  ['nn_replace_caliper01', { replace: true, caliper: 0.1 }],
];

function expectedPairs(run: string): (string | null)[][] {
  return readCsvRows(validationPath(CASE, `pairs-${run}.csv`)!).rows;
}

for (const [run, o] of RUNS) {
  test(`peer ${run}: same matched pairs, in the same order, as MatchIt (end to end)`, needsValidation(CASE), () => {
    const t = readCsvTable(validationPath(CASE, 'data.csv')!);
    const r = psm(t, { treatment: 'treat', covariates: COVS, outcome: 're78', id: 'id', ...o });
    const exp = expectedPairs(run);
    assert.equal(r.pairs.length, exp.length);
    exp.forEach((row, i) => {
      assert.equal(r.pairs[i]!.treated, row[0], `pair ${i + 1}`);
      assert.equal(r.pairs[i]!.control, row[1] ?? null, `pair ${i + 1} (${row[0]})`);
      assert.equal(r.pairs[i]!.match_order, Number(row[2]));
    });
  });

  test(`peer ${run}: pairs from the published scores (propensity.csv) too`, needsValidation(CASE), () => {
    const t = readCsvTable(validationPath(CASE, 'data.csv')!);
    const ps = readCsvTable(validationPath(CASE, 'propensity.csv')!).numeric('ps');
    const d = covariateDesign(t, 'treat', COVS, ['re78', 'id']);
    const r = matchOnScore(t, d, undefined, Float64Array.from(ps), { treatment: 'treat', covariates: COVS, id: 'id', ...o });
    const exp = expectedPairs(run);
    exp.forEach((row, i) => assert.equal(r.pairs[i]!.control, row[1] ?? null, `pair ${i + 1}`));
  });

  test(`peer ${run}: balance before/after, sample sizes, ATT and its SE as MatchIt/sandwich`, needsValidation(CASE), () => {
    const t = readCsvTable(validationPath(CASE, 'data.csv')!);
    const R = validationJson(CASE, 'results.json').runs[run];
    const r = psm(t, { treatment: 'treat', covariates: COVS, outcome: 're78', id: 'id', ...o });
    const close = (a: number | null, b: number | null, what: string, tol = 1e-8) => {
      if (b === null) return assert.equal(a, null, what);
      assert.ok(a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
    };
    assert.equal(r.balance.length, Object.keys(R.balance_after).length);
    for (const b of r.balance) {
      const B = R.balance_before[b.variable], A = R.balance_after[b.variable];
      assert.ok(A && B, `variable ${b.variable} in the peer's table`);
      close(b.mean_treated_before, B['Means Treated'], `${b.variable} mean T before`);
      close(b.mean_control_before, B['Means Control'], `${b.variable} mean C before`);
      close(b.smd_before, B['Std. Mean Diff.'], `${b.variable} SMD before`);
      close(b.var_ratio_before, B['Var. Ratio'], `${b.variable} VR before`);
      close(b.ecdf_mean_before, B['eCDF Mean'], `${b.variable} eCDF mean before`);
      close(b.ecdf_max_before, B['eCDF Max'], `${b.variable} eCDF max before`);
      close(b.mean_treated_after, A['Means Treated'], `${b.variable} mean T after`);
      close(b.mean_control_after, A['Means Control'], `${b.variable} mean C after`);
      close(b.smd_after, A['Std. Mean Diff.'], `${b.variable} SMD after`);
      close(b.var_ratio_after, A['Var. Ratio'], `${b.variable} VR after`);
      close(b.ecdf_mean_after, A['eCDF Mean'], `${b.variable} eCDF mean after`);
      close(b.ecdf_max_after, A['eCDF Max'], `${b.variable} eCDF max after`);
    }
    const g = r.glance();
    assert.equal(g.n_treated_matched, R.n_treated_matched);
    assert.equal(g.n_controls_matched, R.n_distinct_controls_used);
    assert.equal(g.max_control_reuse, R.max_times_control_reused);
    close(g.ess_controls as number, R.sample_sizes['Matched (ESS)'].Control, 'ESS controls', 1e-10);
    if (R.caliper) close(r.caliperWidth, R.caliper.caliper_width_on_ps_scale, 'caliper width', 1e-10);
    assert.deepEqual([...r.toJSON().unmatched_treated as string[]].sort(), [...R.unmatched_treated].sort());
    assert.ok(r.att);
    assert.ok(relDiff(r.att.estimate, R.att_re78.point) < 1e-10, `ATT ${r.att.estimate}`);
    assert.ok(relDiff(r.att.std_error, R.att_re78.primary.std_error) < 1e-8, `SE ${r.att.std_error} vs ${R.att_re78.primary.std_error}`);
    assert.ok(Math.abs(r.att.p_value - R.att_re78.primary.p_value) < 1e-8);
    // the alternatives the peer reports that we compute too
    for (const alt of R.att_re78.alternatives) {
      const se = /HC3/.test(alt.se_method) ? 'hc3' : /HC1 on match.data/.test(alt.se_method) ? 'hc1' : /conventional/.test(alt.se_method) ? 'iid' : /two-way cluster/.test(alt.se_method) ? 'pair_unit' : undefined;
      assert.ok(se, `unrecognised peer SE method: ${alt.se_method}`);
      const ra = psm(t, { treatment: 'treat', covariates: COVS, outcome: 're78', id: 'id', se, ...o });
      assert.ok(relDiff(ra.att!.std_error, alt.std_error) < 1e-8, `${se}: ${ra.att!.std_error} vs ${alt.std_error}`);
      assert.ok(relDiff(ra.att!.estimate, alt.estimate) < 1e-10);
    }
  });
}
