/**
 * Fixed-effect demeaning ("within" transformation) for any number of fixed-effect dimensions: the
 * residual of each column after projection on the FE dummies, computed without forming the dummies.
 *
 * The unknowns are the FE *coefficients* (one per level), not N-length vectors (Berge 2018, "Efficient
 * estimation of maximum likelihood models with multiple fixed-effects: the R package FENmlm", CREA DP 13,
 * what fixest does). The dimension with the most levels ("largest FE") is always eliminated exactly: given
 * the others, its coefficients are weighted level means. What remains is a system S X = r in the other
 * dimensions' coefficients, S = D'WD - C' W0^-1 C (D their dummies, C their cross-tab with the largest FE,
 * W0 its level weights), symmetric positive semi-definite with one null direction per connected component.
 *
 * - One FE: exact group means.
 * - Two or more FE, `direct` (default when the non-largest FE have <= 500 levels in all: unit + year,
 *   unit + year + industry...): S is formed once and Cholesky-factored, skipping null pivots (those
 *   coefficients are references fixed at 0). Each column then costs four passes over the rows plus
 *   O(L^2): no iteration, exact up to rounding.
 * - Otherwise, iterative (option `accel`), over the FE1 x FE2 cross-tab cells for two FE (aggregated once,
 *   so an iteration costs O(#cells), not O(n)) or over the rows for three or more:
 *   'cg' (default): conjugate gradient on S X = r with the Jacobi preconditioner D = level weights. One
 *   sweep of fixest's alternating projections is exactly X + D^-1 (r - S X), so CG is a Krylov
 *   acceleration of that iteration; on chain-like designs (few movers) it needs O(sqrt(kappa)) iterations
 *   where plain or Irons-Tuck-accelerated projections need O(kappa).
 *   'irons-tuck': alternating projections G (block Gauss-Seidel) accelerated as fixest (Irons & Tuck 1969):
 *   X <- GGX - c (GGX - GX), c = <GGX-GX, GGX-2GX+X> / ||GGX-2GX+X||^2.
 *   Convergence (both): stop when max_l |D^-1 (r - S X)|_l = max_l |G(X)_l - X_l| <= tol * sd_w(x): the
 *   largest change one more sweep would make to any FE coefficient, relative to the column's weighted
 *   standard deviation (default tol 1e-10, maxIter 10000); non-convergence is reported per column.
 * - A constant column is demeaned to exact zeros. The largest FE's coefficients are recomputed from the
 *   final others, so the result has exactly zero weighted mean within each level of the largest FE.
 *
 * Reuse: build a {@link FixedEffectsProjector} once (level weights, cross-tab or factored S), then demean
 * any number of columns (feols, IV stages, event studies, permutation loops); {@link demean} and
 * {@link demeanDesign} are one-call wrappers. The direct factor also solves the FE normal equations for
 * arbitrary right-hand sides (`solveNormal`: BJS imputation weights) and is the one exact two-way
 * projection behind `SchurTwoWayProjector` (src/inference/permutation-core.ts, the permutation loop).
 */
import { CancelledError, PilotzoneError } from '../../errors.js';
import type { RunControl } from '../../control.js';

/** Largest number of non-largest-FE levels for which the dense direct solver is used. */
const DIRECT_MAX = 500;

/** One FE dimension: dense 0-based level ids (length n) and the number of levels. */
export interface FeCodes {
  readonly ids: Int32Array;
  readonly nlevels: number;
  readonly name?: string;
}

export interface DemeanOptions {
  /** Positive weights (length n); undefined = unweighted. */
  weights?: Float64Array;
  /** Convergence tolerance (relative to the column's weighted sd); default 1e-10. */
  tol?: number;
  /** Maximum number of iterations per column; default 10000. */
  maxIter?: number;
  /**
   * Solver for two or more FE: 'cg' (default; conjugate gradient on the FE system with the first FE
   * eliminated, Jacobi-preconditioned) or 'irons-tuck' (alternating projections accelerated as fixest).
   */
  accel?: 'cg' | 'irons-tuck';
  /**
   * Exact elimination when the FE other than the largest have at most 500 levels in all (default true):
   * see the module comment. false forces the iterative solver.
   */
  direct?: boolean;
  /**
   * Level budget of the direct solver: it is used when the FE other than the largest have at most this many
   * levels in all (default 500; the dense factor costs O(L^2) memory and O(L^3) time once).
   */
  directMax?: number;
  /** Progress (columns done) and cancellation. */
  control?: RunControl;
}

/** Result of demeaning one column. */
export interface DemeanColumnInfo {
  /** Accelerated iterations used (0 for one FE or a constant column). */
  readonly iterations: number;
  readonly converged: boolean;
}

/** FE coefficients of one column: `coef[q][l]` for dimension q (in the caller's order), level l. */
export interface FeCoefficients {
  readonly coef: Float64Array[];
  readonly iterations: number;
  readonly converged: boolean;
}

/** Pre-computed structure for projecting columns on a set of fixed effects. */
export class FixedEffectsProjector {
  readonly n: number;
  readonly fe: readonly FeCodes[];
  readonly tol: number;
  readonly maxIter: number;
  readonly accel: 'cg' | 'irons-tuck';
  private readonly w: Float64Array | undefined;
  /** Internal order: dims sorted by decreasing number of levels. */
  private readonly order: number[];
  private readonly ids: Int32Array[];
  private readonly nl: number[];
  /** Weight sum per level, per internal dim. */
  private readonly levelW: Float64Array[];
  // two-FE cross-tab (cells grouped by the first internal dim)
  private rowCell: Int32Array | undefined;
  private cellA: Int32Array | undefined;
  private cellB: Int32Array | undefined;
  private cellW: Float64Array | undefined;
  private ncells = 0;
  // direct solver: dense Schur complement of the non-largest FE, Cholesky-factored once
  private direct: { L: number; offs: number[]; R: Float64Array; active: Uint8Array; groupStart: Int32Array | undefined } | undefined;

