import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsValidation, relDiff } from '../../helpers/validation.js';
import { loadMpdta, MPDTA_COLUMNS } from './mpdta.js';
import { buildDidPanel } from '../../../src/estimators/did/panel.js';
import { baconDecomposition } from '../../../src/estimators/did/bacon.js';
import { dcdhWeights } from '../../../src/estimators/did/dcdh-weights.js';
import { Table } from '../../../src/data/table.js';
import { Rng } from '../../../src/stats/rng.js';

const data = loadMpdta();

test('Bacon decomposition equals bacondecomp 0.1.1 on mpdta (9 comparisons, by type, sum = TWFE)', needsValidation('did-mpdta'), () => {
  const { table, expected } = data!;
  const res = baconDecomposition(buildDidPanel(table, MPDTA_COLUMNS, { firstPeriodTreated: 'keep' }));
  const exp = expected.bacon;
  assert.equal(res.comparisons.length, exp.two_by_twos.length);
  for (const e of exp.two_by_twos) {
    const control = e.untreated === 99999 ? 'never' : e.untreated;
    const c = res.comparisons.find((q) => q.treated === e.treated && q.control === control);
    assert.ok(c, `${e.treated} vs ${e.untreated}`);
    assert.equal(c.type, e.type);
    // bacondecomp estimates with fixest's iterative demeaning (tolerance ~1e-10 on this case)
    assert.ok(relDiff(c.estimate, e.estimate) < 1e-8, `${e.treated} vs ${e.untreated}: ${c.estimate} vs ${e.estimate}`);
    assert.ok(relDiff(c.weight, e.weight) < 1e-10, `weight ${c.weight} vs ${e.weight}`);
  }
  for (const b of exp.by_type) {
    const r = res.byType.find((q) => q.type === b.type)!;
    assert.ok(relDiff(r.weight, b.total_weight) < 1e-10);
    assert.ok(relDiff(r.estimate, b.weighted_avg_estimate) < 1e-8);
  }
  // the weighted sum is the TWFE coefficient (fixest, exact reference)
  assert.ok(relDiff(res.twfeEstimate, exp.twfe_coef_for_comparison) < 1e-12, `${res.twfeEstimate}`);
});

test('dCDH weights on mpdta: TWFE coefficient reproduced, shares sum to 1, sigma_fe defined', needsValidation('did-mpdta'), () => {
  const { table, expected } = data!;
  const w = dcdhWeights(buildDidPanel(table, MPDTA_COLUMNS, { firstPeriodTreated: 'keep' }));
  assert.ok(relDiff(w.betaFe, expected.twfe.cluster_default.coefficients.treat_post) < 1e-12);
  assert.ok(Math.abs(w.sumNegative + w.sumPositive - 1) < 1e-12);
  let s = 0, nObs = 0;
  for (const c of w.cells) {
    s += c.share;
    nObs += c.n;
  }
  assert.ok(Math.abs(s - 1) < 1e-12);
  assert.equal(nObs, w.nTreated);
  assert.ok(w.sigmaFe > 0);
  // mpdta: early cohort's late periods get negative weight (2004 in 2007 is treated long, others too)
  assert.ok(w.nNegative >= 0 && w.sumNegative <= 0);
});

/** Noise-free staggered panel: y = a_i + b_t + D_it * tau(g, t). */
function exactPanel(tau: (g: number, t: number) => number, cohorts: number[], per: number, periods: number[], seed: number): Table {
  const r = new Rng(seed);
  const rows: Record<string, number>[] = [];
  let id = 0;
  const bt = periods.map(() => r.normal());
  for (const g of cohorts) {
    for (let u = 0; u < per; u++) {
      const a = r.normal();
      id++;
      periods.forEach((t, j) => rows.push({ id, t, g, y: a + bt[j]! + (g !== 0 && t >= g ? tau(g, t) : 0) }));
    }
  }
  return Table.fromObjects(rows);
}

test('dCDH theorem: without noise, beta_fe = sum over treated cells of share x effect; negative weights appear with dynamic effects', () => {
  const periods = [1, 2, 3, 4, 5, 6, 7, 8];
  const tau = (g: number, t: number) => 1 + 0.5 * (t - g) + 0.1 * g;
  const tab = exactPanel(tau, [0, 3, 5, 7], 7, periods, 3);
  const panel = buildDidPanel(tab, { outcome: 'y', unit: 'id', time: 't', cohort: 'g' });
  const w = dcdhWeights(panel);
  let s = 0;
  for (const c of w.cells) s += c.share * tau(c.cohort, c.time);
  assert.ok(Math.abs(w.betaFe - s) < 1e-10, `${w.betaFe} vs ${s}`);
  assert.ok(w.nNegative > 0 && w.sumNegative < 0);
  // and the Bacon decomposition sums to the same TWFE coefficient
  const b = baconDecomposition(panel);
  assert.ok(Math.abs(b.twfeEstimate - w.betaFe) < 1e-10);
  let tw = 0;
  for (const c of b.comparisons) tw += c.weight;
  assert.ok(Math.abs(tw - 1) < 1e-12);
});

test('Bacon: with a constant effect every 2x2 estimate equals it; always-treated units give "Later vs Always Treated"', () => {
  const periods = [2000, 2001, 2002, 2003, 2004, 2005];
  const tab = exactPanel(() => 2.5, [0, 1999, 2002, 2004], 5, periods, 9);
  const panel = buildDidPanel(tab, { outcome: 'y', unit: 'id', time: 't', cohort: 'g' }, { firstPeriodTreated: 'keep' });
  const b = baconDecomposition(panel);
  for (const c of b.comparisons) assert.ok(Math.abs(c.estimate - 2.5) < 1e-10, `${c.type} ${c.treated} ${c.control}`);
  assert.ok(b.comparisons.some((c) => c.type === 'Later vs Always Treated'));
  assert.ok(Math.abs(b.twfeEstimate - 2.5) < 1e-10);
  assert.ok(Math.abs(dcdhWeights(panel).betaFe - 2.5) < 1e-10);
});
