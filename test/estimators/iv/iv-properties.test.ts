import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iv } from '../../../src/estimators/iv/table-api.js';
import { feols } from '../../../src/estimators/ols/table-api.js';
import { Table, numericColumn } from '../../../src/data/table.js';
import { Rng } from '../../../src/stats/rng.js';
import { PilotzoneError } from '../../../src/errors.js';
import { inv, mul, tr } from '../../helpers/dense.js';

/** Panel with unit/year FE, an unobserved confounder u, two instruments; the true effect of x on y is 2. */
function sim(seed: number, units = 150, periods = 6): Table {
  const rng = new Rng(seed);
  const n = units * periods;
  const c: Record<string, Float64Array> = {};
  for (const k of ['unit', 'year', 'x', 'y', 'z1', 'z2', 'w', 'zfe', 'zc']) c[k] = new Float64Array(n);
  const a = Array.from({ length: units }, () => rng.normal());
  const g = Array.from({ length: periods }, () => rng.normal());
  const zu = Array.from({ length: units }, () => rng.normal());
  for (let u = 0; u < units; u++) {
    for (let t = 0; t < periods; t++) {
      const i = u * periods + t;
      const conf = rng.normal();
      c.unit![i] = u + 1;
      c.year![i] = 2010 + t;
      c.z1![i] = rng.normal();
      c.z2![i] = rng.normal();
      c.w![i] = rng.normal();
      c.zfe![i] = zu[u]!; // constant within unit: collinear with the unit FE
      c.zc![i] = 2 * c.w![i]! - 1; // a combination of a control
      c.x![i] = a[u]! + 0.8 * c.z1![i]! + 0.5 * c.z2![i]! + 0.3 * c.w![i]! + conf + 0.5 * rng.normal();
      c.y![i] = a[u]! + g[t]! + 2 * c.x![i]! + 0.5 * c.w![i]! - 1.5 * conf + rng.normal();
    }
  }
  return new Table(Object.entries(c).map(([k, v]) => numericColumn(k, v)));
}

test('planted truth: OLS is biased by the confounder, 2SLS with unit + year FE recovers 2 (seed 31)', () => {
  const t = sim(31);
  const ols = feols(t, 'y ~ x + w | unit + year');
  assert.ok(Math.abs(ols.coef().x! - 2) > 10 * ols.se().x!, `OLS ${ols.coef().x}`);
  const r = iv(t, 'y ~ w | unit + year | x ~ z1 + z2', { cluster: 'unit' });
  assert.ok(Math.abs(r.coef().x! - 2) < 3 * r.se().x!, `2SLS ${r.coef().x} (SE ${r.se().x})`);
  assert.ok(r.firstStage[0]!.f_stat > 50);
  // one endogenous regressor: KP rk Wald F = robust first-stage Wald F; CD F = conventional F
  assert.ok(Math.abs(r.firstStage[0]!.kp_rk_wald_f! - r.firstStage[0]!.f_robust!) < 1e-8 * r.firstStage[0]!.f_robust!);
  assert.ok(Math.abs(r.weakId.cragg_donald_f - r.firstStage[0]!.f_conventional) < 1e-8 * r.firstStage[0]!.f_conventional);
  assert.ok(r.overid && r.overid.test === 'hansen_j' && r.overid.df === 1);
  assert.ok(r.overid.p_value > 0.001, 'valid instruments should not be rejected at 0.1%');
});

test('just-identified 2SLS equals indirect least squares (reduced form / first stage)', () => {
  const t = sim(4);
  const r = iv(t, 'y ~ w | unit + year | x ~ z1', { vcov: 'iid' });
  const rf = feols(t, 'y ~ w + z1 | unit + year').coef().z1!;
  const fs = feols(t, 'x ~ w + z1 | unit + year').coef().z1!;
  assert.ok(Math.abs(r.coef().x! - rf / fs) < 1e-9 * Math.abs(rf / fs));
  assert.ok(Math.abs(r.reducedForm.coef().z1! - rf) < 1e-10);
  assert.equal(r.overid, null);
});

test('FE by demeaning equals FE by dummies (coefficients and iid SEs)', () => {
  const t = sim(5, 30, 4);
  const a = iv(t, 'y ~ w | unit | x ~ z1 + z2', { vcov: 'iid' });
  // dummies: unit as a factor via i(unit)
  const b = iv(t, 'y ~ w + i(unit) | x ~ z1 + z2', { vcov: 'iid' });
  assert.ok(Math.abs(a.coef().x! - b.coef().x!) < 1e-9);
  assert.ok(Math.abs(a.se().x! - b.se().x!) < 1e-8);
});


