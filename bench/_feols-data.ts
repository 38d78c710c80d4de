/**
 * Data generators and a small CSV reader for `bench/feols.ts` (the leading "_" keeps bench/run.ts from
 * listing this file as a benchmark).
 *
 * hdfe-big (../shared/validation/hdfe-big/README.md): n_unit units x 10 periods, balanced; FE unit and
 * period, optionally industry (100 levels; each unit has a home industry, each row re-drawn uniformly with
 * probability 0.2); x1..x5 ~ N(0,1) + 0.5 a_unit; y = a_unit + g_period + h_industry + X(1,-0.5,0.25,0.1,-0.2)'
 * + N(0,1). Seeded with pilotzone's Rng (R's RNG is not reproduced: same design, different draws).
 */
import { Rng } from '../src/stats/rng.js';
import type { ClusterVar, Design, FixedEffect } from '../src/estimators/design.js';

export function hdfeBigDesign(nUnit: number, industry: boolean, seed = 20240101): Design {
  const rng = new Rng(seed);
  const T = 10;
  const n = nUnit * T;
  const a = new Float64Array(nUnit).map(() => rng.normal());
  const g = new Float64Array(T).map(() => rng.normal());
  const h = new Float64Array(100).map(() => rng.normal());
  const home = new Int32Array(nUnit).map(() => rng.int(100));
  const unit = new Int32Array(n), period = new Int32Array(n), ind = new Int32Array(n);
  const X = new Float64Array(n * 5);
  const y = new Float64Array(n);
  const beta = [1, -0.5, 0.25, 0.1, -0.2];
  for (let u = 0, i = 0; u < nUnit; u++) {
    for (let t = 0; t < T; t++, i++) {
      unit[i] = u;
      period[i] = t;
      ind[i] = rng.uniform() < 0.2 ? rng.int(100) : home[u]!;
      let v = a[u]! + g[t]! + (industry ? h[ind[i]!]! : 0) + rng.normal();
      for (let j = 0; j < 5; j++) {
        const x = rng.normal() + 0.5 * a[u]!;
        X[j * n + i] = x;
        v += beta[j]! * x;
      }
      y[i] = v;
    }
  }
  const fe: FixedEffect[] = [
    { name: 'unit', ids: unit, nlevels: nUnit, levels: [] },
    { name: 'period', ids: period, nlevels: T, levels: [] },
  ];
  if (industry) fe.push({ name: 'industry', ids: ind, nlevels: 100, levels: [] });
  const clusters: ClusterVar[] = [{ name: 'unit', ids: unit, nlevels: nUnit }];
  const rows = new Int32Array(n).map((_, i) => i);
  return {
    n, yname: 'y', y, x: { names: ['x1', 'x2', 'x3', 'x4', 'x5'], X }, intercept: false, fe, clusters, rows,
    removed: { missing: 0, zeroWeight: 0, byVariable: {} }, nobsOrigin: n,
    formula: `y ~ x1 + x2 + x3 + x4 + x5 | unit + period${industry ? ' + industry' : ''}`,
  };
}

/** Numeric CSV (header, commas, no quoting) into named columns. */
export function parseNumericCsv(text: string): Record<string, Float64Array> {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = lines[0]!.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
  const cols = header.map(() => new Float64Array(lines.length - 1));
  for (let r = 1; r < lines.length; r++) {
    const parts = lines[r]!.split(',');
    for (let c = 0; c < header.length; c++) cols[c]![r - 1] = Number(parts[c]);
  }
  return Object.fromEntries(header.map((h, c) => [h, cols[c]!]));
}

/** Dense codes of a numeric id column (first-seen order). */
export function codes(v: Float64Array): { ids: Int32Array; nlevels: number } {
  const m = new Map<number, number>();
  const ids = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    let c = m.get(v[i]!);
    if (c === undefined) {
      c = m.size;
      m.set(v[i]!, c);
    }
    ids[i] = c;
  }
  return { ids, nlevels: m.size };
}

/** The hdfe-sim pair-panel design: y ~ policy + lngdp_i + lngdp_j + lnpop_i + lnpop_j + tariff | pair_id + year. */
export function pairDesign(cols: Record<string, Float64Array>): Design {
  const n = cols.y!.length;
  const names = ['policy', 'lngdp_i', 'lngdp_j', 'lnpop_i', 'lnpop_j', 'tariff'];
  const X = new Float64Array(n * names.length);
  names.forEach((nm, j) => X.set(cols[nm]!, j * n));
  const pair = codes(cols.pair_id!), year = codes(cols.year!), ci = codes(cols.city_i!), cj = codes(cols.city_j!);
  return {
    n, yname: 'y', y: cols.y!, x: { names, X }, intercept: false,
    fe: [{ name: 'pair_id', ...pair, levels: [] }, { name: 'year', ...year, levels: [] }],
    clusters: [{ name: 'pair_id', ...pair }, { name: 'city_i', ...ci }, { name: 'city_j', ...cj }],
    rows: new Int32Array(n).map((_, i) => i), removed: { missing: 0, zeroWeight: 0, byVariable: {} }, nobsOrigin: n,
    formula: 'y ~ policy + lngdp_i + lngdp_j + lnpop_i + lnpop_j + tariff | pair_id + year',
  };
}