  constructor(fe: readonly FeCodes[], n: number, opts: Omit<DemeanOptions, 'control'> = {}) {
    this.n = n;
    this.fe = fe;
    this.w = opts.weights;
    this.tol = opts.tol ?? 1e-10;
    this.maxIter = opts.maxIter ?? 10000;
    this.accel = opts.accel ?? 'cg';
    if (this.accel !== 'cg' && this.accel !== 'irons-tuck') throw new PilotzoneError('E_OPTION', `option accel: must be 'cg' or 'irons-tuck', got ${String(this.accel)}.`);
    if (!(this.tol > 0)) throw new PilotzoneError('E_OPTION', `option tol: must be positive, got ${this.tol}.`);
    for (const f of fe) {
      if (f.ids.length !== n) throw new PilotzoneError('E_DESIGN_SHAPE', `fixed effect "${f.name ?? '?'}" has ${f.ids.length} ids for ${n} rows.`);
    }
    this.order = fe.map((_, q) => q).sort((a, b) => fe[b]!.nlevels - fe[a]!.nlevels || a - b);
    this.ids = this.order.map((q) => fe[q]!.ids);
    this.nl = this.order.map((q) => fe[q]!.nlevels);
    this.levelW = this.ids.map((ids, d) => {
      const W = new Float64Array(this.nl[d]!);
      const w = this.w;
      if (w) for (let i = 0; i < n; i++) W[ids[i]!]! += w[i]!;
      else for (let i = 0; i < n; i++) W[ids[i]!]! += 1;
      return W;
    });
    if (fe.length >= 2) {
      const rest = this.nl.slice(1).reduce((a, b) => a + b, 0);
      if (opts.direct !== false && rest <= (opts.directMax ?? DIRECT_MAX)) this.buildDirect();
      else if (fe.length === 2) this.buildCells();
    }
  }

  /** Which solver runs for two or more FE: 'direct', 'cg' or 'irons-tuck' ('exact' for 0 or 1 FE). */
  get method(): 'exact' | 'direct' | 'cg' | 'irons-tuck' {
    return this.fe.length < 2 ? 'exact' : this.direct ? 'direct' : this.accel;
  }

