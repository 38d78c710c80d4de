/**
 * Structure of fixed effects and clusters: iterative singleton removal, re-coding after row removal,
 * nesting of a FE in a cluster variable, and connected components of two FE (for exact degrees of freedom).
 */
import type { FeCodes } from './demean.js';

/**
 * Rows to keep after removing singletons iteratively: a row is dropped when any of its FE levels has a
 * single row; removal is repeated until no singleton is left (reghdfe, Correia 2015 "Singletons, cluster-
 * robust standard errors and fixed effects"; fixest's default `fixef.rm = "perfect_fit"` drops the same
 * rows, whose fit is perfect). Returns a 0/1 mask and the number of rows removed.
 */
export function singletonMask(fe: readonly FeCodes[], n: number): { keep: Uint8Array; removed: number } {
  const keep = new Uint8Array(n).fill(1);
  if (fe.length === 0) return { keep, removed: 0 };
  const counts = fe.map((f) => new Int32Array(f.nlevels));
  for (let q = 0; q < fe.length; q++) {
    const ids = fe[q]!.ids, c = counts[q]!;
    for (let i = 0; i < n; i++) c[ids[i]!]!++;
  }
  return { keep, removed: removeSingletons(fe, n, keep, counts) };
}

/**
 * In-place form of {@link singletonMask}: `keep` (0/1 per row; rows already at 0 are ignored) and
 * `counts` (rows per level over the kept rows, per FE) are updated as singletons are removed; returns the
 * number of rows removed. A further sweep is made only when a removal left some level with exactly one
 * row (only then can a new singleton appear), so the common case costs a single sweep.
 */
export function removeSingletons(fe: readonly FeCodes[], n: number, keep: Uint8Array, counts: Int32Array[]): number {
  const Q = fe.length;
  if (Q === 0) return 0;
  const ids = fe.map((f) => f.ids);
  let removed = 0;
  for (;;) {
    let changed = 0;
    let newOnes = false;
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      let single = false;
      for (let q = 0; q < Q; q++) {
        if (counts[q]![ids[q]![i]!] === 1) {
          single = true;
          break;
        }
      }
      if (single) {
        keep[i] = 0;
        changed++;
        for (let q = 0; q < Q; q++) if (--counts[q]![ids[q]![i]!]! === 1) newOnes = true;
      }
    }
    removed += changed;
    if (!newOnes || Q === 1) break;
  }
  return removed;
}

/**
 * {@link recode} when the row count of every level over the kept rows is already known (`counts`, e.g.
 * from singleton removal): the used levels need no marking pass.
 */
export function recodeByCounts(ids: Int32Array, counts: Int32Array, rows: Int32Array): { ids: Int32Array; nlevels: number; map: Int32Array } {
  const nlevels = counts.length;
  const map = new Int32Array(nlevels);
  let L = 0;
  for (let l = 0; l < nlevels; l++) map[l] = counts[l]! > 0 ? L++ : -1;
  const out = new Int32Array(rows.length);
  for (let t = 0; t < rows.length; t++) out[t] = map[ids[rows[t]!]!]!;
  return { ids: out, nlevels: L, map };
}

/** Re-codes ids over the kept rows to dense 0-based codes; `map[old]` = new code or -1. */
export function recode(ids: Int32Array, nlevels: number, rows: Int32Array): { ids: Int32Array; nlevels: number; map: Int32Array } {
  const map = new Int32Array(nlevels).fill(-1);
  const out = new Int32Array(rows.length);
  let L = 0;
  // keep the original level order: first mark used levels, then number them in order
  for (let t = 0; t < rows.length; t++) map[ids[rows[t]!]!] = 0;
  for (let l = 0; l < nlevels; l++) if (map[l] === 0) map[l] = L++; else map[l] = -1;
  for (let t = 0; t < rows.length; t++) out[t] = map[ids[rows[t]!]!]!;
  return { ids: out, nlevels: L, map };
}

/** Number of distinct values in ids (codes assumed in [0, nlevels)). */
export function countLevels(ids: Int32Array, nlevels: number): number {
  const seen = new Uint8Array(nlevels);
  let c = 0;
  for (let i = 0; i < ids.length; i++) if (!seen[ids[i]!]) { seen[ids[i]!] = 1; c++; }
  return c;
}

/** Whether every level of `fe` falls in a single level of `cluster` (FE nested in the cluster). */
export function isNested(fe: Int32Array, feLevels: number, cluster: Int32Array): boolean {
  const owner = new Int32Array(feLevels).fill(-1);
  for (let i = 0; i < fe.length; i++) {
    const l = fe[i]!, g = cluster[i]!;
    const o = owner[l]!;
    if (o === -1) owner[l] = g;
    else if (o !== g) return false;
  }
  return true;
}

/**
 * Connected components of the bipartite graph linking levels of two FE that share a row (Abowd, Creecy &
 * Kramarz 2002 "mobility groups"). Returns the number of components and, per level of `b`, its component.
 * With two FE, the number of redundant coefficients is exactly the number of components.
 */
export function components(a: Int32Array, La: number, b: Int32Array, Lb: number): { count: number; compOfA: Int32Array; compOfB: Int32Array } {
  // union-find over La + Lb nodes
  const parent = new Int32Array(La + Lb);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let i = 0; i < a.length; i++) {
    const ra = find(a[i]!), rb = find(La + b[i]!);
    if (ra !== rb) parent[ra] = rb;
  }
  const label = new Int32Array(La + Lb).fill(-1);
  let count = 0;
  const compOfA = new Int32Array(La), compOfB = new Int32Array(Lb);
  for (let x = 0; x < La + Lb; x++) {
    const r = find(x);
    if (label[r] === -1) label[r] = count++;
    if (x < La) compOfA[x] = label[r]!;
    else compOfB[x - La] = label[r]!;
  }
  return { count, compOfA, compOfB };
}
