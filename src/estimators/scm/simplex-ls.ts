/**
 * Least squares on the unit simplex: min_w ||A w - b||^2 subject to w >= 0, sum(w) = 1.
 *
 * This is the inner problem of the synthetic control method (Abadie & Gardeazabal 2003; Abadie, Diamond &
 * Hainmueller 2010): with A = V^{1/2} X0 and b = V^{1/2} X1 it is Synth's QP
 * min (X1 - X0 W)' V (X1 - X0 W). R's Synth hands that QP to kernlab's interior-point `ipop`, which leaves
 * tiny positive weights and is accurate to about 1e-3 in W; this solver is an exact primal active-set method
 * (Lawson & Hanson 1974, NNLS, extended to the sum-to-one constraint): the passive set grows by the donor
 * with the most negative reduced gradient, each step solves the equality-constrained least squares on the
 * passive set by Householder QR (reference-column elimination of the sum constraint), and infeasible steps
 * are cut back at the first weight that reaches zero. Zero weights are exact zeros; the KKT conditions hold to
 * rounding. When the target lies inside the donors' convex hull the minimiser is not unique and the solver
 * returns a sparse one (at most rank(A) + 1 positive weights).
 *
 * Layout: A is m x n column-major (`A[j * m + i]`). All scratch memory lives in a {@link SimplexLsWorkspace}
 * so repeated solves (the V search calls this thousands of times) allocate nothing.
 */

/** Scratch arrays for {@link solveSimplexLs}, sized for m rows and n columns. */
export class SimplexLsWorkspace {
  readonly m: number;
  readonly n: number;
  readonly r: Float64Array;
  readonly grad: Float64Array;
  readonly z: Float64Array;
  readonly passive: Int32Array;
  readonly inP: Uint8Array;
  readonly D: Float64Array;
  readonly c: Float64Array;
  readonly sol: Float64Array;
  readonly tau: Float64Array;
  readonly u: Float64Array;
  readonly ones: Float64Array;
  /** After a solve: the support (positive weights) is `passive[0 .. supportSize)`. */
  supportSize = 0;

  constructor(m: number, n: number) {
    this.m = m;
    this.n = n;
    const pmax = Math.min(n, m + 2);
    this.r = new Float64Array(m);
    this.grad = new Float64Array(n);
    this.z = new Float64Array(n);
    this.passive = new Int32Array(n);
    this.inP = new Uint8Array(n);
    this.D = new Float64Array(m * pmax);
    this.c = new Float64Array(m);
    this.sol = new Float64Array(pmax);
    this.tau = new Float64Array(pmax);
    this.u = new Float64Array(m);
    this.ones = new Float64Array(m).fill(1);
  }
}

export interface SimplexLsResult {
  /** ||A w - b||^2 at the solution. */
  loss: number;
  /** Outer iterations (passive-set additions). */
  iterations: number;
}

/**
 * Solves min ||A w - b||^2 on the simplex. `w` (length n) receives the solution; when `warm` is true and
 * `w` already holds a point of the simplex, the search starts from its support (faster for nearby problems).
 * `colNormSqBound` (an upper bound on the squared column norms, only used to scale the KKT tolerance)
 * saves a pass over A when the caller knows it. `rowScale` s solves the problem for diag(s) A instead of A
 * (b must already be scaled): the SCM search passes V^(1/2) here and never rebuilds A.
 */