  /**
   * Dense Schur complement S = D'WD - C' diag(W0)^-1 C of all FE but the largest (D their dummies, C the
   * cross-tab with the largest FE), factored by a Cholesky that skips null pivots (one per connected
   * component: S is singular), so each column is then solved exactly in O(rows + L^2).
   */
  private buildDirect(): void {
    const n = this.n, Q = this.ids.length, w = this.w;
    const offs = [0];
    for (let d = 1; d < Q; d++) offs.push(offs[d - 1]! + this.nl[d]!);
    const L = offs[Q - 1]!;
    const S = new Float64Array(L * L);
    const ids = this.ids;
    if (Q === 2) {
      // one other FE: D'WD is diagonal, its level weights
      const W1 = this.levelW[1]!;
      for (let a = 0; a < L; a++) S[a * L + a] = W1[a]!;
    } else {
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i]! : 1;
        for (let d = 1; d < Q; d++) {
          const a = offs[d - 1]! + ids[d]![i]!;
          for (let e = d; e < Q; e++) {
            const b = offs[e - 1]! + ids[e]![i]!;
            S[b * L + a]! += wi;
            if (a !== b) S[a * L + b]! += wi;
          }
        }
      }
    }
    // subtract, for every level of the largest FE, c c' / W0 (c: weights of its rows by rest-level)
    const ids0 = ids[0]!, L0 = this.nl[0]!, W0 = this.levelW[0]!;
    const start = new Int32Array(L0 + 1);
    for (let i = 0; i < n; i++) start[ids0[i]! + 1]!++;
    for (let l = 0; l < L0; l++) start[l + 1]! += start[l]!;
    // rows grouped by the largest FE (identity when the data are already sorted by it, the usual layout)
    let isSorted = true;
    for (let i = 1; i < n; i++) if (ids0[i]! < ids0[i - 1]!) { isSorted = false; break; }
    let sorted: Int32Array | undefined;
    if (!isSorted) {
      const pos = start.slice(0, L0);
      sorted = new Int32Array(n);
      for (let i = 0; i < n; i++) sorted[pos[ids0[i]!]!++] = i;
    }
    const c = new Float64Array(L);
    const touched = new Int32Array(L);
    for (let l = 0; l < L0; l++) {
      let nt = 0;
      for (let t = start[l]!; t < start[l + 1]!; t++) {
        const i = sorted ? sorted[t]! : t;
        const wi = w ? w[i]! : 1;
        for (let d = 1; d < Q; d++) {
          const a = offs[d - 1]! + ids[d]![i]!;
          if (c[a] === 0) touched[nt++] = a;
          c[a]! += wi;
        }
      }
      const inv = W0[l]! > 0 ? 1 / W0[l]! : 0;
      // only the lower triangle S[k * L + j], k >= j, is read by the Cholesky below: sort the touched
      // levels (insertion sort: few, usually in order already) and update that half
      for (let u = 1; u < nt; u++) {
        const t = touched[u]!;
        let v = u - 1;
        while (v >= 0 && touched[v]! > t) {
          touched[v + 1] = touched[v]!;
          v--;
        }
        touched[v + 1] = t;
      }
      for (let u = 0; u < nt; u++) {
        const a = touched[u]!, ca = c[a]! * inv;
        for (let v = u; v < nt; v++) S[touched[v]! * L + a]! -= ca * c[touched[v]!]!;
      }
      for (let u = 0; u < nt; u++) c[touched[u]!] = 0;
    }
    // Cholesky S = R'R skipping null pivots
    const R = new Float64Array(L * L);
    const active = new Uint8Array(L);
    for (let j = 0; j < L; j++) {
      let dj = S[j * L + j]!;
      for (let l = 0; l < j; l++) dj -= R[j * L + l]! * R[j * L + l]!;
      const ref = this.levelWeightRest(j, offs);
      if (!(dj > 1e-10 * ref)) continue; // dependent: coefficient fixed at 0
      active[j] = 1;
      const rjj = Math.sqrt(dj);
      R[j * L + j] = rjj;
      for (let k = j + 1; k < L; k++) {
        let v = S[k * L + j]!;
        for (let l = 0; l < j; l++) v -= R[j * L + l]! * R[k * L + l]!;
        R[k * L + j] = v / rjj;
      }
    }
    this.direct = { L, offs, R, active, groupStart: isSorted ? start : undefined };
  }

  /**
   * Number of FE coefficients the direct solver fixes at 0 (null pivots of S: one per connected component
   * of the FE graph, plus one per level without rows); undefined when the solver is not direct. With two FE,
   * exactly 1 means the design is connected and every smaller-FE level is observed.
   */
  get directNullPivots(): number | undefined {
    if (!this.direct) return undefined;
    let k = 0;
    for (let j = 0; j < this.direct.L; j++) if (!this.direct.active[j]) k++;
    return k;
  }

  /**
   * The factored direct solver, for fused per-draw loops (the permutation test): internal dim order
   * (`ids[0]` the largest FE), its level weights `W0`, and `solve(z)` which overwrites the reduced
   * right-hand side z (length L, the other FE's levels concatenated) with the coefficients of S z = rhs
   * (null-pivot coefficients 0). Undefined when the solver is not direct.
   * @internal
   */
  directFactor(): { ids: readonly Int32Array[]; W0: Float64Array; L: number; solve: (z: Float64Array) => void } | undefined {
    const dir = this.direct;
    if (!dir) return undefined;
    const { L, R, active } = dir;
    return { ids: this.ids, W0: this.levelW[0]!, L, solve: (z) => cholSolveSkipping(R, active, L, z) };
  }

  /**
   * Solves the FE normal equations (D'WD) coef = rhs for arbitrary right-hand sides `rhs[q]` (one per FE in
   * the caller's order, length nlevels: e.g. level sums of some weights), exactly through the direct
   * factor: coef[q] in the caller's order, the largest FE's coefficients by back-substitution
   * (a_l = (rhs_l - sum_m W_lm b_m) / W_l, 0 for levels without rows), null-pivot coefficients 0.
   * Used by the BJS imputation estimator (its v-weights). Direct solver only (E_OPTION otherwise).
   */
  solveNormal(rhs: readonly Float64Array[]): Float64Array[] {
    const dir = this.direct;
    if (!dir) throw new PilotzoneError('E_OPTION', 'solveNormal needs the direct solver (two or more FE, the smaller ones within option directMax).');
    if (rhs.length !== this.fe.length) throw new PilotzoneError('E_DESIGN_SHAPE', `solveNormal: ${rhs.length} right-hand sides for ${this.fe.length} fixed effects.`);
    const { L, offs, R, active } = dir;
    const n = this.n, w = this.w, Q = this.ids.length, ids = this.ids;
    const ids0 = ids[0]!, W0 = this.levelW[0]!, L0 = this.nl[0]!;
    const rhs0 = rhs[this.order[0]!]!;
    const ratio = new Float64Array(L0);
    for (let l = 0; l < L0; l++) ratio[l] = W0[l]! > 0 ? rhs0[l]! / W0[l]! : 0;
    const z = new Float64Array(L);
    for (let d = 1; d < Q; d++) {
      const r = rhs[this.order[d]!]!;
      if (r.length !== this.nl[d]) throw new PilotzoneError('E_DESIGN_SHAPE', `solveNormal: right-hand side ${this.order[d]} has ${r.length} values for ${this.nl[d]} levels.`);
      z.set(r, offs[d - 1]!);
    }
    if (rhs0.length !== L0) throw new PilotzoneError('E_DESIGN_SHAPE', `solveNormal: right-hand side ${this.order[0]} has ${rhs0.length} values for ${L0} levels.`);
    for (let d = 1; d < Q; d++) {
      const idd = ids[d]!, o = offs[d - 1]!;
      if (w) for (let i = 0; i < n; i++) z[o + idd[i]!]! -= w[i]! * ratio[ids0[i]!]!;
      else for (let i = 0; i < n; i++) z[o + idd[i]!]! -= ratio[ids0[i]!]!;
    }
    cholSolveSkipping(R, active, L, z);
    const acc = new Float64Array(L0);
    for (let d = 1; d < Q; d++) {
      const idd = ids[d]!, o = offs[d - 1]!;
      if (w) for (let i = 0; i < n; i++) acc[ids0[i]!]! += w[i]! * z[o + idd[i]!]!;
      else for (let i = 0; i < n; i++) acc[ids0[i]!]! += z[o + idd[i]!]!;
    }
    const alpha = new Float64Array(L0);
    for (let l = 0; l < L0; l++) alpha[l] = W0[l]! > 0 ? ratio[l]! - acc[l]! / W0[l]! : 0;
    const coef: Float64Array[] = new Array(Q);
    coef[this.order[0]!] = alpha;
    for (let d = 1; d < Q; d++) coef[this.order[d]!] = z.slice(offs[d - 1]!, offs[d - 1]! + this.nl[d]!);
    return coef;
  }

  private levelWeightRest(j: number, offs: number[]): number {
    let d = 1;
    while (d < offs.length && j >= offs[d]!) d++;
    return this.levelW[d]![j - offs[d - 1]!]!;
  }

  /** Number of unique FE1 x FE2 cells (two FE only; 0 otherwise). */
  get cells(): number {
    return this.ncells;
  }

  private buildCells(): void {
    const n = this.n;
    const a = this.ids[0]!, b = this.ids[1]!;
    const La = this.nl[0]!, Lb = this.nl[1]!;
    // counting sort of rows by a
    const start = new Int32Array(La + 1);
    for (let i = 0; i < n; i++) start[a[i]! + 1]!++;
    for (let l = 0; l < La; l++) start[l + 1]! += start[l]!;
    const pos = start.slice(0, La);
    const sorted = new Int32Array(n);
    for (let i = 0; i < n; i++) sorted[pos[a[i]!]!++] = i;
    const stamp = new Int32Array(Lb).fill(-1);
    const cellOfB = new Int32Array(Lb);
    const rowCell = new Int32Array(n);
    const cellA = new Int32Array(n), cellB = new Int32Array(n);
    const cellW = new Float64Array(n);
    const w = this.w;
    let nc = 0;
    for (let l = 0; l < La; l++) {
      for (let t = start[l]!; t < start[l + 1]!; t++) {
        const i = sorted[t]!;
        const m = b[i]!;
        let c: number;
        if (stamp[m] !== l) {
          stamp[m] = l;
          c = nc++;
          cellOfB[m] = c;
          cellA[c] = l;
          cellB[c] = m;
        } else c = cellOfB[m]!;
        rowCell[i] = c;
        cellW[c]! += w ? w[i]! : 1;
      }
    }
    this.rowCell = rowCell;
    this.cellA = cellA.slice(0, nc);
    this.cellB = cellB.slice(0, nc);
    this.cellW = cellW.slice(0, nc);
    this.ncells = nc;
  }

  /**
   * Demeans each column (length n) and returns new arrays (inputs untouched). `out[c]` may be given to
   * write in place of allocating (it may be the input itself).
   */
  demean(columns: readonly Float64Array[], control?: RunControl, out?: Float64Array[]): { columns: Float64Array[]; info: DemeanColumnInfo[] } {
    const res: Float64Array[] = [];
    const info: DemeanColumnInfo[] = [];
    for (let c = 0; c < columns.length; c++) {
      if (control?.signal?.aborted) throw new CancelledError('demeaning');
      const x = columns[c]!;
      if (x.length !== this.n) throw new PilotzoneError('E_DESIGN_SHAPE', `column ${c} has ${x.length} values for ${this.n} rows.`);
      const dst = out?.[c] ?? new Float64Array(this.n);
      if (this.fe.length > 0 && isConstant(x)) {
        dst.fill(0); // exact: a constant is in the span of any FE
        info.push({ iterations: 0, converged: true });
      } else if (this.direct) {
        this.solveDirect(x, dst);
        info.push({ iterations: 0, converged: true });
      } else {
        const r = this.solve(x);
        this.subtract(x, r.coefInternal, dst);
        info.push({ iterations: r.iterations, converged: r.converged });
      }
      res.push(dst);
      control?.onProgress?.(c + 1, columns.length, 'demeaning');
    }
    return { columns: res, info };
  }

  /** Demeans the k columns of a column-major n x k matrix into a new column-major matrix. */
  demeanMatrix(X: Float64Array, k: number, control?: RunControl): { X: Float64Array; info: DemeanColumnInfo[] } {
    const n = this.n;
    const out = new Float64Array(n * k);
    const cols: Float64Array[] = [], outs: Float64Array[] = [];
    for (let j = 0; j < k; j++) {
      cols.push(X.subarray(j * n, j * n + n));
      outs.push(out.subarray(j * n, j * n + n));
    }
    const r = this.demean(cols, control, outs);
    return { X: out, info: r.info };
  }

  /** The FE coefficients whose sum best fits x (least squares), in the caller's dimension order. */
  coefficients(x: Float64Array): FeCoefficients {
    const r = this.solve(x);
    const coef: Float64Array[] = new Array(this.fe.length);
    this.order.forEach((q, d) => (coef[q] = r.coefInternal[d]!));
    return { coef, iterations: r.iterations, converged: r.converged };
  }

  private subtract(x: Float64Array, coef: Float64Array[], dst: Float64Array): void {
    const n = this.n;
    const Q = coef.length;
    if (Q === 0) {
      dst.set(x);
      return;
    }
    const a0 = this.ids[0]!, c0 = coef[0]!;
    if (Q === 1) {
      for (let i = 0; i < n; i++) dst[i] = x[i]! - c0[a0[i]!]!;
      return;
    }
    const a1 = this.ids[1]!, c1 = coef[1]!;
    for (let i = 0; i < n; i++) dst[i] = x[i]! - c0[a0[i]!]! - c1[a1[i]!]!;
    for (let d = 2; d < Q; d++) {
      const ad = this.ids[d]!, cd = coef[d]!;
      for (let i = 0; i < n; i++) dst[i]! -= cd[ad[i]!]!;
    }
  }

  /** Solves for the FE coefficients of x (internal dim order). */
  private solve(x: Float64Array): { coefInternal: Float64Array[]; iterations: number; converged: boolean } {
    const Q = this.ids.length;
    const n = this.n;
    const w = this.w;
    if (Q === 0) return { coefInternal: [], iterations: 0, converged: true };
    if (isConstant(x)) {
      const coef = this.nl.map((L) => new Float64Array(L));
      coef[0]!.fill(x[0] ?? 0);
      return { coefInternal: coef, iterations: 0, converged: true };
    }
    if (this.direct) return this.solveDirect(x);
    if (Q === 1) {
      const coef = [new Float64Array(this.nl[0]!)];
      const S = coef[0]!, ids = this.ids[0]!, W = this.levelW[0]!;
      if (w) for (let i = 0; i < n; i++) S[ids[i]!]! += w[i]! * x[i]!;
      else for (let i = 0; i < n; i++) S[ids[i]!]! += x[i]!;
      for (let l = 0; l < S.length; l++) S[l] = W[l]! > 0 ? S[l]! / W[l]! : 0;
      return { coefInternal: coef, iterations: 0, converged: true };
    }
    // the column's weighted sd scales the convergence threshold of the iterative solvers
    let sw = 0, sx = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! : 1;
      sw += wi;
      sx += wi * x[i]!;
    }
    const mean = sx / sw;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i]! - mean;
      ss += (w ? w[i]! : 1) * d * d;
    }
    const sd = Math.sqrt(ss / sw);
    if (Q === 1 || sd === 0) {
      const coef = this.nl.map((L) => new Float64Array(L));
      if (sd === 0) {
        coef[0]!.fill(mean);
        return { coefInternal: coef, iterations: 0, converged: true };
      }
      const S = coef[0]!, ids = this.ids[0]!, W = this.levelW[0]!;
      for (let i = 0; i < n; i++) S[ids[i]!]! += (w ? w[i]! : 1) * x[i]!;
      for (let l = 0; l < S.length; l++) S[l] = W[l]! > 0 ? S[l]! / W[l]! : 0;
      return { coefInternal: coef, iterations: 0, converged: true };
    }
    const thr = this.tol * sd;
    return Q === 2 ? this.solveTwo(x, thr) : this.solveMany(x, thr);
  }

  /** Direct solve; with `dst`, also writes the demeaned column there (fused with the last pass). */
  private solveDirect(x: Float64Array, dst?: Float64Array): { coefInternal: Float64Array[]; iterations: number; converged: boolean } {
    const { L, offs, R, active, groupStart } = this.direct!;
    const n = this.n, w = this.w, Q = this.ids.length, ids = this.ids;
    const ids0 = ids[0]!, W0 = this.levelW[0]!, L0 = this.nl[0]!;
    const alpha = new Float64Array(L0);
    const z = new Float64Array(L);
    // rhs z = D' W (x - FE0 means of x)
    if (groupStart) {
      // rows sorted by the largest FE: one sweep, each group's rows read twice while in cache
      for (let l = 0; l < L0; l++) {
        const a = groupStart[l]!, b = groupStart[l + 1]!;
        let s = 0;
        if (w) for (let i = a; i < b; i++) s += w[i]! * x[i]!;
        else for (let i = a; i < b; i++) s += x[i]!;
        const m = W0[l]! > 0 ? s / W0[l]! : 0;
        for (let d = 1; d < Q; d++) {
          const idd = ids[d]!, o = offs[d - 1]!;
          if (w) for (let i = a; i < b; i++) z[o + idd[i]!]! += w[i]! * (x[i]! - m);
          else for (let i = a; i < b; i++) z[o + idd[i]!]! += x[i]! - m;
        }
      }
    } else {
      if (w) for (let i = 0; i < n; i++) alpha[ids0[i]!]! += w[i]! * x[i]!;
      else for (let i = 0; i < n; i++) alpha[ids0[i]!]! += x[i]!;
      for (let l = 0; l < L0; l++) alpha[l] = W0[l]! > 0 ? alpha[l]! / W0[l]! : 0;
      for (let d = 1; d < Q; d++) {
        const idd = ids[d]!, o = offs[d - 1]!;
        if (w) for (let i = 0; i < n; i++) z[o + idd[i]!]! += w[i]! * (x[i]! - alpha[ids0[i]!]!);
        else for (let i = 0; i < n; i++) z[o + idd[i]!]! += x[i]! - alpha[ids0[i]!]!;
      }
    }
    cholSolveSkipping(R, active, L, z);
    // r = x - rest; alpha = FE0 means of r; dst = r - alpha
    if (groupStart) {
      // rows sorted by the largest FE: r, its group mean and dst in one sweep, each group in cache
      const id1 = ids[1]!;
      for (let l = 0; l < L0; l++) {
        const a = groupStart[l]!, b = groupStart[l + 1]!;
        let s = 0;
        for (let i = a; i < b; i++) {
          let ri = x[i]! - z[id1[i]!]!;
          for (let d = 2; d < Q; d++) ri -= z[offs[d - 1]! + ids[d]![i]!]!;
          if (dst) dst[i] = ri;
          s += w ? w[i]! * ri : ri;
        }
        const m = W0[l]! > 0 ? s / W0[l]! : 0;
        alpha[l] = m;
        if (dst) for (let i = a; i < b; i++) dst[i]! -= m;
      }
      const coef: Float64Array[] = [alpha];
      for (let d = 1; d < Q; d++) coef.push(z.slice(offs[d - 1]!, offs[d - 1]! + this.nl[d]!));
      return { coefInternal: coef, iterations: 0, converged: true };
    }
    const r = dst ?? new Float64Array(n);
    if (Q === 2) {
      const id1 = ids[1]!;
      for (let i = 0; i < n; i++) r[i] = x[i]! - z[id1[i]!]!;
    } else {
      r.set(x);
      for (let d = 1; d < Q; d++) {
        const idd = ids[d]!, o = offs[d - 1]!;
        for (let i = 0; i < n; i++) r[i]! -= z[o + idd[i]!]!;
      }
    }
    {
      alpha.fill(0);
      if (w) for (let i = 0; i < n; i++) alpha[ids0[i]!]! += w[i]! * r[i]!;
      else for (let i = 0; i < n; i++) alpha[ids0[i]!]! += r[i]!;
      for (let l = 0; l < L0; l++) alpha[l] = W0[l]! > 0 ? alpha[l]! / W0[l]! : 0;
      if (dst) for (let i = 0; i < n; i++) dst[i]! -= alpha[ids0[i]!]!;
    }
    const coef: Float64Array[] = [alpha];
    for (let d = 1; d < Q; d++) coef.push(z.slice(offs[d - 1]!, offs[d - 1]! + this.nl[d]!));
    return { coefInternal: coef, iterations: 0, converged: true };
  }

  private solveTwo(x: Float64Array, thr: number): { coefInternal: Float64Array[]; iterations: number; converged: boolean } {
    const n = this.n, w = this.w;
    const nc = this.ncells;
    const rowCell = this.rowCell!, cA = this.cellA!, cB = this.cellB!, cW = this.cellW!;
    const La = this.nl[0]!, Lb = this.nl[1]!;
    const Wa = this.levelW[0]!, Wb = this.levelW[1]!;
    const cellS = new Float64Array(nc);
    for (let i = 0; i < n; i++) cellS[rowCell[i]!]! += (w ? w[i]! : 1) * x[i]!;
    const Sa = new Float64Array(La), Sb = new Float64Array(Lb);
    for (let c = 0; c < nc; c++) {
      Sa[cA[c]!]! += cellS[c]!;
      Sb[cB[c]!]! += cellS[c]!;
    }
    const alpha = new Float64Array(La);
    // G: beta -> beta'
    const G = (beta: Float64Array, outB: Float64Array): void => {
      alpha.set(Sa);
      for (let c = 0; c < nc; c++) alpha[cA[c]!]! -= cW[c]! * beta[cB[c]!]!;
      for (let l = 0; l < La; l++) alpha[l] = Wa[l]! > 0 ? alpha[l]! / Wa[l]! : 0;
      outB.set(Sb);
      for (let c = 0; c < nc; c++) outB[cB[c]!]! -= cW[c]! * alpha[cA[c]!]!;
      for (let m = 0; m < Lb; m++) outB[m] = Wb[m]! > 0 ? outB[m]! / Wb[m]! : 0;
    };
    let r: { X: Float64Array; iterations: number; converged: boolean };
    if (this.accel === 'cg') {
      // Schur complement S = D_b - C' D_a^-1 C, rhs = S_b - C' D_a^-1 S_a
      const tA = new Float64Array(La);
      const mv = (v: Float64Array, out: Float64Array): void => {
        tA.fill(0);
        for (let c = 0; c < nc; c++) tA[cA[c]!]! += cW[c]! * v[cB[c]!]!;
        for (let l = 0; l < La; l++) tA[l] = Wa[l]! > 0 ? tA[l]! / Wa[l]! : 0;
        for (let m = 0; m < Lb; m++) out[m] = Wb[m]! * v[m]!;
        for (let c = 0; c < nc; c++) out[cB[c]!]! -= cW[c]! * tA[cA[c]!]!;
      };
      const rhs = new Float64Array(Lb);
      for (let l = 0; l < La; l++) tA[l] = Wa[l]! > 0 ? Sa[l]! / Wa[l]! : 0;
      rhs.set(Sb);
      for (let c = 0; c < nc; c++) rhs[cB[c]!]! -= cW[c]! * tA[cA[c]!]!;
      r = pcg(mv, rhs, Wb, thr, this.maxIter);
    } else r = ironsTuck(G, Lb, thr, this.maxIter);
    // final alpha from the converged beta (exact normal equations for dim 0)
    const beta = r.X;
    alpha.set(Sa);
    for (let c = 0; c < nc; c++) alpha[cA[c]!]! -= cW[c]! * beta[cB[c]!]!;
    for (let l = 0; l < La; l++) alpha[l] = Wa[l]! > 0 ? alpha[l]! / Wa[l]! : 0;
    return { coefInternal: [alpha, beta], iterations: r.iterations, converged: r.converged };
  }

  private solveMany(x: Float64Array, thr: number): { coefInternal: Float64Array[]; iterations: number; converged: boolean } {
    const n = this.n, w = this.w;
    const Q = this.ids.length;
    const ids = this.ids, nl = this.nl, W = this.levelW;
    // X = concatenated coefficients of dims 1..Q-1
    const offs = [0];
    for (let d = 1; d < Q; d++) offs.push(offs[d - 1]! + nl[d]!);
    const len = offs[Q - 1]!;
    const res = new Float64Array(n);
    const alpha = new Float64Array(nl[0]!);
    const ids0 = ids[0]!, W0 = W[0]!;
    const computeAlpha = (X: Float64Array): void => {
      // res = x - sum_{d>=1} X_d ; alpha = level means of res by dim 0; res -= alpha
      res.set(x);
      for (let d = 1; d < Q; d++) {
        const idd = ids[d]!, o = offs[d - 1]!;
        for (let i = 0; i < n; i++) res[i]! -= X[o + idd[i]!]!;
      }
      alpha.fill(0);
      if (w) for (let i = 0; i < n; i++) alpha[ids0[i]!]! += w[i]! * res[i]!;
      else for (let i = 0; i < n; i++) alpha[ids0[i]!]! += res[i]!;
      for (let l = 0; l < alpha.length; l++) alpha[l] = W0[l]! > 0 ? alpha[l]! / W0[l]! : 0;
      for (let i = 0; i < n; i++) res[i]! -= alpha[ids0[i]!]!;
    };
    const G = (X: Float64Array, out: Float64Array): void => {
      computeAlpha(X);
      out.set(X);
      // Gauss-Seidel over dims 1..Q-1; res = x - alpha - sum(current coefs)
      for (let d = 1; d < Q; d++) {
        const idd = ids[d]!, o = offs[d - 1]!, Wd = W[d]!, L = nl[d]!;
        const s = new Float64Array(L);
        if (w) for (let i = 0; i < n; i++) s[idd[i]!]! += w[i]! * res[i]!;
        else for (let i = 0; i < n; i++) s[idd[i]!]! += res[i]!;
        // new = old + mean(res) ; res -= delta
        for (let l = 0; l < L; l++) s[l] = Wd[l]! > 0 ? s[l]! / Wd[l]! : 0;
        for (let l = 0; l < L; l++) out[o + l] = X[o + l]! + s[l]!;
        for (let i = 0; i < n; i++) res[i]! -= s[idd[i]!]!;
      }
    };
    let r: { X: Float64Array; iterations: number; converged: boolean };
    if (this.accel === 'cg') {
      const u = new Float64Array(n);
      const t0 = new Float64Array(nl[0]!);
      const diag = new Float64Array(len);
      for (let d = 1; d < Q; d++) diag.set(W[d]!, offs[d - 1]!);
      // out_d = sums by FE d of w (u - FE0-means of u), u = v (or x for the rhs)
      const apply = (src: Float64Array, out: Float64Array): void => {
        t0.fill(0);
        if (w) for (let i = 0; i < n; i++) t0[ids0[i]!]! += w[i]! * src[i]!;
        else for (let i = 0; i < n; i++) t0[ids0[i]!]! += src[i]!;
        for (let l = 0; l < t0.length; l++) t0[l] = W0[l]! > 0 ? t0[l]! / W0[l]! : 0;
        out.fill(0);
        for (let d = 1; d < Q; d++) {
          const idd = ids[d]!, o = offs[d - 1]!;
          if (w) for (let i = 0; i < n; i++) out[o + idd[i]!]! += w[i]! * (src[i]! - t0[ids0[i]!]!);
          else for (let i = 0; i < n; i++) out[o + idd[i]!]! += src[i]! - t0[ids0[i]!]!;
        }
      };
      const mv = (v: Float64Array, out: Float64Array): void => {
        u.fill(0);
        for (let d = 1; d < Q; d++) {
          const idd = ids[d]!, o = offs[d - 1]!;
          for (let i = 0; i < n; i++) u[i]! += v[o + idd[i]!]!;
        }
        apply(u, out);
      };
      const rhs = new Float64Array(len);
      apply(x, rhs);
      r = pcg(mv, rhs, diag, thr, this.maxIter);
    } else r = ironsTuck(G, len, thr, this.maxIter);
    computeAlpha(r.X);
    const coef: Float64Array[] = [alpha];
    for (let d = 1; d < Q; d++) coef.push(r.X.slice(offs[d - 1]!, offs[d - 1]! + nl[d]!));
    return { coefInternal: coef, iterations: r.iterations, converged: r.converged };
  }
}

