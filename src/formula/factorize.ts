/**
 * Dense 0-based codes for the distinct values of a column (fixed effects, clusters, i() levels).
 * Levels are sorted: numbers ascending, strings by code-point order, so results do not depend on row order.
 */
import type { Column } from '../data/table.js';

export interface Factor {
  /** Code of each row; -1 where the value is missing. */
  readonly ids: Int32Array;
  readonly nlevels: number;
  /** Level labels in code order. */
  readonly levels: string[];
  /** Numeric value of each level when the column is numeric. */
  readonly numericLevels?: Float64Array;
}

/** Factorizes a numeric or string column. */
export function factorize(col: Column): Factor {
  if (col.kind === 'string') {
    const n = col.levels.length;
    const used = new Uint8Array(n);
    for (let i = 0; i < col.codes.length; i++) {
      const c = col.codes[i]!;
      if (c >= 0) used[c] = 1;
    }
    const order: number[] = [];
    for (let l = 0; l < n; l++) if (used[l]) order.push(l);
    order.sort((a, b) => (col.levels[a]! < col.levels[b]! ? -1 : col.levels[a]! > col.levels[b]! ? 1 : 0));
    const remap = new Int32Array(n).fill(-1);
    order.forEach((l, k) => (remap[l] = k));
    const ids = new Int32Array(col.codes.length);
    for (let i = 0; i < ids.length; i++) {
      const c = col.codes[i]!;
      ids[i] = c < 0 ? -1 : remap[c]!;
    }
    return { ids, nlevels: order.length, levels: order.map((l) => col.levels[l]!) };
  }
  const v = col.values;
  const seen = new Map<number, number>();
  const firstIds = new Int32Array(v.length);
  const values: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) {
      firstIds[i] = -1;
      continue;
    }
    let c = seen.get(x);
    if (c === undefined) {
      c = values.length;
      seen.set(x, c);
      values.push(x);
    }
    firstIds[i] = c;
  }
  const order = values.map((_, k) => k).sort((a, b) => values[a]! - values[b]!);
  const remap = new Int32Array(values.length);
  order.forEach((k, r) => (remap[k] = r));
  for (let i = 0; i < firstIds.length; i++) {
    const c = firstIds[i]!;
    if (c >= 0) firstIds[i] = remap[c]!;
  }
  const numericLevels = Float64Array.from(order.map((k) => values[k]!));
  return { ids: firstIds, nlevels: values.length, levels: order.map((k) => formatLevel(values[k]!)), numericLevels };
}

/** Combines several factors into one (`a^b`), levels labelled `la_lb`. Missing in any → missing. */
export function combineFactors(fs: readonly Factor[]): Factor {
  if (fs.length === 1) return fs[0]!;
  const n = fs[0]!.ids.length;
  const seen = new Map<number, number>();
  const keys: number[] = [];
  const tuples: number[][] = [];
  const ids = new Int32Array(n);
  // Mixed-radix key; fine while the product of level counts stays below 2^53.
  for (let i = 0; i < n; i++) {
    let key = 0;
    let missing = false;
    const tuple: number[] = [];
    for (const f of fs) {
      const c = f.ids[i]!;
      if (c < 0) {
        missing = true;
        break;
      }
      key = key * f.nlevels + c;
    }
    if (missing) {
      ids[i] = -1;
      continue;
    }
    let id = seen.get(key);
    if (id === undefined) {
      id = keys.length;
      seen.set(key, id);
      keys.push(key);
      for (const f of fs) tuple.push(f.ids[i]!);
      tuples.push(tuple);
    }
    ids[i] = id;
  }
  const order = keys.map((_, k) => k).sort((a, b) => keys[a]! - keys[b]!);
  const remap = new Int32Array(keys.length);
  order.forEach((k, r) => (remap[k] = r));
  for (let i = 0; i < n; i++) if (ids[i]! >= 0) ids[i] = remap[ids[i]!]!;
  const levels = order.map((k) => tuples[k]!.map((c, j) => fs[j]!.levels[c]!).join('_'));
  return { ids, nlevels: keys.length, levels };
}

/** Prints a numeric level the way R does for integers and short decimals. */
export function formatLevel(x: number): string {
  return Number.isInteger(x) ? String(x) : String(x);
}

/** Re-densifies codes over a subset of rows: returns new ids for `rows` and the surviving levels. */
export function restrictFactor(f: { ids: Int32Array; nlevels: number; levels: readonly string[] }, rows: Int32Array): { ids: Int32Array; nlevels: number; levels: string[] } {
  const remap = new Int32Array(f.nlevels).fill(-1);
  const ids = new Int32Array(rows.length);
  let next = 0;
  // Keep level order (sorted) by first marking used levels.
  for (let k = 0; k < rows.length; k++) remap[f.ids[rows[k]!]!] = 0;
  const levels: string[] = [];
  for (let l = 0; l < f.nlevels; l++) {
    if (remap[l] === 0) {
      remap[l] = next++;
      levels.push(f.levels[l]!);
    }
  }
  for (let k = 0; k < rows.length; k++) ids[k] = remap[f.ids[rows[k]!]!]!;
  return { ids, nlevels: next, levels };
}
