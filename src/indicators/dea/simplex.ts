/**
 * A small dense two-phase tableau simplex for the LPs of DEA: few constraint rows (m + s, plus one for the
 * VRS convexity row) and up to a few hundred columns. Thousands of these are solved per Malmquist run, so
 * the workspace is allocated once and reused; nothing is allocated per pivot.
 *
 * Conventions: maximise `c'z` subject to rows `a_i'z (<=|>=|=) b_i`, `z >= 0`. Dantzig pricing, switching
 * to Bland's rule (smallest index, which cannot cycle) after a run of degenerate pivots; DEA envelopment
 * LPs are highly degenerate (zero right-hand sides), so the switch matters. At the optimum the basic
 * solution is recomputed from the original coefficients (Gaussian elimination with partial pivoting on the
 * basis matrix, size = number of rows), so the returned values carry no error accumulated in the tableau.
 *
 * Not a general-purpose LP solver: no bounds other than `z >= 0`, dense, no presolve. It is checked against
 * the DEA validation cases and, in the tests, against the dual (multiplier) LP and a brute-force vertex
 * enumeration.
 */

/** Row sense: a'z <= b. */
export const LE = 0;
/** Row sense: a'z >= b. */
export const GE = 1;
/** Row sense: a'z = b. */
export const EQ = 2;

/** Outcome of {@link DenseSimplex.solve}. */
export type LpStatus = 'optimal' | 'infeasible' | 'unbounded';

const EPS_PIVOT = 1e-11;
const EPS_COST = 1e-11;
const EPS_FEAS = 1e-9;

/** Reusable workspace for LPs of at most `maxRows` rows and `maxCols` structural columns. */
export class DenseSimplex {
  private maxRows: number;
  private maxCols: number;
  /** Constraint coefficients as set by the caller: row-major, `A[i * maxCols + j]`. */
  private A: Float64Array;
  private b: Float64Array;
  private sense: Int8Array;
  private c: Float64Array;
  private m = 0;
  private n = 0;
  // tableau
  private T: Float64Array = new Float64Array(0);
  private W = 0;
  private basis: Int32Array = new Int32Array(0);
  private artStart = 0;
  private nCols = 0;
  private rowSign: Float64Array;
  private auxOfRow: Int32Array;
  private auxSign: Float64Array;
  private artOfRow: Int32Array;
  private x: Float64Array;
  private lu: Float64Array;
  private rhs: Float64Array;
  /** Structural values of the last optimal solution. */
  solution: Float64Array;
  /** Objective value of the last optimal solution. */
  objective = NaN;
  /** Pivots of the last solve (both phases). */
  pivots = 0;
  /** Structural column to pivot in first when phase 1 is needed (-1: none); cleared by each solve. */
  hint = -1;

  constructor(maxRows: number, maxCols: number) {
    this.maxRows = maxRows;
    this.maxCols = maxCols;
    this.A = new Float64Array(maxRows * maxCols);
    this.b = new Float64Array(maxRows);
    this.sense = new Int8Array(maxRows);
    this.c = new Float64Array(maxCols);
    this.rowSign = new Float64Array(maxRows);
    this.auxOfRow = new Int32Array(maxRows);
    this.auxSign = new Float64Array(maxRows);
    this.artOfRow = new Int32Array(maxRows);
    this.x = new Float64Array(maxRows);
    this.lu = new Float64Array(maxRows * maxRows);
    this.rhs = new Float64Array(maxRows);
    this.solution = new Float64Array(maxCols);
    this.allocTableau(maxRows, maxCols);
  }

  private allocTableau(rows: number, cols: number): void {
    // columns: structural + one aux per row + one artificial per row + rhs
    const W = cols + 2 * rows + 1;
    if (this.T.length < (rows + 2) * W) this.T = new Float64Array((rows + 2) * W);
    if (this.basis.length < rows) this.basis = new Int32Array(rows);
  }