/**
 * Jacobi-preconditioned conjugate gradient for S X = rhs (S symmetric positive semi-definite, the system
 * consistent), from X = 0. Stops when max |D^-1 (rhs - S X)| <= thr, which is the change one alternating-
 * projection step would make, so both solvers share one convergence criterion. The recursive residual is
 * checked against the true one before stopping (CG loses orthogonality in floating point).
 */
function pcg(mv: (v: Float64Array, out: Float64Array) => void, rhs: Float64Array, d: Float64Array, thr: number, maxIter: number): { X: Float64Array; iterations: number; converged: boolean } {
  const len = rhs.length;
  const X = new Float64Array(len);
  const r = rhs.slice();
  const z = new Float64Array(len);
  const p = new Float64Array(len);
  const q = new Float64Array(len);
  const precond = (): number => {
    let m = 0;
    for (let l = 0; l < len; l++) {
      const v = d[l]! > 0 ? r[l]! / d[l]! : 0;
      z[l] = v;
      const a = Math.abs(v);
      if (a > m || a !== a) m = a !== a ? Infinity : a;
    }
    return m;
  };
  let zmax = precond();
  let it = 0;
  while (it < maxIter) {
    if (zmax <= thr) {
      // verify with the true residual
      mv(X, q);
      for (let l = 0; l < len; l++) r[l] = rhs[l]! - q[l]!;
      zmax = precond();
      if (zmax <= thr) return { X, iterations: it, converged: true };
    }
    // restart directions from the current residual
    p.set(z);
    let rz = dot(r, z);
    while (it < maxIter) {
      it++;
      mv(p, q);
      const pq = dot(p, q);
      if (!(pq > 0)) break;
      const alpha = rz / pq;
      for (let l = 0; l < len; l++) {
        X[l]! += alpha * p[l]!;
        r[l]! -= alpha * q[l]!;
      }
      zmax = precond();
      if (zmax <= thr) break;
      const rz2 = dot(r, z);
      const beta = rz2 / rz;
      rz = rz2;
      for (let l = 0; l < len; l++) p[l] = z[l]! + beta * p[l]!;
    }
    if (zmax > thr && it >= maxIter) break;
    if (zmax > thr) {
      // breakdown (pq <= 0): recompute the residual and restart
      mv(X, q);
      for (let l = 0; l < len; l++) r[l] = rhs[l]! - q[l]!;
      const before = zmax;
      zmax = precond();
      if (!(zmax < before)) break;
    }
  }
  mv(X, q);
  for (let l = 0; l < len; l++) r[l] = rhs[l]! - q[l]!;
  zmax = precond();
  return { X, iterations: it, converged: zmax <= thr };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let l = 0; l < a.length; l++) s += a[l]! * b[l]!;
  return s;
}

