/**
 * Seeded simulated panels for the SCM family: the "Foshan-like" design of
 * `../shared/validation/scm-foshan-like` (seed 000's size: 1 treated city, 280 donors, 11 covariates averaged
 * over 5 pre-periods 2014-2018, treatment 2019, data to 2021), generated from the README's 3-factor
 * interactive fixed-effects model with our own RNG (so the draw is not R's; the design and size are).
 * Constants the README leaves open are drawn as c_k ~ N(0, 1), a_k ~ N(0, I_3), b_k ~ U(-0.5, 0.5).
 */
import { Table } from '../../data/table.js';
import { Rng } from '../../stats/rng.js';

/** Names of seed 000's Table 1 covariates, as the peer's generator names them. */
export const FOSHAN_PREDICTORS = [
  'income_ratio', 'consumption_ratio', 'openness', 'infrastructure', 'industry_structure', 'marketization',
  'real_gdp_pc', 'finance', 'urbanization', 'innovation', 'investment',
] as const;

export interface FoshanLikeOptions {
  seed?: number;
  /** Donor cities (default 280). */
  donors?: number;
  /** Pre-treatment years (default 5: 2014-2018). */
  nPre?: number;
  /** Effects in the post years (default 0.3, 0.6, 0.9 in 2019-2021). */
  effects?: readonly number[];
}

/**
 * A long panel `city, year, y, <11 covariates>`; `city001` is the treated unit (its factor loadings a random
 * convex combination of 5 donors'), treated from 2019.
 */
export function foshanLikePanel(o: FoshanLikeOptions = {}): Table {
  const rng = new Rng(o.seed ?? 20190101);
  const nDonors = o.donors ?? 280;
  const nPre = o.nPre ?? 5;
  const effects = o.effects ?? [0.3, 0.6, 0.9];
  const n = nDonors + 1;
  const t0 = 2019 - nPre;
  const years = Array.from({ length: nPre + effects.length }, (_, i) => t0 + i);
  const K = FOSHAN_PREDICTORS.length;
  const mu: number[][] = Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const picks = rng.permutation(nDonors).slice(0, 5);
  const c = Array.from(picks, () => rng.uniform() + 0.05);
  const cs = c.reduce((a, b) => a + b, 0);
  mu[0] = [0, 1, 2].map((f) => picks.reduce((s, p, q) => s + (c[q]! / cs) * mu[p! + 1]![f]!, 0));
  const ck = Array.from({ length: K }, () => rng.normal());
  const ak = Array.from({ length: K }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const bk = Array.from({ length: K }, () => rng.uniform() - 0.5);
  const city: string[] = [];
  const year: number[] = [];
  const y: number[] = [];
  const X: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < n; i++) {
    for (const t of years) {
      const dt = t - t0;
      const lam = [1, 0.5 + 0.1 * dt, Math.sin(dt)];
      let yi = 2 + 0.15 * dt + 0.1 * rng.normal();
      for (let f = 0; f < 3; f++) yi += lam[f]! * mu[i]![f]!;
      for (let k = 0; k < K; k++) {
        let x = ck[k]! + 0.05 * (k + 1) * dt + 0.3 * rng.normal();
        for (let f = 0; f < 3; f++) x += ak[k]![f]! * mu[i]![f]!;
        X[k]!.push(x);
        yi += 0.2 * bk[k]! * x;
      }
      if (i === 0 && t >= 2019) yi += effects[t - 2019] ?? 0;
      city.push(`city${String(i + 1).padStart(3, '0')}`);
      year.push(t);
      y.push(yi);
    }
  }
  const cols: Record<string, number[] | string[]> = { city, year, y };
  FOSHAN_PREDICTORS.forEach((p, k) => (cols[p] = X[k]!));
  return Table.fromColumns(cols);
}
