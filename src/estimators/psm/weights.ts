/**
 * Matching weights and pair ids from a match assignment, as MatchIt's `match.data` (estimand ATT):
 * each matched treated unit weighs 1; a control gets the sum over the treated units it serves of
 * 1 / (number of controls of that treated unit); control weights are then rescaled to sum to the number of
 * distinct matched controls. Unmatched units weigh 0. With 1:1 matching without replacement every matched
 * unit weighs 1. `subclass` is the pair (treated unit + its controls) id, meaningful without replacement.
 */
import type { MatchAssignment } from './nearest.js';

export interface MatchWeights {
  /** Weight per unit (0 = not in the matched sample). */
  readonly weights: Float64Array;
  /** Pair id per unit (-1 = none); with replacement a control keeps the id of its first pair. */
  readonly subclass: Int32Array;
  readonly nTreatedMatched: number;
  readonly nControlsMatched: number;
  /** Largest number of treated units one control serves. */
  readonly maxReuse: number;
}

export function matchWeights(m: MatchAssignment, n: number): MatchWeights {
  const w = new Float64Array(n);
  const subclass = new Int32Array(n).fill(-1);
  const uses = new Int32Array(n);
  const k = m.ratio;
  let pair = 0;
  let nT = 0;
  for (let t = 0; t < m.treated.length; t++) {
    let cnt = 0;
    for (let r = 0; r < k; r++) if (m.controls[t * k + r]! >= 0) cnt++;
    if (cnt === 0) continue;
    const u = m.treated[t]!;
    w[u] = 1;
    subclass[u] = pair;
    nT++;
    for (let r = 0; r < k; r++) {
      const c = m.controls[t * k + r]!;
      if (c < 0) continue;
      w[c] = w[c]! + 1 / cnt;
      uses[c] = uses[c]! + 1;
      if (subclass[c] < 0) subclass[c] = pair;
    }
    pair++;
  }
  let sumC = 0, nC = 0, maxReuse = 0;
  const isControl = new Uint8Array(n);
  for (let t = 0; t < m.controls.length; t++) {
    const c = m.controls[t]!;
    if (c >= 0) isControl[c] = 1;
  }
  for (let i = 0; i < n; i++) if (isControl[i]) {
    sumC += w[i]!;
    nC++;
    if (uses[i]! > maxReuse) maxReuse = uses[i]!;
  }
  const scale = nC / sumC;
  for (let i = 0; i < n; i++) if (isControl[i]) w[i] = w[i]! * scale;
  return { weights: w, subclass, nTreatedMatched: nT, nControlsMatched: nC, maxReuse };
}

/** Kish effective sample size (sum w)^2 / sum w^2 of the units with `treat == group` and w > 0. */
export function effectiveSize(w: Float64Array, treat: Uint8Array, group: 0 | 1): number {
  let s = 0, s2 = 0;
  for (let i = 0; i < w.length; i++) if (treat[i] === group && w[i]! > 0) {
    s += w[i]!;
    s2 += w[i]! * w[i]!;
  }
  return s2 > 0 ? (s * s) / s2 : 0;
}
