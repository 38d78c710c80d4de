/**
 * Slow, obviously-correct reference for the variances: dense sandwich formulas written out with explicit
 * FE dummies, weights and two-way clusters, against computeVcov (fixest conventions, documented in vcov.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeolsResult } from '../../../src/estimators/ols/result.js';
import { solveLeastSquares } from '../../../src/linalg/lstsq.js';
import { handDesign } from './hand-design.js';
import { dummies, simPanel } from './sim.js';
import { inv, mul } from '../../helpers/dense.js';



test('weighted iid / HC1 / one- and two-way clustered variances equal the dense sandwich with fixest ssc', () => {
  const sim = simPanel(61, 24, 6, { keep: 0.8 });
  const d = handDesign(sim.table, { y: 'y', x: ['x1', 'x2'], fe: ['unit', 'period'], cluster: ['cl', 'period'], weights: 'w' });
  const r = FeolsResult.fit(d, { fixefRm: 'none' });
  const n = d.n, w = d.weights!;
  // demeaned regressors by explicit dummies (weighted)
  const D = dummies(d.fe, n);
  const Xt = [0, 1].map((j) => solveLeastSquares(D.X, n, D.k, d.x.X.slice(j * n, (j + 1) * n), { weights: w }).residuals);
  const e = r.fit.residuals;
  const XtWX = [0, 1].map((a) => [0, 1].map((b) => Xt[a]!.reduce((s, v, i) => s + w[i]! * v * Xt[b]![i]!, 0)));
  const B = inv(XtWX);
  const K = 2 + d.fe[0]!.nlevels + d.fe[1]!.nlevels - 1;
  const rss = e.reduce((s, v, i) => s + w[i]! * v * v, 0);
  const meat = (ids: Int32Array | null) => {
    const groups = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const g = ids ? ids[i]! : i;
      const s = groups.get(g) ?? [0, 0];
      s[0] += w[i]! * e[i]! * Xt[0]![i]!;
      s[1] += w[i]! * e[i]! * Xt[1]![i]!;
      groups.set(g, s);
    }
    const M = [[0, 0], [0, 0]];
    for (const s of groups.values()) for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) M[a]![b]! += s[a]! * s[b]!;
    return { M, G: groups.size };
  };
  const check = (V: number[][], res: FeolsResult, what: string) => {
    const p = 2;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
      const ours = res.variance.matrix[b * p + a]!;
      assert.ok(Math.abs(ours - V[a]![b]!) <= 1e-9 * Math.abs(V[a]![a]!), `${what} V[${a},${b}] ${ours} vs ${V[a]![b]}`);
    }
  };
  // iid
  check(B.map((row) => row.map((v) => (v * rss) / (n - K))), r.vcov('iid'), 'iid');
  // HC1: n/(n-1) * (n-1)/(n-K)
  const h = meat(null);
  check(mul(mul(B, h.M), B).map((row) => row.map((v) => (v * n) / (n - K))), r.vcov('hetero'), 'hetero');
  // one-way by cl (unit nested in cl: K drops the unit FE)
  const cl = d.clusters[0]!;
  const c1 = meat(cl.ids);
  const Kc = 2 + d.fe[1]!.nlevels;
  const r1 = r.vcov({ type: 'cluster', cluster: ['cl'] });
  assert.equal(r1.variance.K, Kc);
  check(mul(mul(B, c1.M), B).map((row) => row.map((v) => v * (c1.G / (c1.G - 1)) * ((n - 1) / (n - Kc)))), r1, 'cluster cl');
  // two-way cl + period: M = M_cl + M_period - M_cl&period; G_min; K: unit nested in cl, period nested in period
  const per = d.clusters[1]!;
  const inter = new Int32Array(n).map((_, i) => cl.ids[i]! * 1000 + per.ids[i]!);
  const m1 = meat(cl.ids), m2 = meat(per.ids), m12 = meat(inter);
  const M = [0, 1].map((a) => [0, 1].map((b) => m1.M[a]![b]! + m2.M[a]![b]! - m12.M[a]![b]!));
  const Gmin = Math.min(m1.G, m2.G);
  const K2 = 2 + 1; // every FE nested: K = p + 1
  const r2 = r.vcov({ type: 'cluster', cluster: ['cl', 'period'] });
  assert.equal(r2.variance.K, K2);
  assert.equal(r2.variance.tDf, Gmin - 1);
  assert.equal(r2.variance.psdFixed, false, 'this design gives a PSD two-way matrix');
  check(mul(mul(B, M), B).map((row) => row.map((v) => v * (Gmin / (Gmin - 1)) * ((n - 1) / (n - K2)))), r2, 'two-way');
});
