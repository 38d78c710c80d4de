import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table, numericColumn } from '../../../src/data/table.js';
import { Rng } from '../../../src/stats/rng.js';
import { buildDidPanel } from '../../../src/estimators/did/panel.js';
import { attGt } from '../../../src/estimators/did/att-gt.js';
import { aggte } from '../../../src/estimators/did/aggte.js';
import { drdidPanel, ipwDidPanel, regDidPanel, unconditionalDid } from '../../../src/estimators/did/drdid.js';
import { simulateStaggeredPanel } from '../../../src/estimators/did/simulate.js';

const COLS = { outcome: 'y', unit: 'id', time: 'time', cohort: 'cohort' };
const sim = (seed: number, units = 120) =>
  simulateStaggeredPanel({ units, periods: [1, 2, 3, 4, 5, 6], cohorts: [0, 3, 4, 6], probs: [0.4, 0.2, 0.2, 0.2], tau: (g, t) => 1 + (t - g), seed });

function withColumn(t: Table, name: string, f: (row: number) => number): Table {
  const v = new Float64Array(t.nrows);
  for (let i = 0; i < t.nrows; i++) v[i] = f(i);
  return t.withColumn(numericColumn(name, v));
}

test('2x2 estimators: with only an intercept DR, IPW and REG equal the difference of mean changes, influence functions too', () => {
  const r = new Rng(5);
  const m = 60;
  const dy = new Float64Array(m), D = new Uint8Array(m), X = new Float64Array(m).fill(1);
  for (let i = 0; i < m; i++) {
    D[i] = i % 3 === 0 ? 1 : 0;
    dy[i] = r.normal() + D[i]!;
  }
  const u = unconditionalDid({ m, dy, D });
  assert.ok(u.ok);
  for (const f of [drdidPanel, ipwDidPanel, regDidPanel]) {
    const e = f({ m, dy, D, X, k: 1 });
    assert.ok(e.ok);
    assert.ok(Math.abs(e.att - u.att) < 1e-12);
    for (let i = 0; i < m; i++) assert.ok(Math.abs(e.inf[i]! - u.inf[i]!) < 1e-10);
  }
});

test('2x2 DR estimator is doubly robust: correct outcome model with a wrong (constant) effect of X on D still recovers the ATT', () => {
  const r = new Rng(8);
  const m = 4000;
  const X = new Float64Array(2 * m), dy = new Float64Array(m), D = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const x = r.normal();
    X[i] = 1;
    X[m + i] = x;
    D[i] = r.uniform() < 1 / (1 + Math.exp(-(0.8 * x))) ? 1 : 0;
    dy[i] = 0.5 + 1.5 * x + 2 * D[i]! + r.normal() * 0.5; // trend depends on x; ATT = 2
  }
  const naive = unconditionalDid({ m, dy, D });
  const dr = drdidPanel({ m, dy, D, X, k: 2 });
  const reg = regDidPanel({ m, dy, D, X, k: 2 });
  const ipw = ipwDidPanel({ m, dy, D, X, k: 2 });
  assert.ok(naive.ok && dr.ok && reg.ok && ipw.ok);
  assert.ok(Math.abs(naive.att - 2) > 0.5, 'unconditional is confounded by x');
  for (const e of [dr, reg, ipw]) {
    let s = 0;
    for (const v of e.inf) s += v * v;
    const se = Math.sqrt(s) / m;
    assert.ok(Math.abs(e.att - 2) < 4 * se, `${e.att} (se ${se})`);
    let mean = 0;
    for (const v of e.inf) mean += v;
    assert.ok(Math.abs(mean / m) < 1e-8, 'influence function has mean zero');
  }
});