/** Fixed point X = G(X) from X = 0 with Irons-Tuck acceleration; stops on max |G(X) - X| <= thr. */
function ironsTuck(G: (X: Float64Array, out: Float64Array) => void, len: number, thr: number, maxIter: number): { X: Float64Array; iterations: number; converged: boolean } {
  let X = new Float64Array(len);
  let GX = new Float64Array(len);
  let GGX = new Float64Array(len);
  G(X, GX);
  if (maxDiff(X, GX) <= thr) return { X: GX, iterations: 1, converged: true };
  for (let it = 1; it <= maxIter; it++) {
    G(GX, GGX);
    if (maxDiff(GX, GGX) <= thr) return { X: GGX, iterations: it, converged: true };
    let vprod = 0, ssq = 0;
    for (let l = 0; l < len; l++) {
      const dGX = GGX[l]! - GX[l]!;
      const d2 = dGX - GX[l]! + X[l]!;
      vprod += dGX * d2;
      ssq += d2 * d2;
    }
    const coef = ssq > 0 ? vprod / ssq : 0;
    for (let l = 0; l < len; l++) X[l] = GGX[l]! - coef * (GGX[l]! - GX[l]!);
    G(X, GX);
    if (maxDiff(X, GX) <= thr) return { X: GX, iterations: it, converged: true };
    // swap buffers so X holds the latest iterate is not needed: X is already the accelerated point
  }
  return { X: GX, iterations: maxIter, converged: false };
}

