/**
 * Greedy nearest-neighbour matching on a scalar distance (the propensity score), exactly as MatchIt 4.5
 * (>= 4.5.3, `method = "nearest"`) does it:
 *
 * - Treated units are processed in `order`: `largest` (MatchIt's default for a propensity-score distance and
 *   the ATT) = decreasing score, equal scores in row order (stable sort); `smallest`; `data` (row order);
 *   `random` (seeded permutation).
 * - All units of a matching cell are sorted by increasing score, stably (equal scores stay in row order).
 *   For the current treated unit the nearest still-available control just below it in that list and the
 *   nearest just above it are compared; the smaller absolute score difference wins and an exact tie goes to
 *   the lower (left) one.
 * - Caliper: a candidate is rejected when |ps_t - ps_c| > width (`width` on the score's scale; see
 *   {@link caliperWidth} for MatchIt's SD units). When the nearest one is outside, the treated unit gets no
 *   (further) control.
 * - Ratio k: k passes over the treated units (pass r gives each treated its r-th control), as MatchIt.
 *   Without replacement a chosen control is no longer available; with replacement it stays available to
 *   other treated units but is never matched twice to the same treated unit.
 * - Exact matching: units are matched only within cells of equal `exact` codes (MatchIt's `exact =`).
 * Units with `eligible[i] = 0` (discarded by common-support trimming) take no part.
 *
 * Runs in O(n log n + n alpha(n) k): available controls are found by union-find "nearest available to the
 * left / right" over the sorted list, so no scan is quadratic.
 */
import { Rng } from '../../stats/rng.js';

export type MatchOrder = 'largest' | 'smallest' | 'data' | 'random';

export interface NearestOptions {
  /** Controls per treated unit (k in 1:k), default 1. */
  ratio?: number;
  /** Match with replacement (default false). */
  replace?: boolean;
  /** Caliper width on the distance's own scale (already multiplied by the SD when standardised). */
  caliperWidth?: number;
  /** Order in which treated units are matched (default `largest`). */
  order?: MatchOrder;
  /** Seed for `order = random`. */
  seed?: number;
  /** Exact-matching cell of each unit (same code = may match), or undefined. */
  exact?: Int32Array;
  /** 1 = takes part, 0 = discarded (common support). Default all. */
  eligible?: Uint8Array;
}

/** The matches: one row per treated unit, in processing order. */
export interface MatchAssignment {
  /** Treated unit indices in processing order (eligible treated only). */
  readonly treated: Int32Array;
  /** `controls[t * ratio + r]` = r-th control of the t-th processed treated unit, -1 if none. */
  readonly controls: Int32Array;
  readonly ratio: number;
  /** Treated units (indices) that found no control. */
  readonly unmatched: Int32Array;
}

/** Treated processing order by MatchIt's `m.order` rules. */
export function treatedOrder(ps: Float64Array, treat: Uint8Array, eligible: Uint8Array | undefined, order: MatchOrder, seed?: number): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < treat.length; i++) if (treat[i] === 1 && (!eligible || eligible[i] === 1)) idx.push(i);
  if (order === 'largest') idx.sort((a, b) => ps[b]! - ps[a]! || a - b);
  else if (order === 'smallest') idx.sort((a, b) => ps[a]! - ps[b]! || a - b);
  else if (order === 'random') {
    const perm = new Rng(seed ?? 0).permutation(idx.length);
    const copy = idx.slice();
    for (let i = 0; i < idx.length; i++) idx[i] = copy[perm[i]!]!;
  }
  return Int32Array.from(idx);
}