  /** Grows the workspace when a bigger problem comes (coefficients are not kept). */
  ensure(rows: number, cols: number): void {
    if (rows <= this.maxRows && cols <= this.maxCols) return;
    const r = Math.max(rows, this.maxRows), k = Math.max(cols, this.maxCols);
    this.maxRows = r;
    this.maxCols = k;
    this.A = new Float64Array(r * k);
    this.b = new Float64Array(r);
    this.sense = new Int8Array(r);
    this.c = new Float64Array(k);
    this.rowSign = new Float64Array(r);
    this.auxOfRow = new Int32Array(r);
    this.auxSign = new Float64Array(r);
    this.artOfRow = new Int32Array(r);
    this.x = new Float64Array(r);
    this.lu = new Float64Array(r * r);
    this.rhs = new Float64Array(r);
    this.solution = new Float64Array(k);
    this.allocTableau(r, k);
  }

  /** Starts a new problem with `m` rows and `n` structural columns; coefficients and costs are zeroed. */
  reset(m: number, n: number): void {
    this.ensure(m, n);
    this.m = m;
    this.n = n;
    for (let i = 0; i < m; i++) this.A.fill(0, i * this.maxCols, i * this.maxCols + n);
    this.c.fill(0, 0, n);
  }

  /** Sets coefficient (row i, structural column j). */
  setA(i: number, j: number, v: number): void {
    this.A[i * this.maxCols + j] = v;
  }
  /** Sets the sense ({@link LE}, {@link GE}, {@link EQ}) and right-hand side of row i. */
  setRow(i: number, sense: number, rhs: number): void {
    this.sense[i] = sense;
    this.b[i] = rhs;
  }
  /** Sets the objective coefficient of structural column j (maximisation). */
  setC(j: number, v: number): void {
    this.c[j] = v;
  }
  /** Direct access to row `i` of the coefficients (length >= n), for fast filling. */
  rowView(i: number): Float64Array {
    return this.A.subarray(i * this.maxCols, i * this.maxCols + this.n);
  }

  /** The coefficient store, row-major with {@link stride} (valid until the next {@link reset}): fills without allocating. */
  get coefficients(): Float64Array {
    return this.A;
  }

  /** Row stride of {@link coefficients}. */
  get stride(): number {
    return this.maxCols;
  }

