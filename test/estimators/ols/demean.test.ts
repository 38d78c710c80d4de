import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/stats/rng.js';
import { demean, FixedEffectsProjector, type FeCodes } from '../../../src/estimators/ols/demean.js';
import { solveLeastSquares } from '../../../src/linalg/lstsq.js';
import { codesOf } from './hand-design.js';
import { dummies, simPanel } from './sim.js';

function feOf(sim: ReturnType<typeof simPanel>, names: string[]): FeCodes[] {
  return names.map((nm) => ({ name: nm, ...codesOf(sim.table, nm) }));
}

/** Reference: residual of x on explicit FE dummies. */
function dummyResidual(x: Float64Array, fe: readonly FeCodes[], w?: Float64Array): Float64Array {
  const n = x.length;
  const d = dummies(fe, n);
  return solveLeastSquares(d.X, n, d.k, x, { weights: w, tol: 1e-9 }).residuals;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

test('one FE: demeaning subtracts exact group means', () => {
  const sim = simPanel(11, 40, 6);
  const fe = feOf(sim, ['unit']);
  const x = sim.table.numeric('x1');
  const { columns, info } = demean([x], fe);
  assert.equal(info[0]!.iterations, 0);
  const sums = new Float64Array(fe[0]!.nlevels), cnt = new Float64Array(fe[0]!.nlevels);
  for (let i = 0; i < x.length; i++) {
    sums[fe[0]!.ids[i]!]! += x[i]!;
    cnt[fe[0]!.ids[i]!]!++;
  }
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(columns[0]![i]! - (x[i]! - sums[fe[0]!.ids[i]!]! / cnt[fe[0]!.ids[i]!]!)) < 1e-13);
});

test('two and three FE (unbalanced, weighted or not): demeaned columns equal the residuals on explicit dummies', () => {
  for (const [names, weighted] of [[['unit', 'period'], false], [['unit', 'period'], true], [['unit', 'period', 'ind'], false], [['period', 'ind', 'unit'], true]] as const) {
    const sim = simPanel(12, 60, 8, { keep: 0.7 });
    const fe = feOf(sim, [...names]);
    const w = weighted ? sim.table.numeric('w') : undefined;
    const cols = [sim.table.numeric('x1'), sim.table.numeric('y')];
    for (const [accel, direct] of [['cg', true], ['cg', false], ['irons-tuck', false]] as const) {
      const { columns, info } = demean(cols, fe, { weights: w, accel, direct });
      assert.ok(info.every((d) => d.converged));
      cols.forEach((c, j) => {
        const ref = dummyResidual(c, fe, w);
        assert.ok(maxAbsDiff(columns[j]!, ref) < (direct ? 1e-11 : 1e-8), `${accel} direct=${direct} ${names.join('+')} weighted=${weighted} col ${j}: ${maxAbsDiff(columns[j]!, ref)}`);
      });
    }
  }
});

test('projector: demeaned column is orthogonal to every FE; coefficients reproduce x - demeaned x', () => {
  const sim = simPanel(13, 50, 7, { keep: 0.8 });
  const fe = feOf(sim, ['unit', 'period', 'ind']);
  const x = sim.table.numeric('x2');
  const proj = new FixedEffectsProjector(fe, sim.n, { tol: 1e-12, direct: false });
  assert.equal(proj.method, 'cg');
  const xd = proj.demean([x]).columns[0]!;
  for (const f of fe) {
    const s = new Float64Array(f.nlevels);
    for (let i = 0; i < sim.n; i++) s[f.ids[i]!]! += xd[i]!;
    assert.ok(Math.max(...s.map(Math.abs)) < 1e-9, `sums by ${f.name}`);
  }
  const { coef } = proj.coefficients(x);
  for (let i = 0; i < sim.n; i++) {
    let fitted = 0;
    fe.forEach((f, q) => (fitted += coef[q]![f.ids[i]!]!));
    assert.ok(Math.abs(x[i]! - fitted - xd[i]!) < 1e-10);
  }
});

test('a constant column demeans to exact zeros; a column in the FE span to ~0', () => {
  const sim = simPanel(14, 30, 5);
  const fe = feOf(sim, ['unit', 'period']);
  const c = new Float64Array(sim.n).fill(3.5);
  const span = new Float64Array(sim.n);
  for (let i = 0; i < sim.n; i++) span[i] = 2 * fe[0]!.ids[i]! - 0.3 * fe[1]!.ids[i]!;
  const { columns } = demean([c, span], fe);
  assert.ok(columns[0]!.every((v) => v === 0));
  assert.ok(Math.max(...columns[1]!.map(Math.abs)) < 1e-8);
});

