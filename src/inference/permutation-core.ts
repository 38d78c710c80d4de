/**
 * The per-draw work of the randomisation-inference loop ({@link permutationTest}), shared by the worker
 * task module and the inline path. Frisch-Waugh-Lovell: with y and the controls W already projected off the
 * fixed effects (tilde) and y residualised on W-tilde (e_y), each draw only demeans its permuted treatment
 * column D, residualises it on W-tilde (p x p solve) and returns beta = <r, e_y> / <r, r>: the TWFE
 * coefficient of `y ~ D + W | FE` for that assignment.
 */
import { FixedEffectsProjector } from '../estimators/ols/demean.js';
import { Rng } from '../stats/rng.js';

/** How a treatment column is rebuilt from an assignment of adoption periods to entities. */
export interface AssignmentScheme {
  /** For each entity slot (1 for units, 2 for pairs...), the entity index of every row. */
  readonly members: readonly Int32Array[];
  /** Period of every row. */
  readonly time: Float64Array;
  /** Adoption period of every entity (0 = never). The draws permute this vector (cohort sizes kept). */
  readonly cohort: Float64Array;
}

export interface PermutationPayload {
  readonly n: number;
  readonly fe: readonly { ids: Int32Array; nlevels: number }[];
  readonly ey: Float64Array;
  /** W~ row-major (n x p): row i at [i * p, i * p + p). */
  readonly WtRows: Float64Array;
  readonly p: number;
  /** (W~'W~)^{-1}, p x p column-major. */
  readonly WtWinv: Float64Array;
  readonly scheme: AssignmentScheme;
  readonly drawsPerTask: number;
  readonly draws: number;
  readonly demeanTol: number;
}

/** Anything that demeans columns on the design's fixed effects. */
interface Demeaner {
  demean(columns: readonly Float64Array[], control?: undefined, out?: Float64Array[]): unknown;
}

/**
 * Exact two-way projection when one FE dimension is small (periods): a thin wrapper over
 * {@link FixedEffectsProjector}'s direct solver (the large dimension A eliminated exactly, the Schur
 * complement S = diag(n_b) - sum_a n_a. n_a.' / n_a of the small one factored once), which declines designs
 * the permutation loop and the BJS imputation estimator cannot use: not exactly two FE, a small dimension
 * above `maxSmall` levels, a disconnected units x periods graph or an unobserved small-dimension level.
 * Each column then costs O(n + L_B^2), no iteration, exact to rounding (unbalanced panels included).
 * Unweighted. Keeps per-draw buffers for {@link runPermutationChunk}'s fused loop.
 */
export class SchurTwoWayProjector implements Demeaner {
  /** The projector this wraps (direct method). */
  readonly projector: FixedEffectsProjector;
  /** Level ids of the large (eliminated) and the small dimension. */
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** Rows per level of the large dimension. */
  readonly na: Float64Array;
  readonly LB: number;
  /** Per-draw buffers: large-dimension means, reduced right-hand side / small-dimension coefficients, large-dimension coefficients. */
  readonly meanA: Float64Array;
  readonly bcoef: Float64Array;
  readonly acoef: Float64Array;
  /** `bcoef <- S^+ bcoef` (null-pivot coefficient 0). */
  readonly solveSmall: (z: Float64Array) => void;

  /** True when the first FE given to {@link tryCreate} is the large (eliminated) dimension. */
  readonly firstIsLarge: boolean;

  private constructor(projector: FixedEffectsProjector, firstIsLarge: boolean) {
    const k = projector.directFactor()!;
    this.projector = projector;
    this.firstIsLarge = firstIsLarge;
    this.a = k.ids[0]!;
    this.b = k.ids[1]!;
    this.na = k.W0;
    this.LB = k.L;
    this.solveSmall = k.solve;
    this.meanA = new Float64Array(k.W0.length);
    this.acoef = new Float64Array(k.W0.length);
    this.bcoef = new Float64Array(k.L);
  }

  /** Builds the projector, or undefined when the design is not suitable (small dim too large, disconnected). */
  static tryCreate(fe: readonly { ids: Int32Array; nlevels: number }[], n: number, maxSmall = 400): SchurTwoWayProjector | undefined {
    if (fe.length !== 2) return undefined;
    const LB = Math.min(fe[0]!.nlevels, fe[1]!.nlevels);
    if (LB > maxSmall || LB < 1) return undefined;
    const projector = new FixedEffectsProjector(fe, n, { direct: true, directMax: maxSmall });
    // connected with every small level observed <=> S has exactly one null direction (the constant)
    if (projector.method !== 'direct' || projector.directNullPivots !== 1) return undefined;
    return new SchurTwoWayProjector(projector, fe[0]!.nlevels >= fe[1]!.nlevels);
  }

  /**
   * Solves the two-way normal equations (Z'Z) [a; b] = [rhsA; rhsB] for arbitrary right-hand sides (level
   * sums over the large and the small dimension): a_l = (rhsA_l - sum_m n_lm b_m) / n_l and
   * S b = rhsB - sum_l n_l. rhsA_l / n_l, one small-dimension coefficient fixed at 0 (the fit a_l + b_m
   * is unique). Levels without rows get 0. ({@link FixedEffectsProjector.solveNormal}.)
   */
  solveNormal(rhsA: Float64Array, rhsB: Float64Array): { a: Float64Array; b: Float64Array } {
    const r = this.projector.solveNormal(this.firstIsLarge ? [rhsA, rhsB] : [rhsB, rhsA]);
    return this.firstIsLarge ? { a: r[0]!, b: r[1]! } : { a: r[1]!, b: r[0]! };
  }