  /** Solves the current problem (maximisation). */
  solve(): LpStatus {
    const m = this.m, n = this.n, mc = this.maxCols;
    const A = this.A, b = this.b, sense = this.sense;
    // aux (slack/surplus) columns for inequality rows, artificial columns where the aux cannot start basic
    let nAux = 0;
    for (let i = 0; i < m; i++) {
      let s = sense[i]!;
      let sign = 1;
      if (b[i]! < 0 || (b[i] === 0 && s === GE)) {
        sign = -1;
        if (s === LE) s = GE;
        else if (s === GE) s = LE;
      }
      this.rowSign[i] = sign;
      if (s === EQ) {
        this.auxOfRow[i] = -1;
      } else {
        this.auxOfRow[i] = n + nAux++;
        this.auxSign[i] = s === LE ? 1 : -1;
      }
      this.artOfRow[i] = s === LE ? -1 : 0; // filled below
    }
    const artStart = n + nAux;
    let nArt = 0;
    for (let i = 0; i < m; i++) if (this.artOfRow[i] === 0) this.artOfRow[i] = artStart + nArt++;
    const nCols = artStart + nArt;
    const W = nCols + 1;
    this.W = W;
    this.artStart = artStart;
    this.nCols = nCols;
    if (this.T.length < (m + 2) * W) this.T = new Float64Array((m + 2) * W);
    const T = this.T;
    T.fill(0, 0, (m + 2) * W);
    const basis = this.basis;
    const obj = m * W; // phase-2 row: z_j - c_j
    const ph1 = (m + 1) * W; // phase-1 row (maximise -sum of artificials)
    for (let i = 0; i < m; i++) {
      const sg = this.rowSign[i]!;
      const row = i * W;
      const src = i * mc;
      for (let j = 0; j < n; j++) T[row + j] = sg * A[src + j]!;
      T[row + nCols] = sg * b[i]!;
      const aux = this.auxOfRow[i]!;
      if (aux >= 0) T[row + aux] = this.auxSign[i]!;
      const art = this.artOfRow[i]!;
      if (art >= 0) {
        T[row + art] = 1;
        basis[i] = art;
        for (let j = 0; j < W; j++) if (j < artStart || j === nCols) T[ph1 + j] -= T[row + j];
      } else basis[i] = aux;
    }
    for (let j = 0; j < n; j++) T[obj + j] = -this.c[j]!;
    this.pivots = 0;
    if (nArt > 0) {
      const h = this.hint;
      this.hint = -1;
      if (h >= 0 && h < n) {
        // caller's guess of a column that makes the start feasible (DEA: the evaluated unit itself)
        let r = -1, ratio = Infinity;
        for (let i = 0; i < m; i++) {
          const a = T[i * W + h]!;
          if (a <= EPS_PIVOT) continue;
          const rt = T[i * W + nCols]! / a;
          if (rt < ratio - 1e-12 || (rt <= ratio + 1e-12 && basis[i]! >= artStart && (r < 0 || basis[r]! < artStart))) {
            if (rt < ratio) ratio = rt;
            r = i;
          }
        }
        if (r >= 0) this.pivot(r, h);
      }
      const st = this.iterate(ph1, nCols);
      if (st !== 'optimal') return 'infeasible';
      if (T[ph1 + nCols]! < -EPS_FEAS) return 'infeasible';
      // drive remaining (zero-level) artificials out of the basis
      for (let i = 0; i < m; i++) {
        if (basis[i]! < artStart) continue;
        const row = i * W;
        let q = -1, best = EPS_PIVOT * 100;
        for (let j = 0; j < artStart; j++) {
          const v = Math.abs(T[row + j]!);
          if (v > best) {
            best = v;
            q = j;
          }
        }
        if (q >= 0) this.pivot(i, q);
        // else: redundant row; the artificial stays basic at zero and never re-enters
      }
    }
    const st = this.iterate(obj, artStart);
    if (st !== 'optimal') return st;
    this.refine();
    return 'optimal';
  }

  /** Simplex iterations on the objective row at offset `objRow`; entering columns restricted to `< colLimit`. */
  private iterate(objRow: number, colLimit: number): LpStatus {
    const T = this.T, W = this.W, m = this.m, nCols = this.nCols, basis = this.basis;
    let degenerate = 0;
    const maxIter = 50 * (m + colLimit) + 1000;
    for (let it = 0; it < maxIter; it++) {
      const bland = degenerate > m + 2;
      let q = -1;
      let best = -EPS_COST;
      for (let j = 0; j < colLimit; j++) {
        const d = T[objRow + j]!;
        if (d < best) {
          q = j;
          if (bland) break;
          best = d;
        }
      }
      if (q < 0) return 'optimal';
      let r = -1;
      let ratio = Infinity;
      let piv = 0;
      for (let i = 0; i < m; i++) {
        const a = T[i * W + q]!;
        if (a <= EPS_PIVOT) continue;
        const rt = T[i * W + nCols]! / a;
        if (rt < ratio - 1e-12 || (rt <= ratio + 1e-12 && (bland ? basis[i]! < basis[r]! : a > piv))) {
          if (rt < ratio) ratio = rt;
          r = i;
          piv = a;
        }
      }
      if (r < 0) return 'unbounded';
      degenerate = ratio <= 1e-12 ? degenerate + 1 : 0;
      this.pivot(r, q);
    }
    throw new Error('DenseSimplex: iteration limit reached (cycling?)');
  }