/** Greedy nearest-neighbour matching on `ps` (see module comment). */
export function nearestNeighborMatch(ps: Float64Array, treat: Uint8Array, opts: NearestOptions = {}): MatchAssignment {
  const n = ps.length;
  const ratio = opts.ratio ?? 1;
  const replace = opts.replace ?? false;
  const width = opts.caliperWidth ?? Infinity;
  const eligible = opts.eligible;
  const exact = opts.exact;
  const tOrder = treatedOrder(ps, treat, eligible, opts.order ?? 'largest', opts.seed);

  // Sorted list by (cell, ps, row); units outside matching are left out.
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (!eligible || eligible[i] === 1) members.push(i);
  members.sort((a, b) => (exact ? exact[a]! - exact[b]! : 0) || ps[a]! - ps[b]! || a - b);
  const N = members.length;
  const pos = new Int32Array(n).fill(-1);
  for (let p = 0; p < N; p++) pos[members[p]!] = p;
  const cellStart = new Int32Array(N);
  const cellEnd = new Int32Array(N);
  for (let p = 0; p < N; ) {
    let q = p;
    while (q < N && (!exact || exact[members[q]!] === exact[members[p]!])) q++;
    for (let r = p; r < q; r++) {
      cellStart[r] = p;
      cellEnd[r] = q;
    }
    p = q;
  }
  // union-find: left[p + 1] -> nearest available control at position <= p (0 = none); right[p] -> >= p (N = none)
  const left = new Int32Array(N + 1);
  const right = new Int32Array(N + 1);
  for (let p = 0; p < N; p++) {
    const isControl = treat[members[p]!] === 0;
    left[p + 1] = isControl ? p + 1 : p;
    right[p] = isControl ? p : p + 1;
  }
  left[0] = 0;
  right[N] = N;
  const findLeft = (p: number): number => {
    // returns position or -1
    let x = p + 1;
    while (left[x] !== x) {
      left[x] = left[left[x]!]!;
      x = left[x]!;
    }
    return x - 1;
  };
  const findRight = (p: number): number => {
    let x = p;
    while (right[x] !== x) {
      right[x] = right[right[x]!]!;
      x = right[x]!;
    }
    return x;
  };
  const remove = (p: number): void => {
    left[p + 1] = p;
    right[p] = p + 1;
  };

  const nT = tOrder.length;
  const controls = new Int32Array(nT * ratio).fill(-1);
  const done = new Uint8Array(nT); // 1 = stopped looking (nothing within reach)
  for (let r = 0; r < ratio; r++) {
    for (let t = 0; t < nT; t++) {
      if (done[t]) continue;
      const unit = tOrder[t]!;
      const p = pos[unit]!;
      const lo = cellStart[p]!, hi = cellEnd[p]!;
      const mine = controls.subarray(t * ratio, t * ratio + r);
      let l = findLeft(p - 1);
      while (l >= lo && replace && r > 0 && mine.includes(members[l]!)) l = findLeft(l - 1);
      let rr = findRight(p + 1);
      while (rr < hi && replace && r > 0 && mine.includes(members[rr]!)) rr = findRight(rr + 1);
      const dl = l >= lo ? Math.abs(ps[unit]! - ps[members[l]!]!) : Infinity;
      const dr = rr < hi ? Math.abs(ps[members[rr]!]! - ps[unit]!) : Infinity;
      let chosen = -1;
      if (dl <= dr && dl !== Infinity) chosen = l;
      else if (dr !== Infinity) chosen = rr;
      if (chosen < 0 || Math.min(dl, dr) > width) {
        done[t] = 1;
        continue;
      }
      controls[t * ratio + r] = members[chosen]!;
      if (!replace) remove(chosen);
    }
  }
  const unmatched: number[] = [];
  for (let t = 0; t < nT; t++) if (controls[t * ratio] === -1) unmatched.push(tOrder[t]!);
  return { treated: tOrder, controls, ratio, unmatched: Int32Array.from(unmatched) };
}

/**
 * MatchIt's caliper width for `std.caliper = TRUE`: `caliper` x the sample SD (n - 1) of the distance over
 * all non-discarded units, treated and controls pooled into one vector (not the SD of the logit, not a
 * pooled within-group SD).
 */
export function caliperWidth(caliper: number, ps: Float64Array, eligible?: Uint8Array): number {
  let s = 0, c = 0;
  for (let i = 0; i < ps.length; i++) if (!eligible || eligible[i] === 1) {
    s += ps[i]!;
    c++;
  }
  const m = s / c;
  let ss = 0;
  for (let i = 0; i < ps.length; i++) if (!eligible || eligible[i] === 1) ss += (ps[i]! - m) ** 2;
  return caliper * Math.sqrt(ss / (c - 1));
}

/**
 * Common-support trimming as MatchIt's `discard`: `control` drops controls outside the range of the treated
 * scores, `treated` drops treated outside the controls' range, `both` does both; `none` keeps all.
 */
export function commonSupport(ps: Float64Array, treat: Uint8Array, discard: 'none' | 'both' | 'control' | 'treated'): Uint8Array {
  const keep = new Uint8Array(ps.length).fill(1);
  if (discard === 'none') return keep;
  let min1 = Infinity, max1 = -Infinity, min0 = Infinity, max0 = -Infinity;
  for (let i = 0; i < ps.length; i++) {
    const v = ps[i]!;
    if (treat[i] === 1) {
      if (v < min1) min1 = v;
      if (v > max1) max1 = v;
    } else {
      if (v < min0) min0 = v;
      if (v > max0) max0 = v;
    }
  }
  for (let i = 0; i < ps.length; i++) {
    const v = ps[i]!;
    if (treat[i] === 0 && (discard === 'both' || discard === 'control') && (v < min1 || v > max1)) keep[i] = 0;
    if (treat[i] === 1 && (discard === 'both' || discard === 'treated') && (v < min0 || v > max0)) keep[i] = 0;
  }
  return keep;
}
