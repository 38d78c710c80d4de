/**
 * The DEA envelopment LPs (Charnes, Cooper & Rhodes 1978 for CRS; Banker, Charnes & Cooper 1984 for VRS)
 * for one evaluated point against a reference set, built directly into a {@link DenseSimplex} workspace.
 *
 * Data layout: `X[j * m + i]` is input i of reference unit j, `Y[j * s + r]` output r (unit-major), so one
 * period of a panel is two contiguous blocks. Rows are scaled by the evaluated point (x_io, y_ro), which
 * keeps every coefficient O(1) whatever the units of the data.
 *
 * Efficiency convention (DEAP 2.1, Coelli 1996): scores are "te" <= 1 for the unit's own period in both
 * orientations: input orientation te = theta (radial input contraction), output orientation te = 1/phi
 * (Shephard output distance). Against another period's frontier te may exceed 1.
 *
 * CRS scores are orientation-free (theta = 1/phi), and are always computed from the output-orientated LP,
 * whose all-slack starting basis is feasible (no phase 1).
 */
import { DenseSimplex, EQ, GE, LE } from './simplex.js';

/** Returns to scale of the reference technology. */
export type Rts = 'crs' | 'vrs';
/** Radial direction: contract inputs or expand outputs. */
export type Orientation = 'input' | 'output';

/** One period's (or one cross-section's) data, unit-major. */
export interface DeaBlock {
  /** Number of units. */
  n: number;
  /** Number of inputs and outputs. */
  m: number;
  s: number;
  /** `X[j * m + i]`. */
  X: Float64Array;
  /** `Y[j * s + r]`. */
  Y: Float64Array;
}

/**
 * Efficiency (te convention) of the point (`xo`, `yo`) against the units `ref[0..nref-1]` of `block`.
 * Returns `NaN` when the LP is infeasible (possible only for VRS against a frontier that does not contain
 * the point's own unit); the caller decides how to report it. `selfColumn`: position in `ref` of the
 * evaluated unit itself, when it is there (lambda = 1 on it is feasible, a VRS phase-1 shortcut).
 */
export function radialScore(
  lp: DenseSimplex,
  block: DeaBlock,
  ref: Int32Array,
  nref: number,
  xo: Float64Array,
  xoOff: number,
  yo: Float64Array,
  yoOff: number,
  rts: Rts,
  orientation: Orientation,
  selfColumn = -1,
): number {
  const { m, s, X, Y } = block;
  const vrs = rts === 'vrs';
  const rows = m + s + (vrs ? 1 : 0);
  const k = nref; // column k is theta / phi
  lp.reset(rows, k + 1);
  const inputMode = vrs && orientation === 'input';
  const A = lp.coefficients, st = lp.stride;
  for (let i = 0; i < m; i++) {
    const row = i * st;
    const inv = 1 / xo[xoOff + i]!;
    for (let c = 0; c < k; c++) A[row + c] = X[ref[c]! * m + i]! * inv;
    if (inputMode) {
      A[row + k] = -1;
      lp.setRow(i, LE, 0); // sum lambda x^ - theta <= 0
    } else lp.setRow(i, LE, 1); // sum lambda x^ <= 1
  }
  for (let r = 0; r < s; r++) {
    const row = (m + r) * st;
    const inv = 1 / yo[yoOff + r]!;
    if (inputMode) {
      for (let c = 0; c < k; c++) A[row + c] = Y[ref[c]! * s + r]! * inv;
      lp.setRow(m + r, GE, 1); // sum lambda y^ >= 1
    } else {
      for (let c = 0; c < k; c++) A[row + c] = -Y[ref[c]! * s + r]! * inv;
      A[row + k] = 1;
      lp.setRow(m + r, LE, 0); // phi - sum lambda y^ <= 0
    }
  }
  if (vrs) {
    const row = (m + s) * st;
    for (let c = 0; c < k; c++) A[row + c] = 1;
    lp.setRow(m + s, EQ, 1);
  }
  lp.setC(k, inputMode ? -1 : 1);
  lp.hint = selfColumn;
  if (lp.solve() !== 'optimal') return NaN;
  const v = lp.solution[k]!;
  return inputMode ? v : 1 / v;
}

