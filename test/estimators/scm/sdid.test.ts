/**
 * Synthetic DID (Arkhangelsky et al. 2021) against synthdid 0.0.9 on Prop 99, closed forms of its special
 * cases, planted truth and the standard-error procedures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numericColumn, Table } from '../../../src/data/table.js';
import { sdid, sdidPanel } from '../../../src/estimators/scm/sdid.js';
import { contrast, defaultSdidOpts, defaultSdidWeights, frankWolfe, sdidEstimate } from '../../../src/estimators/scm/sdid-core.js';
import { needsValidation, validationJson } from '../../helpers/validation.js';
import { factorPanel, prop99Table } from './helpers.js';

const CASE = 'scm-prop99';
const skip = needsValidation(CASE);
const exp = validationJson(CASE, 'expected-sdid.json');

function prop99WithTreatment(): Table {
  const t = prop99Table()!;
  const st = t.column('state');
  const yr = t.numeric('year');
  const d = new Float64Array(t.nrows);
  for (let i = 0; i < t.nrows; i++) d[i] = st.kind === 'string' && st.levels[st.codes[i]!] === 'California' && yr[i]! >= 1989 ? 1 : 0;
  return t.withColumn(numericColumn('treated', d));
}

const BASE = { unit: 'state', time: 'year', outcome: 'cigsale', treatment: 'treated' };

for (const est of ['sdid', 'sc', 'did'] as const) {
  test(`${est}: estimate, weights, effect curve and regularisation equal synthdid within 1e-6`, skip, async () => {
    const r = await sdid(prop99WithTreatment(), { ...BASE, estimator: est, se: 'none' });
    const e = exp.estimates[est];
    assert.ok(Math.abs(r.estimate - e.estimate) <= 1e-6, `${r.estimate} vs ${e.estimate}`);
    for (const [u, w] of Object.entries(r.unitWeights())) assert.ok(Math.abs(w - e.omega[u]) <= 1e-6, `omega ${u}`);
    for (const [t, w] of Object.entries(r.timeWeights())) assert.ok(Math.abs(w - e.lambda[t]) <= 1e-6, `lambda ${t}`);
    r.curve.forEach((c, q) => assert.ok(Math.abs(c - e.effect_curve[1989 + q]) <= 1e-6, `curve ${1989 + q}`));
    if (est !== 'did') assert.ok(Math.abs(r.fit.opts.zetaOmega - e.zeta_omega) <= 1e-9 * e.zeta_omega);
    assert.ok(Math.abs(r.fit.noiseLevel - exp.setup.noise_level) <= 1e-9);
    assert.deepEqual(r.panel.units.slice(0, r.panel.N0), exp.setup.control_units_order);
  });
}

test('placebo SEs (200 replications, seeded) lie within Monte Carlo error of synthdid\'s, and do not depend on the thread count', skip, async () => {
  for (const est of ['sdid', 'sc', 'did'] as const) {
    const e = exp.estimates[est];
    const peer = [e.placebo_se, ...Object.values(e.placebo_se_other_seeds as Record<string, number>)];
    const mean = peer.reduce((a, b) => a + b, 0) / peer.length;
    const r = await sdid(prop99WithTreatment(), { ...BASE, estimator: est, seed: 12345, threads: 2 });
    // sd of an sd estimate from 200 draws is about SE / sqrt(400) = 5%; the peer's seeds spread 8.4-10.1 for SDID.
    assert.ok(Math.abs(r.stdError - mean) <= 0.2 * mean, `${est}: SE ${r.stdError} vs synthdid ${peer.join(', ')}`);
    assert.equal(r.replication?.seed, 12345);
    if (est === 'did') {
      const r1 = await sdid(prop99WithTreatment(), { ...BASE, estimator: est, seed: 12345, threads: 1 });
      assert.equal(r1.stdError, r.stdError);
    }
  }
});

test('DID special case equals the 2x2 difference of means; SC uses no time weights', () => {
  const t = factorPanel({ nUnits: 12, nPre: 6, nPost: 3, seed: 5, effect: 1 });
  const u = t.column('unit');
  const tm = t.numeric('time');
  const d = new Float64Array(t.nrows);
  for (let i = 0; i < t.nrows; i++) d[i] = u.kind === 'string' && u.levels[u.codes[i]!] === 'u000' && tm[i]! >= 2006 ? 1 : 0;
  const p = sdidPanel(t.withColumn(numericColumn('d', d)), { unit: 'unit', time: 'time', outcome: 'y', treatment: 'd' });
  const { Y, N, T, N0, T0 } = p;
  const o = defaultSdidOpts('did', Y, N, T, N0, T0);
  const f = sdidEstimate(Y, N, T, N0, T0, o, defaultSdidWeights('did', N0, T0));
  const mean = (rows: number[], cols: number[]) => rows.reduce((s, i) => s + cols.reduce((a, c) => a + Y[i * T + c]!, 0), 0) / (rows.length * cols.length);
  const ctrl = Array.from({ length: N0 }, (_, i) => i);
  const pre = Array.from({ length: T0 }, (_, c) => c);
  const post = Array.from({ length: T - T0 }, (_, c) => T0 + c);
  const did = mean([N - 1], post) - mean([N - 1], pre) - (mean(ctrl, post) - mean(ctrl, pre));
  assert.ok(Math.abs(f.estimate - did) < 1e-12);
  const sc = sdidEstimate(Y, N, T, N0, T0, defaultSdidOpts('sc', Y, N, T, N0, T0), defaultSdidWeights('sc', N0, T0));
  assert.ok(sc.lambda.every((x) => x === 0));
  assert.ok(Math.abs(sc.omega.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(Math.abs(sc.estimate - contrast(Y, N, T, N0, T0, sc.omega, sc.lambda)) < 1e-12);
});

test('Frank-Wolfe reaches the ridge-penalised simplex optimum (KKT) when run to convergence', () => {
  // min zeta^2 |x|^2 + |Ax - b|^2 / R on the simplex; at the optimum the half-gradient is equal on the support and larger off it.
  const R = 8;
  const C = 5;
  const M = new Float64Array(R * (C + 1));
  for (let i = 0; i < M.length; i++) M[i] = Math.sin(1 + i * 1.7) * 3;
  const zeta = 0.3;
  const x = frankWolfe(M, R, C, zeta, false, undefined, 1e-12, 200000);
  const g = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let r = 0; r < R; r++) {
      let ax = -M[r * (C + 1) + C]!;
      for (let d = 0; d < C; d++) ax += M[r * (C + 1) + d]! * x[d]!;
      s += ax * M[r * (C + 1) + c]!;
    }
    g[c] = s + R * zeta * zeta * x[c]!;
  }
  const onSupport = [...g].filter((_, c) => x[c]! > 1e-6);
  const gmin = Math.min(...g);
  for (const v of onSupport) assert.ok(Math.abs(v - gmin) < 1e-4 * Math.max(1, Math.abs(gmin)), `support gradient ${v} vs min ${gmin}`);
});

test('planted truth: SDID recovers a constant effect of 2 on a factor-model panel (5 treated units), with bootstrap and jackknife SEs', async () => {
  const t = factorPanel({ nUnits: 40, nPre: 12, nPost: 4, seed: 99, effect: 0, noise: 0.2 });
  const u = t.column('unit');
  const tm = t.numeric('time');
  const y = Float64Array.from(t.numeric('y'));
  const d = new Float64Array(t.nrows);
  const treatedUnits = new Set(['u000', 'u001', 'u002', 'u003', 'u004']);
  for (let i = 0; i < t.nrows; i++) {
    if (u.kind === 'string' && treatedUnits.has(u.levels[u.codes[i]!]!) && tm[i]! >= 2012) {
      d[i] = 1;
      y[i] = y[i]! + 2;
    }
  }
  const tab = t.withColumn(numericColumn('y', y)).withColumn(numericColumn('d', d));
  const opts = { unit: 'unit', time: 'time', outcome: 'y', treatment: 'd', replications: 50, seed: 3, threads: 1 };
  const b = await sdid(tab, { ...opts, se: 'bootstrap' });
  assert.ok(Math.abs(b.estimate - 2) < 0.3, `estimate ${b.estimate}`);
  assert.ok(b.stdError > 0 && b.stdError < 0.5, `bootstrap SE ${b.stdError}`);
  assert.ok(Math.abs(b.estimate - 2) < 4 * b.stdError + 0.05);
  const j = await sdid(tab, { ...opts, se: 'jackknife' });
  assert.ok(j.stdError > 0 && j.stdError < 0.5, `jackknife SE ${j.stdError}`);
  assert.equal(j.estimate, b.estimate);
});

test('bad inputs: staggered adoption, no treated unit, non-binary treatment, jackknife with one treated unit', async () => {
  const t = factorPanel({ nUnits: 6, nPre: 4, nPost: 2, seed: 1 });
  const u = t.column('unit');
  const tm = t.numeric('time');
  const mk = (f: (unit: string, time: number) => number) => {
    const d = new Float64Array(t.nrows);
    for (let i = 0; i < t.nrows; i++) d[i] = f(u.kind === 'string' ? u.levels[u.codes[i]!]! : '', tm[i]!);
    return t.withColumn(numericColumn('d', d));
  };
  const o = { unit: 'unit', time: 'time', outcome: 'y', treatment: 'd', se: 'none' as const };
  await assert.rejects(sdid(mk((un, ti) => (un === 'u000' && ti >= 2004) || (un === 'u001' && ti >= 2005) ? 1 : 0), o), (e: any) => e.code === 'E_SDID_STAGGERED' && /u001/.test(e.message));
  await assert.rejects(sdid(mk(() => 0), o), (e: any) => e.code === 'E_SDID_NO_TREATED' && /"d"/.test(e.message));
  await assert.rejects(sdid(mk((un, ti) => (un === 'u000' && ti >= 2004 ? 2 : 0)), o), (e: any) => e.code === 'E_OPTION' && /treatment/.test(e.message));
  await assert.rejects(sdid(mk((un, ti) => (un === 'u000' && ti >= 2004 ? 1 : 0)), { ...o, estimator: 'xyz' as never }), (e: any) => e.code === 'E_OPTION' && /estimator/.test(e.message));
  const j = await sdid(mk((un, ti) => (un === 'u000' && ti >= 2004 ? 1 : 0)), { ...o, se: 'jackknife' });
  assert.ok(Number.isNaN(j.stdError));
  assert.equal(j.warnings[0]?.code, 'W_SE_UNDEFINED');
});
