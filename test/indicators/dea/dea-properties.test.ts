import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/stats/rng.js';
import { Table } from '../../../src/data/table.js';
import { DenseSimplex, LE, EQ, GE } from '../../../src/indicators/dea/simplex.js';
import { radialScore, type DeaBlock, type Orientation, type Rts } from '../../../src/indicators/dea/envelopment.js';
import { dea, deaScores } from '../../../src/indicators/dea/dea.js';
import { malmquist } from '../../../src/indicators/dea/malmquist.js';

function randomBlock(rng: Rng, n: number, m: number, s: number): DeaBlock {
  const X = new Float64Array(n * m), Y = new Float64Array(n * s);
  for (let i = 0; i < X.length; i++) X[i] = Math.exp(rng.normal() * 0.8 + 3);
  for (let i = 0; i < Y.length; i++) Y[i] = Math.exp(rng.normal() * 0.8 + 2);
  return { n, m, s, X, Y };
}

/** Slow reference: every unit against the full reference set, no pruning. */
function slowScores(b: DeaBlock, rts: Rts, orientation: Orientation): Float64Array {
  const lp = new DenseSimplex(b.m + b.s + 1, b.n + 1);
  const ref = Int32Array.from({ length: b.n }, (_, j) => j);
  return Float64Array.from({ length: b.n }, (_, j) => radialScore(lp, b, ref, b.n, b.X, j * b.m, b.Y, j * b.s, rts, orientation));
}

/** The dual (multiplier) LP of CCR input orientation: max u'y_o s.t. v'x_o = 1, u'y_j - v'x_j <= 0, u, v >= 0. */
function multiplierCcr(b: DeaBlock, o: number): number {
  const { n, m, s, X, Y } = b;
  const lp = new DenseSimplex(n + 1, m + s);
  lp.reset(n + 1, m + s);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) lp.setA(j, i, -X[j * m + i]!);
    for (let r = 0; r < s; r++) lp.setA(j, m + r, Y[j * s + r]!);
    lp.setRow(j, LE, 0);
  }
  for (let i = 0; i < m; i++) lp.setA(n, i, X[o * m + i]!);
  lp.setRow(n, EQ, 1);
  for (let r = 0; r < s; r++) lp.setC(m + r, Y[o * s + r]!);
  assert.equal(lp.solve(), 'optimal');
  return lp.objective;
}

test('one input, one output, CRS: te = (y/x) / max(y/x) (closed form)', () => {
  const rng = new Rng(11);
  const b = randomBlock(rng, 40, 1, 1);
  const r = deaScores(b, { rts: 'crs' });
  let best = 0;
  for (let j = 0; j < b.n; j++) best = Math.max(best, b.Y[j]! / b.X[j]!);
  for (let j = 0; j < b.n; j++) assert.ok(Math.abs(r.te[j]! - b.Y[j]! / b.X[j]! / best) < 1e-13);
});

test('fast path (dominance + progressive pruning) equals the full-reference LPs, CRS/VRS x input/output', () => {
  const rng = new Rng(12);
  for (const [n, m, s] of [[60, 2, 1], [50, 3, 2], [30, 1, 3], [8, 2, 2]] as const) {
    const b = randomBlock(rng, n, m, s);
    for (const rts of ['crs', 'vrs'] as const) {
      for (const orientation of ['input', 'output'] as const) {
        const fast = deaScores(b, { rts, orientation }).te;
        const slow = slowScores(b, rts, orientation);
        for (let j = 0; j < n; j++) assert.ok(Math.abs(fast[j]! - slow[j]!) < 1e-10, `${rts} ${orientation} unit ${j}: ${fast[j]} vs ${slow[j]}`);
      }
    }
  }
});

test('LP duality: envelopment theta equals the multiplier-form optimum (CCR input)', () => {
  const rng = new Rng(13);
  const b = randomBlock(rng, 25, 2, 2);
  const te = deaScores(b, { rts: 'crs', orientation: 'input' }).te;
  for (let o = 0; o < b.n; o++) assert.ok(Math.abs(te[o]! - multiplierCcr(b, o)) < 1e-10);
});