/** Slacks of the second stage, in the data's units. */
export interface SlackSolution {
  /** Input slacks (length m). */
  input: Float64Array;
  /** Output slacks (length s). */
  output: Float64Array;
  /** Intensity weights lambda for the reference units (length nref). */
  lambda: Float64Array;
}

/**
 * Second-stage slacks (Ali & Seiford 1993 two-stage method, as R Benchmarking's `slack()`): with the radial
 * score fixed at `te`, maximise the sum of input and output slacks (in the data's units) over the
 * technology. Returns undefined when the LP is infeasible.
 */
export function maxSlacks(
  lp: DenseSimplex,
  block: DeaBlock,
  ref: Int32Array,
  nref: number,
  xo: Float64Array,
  xoOff: number,
  yo: Float64Array,
  yoOff: number,
  rts: Rts,
  orientation: Orientation,
  te: number,
): SlackSolution | undefined {
  const { m, s, X, Y } = block;
  const vrs = rts === 'vrs';
  const rows = m + s + (vrs ? 1 : 0);
  const k = nref;
  lp.reset(rows, k + m + s);
  const thetaIn = orientation === 'input' ? te : 1;
  const phiOut = orientation === 'output' ? 1 / te : 1;
  for (let i = 0; i < m; i++) {
    const row = lp.rowView(i);
    const inv = 1 / xo[xoOff + i]!;
    for (let c = 0; c < k; c++) row[c] = X[ref[c]! * m + i]! * inv;
    row[k + i] = 1;
    lp.setRow(i, EQ, thetaIn);
    lp.setC(k + i, xo[xoOff + i]!);
  }
  for (let r = 0; r < s; r++) {
    const row = lp.rowView(m + r);
    const inv = 1 / yo[yoOff + r]!;
    for (let c = 0; c < k; c++) row[c] = Y[ref[c]! * s + r]! * inv;
    row[k + m + r] = -1;
    lp.setRow(m + r, EQ, phiOut);
    lp.setC(k + m + r, yo[yoOff + r]!);
  }
  if (vrs) {
    const row = lp.rowView(m + s);
    for (let c = 0; c < k; c++) row[c] = 1;
    lp.setRow(m + s, EQ, 1);
  }
  if (lp.solve() !== 'optimal') return undefined;
  const sol = lp.solution;
  const input = new Float64Array(m), output = new Float64Array(s), lambda = new Float64Array(k);
  for (let i = 0; i < m; i++) input[i] = Math.max(0, sol[k + i]!) * xo[xoOff + i]!;
  for (let r = 0; r < s; r++) output[r] = Math.max(0, sol[k + m + r]!) * yo[yoOff + r]!;
  for (let c = 0; c < k; c++) lambda[c] = Math.max(0, sol[c]!);
  return { input, output, lambda };
}

/**
 * Reduced cost (z_j - c_j) that unit `c` of `block` would have as an extra lambda column of the LP that
 * {@link radialScore} last solved for the point (`xo`, `yo`), given that LP's duals `y`. Negative means the
 * unit would improve the solution (column generation's pricing step).
 */
export function reducedCost(block: DeaBlock, c: number, xo: Float64Array, xoOff: number, yo: Float64Array, yoOff: number, rts: Rts, orientation: Orientation, y: Float64Array): number {
  const { m, s, X, Y } = block;
  const inputMode = rts === 'vrs' && orientation === 'input';
  let z = 0;
  for (let i = 0; i < m; i++) z += (y[i]! * X[c * m + i]!) / xo[xoOff + i]!;
  for (let r = 0; r < s; r++) {
    const v = (y[m + r]! * Y[c * s + r]!) / yo[yoOff + r]!;
    z += inputMode ? v : -v;
  }
  if (rts === 'vrs') z += y[m + s]!;
  return z;
}
