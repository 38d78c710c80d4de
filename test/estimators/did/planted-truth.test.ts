import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateStaggeredPanel, trueSimpleAtt, type StaggeredSimOptions } from '../../../src/estimators/did/simulate.js';
import { buildDidPanel } from '../../../src/estimators/did/panel.js';
import { attGt } from '../../../src/estimators/did/att-gt.js';
import { aggte } from '../../../src/estimators/did/aggte.js';
import { dcdhWeights } from '../../../src/estimators/did/dcdh-weights.js';

// heterogeneous (by cohort) and dynamic (growing with exposure) effects: the case where TWFE is biased
const DESIGN: Omit<StaggeredSimOptions, 'seed'> = {
  units: 400,
  periods: [1, 2, 3, 4, 5, 6, 7, 8],
  cohorts: [0, 3, 5, 7],
  probs: [0.4, 0.2, 0.2, 0.2],
  tau: (g, t) => (g === 3 ? 1.5 : g === 5 ? 1 : 0.5) * (1 + 0.4 * (t - g)),
  sigma: 1,
};
const COLS = { outcome: 'y', unit: 'id', time: 'time', cohort: 'cohort' };

test('planted truth: CS recovers every ATT(g,t) and the simple ATT; TWFE is biased (200 seeded replications)', (t) => {
  const truth = trueSimpleAtt(DESIGN);
  const R = 200;
  let cover = 0;
  let sumEst = 0, sumTwfe = 0;
  const cellSum = new Map<string, number>();
  const cellSq = new Map<string, number>();
  for (let r = 0; r < R; r++) {
    const panel = buildDidPanel(simulateStaggeredPanel({ ...DESIGN, seed: 1000 + r }), COLS);
    const res = attGt(panel);
    for (const row of res.rows()) {
      const key = `${row.group}|${row.time}`;
      const err = row.estimate! - (row.post ? DESIGN.tau(row.group, row.time) : 0);
      cellSum.set(key, (cellSum.get(key) ?? 0) + err);
      cellSq.set(key, (cellSq.get(key) ?? 0) + err * err);
    }
    const s = aggte(res, 'simple').fit.overall;
    sumEst += s.estimate;
    if (Math.abs(s.estimate - truth) <= 1.959963984540054 * s.se) cover++;
    sumTwfe += dcdhWeights(panel).betaFe;
  }
  // every ATT(g,t) unbiased: mean error within 4 Monte Carlo SEs
  for (const [key, s] of cellSum) {
    const m = s / R;
    const sd = Math.sqrt(cellSq.get(key)! / R - m * m);
    assert.ok(Math.abs(m) < 4 * (sd / Math.sqrt(R)) + 1e-12, `ATT(${key}) bias ${m} (MC sd ${sd})`);
  }
  const meanEst = sumEst / R;
  assert.ok(Math.abs(meanEst - truth) < 0.02, `simple ATT mean ${meanEst} vs truth ${truth}`);
  const coverage = cover / R;
  t.diagnostic(`truth ${truth.toFixed(4)}; CS simple mean ${meanEst.toFixed(4)}; 95% CI coverage ${coverage}; TWFE mean ${(sumTwfe / R).toFixed(4)}`);
  assert.ok(coverage >= 0.93 && coverage <= 0.97, `95% CI coverage ${coverage}`);
  // TWFE: biased downwards under dynamic effects (forbidden comparisons)
  const meanTwfe = sumTwfe / R;
  assert.ok(truth - meanTwfe > 0.3, `TWFE mean ${meanTwfe} vs truth ${truth}`);
});

test('planted truth with a covariate: DR, IPW and REG agree with the unconditional estimate in expectation', () => {
  const panel = buildDidPanel(simulateStaggeredPanel({ ...DESIGN, units: 2000, seed: 77 }), { ...COLS, covariates: ['x'] });
  const truth = trueSimpleAtt(DESIGN);
  for (const method of ['dr', 'ipw', 'reg'] as const) {
    const s = aggte(attGt(panel, { method }), 'simple').fit.overall;
    assert.ok(Math.abs(s.estimate - truth) < 4 * s.se, `${method}: ${s.estimate} vs ${truth} (se ${s.se})`);
  }
});