  private pivot(r: number, q: number): void {
    const T = this.T, W = this.W, rows = this.m + 2;
    const pr = r * W;
    const inv = 1 / T[pr + q]!;
    for (let j = 0; j < W; j++) T[pr + j]! *= inv;
    T[pr + q] = 1;
    for (let i = 0; i < rows; i++) {
      if (i === r) continue;
      const row = i * W;
      const f = T[row + q]!;
      if (f === 0) continue;
      for (let j = 0; j < W; j++) T[row + j]! -= f * T[pr + j]!;
      T[row + q] = 0;
    }
    this.basis[r] = q;
    this.pivots++;
  }

  /** Column `j` of the normalised constraint matrix (structural, aux or artificial), entry of row `i`. */
  private coef(i: number, j: number): number {
    if (j < this.n) return this.rowSign[i]! * this.A[i * this.maxCols + j]!;
    if (j < this.artStart) return this.auxOfRow[i] === j ? this.auxSign[i]! : 0;
    return this.artOfRow[i] === j ? 1 : 0;
  }

  /** Recomputes the basic solution from the original coefficients: B x_B = b. */
  private refine(): void {
    const m = this.m, n = this.n, lu = this.lu, rhs = this.rhs, x = this.x, basis = this.basis;
    for (let i = 0; i < m; i++) {
      rhs[i] = this.rowSign[i]! * this.b[i]!;
      for (let k = 0; k < m; k++) lu[i * m + k] = this.coef(i, basis[k]!);
    }
    let ok = true;
    // Gaussian elimination with partial pivoting on lu (m x m, row-major), solving for x (indexed by basis position)
    for (let k = 0; k < m; k++) {
      let p = k, big = Math.abs(lu[k * m + k]!);
      for (let i = k + 1; i < m; i++) {
        const v = Math.abs(lu[i * m + k]!);
        if (v > big) {
          big = v;
          p = i;
        }
      }
      if (big < 1e-14) {
        ok = false;
        break;
      }
      if (p !== k) {
        for (let j = 0; j < m; j++) {
          const t = lu[k * m + j]!;
          lu[k * m + j] = lu[p * m + j]!;
          lu[p * m + j] = t;
        }
        const t = rhs[k]!;
        rhs[k] = rhs[p]!;
        rhs[p] = t;
      }
      const piv = lu[k * m + k]!;
      for (let i = k + 1; i < m; i++) {
        const f = lu[i * m + k]! / piv;
        if (f === 0) continue;
        for (let j = k; j < m; j++) lu[i * m + j]! -= f * lu[k * m + j]!;
        rhs[i]! -= f * rhs[k]!;
      }
    }
    const sol = this.solution;
    sol.fill(0, 0, n);
    if (ok) {
      for (let k = m - 1; k >= 0; k--) {
        let s = rhs[k]!;
        for (let j = k + 1; j < m; j++) s -= lu[k * m + j]! * x[j]!;
        x[k] = s / lu[k * m + k]!;
      }
      for (let k = 0; k < m; k++) if (basis[k]! < n) sol[basis[k]!] = x[k]!;
    } else {
      // singular basis (a redundant row kept its artificial): fall back to the tableau values
      const T = this.T, W = this.W;
      for (let k = 0; k < m; k++) if (basis[k]! < n) sol[basis[k]!] = T[k * W + this.nCols]!;
    }
    let z = 0;
    for (let j = 0; j < n; j++) z += this.c[j]! * sol[j]!;
    this.objective = z;
  }

  /**
   * Dual values y (one per row, for the rows as the caller set them) of the last optimal solution: a column
   * `a` with cost `c` that is not in the problem would improve the objective iff `y'a - c < 0`. Used for
   * column generation (pricing units outside a restricted reference set).
   */
  duals(out: Float64Array): void {
    const obj = this.m * this.W;
    for (let i = 0; i < this.m; i++) {
      const art = this.artOfRow[i]!;
      // rows without an artificial are LE rows with a +1 slack; z_j - c_j of a unit column is the dual
      const y = art >= 0 ? this.T[obj + art]! : this.T[obj + this.auxOfRow[i]!]!;
      out[i] = this.rowSign[i]! * y;
    }
  }
}