test('Hansen J equals a from-scratch two-step efficient GMM (HC, no FE)', () => {
  const t = sim(8, 60, 3);
  const r = iv(t, 'y ~ w | x ~ z1 + z2', { vcov: 'hetero' });
  const n = t.nrows;
  const one = Array(n).fill(1);
  const col = (k: string) => Array.from(t.numeric(k));
  const X = tr([one, col('w'), col('x')]);
  const Z = tr([one, col('w'), col('z1'), col('z2')]);
  const y = col('y').map((v) => [v]);
  // 2SLS
  const ZZi = inv(mul(tr(Z), Z));
  const PZX = mul(Z, mul(ZZi, mul(tr(Z), X)));
  const b2 = mul(inv(mul(tr(PZX), X)), mul(tr(PZX), y));
  const e = y.map((v, i) => v[0]! - X[i]!.reduce((s, x, j) => s + x * b2[j]![0]!, 0));
  const S = Z[0]!.map((_, a) => Z[0]!.map((_, b) => Z.reduce((s, z, i) => s + z[a]! * z[b]! * e[i]! * e[i]!, 0)));
  const Si = inv(S);
  const XZ = mul(tr(X), Z);
  const bg = mul(inv(mul(mul(XZ, Si), tr(XZ))), mul(mul(XZ, Si), mul(tr(Z), y)));
  const eg = y.map((v, i) => [v[0]! - X[i]!.reduce((s, x, j) => s + x * bg[j]![0]!, 0)]);
  const g = mul(tr(Z), eg);
  const J = mul(mul(tr(g), Si), g)[0]![0]!;
  assert.ok(Math.abs(r.overid!.hansen_j!.statistic - J) < 1e-8 * Math.max(1, J), `${r.overid!.hansen_j!.statistic} vs ${J}`);
});

test('Anderson-Rubin set: at each endpoint the AR regression of y - b0 x on the instruments has F = the critical value', () => {
  const t = sim(9, 80, 3);
  for (const vcov of ['iid', 'hetero'] as const) {
    const r = iv(t, 'y ~ w | x ~ z1 + z2', { vcov, arCi: true });
    const ar = r.arCi!;
    assert.equal(ar.intervals.length, 1);
    const [lo, hi] = ar.intervals[0]!;
    assert.ok(lo < r.coef().x! && r.coef().x! < hi);
    for (const b0 of [lo, hi]) {
      const ystar = Float64Array.from(t.numeric('y'), (v, i) => v - b0 * t.numeric('x')[i]!);
      const rf = feols(t.withColumn(numericColumn('ystar', ystar)), 'ystar ~ w + z1 + z2', { vcov });
      const V = rf.vcovMatrix();
      const i1 = V.names.indexOf('z1'), i2 = V.names.indexOf('z2');
      const c = [rf.coef().z1!, rf.coef().z2!];
      const Vi = inv([[V.matrix[i1]![i1]!, V.matrix[i1]![i2]!], [V.matrix[i2]![i1]!, V.matrix[i2]![i2]!]]);
      const F = (c[0]! * (Vi[0]![0]! * c[0]! + Vi[0]![1]! * c[1]!) + c[1]! * (Vi[1]![0]! * c[0]! + Vi[1]![1]! * c[1]!)) / 2;
      assert.ok(Math.abs(F - ar.critical_value) < 1e-6, `${vcov} endpoint ${b0}: F ${F} vs ${ar.critical_value}`);
    }
  }
});

test('Anderson-Rubin set is unbounded with an irrelevant instrument', () => {
  const rng = new Rng(12);
  const n = 200;
  const x = new Float64Array(n), y = new Float64Array(n), z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = rng.normal();
    x[i] = rng.normal();
    y[i] = x[i]! + rng.normal();
  }
  const t = new Table([numericColumn('x', x), numericColumn('y', y), numericColumn('z', z)]);
  const r = iv(t, 'y ~ 1 | x ~ z', { arCi: true, vcov: 'hetero' });
  assert.equal(r.arCi!.bounded, false);
  assert.ok(r.firstStage[0]!.f_stat < 10);
});

const isCode = (code: string, ...needles: string[]) => (e: unknown) =>
  e instanceof PilotzoneError && e.code === code && needles.every((s) => e.message.includes(s));

test('bad input: instrument collinear with the fixed effects or with the controls is named', () => {
  const t = sim(2, 40, 4);
  assert.throws(() => iv(t, 'y ~ w | unit + year | x ~ zfe'), isCode('E_IV_UNDERIDENTIFIED', 'zfe', 'collinear'));
  assert.throws(() => iv(t, 'y ~ w | unit | x ~ zc'), isCode('E_IV_UNDERIDENTIFIED', 'zc'));
  // one usable instrument left: a warning, not an error
  const r = iv(t, 'y ~ w | unit + year | x ~ z1 + zfe');
  assert.deepEqual(r.droppedInstruments, ['zfe']);
  assert.ok(r.warnings.some((w) => w.code === 'W_INSTRUMENT_COLLINEAR' && w.message.includes('zfe')));
});

