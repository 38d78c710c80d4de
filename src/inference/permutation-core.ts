/**
 * The per-draw work of the randomisation-inference loop ({@link permutationTest}), shared by the worker
 * task module and the inline path. Frisch-Waugh-Lovell: with y and the controls W already projected off the
 * fixed effects (tilde) and y residualised on W-tilde (e_y), each draw only demeans its permuted treatment
 * column D, residualises it on W-tilde (p x p solve) and returns beta = <r, e_y> / <r, r>: the TWFE
 * coefficient of `y ~ D + W | FE` for that assignment.
 */
import { FixedEffectsProjector } from '../estimators/ols/demean.js';
import { Rng } from '../stats/rng.js';
import { spdInverse } from '../linalg/cholesky.js';

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
 * Exact two-way projection when one FE dimension is small (periods): eliminating the large dimension A
 * leaves the normal equations of the small one, S b = c with S = diag(n_b) - sum_a n_a. n_a.' / n_a
 * (L_B x L_B, factorised once with b_0 = 0). Each column then costs O(n + L_B^2), no iteration, exact to
 * rounding (unbalanced panels included). Used by the permutation loop; candidate for `demean.ts`.
 */
export class SchurTwoWayProjector implements Demeaner {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly na: Float64Array;
  readonly Sinv: Float64Array;
  readonly LB: number;
  readonly meanA: Float64Array;
  readonly c: Float64Array;
  readonly bcoef: Float64Array;
  readonly acoef: Float64Array;

  /** True when the first FE given to {@link tryCreate} is the large (eliminated) dimension. */
  readonly firstIsLarge: boolean;

  private constructor(a: Int32Array, b: Int32Array, LA: number, LB: number, na: Float64Array, Sinv: Float64Array, firstIsLarge: boolean) {
    this.firstIsLarge = firstIsLarge;
    this.a = a;
    this.b = b;
    this.LB = LB;
    this.na = na;
    this.Sinv = Sinv;
    this.meanA = new Float64Array(LA);
    this.acoef = new Float64Array(LA);
    this.c = new Float64Array(LB);
    this.bcoef = new Float64Array(LB);
  }

  /** Builds the projector, or undefined when the design is not suitable (small dim too large, disconnected). */
  static tryCreate(fe: readonly { ids: Int32Array; nlevels: number }[], n: number, maxSmall = 400): SchurTwoWayProjector | undefined {
    if (fe.length !== 2) return undefined;
    const [big, small] = fe[0]!.nlevels >= fe[1]!.nlevels ? [fe[0]!, fe[1]!] : [fe[1]!, fe[0]!];
    const LA = big.nlevels, LB = small.nlevels;
    if (LB > maxSmall || LB < 1) return undefined;
    const na = new Float64Array(LA), nb = new Float64Array(LB);
    for (let i = 0; i < n; i++) {
      na[big.ids[i]!]!++;
      nb[small.ids[i]!]!++;
    }
    // cells of each A level: counting sort rows by A, then accumulate the B counts per level
    const start = new Int32Array(LA + 1);
    for (let i = 0; i < n; i++) start[big.ids[i]! + 1]!++;
    for (let l = 0; l < LA; l++) start[l + 1]! += start[l]!;
    const pos = start.slice(0, LA);
    const sorted = new Int32Array(n);
    for (let i = 0; i < n; i++) sorted[pos[big.ids[i]!]!++] = i;
    const S = new Float64Array(LB * LB);
    for (let m = 0; m < LB; m++) S[m * LB + m] = nb[m]!;
    const cnt = new Float64Array(LB);
    const touched: number[] = [];
    for (let l = 0; l < LA; l++) {
      touched.length = 0;
      for (let t = start[l]!; t < start[l + 1]!; t++) {
        const m = small.ids[sorted[t]!]!;
        if (cnt[m] === 0) touched.push(m);
        cnt[m]!++;
      }
      const inv = 1 / na[l]!;
      for (const m1 of touched) for (const m2 of touched) S[m2 * LB + m1] = S[m2 * LB + m1]! - cnt[m1]! * cnt[m2]! * inv;
      for (const m of touched) cnt[m] = 0;
    }
    // b_0 = 0: invert the trailing (LB-1) x (LB-1) block
    const k = LB - 1;
    const Sr = new Float64Array(k * k);
    for (let c = 0; c < k; c++) for (let r = 0; r < k; r++) Sr[c * k + r] = S[(c + 1) * LB + (r + 1)]!;
    const Sinv = k > 0 ? spdInverse(Sr, k) : new Float64Array(0);
    if (!Sinv) return undefined;
    return new SchurTwoWayProjector(big.ids, small.ids, LA, LB, na, Sinv, fe[0]!.nlevels >= fe[1]!.nlevels);
  }

