/** Shared comparison of a FeolsResult with one fixest block of the validation JSON files. */
import assert from 'node:assert/strict';
import type { FeolsResult } from '../../../src/estimators/ols/result.js';
import { relDiff } from '../../helpers/validation.js';

/** Tolerances required by the project: coefficients 1e-8, SEs 1e-6, N/R2/within R2 1e-8 (relative). */
export const TOL = { coef: 1e-8, se: 1e-6, r2: 1e-8 };

/** Asserts agreement and returns the worst relative differences (for printing). */
export function compareWithFixest(r: FeolsResult, block: any, label: string, names?: Record<string, string>): { coef: number; se: number; r2: number } {
  const co = r.coef(), se = r.se();
  const tidy = new Map(r.tidy().map((t) => [t.term, t]));
  let wc = 0, ws = 0, wr = 0;
  for (const [term, b] of Object.entries(block.coefficients as Record<string, number>)) {
    const ours = names?.[term] ?? term;
    assert.ok(ours in co, `${label}: term ${ours} missing (have ${Object.keys(co).join(', ')})`);
    const dc = relDiff(co[ours]!, b);
    const ds = relDiff(se[ours]!, block.se[term]);
    wc = Math.max(wc, dc);
    ws = Math.max(ws, ds);
    assert.ok(dc <= TOL.coef, `${label}: coef ${term} ${co[ours]} vs fixest ${b} (rel ${dc.toExponential(2)})`);
    assert.ok(ds <= TOL.se, `${label}: se ${term} ${se[ours]} vs fixest ${block.se[term]} (rel ${ds.toExponential(2)})`);
    const t = tidy.get(ours)!;
    assert.ok(relDiff(t.statistic!, block.t[term]) <= TOL.se, `${label}: t ${term} ${t.statistic} vs ${block.t[term]}`);
    assert.ok(relDiff(t.p_value!, block.p[term]) <= 1e-5, `${label}: p ${term} ${t.p_value} vs ${block.p[term]}`);
  }
  assert.equal(Object.keys(co).length, Object.keys(block.coefficients).length, `${label}: number of coefficients`);
  assert.equal(r.fit.n, block.nobs, `${label}: nobs`);
  for (const [k, ours] of [['r2', r.r2], ['adj_r2', r.adjR2], ['within_r2', r.withinR2], ['within_adj_r2', r.withinAdjR2], ['rmse', r.rmse]] as const) {
    if (block[k] === undefined) continue;
    const d = relDiff(ours as number, block[k]);
    wr = Math.max(wr, d);
    assert.ok(d <= TOL.r2, `${label}: ${k} ${ours} vs fixest ${block[k]} (rel ${d.toExponential(2)})`);
  }
  if (block.fixef_sizes) {
    const sizes = Object.fromEntries(r.fit.fe.map((f) => [f.name, f.nlevels]));
    assert.deepEqual(sizes, block.fixef_sizes, `${label}: FE sizes`);
  }
  if (block.nobs_removed_singletons_or_na !== undefined) assert.equal(r.fit.removed.singletons + r.fit.removed.missing, block.nobs_removed_singletons_or_na, `${label}: removed`);
  if (block.ssc_df_K !== undefined) assert.equal(r.variance.K, block.ssc_df_K, `${label}: ssc K`);
  if (block.ssc_G !== undefined) assert.equal(r.variance.G, block.ssc_G, `${label}: ssc G`);
  if (block.t_df !== undefined) assert.equal(r.variance.tDf, block.t_df, `${label}: t df`);
  return { coef: wc, se: ws, r2: wr };
}