test('VRS te >= CRS te; output and input CRS agree; scores in (0, 1] with at least one 1', () => {
  const rng = new Rng(14);
  const b = randomBlock(rng, 50, 2, 2);
  const ci = deaScores(b, { rts: 'crs', orientation: 'input' }).te, co = deaScores(b, { rts: 'crs', orientation: 'output' }).te;
  for (const orientation of ['input', 'output'] as const) {
    const v = deaScores(b, { rts: 'vrs', orientation }).te;
    for (let j = 0; j < b.n; j++) assert.ok(v[j]! >= ci[j]! - 1e-12);
  }
  for (let j = 0; j < b.n; j++) {
    assert.ok(Math.abs(ci[j]! - co[j]!) < 1e-12);
    assert.ok(ci[j]! > 0 && ci[j]! <= 1 + 1e-12);
  }
  assert.ok(Math.max(...ci) > 1 - 1e-12);
});

test('invariances: rescaling a column and permuting the units leave every score unchanged', () => {
  const rng = new Rng(15);
  const b = randomBlock(rng, 30, 2, 2);
  const base = deaScores(b, { rts: 'vrs', orientation: 'output' }).te;
  const scaled: DeaBlock = { ...b, X: b.X.map((v, k) => (k % 2 === 1 ? v * 1000 : v)), Y: b.Y.map((v, k) => (k % 2 === 0 ? v / 7 : v)) };
  const s2 = deaScores(scaled, { rts: 'vrs', orientation: 'output' }).te;
  const perm = rng.permutation(b.n);
  const pb: DeaBlock = { ...b, X: new Float64Array(b.X.length), Y: new Float64Array(b.Y.length) };
  for (let k = 0; k < b.n; k++) {
    pb.X.set(b.X.subarray(perm[k]! * 2, perm[k]! * 2 + 2), k * 2);
    pb.Y.set(b.Y.subarray(perm[k]! * 2, perm[k]! * 2 + 2), k * 2);
  }
  const s3 = deaScores(pb, { rts: 'vrs', orientation: 'output' }).te;
  for (let j = 0; j < b.n; j++) assert.ok(Math.abs(base[j]! - s2[j]!) < 1e-11);
  for (let k = 0; k < b.n; k++) assert.ok(Math.abs(s3[k]! - base[perm[k]!]!) < 1e-11);
});

test('degenerate LPs: identical units, units on one ray, a unit duplicated, all efficient', () => {
  // all identical: every unit efficient under both RTS
  const same: DeaBlock = { n: 5, m: 2, s: 1, X: new Float64Array(10).fill(3), Y: new Float64Array(5).fill(2) };
  for (const rts of ['crs', 'vrs'] as const) for (const te of deaScores(same, { rts }).te) assert.ok(Math.abs(te - 1) < 1e-12);
  // units on one CRS ray: all CRS-efficient; VRS efficient only at the ends? (1 input, 1 output: VRS hull of a line is the line)
  const ray: DeaBlock = { n: 4, m: 1, s: 1, X: Float64Array.from([1, 2, 3, 4]), Y: Float64Array.from([2, 4, 6, 8]) };
  for (const te of deaScores(ray, { rts: 'crs' }).te) assert.ok(Math.abs(te - 1) < 1e-12);
  for (const te of deaScores(ray, { rts: 'vrs' }).te) assert.ok(Math.abs(te - 1) < 1e-12);
  // a duplicated inefficient unit: same score as its twin, hand-computed: frontier ratio 2, unit ratio 1 -> 0.5
  const dup: DeaBlock = { n: 3, m: 1, s: 1, X: Float64Array.from([1, 2, 2]), Y: Float64Array.from([2, 2, 2]) };
  const t = deaScores(dup, { rts: 'crs' }).te;
  assert.deepEqual(Array.from(t, (v) => Math.round(v * 1e12) / 1e12), [1, 0.5, 0.5]);
  // VRS input, hand-computed: units (x, y) = (2,1), (4,3), (4,1): third is dominated by the first -> theta = 2/4
  const v: DeaBlock = { n: 3, m: 1, s: 1, X: Float64Array.from([2, 4, 4]), Y: Float64Array.from([1, 3, 1]) };
  const tv = deaScores(v, { rts: 'vrs', orientation: 'input' }).te;
  assert.ok(Math.abs(tv[2]! - 0.5) < 1e-12 && Math.abs(tv[0]! - 1) < 1e-12 && Math.abs(tv[1]! - 1) < 1e-12);
});