test('att_gt against a brute-force reference computed from the long table (never and not-yet controls)', () => {
  const tab = sim(3);
  const panel = buildDidPanel(tab, COLS);
  const y = tab.numeric('y'), t = tab.numeric('time'), g = tab.numeric('cohort'), id = tab.numeric('id');
  const val = new Map<string, number>();
  for (let i = 0; i < tab.nrows; i++) val.set(`${id[i]}|${t[i]}`, y[i]!);
  const ids = [...new Set(id)];
  const gOf = new Map<number, number>();
  for (let i = 0; i < tab.nrows; i++) gOf.set(id[i]!, g[i]!);
  for (const control of ['never', 'notyet'] as const) {
    const res = attGt(panel, { control });
    for (const row of res.rows()) {
      const meanChange = (pred: (gi: number) => boolean) => {
        let s = 0, c = 0;
        for (const u of ids) {
          if (!pred(gOf.get(u)!)) continue;
          s += val.get(`${u}|${row.time}`)! - val.get(`${u}|${row.base_period}`)!;
          c++;
        }
        return s / c;
      };
      const later = Math.max(row.time, row.base_period);
      const ctl = (gi: number) => gi === 0 || (control === 'notyet' && gi > later && gi !== row.group);
      const ref = meanChange((gi) => gi === row.group) - meanChange(ctl);
      assert.ok(Math.abs(row.estimate! - ref) < 1e-12, `${control} ATT(${row.group},${row.time})`);
      // varying base period: t - 1 before treatment, g - 1 after
      assert.equal(row.base_period, row.post ? row.group - 1 : row.time - 1);
    }
  }
});

test('invariances: unit and period shifts leave ATT(g,t) and SEs unchanged; scaling y scales both', () => {
  const tab = sim(4);
  const base = attGt(buildDidPanel(tab, COLS));
  const shifted = withColumn(tab, 'y', (i) => tab.numeric('y')[i]! + 3 * tab.numeric('id')[i]! - 7 * tab.numeric('time')[i]! ** 2);
  const s = attGt(buildDidPanel(shifted, COLS));
  const scaled = attGt(buildDidPanel(withColumn(tab, 'y', (i) => -2.5 * tab.numeric('y')[i]!), COLS));
  for (let c = 0; c < base.fit.K; c++) {
    assert.ok(Math.abs(s.fit.att[c]! - base.fit.att[c]!) < 1e-9);
    assert.ok(Math.abs(s.fit.se[c]! - base.fit.se[c]!) < 1e-9);
    assert.ok(Math.abs(scaled.fit.att[c]! + 2.5 * base.fit.att[c]!) < 1e-9);
    assert.ok(Math.abs(scaled.fit.se[c]! - 2.5 * base.fit.se[c]!) < 1e-9);
  }
});

test('influence functions: mean zero per ATT(g,t), SE = sqrt(sum psi^2)/n; clustering by unit changes nothing', () => {
  const tab = sim(5);
  const res = attGt(buildDidPanel(tab, COLS));
  const { psi, n, K } = res.fit;
  for (let c = 0; c < K; c++) {
    let s = 0, ss = 0;
    for (let i = 0; i < n; i++) {
      s += psi[c * n + i]!;
      ss += psi[c * n + i]! ** 2;
    }
    assert.ok(Math.abs(s / n) < 1e-10);
    assert.ok(Math.abs(Math.sqrt(ss) / n - res.fit.se[c]!) < 1e-14);
  }
  const byUnit = attGt(buildDidPanel(withColumn(tab, 'cl', (i) => tab.numeric('id')[i]!), { ...COLS, cluster: 'cl' }), { cluster: true });
  for (let c = 0; c < K; c++) assert.ok(Math.abs(byUnit.fit.se[c]! - res.fit.se[c]!) < 1e-14);
  // coarser clusters: SEs change but estimates do not
  const coarse = attGt(buildDidPanel(withColumn(tab, 'cl', (i) => tab.numeric('id')[i]! % 7), { ...COLS, cluster: 'cl' }), { cluster: true });
  let differs = false;
  for (let c = 0; c < K; c++) {
    assert.equal(coarse.fit.att[c], res.fit.att[c]);
    if (Math.abs(coarse.fit.se[c]! - res.fit.se[c]!) > 1e-6) differs = true;
  }
  assert.ok(differs);
});

