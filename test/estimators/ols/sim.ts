/** Seeded simulated panels for the feols tests. */
import { Rng } from '../../../src/stats/rng.js';
import { Table } from '../../../src/data/table.js';

export interface SimPanel {
  table: Table;
  n: number;
}

/**
 * Unbalanced panel: `units` x `periods`, each row kept with probability `keep`; a third FE `ind` (10
 * levels, not nested); x1, x2 correlated with the unit effect; y = a_u + g_t + h_ind + beta'x + sd e.
 */
export function simPanel(seed: number, units: number, periods: number, opts: { keep?: number; beta?: [number, number]; sd?: number; threeFe?: boolean; weights?: boolean } = {}): SimPanel {
  const rng = new Rng(seed);
  const keep = opts.keep ?? 0.85;
  const [b1, b2] = opts.beta ?? [1.5, -0.7];
  const sd = opts.sd ?? 1;
  const a = Array.from({ length: units }, () => rng.normal());
  const g = Array.from({ length: periods }, () => rng.normal());
  const h = Array.from({ length: 10 }, () => rng.normal());
  const cols: Record<string, number[]> = { unit: [], period: [], ind: [], x1: [], x2: [], y: [], w: [], cl: [] };
  for (let u = 0; u < units; u++) {
    for (let t = 0; t < periods; t++) {
      if (rng.uniform() > keep) continue;
      const ind = rng.int(10);
      const x1 = rng.normal() + 0.5 * a[u]!;
      const x2 = rng.normal() + 0.3 * g[t]!;
      const y = a[u]! + g[t]! + (opts.threeFe ? h[ind]! : 0) + b1 * x1 + b2 * x2 + sd * rng.normal();
      cols.unit!.push(u);
      cols.period!.push(t);
      cols.ind!.push(ind);
      cols.x1!.push(x1);
      cols.x2!.push(x2);
      cols.y!.push(y);
      cols.w!.push(1 + rng.int(3));
      cols.cl!.push(Math.floor(u / 3));
    }
  }
  const table = Table.fromColumns(Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])));
  return { table, n: table.nrows };
}

/** Dummy columns (column-major) for FE codes: all levels of the first FE, levels 1.. of the others. */
export function dummies(fe: readonly { ids: Int32Array; nlevels: number }[], n: number): { X: Float64Array; k: number } {
  let k = 0;
  fe.forEach((f, q) => (k += q === 0 ? f.nlevels : f.nlevels - 1));
  const X = new Float64Array(n * k);
  let off = 0;
  fe.forEach((f, q) => {
    const start = q === 0 ? 0 : 1;
    for (let i = 0; i < n; i++) {
      const l = f.ids[i]!;
      if (l >= start) X[(off + l - start) * n + i] = 1;
    }
    off += f.nlevels - start;
  });
  return { X, k };
}
