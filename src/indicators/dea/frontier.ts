/**
 * Own-frontier DEA scores of every unit of one block, fast: units that cannot span the frontier are removed
 * from the reference set before and while the LPs are solved, which leaves the technology (and so every
 * score) unchanged.
 *
 * Why removal is exact: the CRS technology is the cone spanned by the units plus free disposal, the VRS
 * technology their convex hull plus free disposal; both are pointed polyhedra, equal to the cone (hull) of
 * their extreme rays (points) plus the disposal cone. A unit p_j that can be written as a point of the
 * technology plus a non-zero disposal direction is not extreme, so dropping it changes nothing. Two cases
 * are detected:
 * 1. dominance, before any LP: c * p_k (c free under CRS, c = 1 under VRS) uses no more of every input and
 *    produces no less of every output than p_j, and is not p_j itself;
 * 2. a radial score below 1 - 1e-9 (input theta < 1, or output phi > 1): (theta x_j, y_j) or (x_j, phi y_j)
 *    is in the technology.
 * Units with score 1 (also weakly efficient ones and duplicates) stay in the reference set.
 *
 * Each remaining LP is solved by column generation (restricted reference set, priced with the LP's duals),
 * so its size follows the frontier's, not the sample's.
 */
import type { DenseSimplex } from './simplex.js';
import { radialScore, reducedCost, type DeaBlock, type Orientation, type Rts } from './envelopment.js';

/** Scores of a block against its own frontier, and the units that span that frontier. */
export interface OwnFrontier {
  /** te of each unit (<= 1). */
  te: Float64Array;
  /** Indices of the units kept as the reference set (score 1 within 1e-9); enough to evaluate any point. */
  frontier: Int32Array;
}

const PRUNE_TOL = 1e-9;
const PRICE_TOL = 1e-10;
const CG_MIN_CANDIDATES = 64;

/** True when unit j is dominated (case 1 above) by some other unit. */
function dominated(block: DeaBlock, j: number, rts: Rts, alive: Uint8Array): boolean {
  const { n, m, s, X, Y } = block;
  for (let k = 0; k < n; k++) {
    if (k === j || !alive[k]) continue;
    let c = 1;
    if (rts === 'crs') {
      c = 0;
      for (let r = 0; r < s; r++) {
        const q = Y[j * s + r]! / Y[k * s + r]!;
        if (q > c) c = q;
      }
    } else {
      let ok = true;
      for (let r = 0; r < s; r++) {
        if (Y[k * s + r]! < Y[j * s + r]!) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
    }
    let ok = true;
    let strict = false;
    for (let i = 0; i < m; i++) {
      const a = c * X[k * m + i]!, b = X[j * m + i]!;
      if (a > b) {
        ok = false;
        break;
      }
      if (a < b * (1 - 1e-12)) strict = true;
    }
    if (!ok) continue;
    if (!strict) {
      for (let r = 0; r < s; r++) if (c * Y[k * s + r]! > Y[j * s + r]! * (1 + 1e-12)) strict = true;
    }
    if (strict) return true;
  }
  return false;
}

/**
 * DEA scores (te <= 1) of every unit of `block` against the block's own frontier.
 * `lp` must have room for `block.m + block.s + 1` rows and `block.n + 1` columns.
 */
export function ownFrontierScores(lp: DenseSimplex, block: DeaBlock, rts: Rts, orientation: Orientation, columnGeneration?: boolean): OwnFrontier {
  const { n, m, s, X, Y } = block;
  const alive = new Uint8Array(n).fill(1);
  const isDominated = new Uint8Array(n);
  // dominance screen: a dominated unit stays usable as a dominator of others (dominance is transitive, so
  // removing it at once is also fine), but marking it dead shortens the later scans
  for (let j = 0; j < n; j++) {
    if (dominated(block, j, rts, alive)) {
      isDominated[j] = 1;
      alive[j] = 0;
    }
  }
  const te = new Float64Array(n);
  // Column generation: each candidate's LP starts from the units already shown efficient plus itself; the
  // LP's duals then price every unit still in the reference set, and the units that would improve the
  // solution are added until none does. The restricted LP stays small (about the frontier's size).
  const efficient: number[] = [];
  const sub = new Int32Array(n);
  const inSub = new Uint8Array(n);
  const y = new Float64Array(m + s + 1);
  const cand = new Int32Array(n);
  const candRc = new Float64Array(n);
  const MAX_ADD = 12;
  let nCand = 0;
  for (let j = 0; j < n; j++) nCand += alive[j]!;
  // with few candidates the full LP is cheaper than a few rounds of restricted LPs
  const cg = columnGeneration ?? nCand > CG_MIN_CANDIDATES;
  for (let j = 0; j < n; j++) {
    if (!alive[j]) continue;
    let k = 0;
    let self = -1;
    if (cg) {
      for (const e of efficient) {
        sub[k++] = e;
        inSub[e] = 1;
      }
      self = k;
      sub[k++] = j;
      inSub[j] = 1;
    } else {
      for (let c = 0; c < n; c++) {
        if (!alive[c]) continue;
        if (c === j) self = k;
        sub[k++] = c;
        inSub[c] = 1;
      }
    }
    let v = NaN;
    for (let round = 0; round <= n; round++) {
      v = radialScore(lp, block, sub, k, X, j * m, Y, j * s, rts, orientation, self);
      lp.duals(y);
      let nc = 0;
      for (let c = 0; c < n; c++) {
        if (!alive[c] || inSub[c]) continue;
        const rc = reducedCost(block, c, X, j * m, Y, j * s, rts, orientation, y);
        if (rc < -PRICE_TOL) {
          cand[nc] = c;
          candRc[nc++] = rc;
        }
      }
      if (nc === 0) break;
      // add the most improving columns (partial selection of up to MAX_ADD)
      for (let a = 0; a < Math.min(MAX_ADD, nc); a++) {
        let best = a;
        for (let b = a + 1; b < nc; b++) if (candRc[b]! < candRc[best]!) best = b;
        const c = cand[best]!;
        cand[best] = cand[a]!;
        candRc[best] = candRc[a]!;
        sub[k++] = c;
        inSub[c] = 1;
      }
    }
    for (let q = 0; q < k; q++) inSub[sub[q]!] = 0;
    te[j] = v;
    if (v < 1 - PRUNE_TOL) alive[j] = 0;
    else efficient.push(j);
  }
  const ref = Int32Array.from(efficient);
  const nref = ref.length;
  for (let j = 0; j < n; j++) {
    if (!isDominated[j]) continue;
    te[j] = radialScore(lp, block, ref, nref, X, j * m, Y, j * s, rts, orientation);
  }
  return { te, frontier: ref.slice(0, nref) };
}