test('universal base period: ATT(g, g-1) = 0 with zero SE, post-treatment ATT(g,t) equal the varying ones', () => {
  const panel = buildDidPanel(sim(6), COLS);
  const v = attGt(panel).rows();
  const u = attGt(panel, { basePeriod: 'universal' }).rows();
  for (const r of u) {
    if (r.time === r.group - 1) {
      assert.equal(r.estimate, 0);
      assert.equal(r.std_error, null);
    }
    if (r.post) {
      const q = v.find((x) => x.group === r.group && x.time === r.time)!;
      assert.ok(Math.abs(q.estimate! - r.estimate!) < 1e-12);
    }
    assert.equal(r.base_period, r.group - 1);
  }
});

test('anticipation: the base period moves back by the anticipation and the not-yet controls exclude units treated within it', () => {
  const panel = buildDidPanel(sim(7), COLS);
  const a = attGt(panel, { anticipation: 1 }).rows();
  for (const r of a) if (r.post) assert.equal(r.base_period, r.group - 2);
  // cohort 3 has periods 1 only before g - 1 = 2: still estimable; the test also checks no cell uses t >= g - 1 as base
  assert.ok(a.every((r) => r.base_period < r.group - 1 || !r.post));
});

test('sampling weights: integer weights equal duplicating units (point estimates)', () => {
  const tab = sim(9, 60);
  const wcol = withColumn(tab, 'w', (i) => 1 + (tab.numeric('id')[i]! % 3));
  const weighted = attGt(buildDidPanel(wcol, { ...COLS, weights: 'w' }));
  const rows: Record<string, number>[] = [];
  const o = wcol.toObjects();
  for (const r of o) for (let k = 0; k < (r.w as number); k++) rows.push({ ...(r as Record<string, number>), id: (r.id as number) * 10 + k });
  const dup = attGt(buildDidPanel(Table.fromObjects(rows), COLS));
  for (let c = 0; c < weighted.fit.K; c++) assert.ok(Math.abs(weighted.fit.att[c]! - dup.fit.att[c]!) < 1e-10);
  const a1 = aggte(weighted, 'simple').fit.overall.estimate, a2 = aggte(dup, 'simple').fit.overall.estimate;
  assert.ok(Math.abs(a1 - a2) < 1e-10);
});

test('aggregations: closed forms (dynamic overall = mean of e >= 0, calendar overall = mean over periods, group = mean of post cells)', () => {
  const res = attGt(buildDidPanel(sim(10), COLS));
  const rows = res.rows();
  const dyn = aggte(res, 'dynamic').fit;
  const pos = dyn.by.filter((b) => b.key >= 0);
  assert.ok(Math.abs(dyn.overall.estimate - pos.reduce((s, b) => s + b.estimate, 0) / pos.length) < 1e-12);
  const cal = aggte(res, 'calendar').fit;
  assert.ok(Math.abs(cal.overall.estimate - cal.by.reduce((s, b) => s + b.estimate, 0) / cal.by.length) < 1e-12);
  const grp = aggte(res, 'group').fit;
  for (const b of grp.by) {
    const post = rows.filter((r) => r.group === b.key && r.post);
    assert.ok(Math.abs(b.estimate - post.reduce((s, r) => s + r.estimate!, 0) / post.length) < 1e-12);
  }
  const lim = aggte(res, 'dynamic', { minE: -1, maxE: 1 }).fit;
  assert.deepEqual(lim.by.map((b) => b.key), [-1, 0, 1]);
  const bal = aggte(res, 'dynamic', { balanceE: 1 }).fit;
  assert.ok(bal.by.every((b) => b.key <= 1));
});
