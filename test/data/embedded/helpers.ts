/** Shared helpers of the embedded-panel tests. */
import type { Table } from '../../../src/data/table.js';

/** Row index by `code|year`. */
export function rowIndex(t: Table): Map<string, number> {
  const code = t.column('code'), year = t.numeric('year');
  const m = new Map<string, number>();
  for (let i = 0; i < t.nrows; i++) m.set(`${code.kind === 'string' ? code.levels[code.codes[i]!] : code.values[i]}|${year[i]}`, i);
  return m;
}

/** Difference in means of log(y) (post - pre) between a batch's cities and never-treated cities, with its SE. */
export function didInMeans(t: Table, y: Float64Array, batch: number): { estimate: number; se: number; cohort: number } {
  const yr = t.numeric('year'), b = t.numeric('cbec_batch'), g = t.numeric('cbec_cohort');
  const code = t.column('code');
  if (code.kind !== 'string') throw new Error('code must be a string column');
  let cohort = 0;
  for (let i = 0; i < t.nrows; i++) if (b[i] === batch) cohort = g[i]!;
  const per = new Map<number, { treated: boolean; pre: number; np: number; post: number; nq: number }>();
  for (let i = 0; i < t.nrows; i++) {
    const treated = b[i] === batch;
    if (!treated && g[i] !== 0) continue;
    const k = code.codes[i]!;
    const o = per.get(k) ?? per.set(k, { treated, pre: 0, np: 0, post: 0, nq: 0 }).get(k)!;
    if (yr[i]! < cohort) {
      o.pre += Math.log(y[i]!);
      o.np++;
    } else {
      o.post += Math.log(y[i]!);
      o.nq++;
    }
  }
  const dT: number[] = [], dC: number[] = [];
  for (const o of per.values()) (o.treated ? dT : dC).push(o.post / o.nq - o.pre / o.np);
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  const variance = (a: number[]) => {
    const m = mean(a);
    return a.reduce((s, x) => s + (x - m) ** 2, 0) / (a.length - 1);
  };
  return { estimate: mean(dT) - mean(dC), se: Math.sqrt(variance(dT) / dT.length + variance(dC) / dC.length), cohort };
}