  demean(columns: readonly Float64Array[], _control?: undefined, out?: Float64Array[]): { columns: Float64Array[] } {
    return { columns: this.projector.demean(columns, undefined, out).columns };
  }
}

export interface PermutationContext {
  projector: Demeaner;
  D: Float64Array;
  Dt: Float64Array;
  perm: Float64Array;
  proj: Float64Array;
}

/** Treatment column for an adoption vector: 1 when any member entity has adopted by the row's period. */
export function assignmentColumn(scheme: AssignmentScheme, cohort: Float64Array, out: Float64Array): Float64Array {
  const n = scheme.time.length;
  out.fill(0);
  for (const m of scheme.members) {
    for (let i = 0; i < n; i++) {
      const g = cohort[m[i]!]!;
      if (g !== 0 && scheme.time[i]! >= g) out[i] = 1;
    }
  }
  return out;
}

export function preparePermutation(payload: PermutationPayload): PermutationContext {
  const projector: Demeaner = SchurTwoWayProjector.tryCreate(payload.fe, payload.n) ?? new FixedEffectsProjector(payload.fe, payload.n, { tol: payload.demeanTol });
  return {
    projector,
    D: new Float64Array(payload.n),
    Dt: new Float64Array(payload.n),
    perm: new Float64Array(payload.scheme.cohort.length),
    proj: new Float64Array(payload.p),
  };
}

/**
 * beta of the treatment column currently in `ctx.D`: with r = M_W D~, beta = <r, e_y> / <r, r> and, since
 * e_y is orthogonal to W~, <r, e_y> = <D~, e_y> and <r, r> = <D~, D~> - t' (W~'W~)^{-1} t with t = W~'D~:
 * one fused pass over the rows (W~ row-major) after demeaning.
 */
export function betaOf(payload: PermutationPayload, ctx: PermutationContext): number {
  const { n, p, WtRows, WtWinv, ey } = payload;
  ctx.projector.demean([ctx.D], undefined, [ctx.Dt]);
  const Dt = ctx.Dt;
  const t = ctx.proj;
  t.fill(0);
  let num = 0, q = 0;
  for (let i = 0; i < n; i++) {
    const d = Dt[i]!;
    if (d === 0) continue;
    num += d * ey[i]!;
    q += d * d;
    const o = i * p;
    for (let j = 0; j < p; j++) t[j] += d * WtRows[o + j]!;
  }
  let quad = 0;
  for (let a = 0; a < p; a++) {
    let s = 0;
    for (let b = 0; b < p; b++) s += WtWinv[b * p + a]! * t[b]!;
    quad += t[a]! * s;
  }
  const den = q - quad;
  return den > 0 ? num / den : NaN;
}

/**
 * The same beta as {@link betaOf} for a Schur projector, fused: the permuted treatment is built while its
 * large-dimension means accumulate, and the demeaned column is never stored (4 passes over the rows).
 */
function fusedSchurBeta(payload: PermutationPayload, ctx: PermutationContext, S: SchurTwoWayProjector, cohort: Float64Array): number {
  const { n, p, WtRows, WtWinv, ey, scheme } = payload;
  const { a, b, na, meanA, bcoef, acoef } = S;
  const D = ctx.D;
  const time = scheme.time;
  const members = scheme.members;
  meanA.fill(0);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let q = 0; q < members.length; q++) {
      const g = cohort[members[q]![i]!]!;
      if (g !== 0 && time[i]! >= g) d = 1;
    }
    D[i] = d;
    if (d) meanA[a[i]!] += 1;
  }
  for (let l = 0; l < meanA.length; l++) meanA[l] = na[l]! > 0 ? meanA[l]! / na[l]! : 0;
  bcoef.fill(0);
  for (let i = 0; i < n; i++) bcoef[b[i]!] += D[i]! - meanA[a[i]!]!;
  S.solveSmall(bcoef);
  acoef.fill(0);
  for (let i = 0; i < n; i++) acoef[a[i]!] += bcoef[b[i]!]!;
  for (let l = 0; l < acoef.length; l++) acoef[l] = na[l]! > 0 ? meanA[l]! - acoef[l]! / na[l]! : 0;
  const t = ctx.proj;
  t.fill(0);
  let num = 0, qq = 0;
  for (let i = 0; i < n; i++) {
    const d = D[i]! - acoef[a[i]!]! - bcoef[b[i]!]!;
    num += d * ey[i]!;
    qq += d * d;
    const o = i * p;
    for (let j = 0; j < p; j++) t[j] += d * WtRows[o + j]!;
  }
  let quad = 0;
  for (let x = 0; x < p; x++) {
    let s2 = 0;
    for (let y = 0; y < p; y++) s2 += WtWinv[y * p + x]! * t[y]!;
    quad += t[x]! * s2;
  }
  const den = qq - quad;
  return den > 0 ? num / den : NaN;
}

/** Runs draws [index * drawsPerTask, ...) with `new Rng(seed).fork(draw)` each. */
export function runPermutationChunk(payload: PermutationPayload, index: number, seed: number, ctx: PermutationContext): Float64Array {
  const start = index * payload.drawsPerTask;
  const end = Math.min(payload.draws, start + payload.drawsPerTask);
  const out = new Float64Array(Math.max(0, end - start));
  const root = new Rng(seed);
  for (let d = start; d < end; d++) {
    ctx.perm.set(payload.scheme.cohort);
    root.fork(d).shuffle(ctx.perm);
    if (ctx.projector instanceof SchurTwoWayProjector) out[d - start] = fusedSchurBeta(payload, ctx, ctx.projector, ctx.perm);
    else {
      assignmentColumn(payload.scheme, ctx.perm, ctx.D);
      out[d - start] = betaOf(payload, ctx);
    }
  }
  return out;
}
