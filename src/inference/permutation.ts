/**
 * Randomisation (permutation) inference for a TWFE treatment coefficient, the placebo routine of the pilot
 * zone papers: draw N random assignments of adoption periods to entities (a permutation of the observed
 * adoption vector, so every cohort keeps its size), refit `y ~ D + controls | FE` for each, and compare the
 * observed coefficient with the distribution of placebo coefficients.
 *
 * Speed (the issue's requirement): the fixed effects and controls do not change between draws, so y and
 * the controls are projected off the FE once, y is residualised on the controls once, and each draw only
 * demeans its permuted treatment column (FWL; `permutation-core.ts`). Draws run in chunks on the worker
 * pool; draw d uses `new Rng(seed).fork(d)`, so results do not depend on the number of threads.
 *
 * p-values: `p_value` = share of draws with |beta_r| >= |beta_obs| (the papers' convention);
 * `p_value_plus1` = (1 + count) / (N + 1) (exact-test convention, never 0). Also reported: one-sided shares
 * and a histogram for the density plot.
 */
import { OptionError, PilotzoneError } from '../errors.js';
import type { RunControl } from '../control.js';
import type { Design } from '../estimators/design.js';
import { FixedEffectsProjector } from '../estimators/ols/demean.js';
import { runParallel } from '../parallel/pool.js';
import { sharedFloat64, sharedInt32 } from '../parallel/shared.js';
import { spdInverse } from '../linalg/cholesky.js';
import { SchurTwoWayProjector, assignmentColumn, betaOf, preparePermutation, type AssignmentScheme, type PermutationPayload } from './permutation-core.js';
import { histogramOf } from '../stats/histogram.js';

export type { AssignmentScheme } from './permutation-core.js';

export interface PermutationOptions {
  /** Number of random assignments (default 500). */
  draws?: number;
  seed: number;
  /** Worker threads (default: cores; 1 = inline). */
  threads?: number;
  /** Demeaning tolerance (default 1e-8: placebo coefficients need far less precision than the fit). */
  demeanTol?: number;
  /** Histogram bins of the density data (default 40). */
  bins?: number;
  control?: RunControl;
}

export interface PermutationResult {
  readonly observed: number;
  readonly draws: Float64Array;
  readonly pValue: number;
  readonly pValuePlus1: number;
  readonly pValueLower: number;
  readonly pValueUpper: number;
  readonly seed: number;
  readonly histogram: { from: number; to: number; count: number }[];
  toJSON(): Record<string, unknown>;
}

/**
 * Permutation test of the TWFE coefficient of the treatment implied by `scheme` in `design`
 * (`design.x` = the controls, `design.fe` = the fixed effects; the treatment column is rebuilt per draw).
 */
export async function permutationTest(design: Design, scheme: AssignmentScheme, opts: PermutationOptions): Promise<PermutationResult> {
  const draws = opts.draws ?? 500;
  if (!Number.isInteger(draws) || draws < 1) throw new OptionError('draws', `must be a positive integer, got ${draws}.`);
  if (!Number.isFinite(opts.seed)) throw new OptionError('seed', 'a seed is required (it is reported with the result).');
  if (design.fe.length === 0) throw new PilotzoneError('E_NO_FIXED_EFFECTS', 'permutation test: the design has no fixed effects (expected unit and period FE).');
  if (design.weights) throw new OptionError('weights', 'weighted permutation tests are not supported yet.');
  const n = design.n;
  for (const m of scheme.members) if (m.length !== n) throw new PilotzoneError('E_DESIGN_SHAPE', `permutation scheme has ${m.length} rows for a design of ${n}.`);
  const tol = opts.demeanTol ?? 1e-8;
  const fe = design.fe.map((f) => ({ ids: sharedInt32(f.ids), nlevels: f.nlevels }));
  const projector = SchurTwoWayProjector.tryCreate(fe, n) ?? new FixedEffectsProjector(fe, n, { tol: Math.min(tol, 1e-10) });
  const p = design.x.names.length;
  const cols: Float64Array[] = [design.y];
  for (let j = 0; j < p; j++) cols.push(design.x.X.subarray(j * n, (j + 1) * n));
  const dm = (projector.demean(cols) as { columns: Float64Array[] }).columns;
  const yt = dm[0]!;
  const Wt = new Float64Array(n * p);
  for (let j = 0; j < p; j++) Wt.set(dm[j + 1]!, j * n);
  const WtW = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = a; b < p; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Wt[a * n + i]! * Wt[b * n + i]!;
    WtW[a * p + b] = s;
    WtW[b * p + a] = s;
  }
  const WtWinv = p > 0 ? spdInverse(WtW, p) : new Float64Array(0);
  if (!WtWinv) throw new PilotzoneError('E_COLLINEAR', 'permutation test: the controls are collinear after removing the fixed effects.');
  const ey = Float64Array.from(yt);
  {
    const t = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Wt[j * n + i]! * yt[i]!;
      t[j] = s;
    }
    for (let a = 0; a < p; a++) {
      let c = 0;
      for (let b = 0; b < p; b++) c += WtWinv[b * p + a]! * t[b]!;
      for (let i = 0; i < n; i++) ey[i] = ey[i]! - c * Wt[a * n + i]!;
    }
  }
  const drawsPerTask = Math.max(1, Math.ceil(draws / 64));
  const payload: PermutationPayload = {
    n,
    fe,
    ey: sharedFloat64(ey),
    WtRows: sharedFloat64(toRows(Wt, n, p)),
    p,
    WtWinv,
    scheme: { members: scheme.members.map((m) => sharedInt32(m)), time: sharedFloat64(scheme.time), cohort: Float64Array.from(scheme.cohort) },
    drawsPerTask,
    draws,
    demeanTol: tol,
  };
  // observed coefficient (same FWL path, tight tolerance)
  const ctx = preparePermutation({ ...payload, demeanTol: Math.min(tol, 1e-10) });
  assignmentColumn(payload.scheme, payload.scheme.cohort, ctx.D);
  const observed = betaOf(payload, ctx);
  const nTasks = Math.ceil(draws / drawsPerTask);
  const chunks = await runParallel<PermutationPayload, Float64Array>(new URL('./permutation-task.js', import.meta.url), payload, nTasks, {
    seed: opts.seed,
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    ...(opts.control ? { control: opts.control } : {}),
  });
  const all = new Float64Array(draws);
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.length;
  }
  let two = 0, lo = 0, hi = 0;
  const a = Math.abs(observed);
  for (const b of all) {
    if (Math.abs(b) >= a - 1e-12 * Math.max(1, a)) two++;
    if (b <= observed) lo++;
    if (b >= observed) hi++;
  }
  const histogram = histogramOf(all, opts.bins ?? 40);
  const res: PermutationResult = {
    observed,
    draws: all,
    pValue: two / draws,
    pValuePlus1: (1 + two) / (draws + 1),
    pValueLower: lo / draws,
    pValueUpper: hi / draws,
    seed: opts.seed,
    histogram,
    toJSON() {
      return { observed, draws: Array.from(all), n_draws: draws, p_value: res.pValue, p_value_plus1: res.pValuePlus1, p_value_lower: res.pValueLower, p_value_upper: res.pValueUpper, seed: opts.seed, histogram };
    },
  };
  return res;
}

function toRows(X: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) out[i * p + j] = X[j * n + i]!;
  return out;
}