/**
 * Solves (R'R) b = z in place for the pivot-skipping Cholesky factor of {@link FixedEffectsProjector}'s
 * direct solver (R stored row-major lower: R[k * L + j], k >= j): R' y = z forward, R b = y backward,
 * coefficients of inactive (null) pivots 0.
 */
function cholSolveSkipping(R: Float64Array, active: Uint8Array, L: number, z: Float64Array): void {
  for (let j = 0; j < L; j++) {
    if (!active[j]) {
      z[j] = 0;
      continue;
    }
    let v = z[j]!;
    for (let l = 0; l < j; l++) v -= R[j * L + l]! * z[l]!;
    z[j] = v / R[j * L + j]!;
  }
  for (let j = L - 1; j >= 0; j--) {
    if (!active[j]) continue;
    let v = z[j]!;
    for (let k = j + 1; k < L; k++) v -= R[k * L + j]! * z[k]!;
    z[j] = v / R[j * L + j]!;
  }
}

/** True when every value equals the first (stops at the first difference, so it is nearly free otherwise). */
function isConstant(x: Float64Array): boolean {
  const v = x[0];
  for (let i = 1; i < x.length; i++) if (x[i] !== v) return false;
  return true;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let l = 0; l < a.length; l++) {
    const d = Math.abs(a[l]! - b[l]!);
    if (d > m || d !== d) m = d !== d ? Infinity : d;
  }
  return m;
}