export function solveSimplexLs(A: Float64Array, b: Float64Array, m: number, n: number, w: Float64Array, ws: SimplexLsWorkspace, warm = false, colNormSqBound?: number, rowScale?: Float64Array): SimplexLsResult {
  if (ws.m !== m || ws.n !== n) throw new RangeError('workspace size does not match the problem');
  const { r, grad, passive, inP, u } = ws;
  const sc = rowScale ?? ws.ones;
  let scale = colNormSqBound ?? 0;
  if (colNormSqBound === undefined) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += (sc[i]! * A[j * m + i]!) ** 2;
      if (s > scale) scale = s;
    }
  }
  let bb = 0;
  for (let i = 0; i < m; i++) bb += b[i]! * b[i]!;
  scale = Math.max(scale, bb, 1e-300);
  const tolKkt = 1e-13 * scale;
  const tolW = 1e-14;

  inP.fill(0);
  let np = 0;
  let useWarm = false;
  if (warm) {
    let s = 0;
    let ok = true;
    for (let j = 0; j < n; j++) {
      const v = w[j]!;
      if (!(v >= 0)) ok = false;
      s += v;
    }
    useWarm = ok && Math.abs(s - 1) < 1e-9;
    if (useWarm && np === 0) {
      for (let j = 0; j < n; j++) {
        if (w[j]! > tolW) {
          passive[np++] = j;
          inP[j] = 1;
        } else w[j] = 0;
      }
      if (np === 0 || np > m + 1) useWarm = false;
      else normalise(w, passive, np);
    }
  }
  if (!useWarm) {
    inP.fill(0);
    np = 0;
    // Start at the single best donor.
    let best = 0;
    let bestLoss = Infinity;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) {
        const d = sc[i]! * A[j * m + i]! - b[i]!;
        s += d * d;
      }
      if (s < bestLoss) {
        bestLoss = s;
        best = j;
      }
    }
    w.fill(0);
    w[best] = 1;
    passive[0] = best;
    inP[best] = 1;
    np = 1;
  } else {
    // The warm support may be infeasible for the new problem: run the feasibility loop first.
    np = innerLoop(A, b, m, w, ws, np, -1, sc);
  }

  let iterations = 0;
  const maxIter = 3 * n + 50;
  for (; iterations < maxIter; iterations++) {
    residual(A, b, m, w, passive, np, r, sc);
    // Reduced gradient: grad_j = A_j' (A w - b); optimality: grad_j >= nu for all j, = nu on the support.
    let nu = 0;
    for (let i = 0; i < m; i++) u[i] = sc[i]! * r[i]!;
    for (let j = 0; j < n; j++) {
      let s = 0;
      const off = j * m;
      for (let i = 0; i < m; i++) s -= A[off + i]! * u[i]!;
      grad[j] = s;
    }
    for (let p = 0; p < np; p++) nu += w[passive[p]!]! * grad[passive[p]!]!;
    let t = -1;
    let most = -tolKkt;
    for (let j = 0; j < n; j++) {
      if (inP[j]) continue;
      const d = grad[j]! - nu;
      if (d < most) {
        most = d;
        t = j;
      }
    }
    if (t < 0 || np >= m + 1 + 1) break;
    passive[np++] = t;
    inP[t] = 1;
    w[t] = 0;
    const before = np;
    np = innerLoop(A, b, m, w, ws, np, t, sc);
    if (np === before - 1 && !inP[t]) break; // the new column could not enter: converged to rounding
  }
  residual(A, b, m, w, passive, np, r, sc);
  let loss = 0;
  for (let i = 0; i < m; i++) loss += r[i]! * r[i]!;
  ws.supportSize = np;
  return { loss, iterations };
}

/** r = b - diag(sc) A w over the passive set. */
function residual(A: Float64Array, b: Float64Array, m: number, w: Float64Array, passive: Int32Array, np: number, r: Float64Array, sc: Float64Array): void {
  r.fill(0);
  for (let p = 0; p < np; p++) {
    const j = passive[p]!;
    const wj = w[j]!;
    const off = j * m;
    for (let i = 0; i < m; i++) r[i] -= wj * A[off + i]!;
  }
  for (let i = 0; i < m; i++) r[i] = b[i]! + sc[i]! * r[i]!;
}

function normalise(w: Float64Array, passive: Int32Array, np: number): void {
  let s = 0;
  for (let p = 0; p < np; p++) s += w[passive[p]!]!;
  for (let p = 0; p < np; p++) w[passive[p]!]! /= s;
}

/**
 * Lawson-Hanson inner loop: solve the equality-constrained LS on the passive set; if every weight is
 * positive accept it, else move toward it until the first weight hits zero, drop it, and repeat.
 * Returns the new passive-set size.
 */
function innerLoop(A: Float64Array, b: Float64Array, m: number, w: Float64Array, ws: SimplexLsWorkspace, np: number, entering: number, sc: Float64Array): number {
  const { passive, inP, z } = ws;
  for (let guard = 0; guard < 4 * (np + 2); guard++) {
    subproblem(A, b, m, ws, np, z, sc);
    let minZ = Infinity;
    for (let p = 0; p < np; p++) minZ = Math.min(minZ, z[passive[p]!]!);
    if (minZ > 0) {
      for (let p = 0; p < np; p++) w[passive[p]!] = z[passive[p]!]!;
      return np;
    }
    let alpha = 1;
    for (let p = 0; p < np; p++) {
      const j = passive[p]!;
      const zj = z[j]!;
      if (zj <= 0) {
        const wj = w[j]!;
        const a = wj - zj > 0 ? wj / (wj - zj) : 0;
        if (a < alpha) alpha = a;
      }
    }
    for (let p = 0; p < np; p++) {
      const j = passive[p]!;
      w[j] = w[j]! + alpha * (z[j]! - w[j]!);
    }
    // Drop weights that reached zero (and the entering column if the step could not move it up).
    let q = 0;
    for (let p = 0; p < np; p++) {
      const j = passive[p]!;
      if (w[j]! <= 1e-15 || (alpha === 0 && j === entering && z[j]! <= 0)) {
        w[j] = 0;
        inP[j] = 0;
      } else passive[q++] = j;
    }
    if (q === np) {
      // No progress possible (rounding): drop the most negative z.
      let worst = 0;
      for (let p = 1; p < np; p++) if (z[passive[p]!]! < z[passive[worst]!]!) worst = p;
      const j = passive[worst]!;
      w[j] = 0;
      inP[j] = 0;
      passive[worst] = passive[np - 1]!;
      q = np - 1;
    }
    np = q;
    if (np === 0) throw new Error('simplex least squares: empty passive set');
    normalise(w, passive, np);
  }
  return np;
}