test('slacks: hand-computed example (weakly efficient unit has an input slack)', () => {
  // units (x1, x2, y): A (1, 2, 1), B (2, 1, 1), C (1, 3, 1): C is radially efficient against A (theta = 1) but
  // uses 1 more of x2 -> input slack 1 on x2.
  const t = Table.fromColumns({ dmu: ['A', 'B', 'C'], x1: [1, 2, 1], x2: [2, 1, 3], y: [1, 1, 1] });
  const rows = dea(t, { dmu: 'dmu', inputs: ['x1', 'x2'], outputs: ['y'], rts: 'crs', slacks: true });
  assert.ok(Math.abs(rows[2]!.te - 1) < 1e-12);
  assert.ok(Math.abs(rows[2]!.slacks!.x2! - 1) < 1e-10 && Math.abs(rows[2]!.slacks!.x1!) < 1e-10);
  assert.ok(Math.abs(rows[0]!.slacks!.x2!) < 1e-10);
});

test('planted truth: 1-in-1-out CRS panel with frontier growth A_t and unit efficiencies e_jt', () => {
  // y = A_t * e_jt * x with max_j e_jt = 1: techch = A_t / A_{t-1}, effch = e_jt / e_j,t-1 exactly.
  const rng = new Rng(16);
  const n = 20, T = 5;
  const A = [1, 1.05, 1.02, 0.97, 1.1].map((_, t, a) => a.slice(0, t + 1).reduce((p, q) => p * q, 1));
  const e: number[][] = [];
  const dmu: string[] = [], period: number[] = [], x: number[] = [], y: number[] = [];
  for (let t = 0; t < T; t++) {
    e.push(Array.from({ length: n }, (_, j) => (j === t % n ? 1 : 0.4 + 0.6 * rng.uniform())));
    for (let j = 0; j < n; j++) {
      const xv = Math.exp(rng.normal());
      dmu.push(`u${j}`);
      period.push(2010 + t);
      x.push(xv);
      y.push(A[t]! * e[t]![j]! * xv);
    }
  }
  const r = malmquist(Table.fromColumns({ dmu, period, x, y }), { dmu: 'dmu', period: 'period', inputs: ['x'], outputs: ['y'] });
  for (const row of r.rows) {
    const t = (row.period as number) - 2010, j = Number(String(row.dmu).slice(1));
    assert.ok(Math.abs(row.techch - A[t]! / A[t - 1]!) < 1e-12);
    assert.ok(Math.abs(row.effch - e[t]![j]! / e[t - 1]![j]!) < 1e-12);
    assert.ok(Math.abs(row.tfpch - row.effch * row.techch) < 1e-12);
    assert.ok(Math.abs(row.sech * row.pech - row.effch) < 1e-12);
    assert.equal(row.period_label, `${2010 + t - 1}-${2010 + t}`);
  }
});

test('heavily degenerate data (small integers, many ties and duplicates): fast path = slow reference = dual', () => {
  const rng = new Rng(17);
  for (let rep = 0; rep < 5; rep++) {
    const n = 40, m = 2, s = 2;
    const X = Float64Array.from({ length: n * m }, () => 1 + rng.int(3));
    const Y = Float64Array.from({ length: n * s }, () => 1 + rng.int(3));
    const b: DeaBlock = { n, m, s, X, Y };
    for (const rts of ['crs', 'vrs'] as const) {
      for (const orientation of ['input', 'output'] as const) {
        const fast = deaScores(b, { rts, orientation }).te, slow = slowScores(b, rts, orientation);
        for (let j = 0; j < n; j++) assert.ok(Math.abs(fast[j]! - slow[j]!) < 1e-10);
      }
    }
    const te = deaScores(b, { rts: 'crs' }).te;
    for (let o = 0; o < n; o++) assert.ok(Math.abs(te[o]! - multiplierCcr(b, o)) < 1e-10);
  }
});