test('bad input: no IV part, under-identified, AR with two endogenous regressors', () => {
  const t = sim(3, 30, 3);
  assert.throws(() => iv(t, 'y ~ x + w'), isCode('E_NOT_IV'));
  assert.throws(() => iv(t, 'y ~ 1 | x + w ~ z1'), isCode('E_IV_UNDERIDENTIFIED', 'x, w'));
  assert.throws(() => iv(t, 'y ~ 1 | x + w ~ z1 + z2', { arCi: true }), isCode('E_OPTION', 'arCi'));
  assert.throws(() => iv(t, 'y ~ 1 | x ~ z1', { level: 2 }), isCode('E_OPTION', 'level'));
});

test('two endogenous regressors: one first stage each, model-level CD and KP F, coefficients recover truth', () => {
  const rng = new Rng(17);
  const n = 3000;
  const cols: Record<string, Float64Array> = {};
  for (const k of ['x1', 'x2', 'z1', 'z2', 'z3', 'y']) cols[k] = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.normal();
    cols.z1![i] = rng.normal(); cols.z2![i] = rng.normal(); cols.z3![i] = rng.normal();
    cols.x1![i] = cols.z1![i]! + 0.5 * cols.z3![i]! + u + rng.normal();
    cols.x2![i] = cols.z2![i]! - 0.5 * cols.z3![i]! + u + rng.normal();
    cols.y![i] = 1 + 1.5 * cols.x1![i]! - 0.5 * cols.x2![i]! + 2 * u + rng.normal();
  }
  const t = new Table(Object.entries(cols).map(([k, v]) => numericColumn(k, v)));
  const r = iv(t, 'y ~ 1 | x1 + x2 ~ z1 + z2 + z3', { vcov: 'hetero' });
  assert.equal(r.firstStage.length, 2);
  assert.ok(r.firstStage.every((f) => f.kp_rk_wald_f === r.weakId.kp_rk_wald_f && f.f_robust !== null));
  // Cragg-Donald from its definition: lambda_min(Sigma^-1/2 Pi' Z~'Z~ Pi Sigma^-1/2) / L, Z~ = instruments
  // partialled on the intercept; Sigma = V'V / (n - K), K = 4 first-stage coefficients
  const zc = ['z1', 'z2', 'z3'].map((k) => { const v = t.numeric(k); const m = v.reduce((a, b) => a + b, 0) / n; return Array.from(v, (x) => x - m); });
  const ZZ = zc.map((a) => zc.map((b) => a.reduce((s, x, i) => s + x * b[i]!, 0)));
  const Pi = r.first.map((f) => ['z1', 'z2', 'z3'].map((z) => f.coef[f.coefNames.indexOf(z)]!)); // m x L
  const Sig = r.first.map((f) => r.first.map((g) => f.residuals.reduce((s, v, i) => s + v * g.residuals[i]!, 0) / (n - 4)));
  const PZZP = Pi.map((a) => Pi.map((b) => a.reduce((s, x, i) => s + x * ZZ[i]!.reduce((u, zz, j) => u + zz * b[j]!, 0), 0)));
  // generalized eigenvalues of PZZP w.r.t. Sig (2 x 2): det(PZZP - l Sig) = 0
  const [a, b, c, d] = [PZZP[0]![0]!, PZZP[0]![1]!, PZZP[1]![0]!, PZZP[1]![1]!];
  const [e, f, g, h] = [Sig[0]![0]!, Sig[0]![1]!, Sig[1]![0]!, Sig[1]![1]!];
  const qa = e * h - f * g, qb = -(a * h + d * e - b * g - c * f), qc = a * d - b * c;
  const lmin = (-qb - Math.sqrt(qb * qb - 4 * qa * qc)) / (2 * qa);
  assert.ok(Math.abs(r.weakId.cragg_donald_f - lmin / 3) < 1e-8 * lmin, `CD ${r.weakId.cragg_donald_f} vs ${lmin / 3}`);
  assert.ok(r.weakId.kp_rk_wald_f! > 10 && r.weakId.kp_rk_wald_f! < 10 * r.weakId.cragg_donald_f);
  assert.ok(Math.abs(r.coef().x1! - 1.5) < 3 * r.se().x1!);
  assert.ok(Math.abs(r.coef().x2! + 0.5) < 3 * r.se().x2!);
});

test('integer weights give the same 2SLS coefficients as replicated rows', () => {
  const t = sim(21, 40, 3);
  const rng = new Rng(1);
  const w = Float64Array.from({ length: t.nrows }, () => 1 + rng.int(3));
  const rows: number[] = [];
  for (let i = 0; i < t.nrows; i++) for (let k = 0; k < w[i]!; k++) rows.push(i);
  const a = iv(t.withColumn(numericColumn('wt', w)), 'y ~ w | year | x ~ z1 + z2', { weights: 'wt', vcov: 'iid' });
  const b = iv(t.take(rows), 'y ~ w | year | x ~ z1 + z2', { vcov: 'iid' });
  assert.ok(Math.abs(a.coef().x! - b.coef().x!) < 1e-9);
  assert.ok(Math.abs(a.coef().w! - b.coef().w!) < 1e-9);
});