/**
 * Demeans columns on fixed effects: a convenience wrapper that builds a {@link FixedEffectsProjector}.
 * Use the projector directly when the same FE serve many calls (IV stages, permutation loops).
 */
export function demean(columns: readonly Float64Array[], fe: readonly FeCodes[], opts: DemeanOptions = {}): { columns: Float64Array[]; info: DemeanColumnInfo[] } {
  const n = columns[0]?.length ?? fe[0]?.ids.length ?? 0;
  const p = new FixedEffectsProjector(fe, n, opts);
  return p.demean(columns, opts.control);
}

/**
 * Demeans a Design's outcome and regressors on its fixed effects (with its weights): the entry point for
 * estimators that reuse feols's projection (IV stages, event studies, permutation loops). Rows are used
 * as given (no singleton removal: call {@link singletonMask} first if wanted). Returns the projector too,
 * so further columns (instruments, permuted treatments) can be demeaned without rebuilding it.
 */
export function demeanDesign(
  design: { readonly n: number; readonly y: Float64Array; readonly x: { readonly X: Float64Array; readonly names: readonly string[] }; readonly fe: readonly FeCodes[]; readonly weights?: Float64Array },
  opts: Omit<DemeanOptions, 'weights'> = {},
): { y: Float64Array; X: Float64Array; projector: FixedEffectsProjector } {
  const projector = new FixedEffectsProjector(design.fe, design.n, { ...opts, weights: design.weights });
  const y = projector.demean([design.y], opts.control).columns[0]!;
  const X = projector.demeanMatrix(design.x.X, design.x.names.length, opts.control).X;
  return { y, X, projector };
}
