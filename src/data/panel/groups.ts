/** Row groups from a `by` column (for per-year winsorizing or standardizing). */
import type { Table } from '../table.js';

/** Group number of each row (-1 when the `by` value is missing) and each group's label, in first-seen order. */
export interface Groups {
  readonly codes: Int32Array;
  readonly labels: readonly (string | number | null)[];
}

/** One group holding every row when `by` is undefined; else one group per distinct value of column `by`. */
export function groupRows(table: Table, by: string | undefined, context: string): Groups {
  const n = table.nrows;
  const codes = new Int32Array(n);
  if (by === undefined) return { codes, labels: [null] };
  const col = table.column(by, context);
  const labels: (string | number)[] = [];
  if (col.kind === 'string') {
    const remap = new Int32Array(col.levels.length).fill(-1);
    for (let i = 0; i < n; i++) {
      const c = col.codes[i]!;
      if (c < 0) codes[i] = -1;
      else {
        if (remap[c]! < 0) {
          remap[c] = labels.length;
          labels.push(col.levels[c]!);
        }
        codes[i] = remap[c]!;
      }
    }
    return { codes, labels };
  }
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = col.values[i]!;
    if (Number.isNaN(v)) {
      codes[i] = -1;
      continue;
    }
    let g = seen.get(v);
    if (g === undefined) {
      g = labels.length;
      seen.set(v, g);
      labels.push(v);
    }
    codes[i] = g;
  }
  return { codes, labels };
}

/**
 * The non-missing values of `x` bucketed by group: `values[start[g] .. start[g + 1])` are group g's, in row
 * order, with their rows in `rows`. O(n) counting sort.
 */
export function bucketByGroup(x: Float64Array, groups: Groups): { values: Float64Array; rows: Int32Array; start: Int32Array } {
  const G = groups.labels.length;
  const start = new Int32Array(G + 1);
  for (let i = 0; i < x.length; i++) {
    const g = groups.codes[i]!;
    if (g >= 0 && !Number.isNaN(x[i]!)) start[g + 1]!++;
  }
  for (let g = 0; g < G; g++) start[g + 1]! += start[g]!;
  const next = start.slice(0, G);
  const values = new Float64Array(start[G]!);
  const rows = new Int32Array(start[G]!);
  for (let i = 0; i < x.length; i++) {
    const g = groups.codes[i]!;
    if (g < 0 || Number.isNaN(x[i]!)) continue;
    const k = next[g]!++;
    values[k] = x[i]!;
    rows[k] = i;
  }
  return { values, rows, start };
}