  /**
   * Solves the two-way normal equations (Z'Z) [a; b] = [rhsA; rhsB] for arbitrary right-hand sides (level
   * sums over the large and the small dimension), with b_0 = 0: a_l = (rhsA_l - sum_m n_lm b_m) / n_l and
   * S b = rhsB - sum_l n_l. rhsA_l / n_l. Levels without rows get 0.
   */
  solveNormal(rhsA: Float64Array, rhsB: Float64Array): { a: Float64Array; b: Float64Array } {
    const { a, b, na, LB, Sinv } = this;
    const n = a.length;
    const k = LB - 1;
    const ratio = new Float64Array(na.length);
    for (let l = 0; l < na.length; l++) ratio[l] = na[l]! > 0 ? rhsA[l]! / na[l]! : 0;
    const c = Float64Array.from(rhsB);
    for (let i = 0; i < n; i++) c[b[i]!] -= ratio[a[i]!]!;
    const bc = new Float64Array(LB);
    for (let r = 0; r < k; r++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += Sinv[q * k + r]! * c[q + 1]!;
      bc[r + 1] = s;
    }
    const ac = new Float64Array(na.length);
    for (let i = 0; i < n; i++) ac[a[i]!] += bc[b[i]!]!;
    for (let l = 0; l < na.length; l++) ac[l] = na[l]! > 0 ? ratio[l]! - ac[l]! / na[l]! : 0;
    return { a: ac, b: bc };
  }

  demean(columns: readonly Float64Array[], _control?: undefined, out?: Float64Array[]): { columns: Float64Array[] } {
    const res: Float64Array[] = [];
    const n = this.a.length;
    const { a, b, na, meanA, c, bcoef, acoef, LB, Sinv } = this;
    const k = LB - 1;
    columns.forEach((x, j) => {
      const dst = out?.[j] ?? new Float64Array(n);
      meanA.fill(0);
      for (let i = 0; i < n; i++) meanA[a[i]!] += x[i]!;
      for (let l = 0; l < meanA.length; l++) meanA[l] = meanA[l]! / na[l]!;
      c.fill(0);
      for (let i = 0; i < n; i++) c[b[i]!] += x[i]! - meanA[a[i]!]!;
      bcoef[0] = 0;
      for (let r = 0; r < k; r++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += Sinv[q * k + r]! * c[q + 1]!;
        bcoef[r + 1] = s;
      }
      acoef.fill(0);
      for (let i = 0; i < n; i++) acoef[a[i]!] += bcoef[b[i]!]!;
      for (let l = 0; l < acoef.length; l++) acoef[l] = meanA[l]! - acoef[l]! / na[l]!;
      for (let i = 0; i < n; i++) dst[i] = x[i]! - acoef[a[i]!]! - bcoef[b[i]!]!;
      res.push(dst);
    });
    return { columns: res };
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
  const { a, b, na, meanA, c, bcoef, acoef, LB, Sinv } = S;
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
  c.fill(0);
  for (let i = 0; i < n; i++) c[b[i]!] += D[i]! - meanA[a[i]!]!;
  const k = LB - 1;
  bcoef[0] = 0;
  for (let r = 0; r < k; r++) {
    let s2 = 0;
    for (let q = 0; q < k; q++) s2 += Sinv[q * k + r]! * c[q + 1]!;
    bcoef[r + 1] = s2;
  }
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