test('DenseSimplex: textbook LP, infeasible and unbounded problems are reported', () => {
  // max 3a + 5b s.t. a <= 4, 2b <= 12, 3a + 2b <= 18 -> a = 2, b = 6, z = 36 (Hillier & Lieberman's Wyndor example)
  const lp = new DenseSimplex(3, 2);
  lp.reset(3, 2);
  lp.setA(0, 0, 1); lp.setRow(0, LE, 4);
  lp.setA(1, 1, 2); lp.setRow(1, LE, 12);
  lp.setA(2, 0, 3); lp.setA(2, 1, 2); lp.setRow(2, LE, 18);
  lp.setC(0, 3); lp.setC(1, 5);
  assert.equal(lp.solve(), 'optimal');
  assert.ok(Math.abs(lp.objective - 36) < 1e-12 && Math.abs(lp.solution[0]! - 2) < 1e-12 && Math.abs(lp.solution[1]! - 6) < 1e-12);
  // a + b = 1 and a + b >= 2: infeasible
  lp.reset(2, 2);
  lp.setA(0, 0, 1); lp.setA(0, 1, 1); lp.setRow(0, EQ, 1);
  lp.setA(1, 0, 1); lp.setA(1, 1, 1); lp.setRow(1, GE, 2);
  assert.equal(lp.solve(), 'infeasible');
  // max a s.t. a - b <= 1: unbounded
  lp.reset(1, 2);
  lp.setA(0, 0, 1); lp.setA(0, 1, -1); lp.setRow(0, LE, 1);
  lp.setC(0, 1);
  assert.equal(lp.solve(), 'unbounded');
});

test('VRS against another period can be infeasible: radialScore returns NaN (never used by the DEAP index)', () => {
  // reference units produce at most y = 2; the evaluated point needs y = 5 with input orientation (VRS)
  const ref: DeaBlock = { n: 2, m: 1, s: 1, X: Float64Array.from([1, 2]), Y: Float64Array.from([1, 2]) };
  const lp = new DenseSimplex(3, 3);
  const v = radialScore(lp, ref, Int32Array.from([0, 1]), 2, Float64Array.from([3]), 0, Float64Array.from([5]), 0, 'vrs', 'input');
  assert.ok(Number.isNaN(v));
  // the CRS version is feasible: theta = (5 / 1) / 3 ... ratio frontier y/x = 1 -> theta = 5 / 3
  const c = radialScore(lp, ref, Int32Array.from([0, 1]), 2, Float64Array.from([3]), 0, Float64Array.from([5]), 0, 'crs', 'input');
  assert.ok(Math.abs(c - 5 / 3) < 1e-12);
});

test('planted truth on a simulated Cobb-Douglas city panel (CRS, +1.5%/yr frontier shift, iid inefficiency)', async () => {
  const { simulateCityPanel } = await import('../simulate.js');
  for (const seed of [1, 2]) {
    const r = malmquist(simulateCityPanel(200, 6, seed), { dmu: 'city', period: 'year', inputs: ['capital', 'labor'], outputs: ['gdp'] });
    // the DEA frontier of 200 units sits close to the true frontier: techch recovers 1.015 and effch 1
    assert.ok(Math.abs(r.overallMean.techch - 1.015) < 0.006, String(r.overallMean.techch));
    assert.ok(Math.abs(r.overallMean.effch - 1) < 0.006, String(r.overallMean.effch));
    for (const e of r.efficiency) assert.ok(e.crs <= e.vrs + 1e-12 && e.vrs <= 1 + 1e-12);
  }
});