/**
 * Equality-constrained LS on the passive set: min ||A_P z - b||^2, sum z = 1, by eliminating the first
 * passive column: z_r = 1 - sum others, so min ||(b - A_r) - sum_j (A_j - A_r) z_j||^2, solved by Householder
 * QR. Rank-deficient directions (|R_jj| tiny) get coefficient 0, which keeps the solution basic.
 */
function subproblem(A: Float64Array, b: Float64Array, m: number, ws: SimplexLsWorkspace, np: number, z: Float64Array, sc: Float64Array): void {
  const { passive, D, c, sol, tau } = ws;
  const ref = passive[0]!;
  const q = np - 1;
  const refOff = ref * m;
  for (let i = 0; i < m; i++) c[i] = b[i]! - sc[i]! * A[refOff + i]!;
  let colScale = 0;
  for (let p = 0; p < q; p++) {
    const off = passive[p + 1]! * m;
    for (let i = 0; i < m; i++) {
      const d = sc[i]! * (A[off + i]! - A[refOff + i]!);
      D[p * m + i] = d;
      colScale = Math.max(colScale, Math.abs(d));
    }
  }
  const kmax = Math.min(q, m);
  // Householder QR of D (m x q), applying reflections to c as we go.
  for (let k = 0; k < kmax; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += D[k * m + i]! * D[k * m + i]!;
    norm = Math.sqrt(norm);
    if (norm === 0) {
      tau[k] = 0;
      continue;
    }
    const alpha = D[k * m + k]! > 0 ? -norm : norm;
    const v0 = D[k * m + k]! - alpha;
    // v = [v0, D[k+1..m-1, k]], H = I - 2 v v' / (v'v)
    let vv = v0 * v0;
    for (let i = k + 1; i < m; i++) vv += D[k * m + i]! * D[k * m + i]!;
    D[k * m + k] = v0;
    if (vv > 0) {
      for (let jc = k + 1; jc < q; jc++) {
        let s = 0;
        for (let i = k; i < m; i++) s += D[k * m + i]! * D[jc * m + i]!;
        const f = (2 * s) / vv;
        for (let i = k; i < m; i++) D[jc * m + i] -= f * D[k * m + i]!;
      }
      let s = 0;
      for (let i = k; i < m; i++) s += D[k * m + i]! * c[i]!;
      const f = (2 * s) / vv;
      for (let i = k; i < m; i++) c[i] -= f * D[k * m + i]!;
    }
    tau[k] = alpha; // R_kk
  }
  // Back substitution R x = (Q'c)[0..kmax); columns beyond m or with tiny R_kk get 0.
  const tiny = 1e-11 * Math.max(colScale, 1e-300);
  for (let p = q - 1; p >= 0; p--) {
    if (p >= kmax || Math.abs(tau[p]!) <= tiny) {
      sol[p] = 0;
      continue;
    }
    let s = c[p]!;
    for (let jc = p + 1; jc < q; jc++) s -= rAt(D, m, p, jc) * sol[jc]!;
    sol[p] = s / tau[p]!;
  }
  let sum = 0;
  for (let p = 0; p < q; p++) {
    z[passive[p + 1]!] = sol[p]!;
    sum += sol[p]!;
  }
  z[ref] = 1 - sum;
}

/** Element (row, col) of R above the diagonal, stored in D after the Householder sweep. */
function rAt(D: Float64Array, m: number, row: number, col: number): number {
  return D[col * m + row]!;
}

/** ||A w - b||^2 for a given w (reference evaluation used by tests and callers). */
export function simplexLsLoss(A: Float64Array, b: Float64Array, m: number, n: number, w: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < m; i++) {
    let s = -b[i]!;
    for (let j = 0; j < n; j++) s += A[j * m + i]! * w[j]!;
    loss += s * s;
  }
  return loss;
}
