/**
 * synth on simulated panels: invariances, planted truth, named errors for bad inputs, and the robustness
 * tools (leave-one-out, in-time placebo, iterative test, exclusion variants).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numericColumn, Table } from '../../../src/data/table.js';
import { inTimePlacebo, synth, synthInference } from '../../../src/estimators/scm/synth.js';
import { parsePredictor } from '../../../src/estimators/scm/predictors.js';
import { placeboTests } from '../../../src/estimators/scm/placebo.js';
import { factorPanel } from './helpers.js';

const BASE = { unit: 'unit', time: 'time', outcome: 'y', treated: 'u000', treatTime: 2010, predictors: ['x1@2000-2009', 'x2@2000-2009', 'x3', 'y@2003', 'y@2009'] };

test('predictor syntax: col, col@a, col@a-b and :op; malformed windows are option errors', () => {
  assert.deepEqual(parsePredictor('beer@1984-1988'), { name: 'beer@1984-1988', variable: 'beer', from: 1984, to: 1988, op: 'mean' });
  assert.deepEqual(parsePredictor('cigsale@1975'), { name: 'cigsale@1975', variable: 'cigsale', from: 1975, to: 1975, op: 'mean' });
  assert.deepEqual(parsePredictor('x'), { name: 'x', variable: 'x', op: 'mean' });
  assert.equal(parsePredictor('x@1-3:median').op, 'median');
  assert.throws(() => parsePredictor('x@1988-1984'), (e: any) => e.code === 'E_OPTION' && /1988-1984/.test(e.message));
  assert.throws(() => parsePredictor('x@abc'), (e: any) => e.code === 'E_OPTION' && /x@abc/.test(e.message));
});

test('planted truth: a treated unit inside the donors\' hull gets its effect back (factor model, effect 1)', () => {
  for (const seed of [1, 2, 3]) {
    const t = factorPanel({ nUnits: 25, nPre: 10, nPost: 4, seed, effect: 1, noise: 0.05 });
    const r = synth(t, BASE);
    assert.ok(Math.abs(r.meanPostGap() - 1) < 0.15, `seed ${seed}: mean post gap ${r.meanPostGap()}`);
    assert.ok(r.fit.preRmspe < 0.15, `pre RMSPE ${r.fit.preRmspe}`);
    assert.ok(Math.abs(r.fit.w.reduce((a, b) => a + b, 0) - 1) < 1e-12 && r.fit.w.every((x) => x >= 0));
    assert.ok(Math.abs(r.fit.v.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    assert.equal(r.warnings.filter((w) => w.code === 'W_OUTSIDE_HULL').length, 0);
    // u000's loadings are a convex combination of u001-u003's, so it is (nearly) inside the hull.
    assert.ok(r.hullDistance! < 0.5, `hull distance ${r.hullDistance}`);
  }
});

test('invariances: rescaling a predictor leaves W unchanged (Synth divides by its sd); shifting every outcome shifts nothing in the gaps', () => {
  const t = factorPanel({ nUnits: 15, nPre: 8, nPost: 3, seed: 8, effect: 0.5 });
  const opts = { ...BASE, treatTime: 2008, predictors: ['x1@2000-2007', 'x2@2000-2007', 'y@2004'], customV: [0.2, 0.3, 0.5] };
  const r = synth(t, opts);
  const x1 = t.numeric('x1').map((v) => 1000 * v + 7);
  const r2 = synth(t.withColumn(numericColumn('x1', x1)), opts);
  r.fit.w.forEach((w, j) => assert.ok(Math.abs(w - r2.fit.w[j]!) < 1e-9));
  const y = t.numeric('y').map((v) => v + 100);
  const r3 = synth(t.withColumn(numericColumn('y', y)), { ...opts, predictors: ['x1@2000-2007', 'x2@2000-2007', 'x3'] });
  const r4 = synth(t, { ...opts, predictors: ['x1@2000-2007', 'x2@2000-2007', 'x3'] });
  r3.fit.gap.forEach((g, i) => assert.ok(Math.abs(g - r4.fit.gap[i]!) < 1e-9));
});

test('outside the hull: a treated unit above every donor triggers W_OUTSIDE_HULL and W_POOR_PREFIT', () => {
  const t = factorPanel({ nUnits: 12, nPre: 8, nPost: 2, seed: 4 });
  const u = t.column('unit');
  const isT = (i: number) => u.kind === 'string' && u.levels[u.codes[i]!] === 'u000';
  const y = t.numeric('y').map((v, i) => (isT(i) ? v + 50 : v));
  const r = synth(t.withColumn(numericColumn('y', y)), { ...BASE, treatTime: 2008, predictors: ['y@2002', 'y@2006', 'x1'] });
  const codes = r.warnings.map((w) => w.code);
  assert.ok(codes.includes('W_OUTSIDE_HULL'), codes.join());
  assert.ok(codes.includes('W_POOR_PREFIT'), codes.join());
  assert.match(r.warnings.find((w) => w.code === 'W_OUTSIDE_HULL')!.message, /y@2002/);
  assert.ok(r.hullDistance! > 1, `hull distance ${r.hullDistance}`);
});

test('user V, include and exclude lists, predictor table', () => {
  const t = factorPanel({ nUnits: 15, nPre: 8, nPost: 3, seed: 12, effect: 1 });
  const r = synth(t, { ...BASE, treatTime: 2008, predictors: ['x1', 'y@2005'], customV: { x1: 1, 'y@2005': 3 } });
  assert.deepEqual(Array.from(r.fit.v), [0.25, 0.75]);
  assert.equal(r.fit.vStart, 'custom');
  const r2 = synth(t, { ...BASE, treatTime: 2008, predictors: ['x1'], donors: ['u001', 'u002', 'u003', 'u004'] });
  assert.deepEqual(r2.donorNames, ['u001', 'u002', 'u003', 'u004']);
  const r3 = synth(t, { ...BASE, treatTime: 2008, predictors: ['x1'], exclude: ['u001', 'u014'] });
  assert.equal(r3.donorNames.length, 12);
  assert.ok(!r3.donorNames.includes('u001') && !r3.donorNames.includes('u014'));
  // A predictor table gives the same fit as the equivalent predictors.
  const ref = synth(t, { ...BASE, treatTime: 2008, predictors: ['x1@2000-2007', 'x2@2000-2007'], customV: [0.4, 0.6] });
  const bal = ref.balance();
  const rows: Record<string, unknown>[] = [];
  const { k, X } = ref.setup.data;
  ref.setup.unitNames.forEach((un, r0) => bal.forEach((b, i) => rows.push({ unit: un, predictor: b.predictor, value: X[r0 * k + i] })));
  const viaTable = synth(t, { ...BASE, treatTime: 2008, predictors: [], predictorTable: Table.fromObjects(rows), customV: [0.4, 0.6] });
  viaTable.fit.w.forEach((w, j) => assert.ok(Math.abs(w - ref.fit.w[j]!) < 1e-12));
});

test('bad inputs: each is a named error naming the unit, period, predictor or option', () => {
  const t = factorPanel({ nUnits: 8, nPre: 6, nPost: 2, seed: 2 });
  const o = { ...BASE, treatTime: 2006, predictors: ['x1', 'y@2003'] };
  assert.throws(() => synth(t, { ...o, treated: 'Atlantis' }), (e: any) => e.code === 'E_SCM_UNKNOWN_UNIT' && /Atlantis/.test(e.message) && /"unit"/.test(e.message));
  assert.throws(() => synth(t, { ...o, treatTime: 2030 }), (e: any) => e.code === 'E_SCM_TREAT_TIME' && /2030/.test(e.message));
  assert.throws(() => synth(t, { ...o, treatTime: 2000 }), (e: any) => e.code === 'E_SCM_TREAT_TIME' && /2000/.test(e.message));
  assert.throws(() => synth(t, { ...o, donors: ['u001'] }), (e: any) => e.code === 'E_SCM_FEW_DONORS' && /1 unit/.test(e.message));
  assert.throws(() => synth(t, { ...o, donors: ['u001', 'nowhere'] }), (e: any) => e.code === 'E_SCM_UNKNOWN_UNIT' && /nowhere/.test(e.message));
  assert.throws(() => synth(t, { ...o, predictors: ['nocol@2001-2003'] }), (e: any) => e.code === 'E_MISSING_COLUMN' && /nocol/.test(e.message));
  // missing predictor values over a whole window
  const u = t.column('unit');
  const tm = t.numeric('time');
  const x1 = t.numeric('x1').map((v, i) => (u.kind === 'string' && u.levels[u.codes[i]!] === 'u003' && tm[i]! <= 2002 ? NaN : v));
  assert.throws(() => synth(t.withColumn(numericColumn('x1', x1)), { ...o, predictors: ['x1@2000-2002'] }), (e: any) => e.code === 'E_SCM_MISSING_PREDICTOR' && /u003/.test(e.message) && /x1@2000-2002/.test(e.message));
  // ... but a window with some values left is averaged over what is there (Synth's na.rm)
  assert.doesNotThrow(() => synth(t.withColumn(numericColumn('x1', x1)), { ...o, predictors: ['x1@2000-2004'] }));
  // constant predictor
  const c = new Float64Array(t.nrows).fill(3);
  assert.throws(() => synth(t.withColumn(numericColumn('const', c)), { ...o, predictors: ['x1', 'const@2001-2004'] }), (e: any) => e.code === 'E_SCM_CONSTANT_PREDICTOR' && /const@2001-2004/.test(e.message));
  // a donor with missing outcome years
  const y = t.numeric('y').map((v, i) => (u.kind === 'string' && u.levels[u.codes[i]!] === 'u005' && (tm[i] === 2001 || tm[i] === 2004) ? NaN : v));
  assert.throws(() => synth(t.withColumn(numericColumn('y', y)), o), (e: any) => e.code === 'E_SCM_MISSING_OUTCOME' && /u005/.test(e.message) && /2001, 2004/.test(e.message));
  // ... a dropped row is the same error
  const dropped = t.filter((i) => !(u.kind === 'string' && u.levels[u.codes[i]!] === 'u002' && tm[i] === 2003));
  assert.throws(() => synth(dropped, o), (e: any) => e.code === 'E_SCM_MISSING_OUTCOME' && /u002/.test(e.message) && /2003/.test(e.message));
  // ... and excluding that donor fixes it
  assert.doesNotThrow(() => synth(dropped, { ...o, exclude: ['u002'] }));
  // duplicate rows, bad optimise window, bad custom V
  assert.throws(() => synth(t.take([0, ...Array.from({ length: t.nrows }, (_, i) => i)]), o), (e: any) => e.code === 'E_SCM_DUPLICATE' && /u000/.test(e.message));
  assert.throws(() => synth(t, { ...o, optimize: [2000, 2007] }), (e: any) => e.code === 'E_OPTION' && /optimize/.test(e.message));
  assert.throws(() => synth(t, { ...o, customV: [1] }), (e: any) => e.code === 'E_OPTION' && /customV/.test(e.message));
});

test('leave-one-out, iterative test (seed 000 Table 2) and in-time placebo', async () => {
  const t = factorPanel({ nUnits: 20, nPre: 10, nPost: 3, seed: 21, effect: 1.5, noise: 0.05 });
  const r = await synthInference(synth(t, BASE), { threads: 1, leaveOneOut: true, iterations: 2 });
  const positive = r.donorNames.filter((_, j) => r.fit.w[j]! > 1e-6);
  assert.equal(r.leaveOneOut!.length, positive.length);
  for (const row of r.leaveOneOut!) {
    assert.equal(row.dropped.length, 1);
    assert.ok(positive.includes(row.dropped[0]!));
    assert.ok(row.pValue !== null && row.pValue > 0 && row.pValue <= 1);
  }
  const it = r.iterative!;
  assert.equal(it[0]!.iteration, 0);
  assert.deepEqual(it[0]!.dropped, []);
  assert.equal(it[0]!.rank, r.placebo!.rank);
  assert.ok(it.length >= 2);
  // Iteration 1 drops exactly the donors with positive weight in the base fit, and none of them come back.
  assert.deepEqual([...it[1]!.dropped].sort(), [...positive].sort());
  for (const d of it[1]!.dropped) assert.ok(!it[1]!.positiveWeight.includes(d));
  for (const row of it) assert.equal(row.pValuesByTime.length, 3);
  // A placebo date two years early, on pre-treatment data only: no effect appears.
  const fake = inTimePlacebo(t, { ...BASE, predictors: ['x1@2000-2006', 'x2@2000-2006', 'y@2003'] }, 2007);
  assert.equal(fake.setup.times[fake.setup.times.length - 1], 2009);
  assert.ok(Math.abs(fake.meanPostGap()) < 0.3, `in-time placebo gap ${fake.meanPostGap()}`);
  const late = inTimePlacebo(t, BASE, 2007);
  assert.ok(late.warnings.some((w) => w.code === 'W_PLACEBO_WINDOW'));
});

test('a large effect is detected: rank 1 and p = 1/N; per-period p-values follow seed 000\'s definition', async () => {
  const t = factorPanel({ nUnits: 20, nPre: 10, nPost: 3, seed: 5, effect: 3, noise: 0.05 });
  const r = await synthInference(synth(t, BASE), { threads: 1 });
  const p = r.placebo!;
  assert.equal(p.rank, 1);
  assert.ok(Math.abs(p.pValue - 1 / 20) < 1e-12);
  // Recompute the per-period p-values from the placebo gaps.
  for (const q of p.pValuesByTime) {
    const t0 = r.setup.times.indexOf(q.time);
    const s0 = Math.abs(p.units[0]!.gap[t0]!) / p.units[0]!.rmspePre;
    const count = p.units.filter((u) => Math.abs(u.gap[t0]!) / u.rmspePre >= s0).length;
    assert.equal(q.pValue, count / p.units.length);
  }
  for (const e of p.exclusions) {
    const kept = p.units.filter((u) => u.rmspePre ** 2 <= e.threshold * p.units[0]!.rmspePre ** 2).length;
    assert.equal(e.unitsKept, kept);
    assert.equal(e.rank, 1);
  }
  const byRmspe = placeboTests(p.units, r.setup.times, r.setup.data.postIdx, [2], [], 0, 'rmspe');
  assert.equal(byRmspe.exclusions[0]!.unitsKept, p.units.filter((u) => u.rmspePre <= 2 * p.units[0]!.rmspePre).length);
  const json = r.toJSON() as any;
  assert.equal(json.placebo.rank, 1);
  assert.equal(json.series.length, 13);
  const plot = r.plotData();
  assert.equal(plot.placeboGaps.length, 20 * 13);
});

test('placebo results do not depend on the number of threads; progress names each placebo; cancellation stops the loop', async () => {
  const t = factorPanel({ nUnits: 14, nPre: 8, nPost: 2, seed: 31, effect: 1 });
  const o = { ...BASE, treatTime: 2008, predictors: ['x1', 'x2', 'y@2004'] };
  const labels: string[] = [];
  const a = await synthInference(synth(t, o), { threads: 1, control: { onProgress: (_d, _n, l) => labels.push(l!) } });
  const b = await synthInference(synth(t, o), { threads: 2 });
  assert.deepEqual(a.placebo!.units.map((u) => [u.unit, u.ratio, Array.from(u.gap)]), b.placebo!.units.map((u) => [u.unit, u.ratio, Array.from(u.gap)]));
  assert.deepEqual(a.placebo!.pValuesByTime, b.placebo!.pValuesByTime);
  assert.equal(labels.length, 13);
  assert.equal(labels[0], 'placebo u001');
  const ac = new AbortController();
  await assert.rejects(
    synthInference(synth(t, o), { threads: 2, control: { signal: ac.signal, onProgress: (d) => d === 2 && ac.abort() } }),
    (e: any) => e.code === 'E_CANCELLED',
  );
});
