/**
 * Seeded simulator of a staggered-adoption panel with heterogeneous, dynamic treatment effects, for
 * planted-truth tests, benchmarks and demos (the design of Callaway & Sant'Anna 2021, section 5, and of the
 * did package's `gen_staggered` timing script: unit and period effects, cohorts drawn with fixed
 * probabilities, a never-treated share).
 *
 * y_it = alpha_i + gamma_t + tau(g_i, t) 1{t >= g_i} + e_it, alpha_i ~ N(0, 1), gamma_t ~ N(0, 1) (drawn once),
 * e_it ~ N(0, sigma^2) i.i.d.; units are assigned to cohort g with probability `probs[g]`.
 */
import { Rng } from '../../stats/rng.js';
import { Table, numericColumn } from '../../data/table.js';

export interface StaggeredSimOptions {
  units: number;
  /** Periods (e.g. 2011..2020). */
  periods: readonly number[];
  /** Cohorts (first treated period; 0 = never) and their probabilities (summing to 1). */
  cohorts: readonly number[];
  probs: readonly number[];
  /** Effect of cohort g in period t (only called for t >= g). */
  tau: (g: number, t: number) => number;
  /** Idiosyncratic noise SD (default 1). */
  sigma?: number;
  seed: number;
}

/** Long table with columns `id, time, cohort, y, x` (x: a time-invariant covariate unrelated to y). */
export function simulateStaggeredPanel(o: StaggeredSimOptions): Table {
  const r = new Rng(o.seed);
  const T = o.periods.length;
  const N = o.units * T;
  const id = new Float64Array(N), time = new Float64Array(N), cohort = new Float64Array(N), y = new Float64Array(N), x = new Float64Array(N);
  const gamma = o.periods.map(() => r.normal());
  const sigma = o.sigma ?? 1;
  const cum: number[] = [];
  let s = 0;
  for (const p of o.probs) cum.push((s += p));
  let row = 0;
  for (let i = 0; i < o.units; i++) {
    const u = r.uniform() * s;
    let k = 0;
    while (k < cum.length - 1 && u >= cum[k]!) k++;
    const g = o.cohorts[k]!;
    const a = r.normal();
    const xi = r.normal();
    for (let j = 0; j < T; j++) {
      const t = o.periods[j]!;
      id[row] = i + 1;
      time[row] = t;
      cohort[row] = g;
      x[row] = xi;
      y[row] = a + gamma[j]! + (g !== 0 && t >= g ? o.tau(g, t) : 0) + sigma * r.normal();
      row++;
    }
  }
  return new Table([numericColumn('id', id), numericColumn('time', time), numericColumn('cohort', cohort), numericColumn('y', y), numericColumn('x', x)]);
}

/**
 * The population simple ATT of did's `aggte(type = "simple")`: post-treatment ATT(g,t) weighted by the
 * cohort probabilities.
 */
export function trueSimpleAtt(o: Pick<StaggeredSimOptions, 'periods' | 'cohorts' | 'probs' | 'tau'>): number {
  let num = 0, den = 0;
  o.cohorts.forEach((g, k) => {
    if (g === 0) return;
    for (const t of o.periods) {
      if (t < g) continue;
      num += o.probs[k]! * o.tau(g, t);
      den += o.probs[k]!;
    }
  });
  return num / den;
}