test('chain-like design: CG converges where capped Irons-Tuck reports non-convergence; results agree', () => {
  const rng = new Rng(15);
  const n = 1500;
  // a long chain: FE2 level t links FE1 levels t and t+1 -> slow alternating projections
  const a = new Int32Array(n), b = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = rng.int(120);
    a[i] = t + (rng.uniform() < 0.5 ? 1 : 0);
    b[i] = t;
  }
  const fe: FeCodes[] = [{ ids: a, nlevels: 121 }, { ids: b, nlevels: 120 }];
  const x = new Float64Array(n).map(() => rng.normal());
  const it = demean([x], fe, { maxIter: 200, tol: 1e-12, accel: 'irons-tuck', direct: false });
  assert.equal(it.info[0]!.converged, false);
  const cg = demean([x], fe, { tol: 1e-12, direct: false });
  assert.equal(cg.info[0]!.converged, true);
  assert.ok(cg.info[0]!.iterations < 1000, `CG iterations ${cg.info[0]!.iterations}`);
  const ref = dummyResidual(x, fe);
  assert.ok(maxAbsDiff(cg.columns[0]!, ref) < 1e-8);
  const itFull = demean([x], fe, { tol: 1e-10, accel: 'irons-tuck', direct: false });
  assert.ok(maxAbsDiff(itFull.columns[0]!, ref) < 1e-6);
  const direct = demean([x], fe);
  assert.equal(direct.info[0]!.iterations, 0);
  assert.ok(maxAbsDiff(direct.columns[0]!, ref) < 1e-9);
});

test('demeanDesign demeans y and X of a design; an aborted signal cancels with E_CANCELLED', async () => {
  const { demeanDesign } = await import('../../../src/estimators/ols/demean.js');
  const { handDesign } = await import('./hand-design.js');
  const sim = simPanel(16, 30, 5);
  const d = handDesign(sim.table, { y: 'y', x: ['x1', 'x2'], fe: ['unit', 'period'] });
  const r = demeanDesign(d);
  const ref = dummyResidual(d.y, d.fe);
  assert.ok(maxAbsDiff(r.y, ref) < 1e-10);
  assert.ok(maxAbsDiff(r.X.subarray(d.n, 2 * d.n), dummyResidual(d.x.X.slice(d.n, 2 * d.n), d.fe)) < 1e-10);
  const ac = new AbortController();
  ac.abort();
  assert.throws(() => demeanDesign(d, { control: { signal: ac.signal } }), (e: any) => e.code === 'E_CANCELLED');
});

test('solveNormal: coefficients solve the FE normal equations D\'WD c = rhs exactly (2 and 3 FE, weighted or not)', () => {
  for (const [names, weighted] of [[['unit', 'period'], false], [['period', 'unit'], true], [['unit', 'period', 'ind'], true]] as const) {
    const sim = simPanel(17, 40, 7, { keep: 0.75 });
    const fe = feOf(sim, [...names]);
    const w = weighted ? sim.table.numeric('w') : undefined;
    const proj = new FixedEffectsProjector(fe, sim.n, { weights: w });
    assert.equal(proj.method, 'direct');
    // a consistent right-hand side: rhs_q = level sums of w * v for an arbitrary v
    const rng = new Rng(18);
    const v = new Float64Array(sim.n).map(() => rng.normal() * 3);
    const rhs = fe.map((f) => {
      const s = new Float64Array(f.nlevels);
      for (let i = 0; i < sim.n; i++) s[f.ids[i]!]! += (w ? w[i]! : 1) * v[i]!;
      return s;
    });
    const coef = proj.solveNormal(rhs);
    const fit = new Float64Array(sim.n);
    fe.forEach((f, q) => {
      for (let i = 0; i < sim.n; i++) fit[i]! += coef[q]![f.ids[i]!]!;
    });
    // D'W (D c) = rhs, and the fit is v minus its projection residual
    fe.forEach((f, q) => {
      const s = new Float64Array(f.nlevels);
      for (let i = 0; i < sim.n; i++) s[f.ids[i]!]! += (w ? w[i]! : 1) * fit[i]!;
      for (let l = 0; l < f.nlevels; l++) assert.ok(Math.abs(s[l]! - rhs[q]![l]!) < 1e-9 * (1 + Math.abs(rhs[q]![l]!)), `${names.join('+')} dim ${q} level ${l}: ${s[l]} vs ${rhs[q]![l]}`);
    });
    const res = proj.demean([v]).columns[0]!;
    for (let i = 0; i < sim.n; i++) assert.ok(Math.abs(v[i]! - fit[i]! - res[i]!) < 1e-10);
  }
});

test('directNullPivots counts connected components; solveNormal needs the direct solver and matching lengths', () => {
  const u = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]);
  const t = Int32Array.from([0, 1, 0, 1, 2, 3, 2, 3]);
  const split = new FixedEffectsProjector([{ ids: u, nlevels: 4 }, { ids: t, nlevels: 4 }], 8);
  assert.equal(split.directNullPivots, 2);
  const t2 = Int32Array.from([0, 1, 0, 1, 1, 2, 2, 3]);
  const joined = new FixedEffectsProjector([{ ids: u, nlevels: 4 }, { ids: t2, nlevels: 4 }], 8);
  assert.equal(joined.directNullPivots, 1);
  assert.equal(new FixedEffectsProjector([{ ids: u, nlevels: 4 }, { ids: t2, nlevels: 4 }], 8, { directMax: 3 }).method, 'cg');
  const iter = new FixedEffectsProjector([{ ids: u, nlevels: 4 }, { ids: t2, nlevels: 4 }], 8, { direct: false });
  assert.equal(iter.directNullPivots, undefined);
  assert.throws(() => iter.solveNormal([new Float64Array(4), new Float64Array(4)]), (e: any) => e.code === 'E_OPTION');
  assert.throws(() => joined.solveNormal([new Float64Array(4), new Float64Array(3)]), (e: any) => e.code === 'E_DESIGN_SHAPE');
  assert.throws(() => joined.solveNormal([new Float64Array(4)]), (e: any) => e.code === 'E_DESIGN_SHAPE');
});
