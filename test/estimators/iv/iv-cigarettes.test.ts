import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iv } from '../../../src/estimators/iv/table-api.js';
import { needsValidation, validationJson, validationPath, relDiff } from '../../helpers/validation.js';
import { readCsvTable } from '../psm/validation-csv.js';
import type { Table } from '../../../src/data/table.js';

const CASE = 'iv-cigarettes';
const SPECS: Record<string, string> = {
  spec1: 'log(packs) ~ 1 | log(rprice) ~ salestax',
  spec2: 'log(packs) ~ log(rincome) | log(rprice) ~ salestax + cigtax',
};

function data(): { all: Table; y95: Table } {
  const all = readCsvTable(validationPath(CASE, 'data.csv')!);
  const yr = all.numeric('year');
  return { all, y95: all.filter((i) => yr[i] === 1995) };
}

function near(a: number, b: number, tol: number, what: string): void {
  assert.ok(relDiff(a, b) < tol, `${what}: ${a} vs ${b} (rel ${relDiff(a, b)})`);
}

for (const spec of ['spec1', 'spec2']) {
  test(`peer ${spec}: AER ivreg coefficients (1e-8) and conventional / HC1 / HC0 SEs (1e-6)`, needsValidation(CASE), () => {
    const R = validationJson(CASE, 'results.json')[spec];
    const { y95 } = data();
    const conv = iv(y95, SPECS[spec]!, { vcov: 'iid' });
    const hc1 = iv(y95, SPECS[spec]!, { vcov: 'hetero' });
    const hc0 = iv(y95, SPECS[spec]!, { vcov: 'hetero', ssc: { kAdj: false, gAdj: false } });
    assert.equal(conv.second.fit.n, R.n);
    for (const [term, b] of Object.entries(R.coefficients as Record<string, number>)) {
      near(conv.coef()[term]!, b, 1e-8, `coef ${term}`);
      near(conv.se()[term]!, R.se_conventional[term], 1e-6, `conventional SE ${term}`);
      near(hc1.se()[term]!, R.se_hc1[term], 1e-6, `HC1 SE ${term}`);
      near(hc0.se()[term]!, R.se_hc0[term], 1e-6, `HC0 SE ${term}`);
    }
    near(conv.second.sigma, R.sigma, 1e-8, 'sigma');
  });

  test(`peer ${spec}: first-stage coefficients, conventional F, HC1 Wald F, Wu-Hausman and Sargan as AER`, needsValidation(CASE), () => {
    const R = validationJson(CASE, 'results.json')[spec];
    const { y95 } = data();
    const conv = iv(y95, SPECS[spec]!, { vcov: 'iid' });
    const hc1 = iv(y95, SPECS[spec]!, { vcov: 'hetero' });
    const fsCoef: Record<string, number> = {};
    conv.first[0]!.coefNames.forEach((nm, j) => (fsCoef[nm] = conv.first[0]!.coef[j]!));
    for (const [term, b] of Object.entries(R.first_stage.coefficients as Record<string, number>)) near(fsCoef[term]!, b, 1e-8, `first stage ${term}`);
    near(conv.firstStage[0]!.f_stat, R.first_stage.F_conventional, 1e-8, 'conventional F');
    assert.equal(conv.firstStage[0]!.df2, R.first_stage.aer_weak_instruments_test.df2);
    near(conv.firstStage[0]!.p_value, R.first_stage.aer_weak_instruments_test['p-value'], 1e-6, 'weak-instrument p');
    near(hc1.firstStage[0]!.f_stat, R.first_stage.F_hc1_wald, 1e-8, 'HC1 Wald F');
    near(hc1.firstStage[0]!.f_conventional, R.first_stage.F_conventional, 1e-8, 'conventional F beside the robust one');
    const wh = R.aer_diagnostics['Wu-Hausman'];
    near(conv.wuHausman.statistic, wh.statistic, 1e-8, 'Wu-Hausman');
    assert.equal(conv.wuHausman.df2, wh.df2);
    const sg = R.aer_diagnostics.Sargan;
    if (sg.df1 === 0) assert.equal(conv.overid, null);
    else {
      near(conv.overid!.statistic, sg.statistic, 1e-8, 'Sargan');
      near(conv.overid!.p_value, sg['p-value'], 1e-8, 'Sargan p');
      assert.equal(conv.overid!.df, sg.df1);
      assert.equal(conv.overid!.test, 'sargan');
      // under HC1 the headline test is Hansen's J; Sargan is still reported
      assert.equal(hc1.overid!.test, 'hansen_j');
      near(hc1.overid!.sargan.statistic, sg.statistic, 1e-8, 'Sargan beside J');
    }
  });
}

test('peer panel: state + year FE give the dummy-variable coefficients (1e-8), conventional SEs and vcovCL cluster SEs (K = all coefficients)', needsValidation(CASE), () => {
  const P = validationJson(CASE, 'results.json').panel_dummies;
  const { all } = data();
  const f = 'log(packs) ~ log(rincome) | state + year | log(rprice) ~ salestax';
  const conv = iv(all, f, { vcov: 'iid' });
  const cl = iv(all, f, { cluster: 'state', ssc: { kFixef: 'full' } });
  const fx = iv(all, f, { cluster: 'state' });
  assert.equal(conv.second.fit.n, P.n);
  for (const [term, b] of Object.entries(P.coefficients as Record<string, number>)) {
    near(conv.coef()[term]!, b, 1e-8, `coef ${term}`);
    near(conv.se()[term]!, P.se_conventional[term], 1e-6, `conventional SE ${term}`);
    near(cl.se()[term]!, P.se_cluster_state_vcovCL_HC1[term], 1e-6, `vcovCL SE ${term}`);
    // fixest's default treats the state FE as nested in the clusters: smaller K, smaller SE
    assert.ok(fx.se()[term]! < cl.se()[term]!);
  }
  assert.equal(cl.second.variance.K, 51);
});
