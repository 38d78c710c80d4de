/**
 * The factor model of the simulated columns (model.ts holds the numbers; docs/data.md the reasons):
 *   log v_it(0) = log k_v + pi_vt + eY mean_t log GDP_i + eP mean_t log pop_i + eRank [rank_i >= 2]
 *                 + eCoast coastal_i + alpha_iv + lambda_v c_it + eps_ivt + covid_v [t = 2020]
 * (per-capita variables: the same for v / pop_it, times pop_it). Size enters as the city's mean over the
 * published years so that Y(0) has parallel trends in expectation; alpha_iv = s_v (rho_v eta_i + sqrt(1 - rho_v^2) xi_iv)
 * with a shared city factor eta_i (openness / dynamism, correlated with GDP per capita and the coast);
 * c_it is the city's AR(1) business cycle (SD 0.05, rho 0.6), shared by all its variables. k_v and pi_vt
 * make the expected Y(0) total of the default cities equal the national anchor (or path) times the default
 * cities' share of national GDP. Industrial output follows a Cobb-Douglas production function on
 * perpetual-inventory capital and employees.
 */
import { Rng } from '../../stats/rng.js';
import type { Drivers } from './drivers.js';
import { cityRng } from './drivers.js';
import { plantedEffect, type EffectSpec } from './effects.js';
import { ANCHOR_YEAR, PRODUCTION, SIM_VARIABLES } from './model.js';
import type { PanelCity } from './panel-cities.js';
import { simulateIndices } from './indices.js';

/** National GDP 2019 (100 million yuan, NBS first release of 2020-01), the denominator of the panel's share. */
const NATIONAL_GDP_2019 = 986515;
const CYCLE_SD = 0.05, CYCLE_RHO = 0.6;

export interface CityCohort {
  /** First treated year (0 never) and the batch of the zone that starts treatment. */
  readonly cohort: number;
  readonly batch: number;
}

export interface TruthCell {
  readonly city: number;
  readonly t: number;
  readonly outcome: string;
  readonly effect: number;
}

export interface SimulatedColumns {
  readonly columns: Map<string, Float64Array>;
  readonly truth: TruthCell[];
  /** Effect heterogeneity u_i per city (1 when untreated). */
  readonly cityMultiplier: Float64Array;
}

export function simulate(cities: readonly PanelCity[], nCalib: number, years: readonly number[], d: Drivers, cohorts: readonly CityCohort[], effects: EffectSpec, seed: number): SimulatedColumns {
  const nC = cities.length, nY = years.length;
  const tAnchor = years.indexOf(ANCHOR_YEAR);
  if (tAnchor < 0) throw new Error('internal: the simulation grid must contain the anchor year');
  const logP = d.pop_resident.values.map(Math.log);
  // City size: mean log GDP and log population over the published window (2010-2021) of the grid.
  const meanLogY = new Float64Array(nC), meanLogP = new Float64Array(nC);
  for (let i = 0; i < nC; i++) {
    let sy = 0, sp = 0, n = 0;
    for (let t = 0; t < nY; t++) {
      if (years[t]! < 2010 || years[t]! > 2021) continue;
      sy += Math.log(d.gdp.values[i * nY + t]!);
      sp += logP[i * nY + t]!;
      n++;
    }
    meanLogY[i] = sy / n;
    meanLogP[i] = sp / n;
  }

  // City factor eta_i: 0.7 * standardised log GDP per capita in the anchor year (+0.5 coastal) + noise.
  const eta = new Float64Array(nC);
  for (let i = 0; i < nC; i++) {
    const k = i * nY + tAnchor;
    const z = (Math.log((d.gdp.values[k]! * 1e4) / d.pop_resident.values[k]!) - Math.log(60000)) / 0.45 + (cities[i]!.coastal ? 0.5 : 0);
    eta[i] = 0.6 * Math.max(-3, Math.min(3, z)) + 0.8 * cityRng(seed, cities[i]!.code, 0).normal();
  }
  // Common zone cycle and each city's own cycle, with the planted synchronisation of treated cities.
  const zone = ar1(new Rng(seed, 1), nY);
  const cycle = new Float64Array(nC * nY); // own cycle: Y(0)
  const mixed = new Float64Array(nC * nY); // with the planted synchronisation of treated cities
  const cityMultiplier = new Float64Array(nC).fill(1);
  for (let i = 0; i < nC; i++) {
    const own = ar1(cityRng(seed, cities[i]!.code, 20), nY);
    const g = cohorts[i]!.cohort;
    if (g > 0 && effects.cityHeterogeneitySd > 0) {
      const s = effects.cityHeterogeneitySd;
      cityMultiplier[i] = Math.exp(s * cityRng(seed, cities[i]!.code, 50).normal() - (s * s) / 2);
    }
    for (let t = 0; t < nY; t++) {
      const e = g > 0 ? years[t]! - g : -1;
      const w = e >= 0 ? effects.syncWeight * Math.min(1, (e + 1) / 2) : 0;
      cycle[i * nY + t] = own[t]!;
      mixed[i * nY + t] = Math.sqrt(1 - w) * own[t]! + Math.sqrt(w) * zone[t]!;
    }
  }
  let gdpShare = 0;
  for (let i = 0; i < nCalib; i++) gdpShare += d.gdp.values[i * nY + tAnchor]!;
  gdpShare /= NATIONAL_GDP_2019;

  const columns = new Map<string, Float64Array>();
  const truth: TruthCell[] = [];
  /**
   * Y = Y(0) exp(tau + lambda (mixed - own cycle)); the truth recorded is the exact log(Y / Y(0)) of planted
   * outcomes in treated years (tau alone when syncWeight = 0). `shift(k)` = lambda (mixed - own) of cell k.
   */
  const applyEffect = (name: string, y0: Float64Array, shift: (k: number) => number): Float64Array => {
    const eff = effects.outcomes[name];
    const y = new Float64Array(nC * nY);
    for (let k = 0; k < nC * nY; k++) y[k] = y0[k]! * Math.exp(shift(k));
    if (!eff) return y;
    for (let i = 0; i < nC; i++) {
      const { cohort, batch } = cohorts[i]!;
      if (cohort === 0) continue;
      for (let t = 0; t < nY; t++) {
        if (years[t]! < cohort) continue;
        const k = i * nY + t;
        const tau = plantedEffect(eff, effects, batch, cities[i]!.region, cityMultiplier[i]!, years[t]! - cohort);
        y[k] = y[k]! * Math.exp(tau);
        truth.push({ city: i, t, outcome: name, effect: tau + shift(k) });
      }
    }
    return y;
  };

  const y0Of = new Map<string, Float64Array>();
  for (let vi = 0; vi < SIM_VARIABLES.length; vi++) {
    const v = SIM_VARIABLES[vi]!;
    const det = new Float64Array(nC * nY);
    for (let i = 0; i < nC; i++) {
      const c = cities[i]!;
      const fixed = v.eRank * (c.admin_rank >= 2 ? 1 : 0) + v.eCoast * (c.coastal ? 1 : 0);
      const size = v.eY * meanLogY[i]! + (v.perCapita ? v.eP - 1 : v.eP) * meanLogP[i]! + fixed;
      for (let t = 0; t < nY; t++) det[i * nY + t] = size + (v.perCapita ? logP[i * nY + t]! : 0);
    }
    // Raw log Y(0) without the scale terms; k_v and pi_vt then make the realised Y(0) total of the
    // default cities equal the national anchor (or path) times their share of national GDP.
    const raw = new Float64Array(nC * nY);
    const rho = v.cityFactorLoading;
    for (let i = 0; i < nC; i++) {
      const rA = cityRng(seed, cities[i]!.code, 64 + vi);
      const rE = cityRng(seed, cities[i]!.code, 96 + vi);
      const alpha = v.cityEffectSd * (rho * eta[i]! + Math.sqrt(1 - rho * rho) * rA.normal());
      for (let t = 0; t < nY; t++) {
        const k = i * nY + t;
        const covid = years[t] === 2020 ? v.covid2020 : 0;
        raw[k] = det[k]! + alpha + v.cycleLoading * cycle[k]! + v.noiseSd * rE.normal() + covid;
      }
    }
    const logTotal = (t: number) => {
      let s = 0;
      for (let i = 0; i < nCalib; i++) s += Math.exp(raw[i * nY + t]!);
      return Math.log(s);
    };
    const logK = Math.log(v.anchor * gdpShare) - logTotal(tAnchor);
    const pi = new Float64Array(nY);
    for (let t = 0; t < nY; t++) {
      const p = v.path ? pathValue(v.path, years[t]!) : undefined;
      pi[t] = p !== undefined ? Math.log(p * gdpShare) - logTotal(t) : logK + v.trend * (years[t]! - ANCHOR_YEAR);
    }
    const y0 = new Float64Array(nC * nY);
    for (let k = 0; k < nC * nY; k++) y0[k] = Math.exp(pi[k % nY]! + raw[k]!);
    y0Of.set(v.name, y0);
    columns.set(v.name, applyEffect(v.name, y0, (k) => v.cycleLoading * (mixed[k]! - cycle[k]!)));
  }

  // Capital by the perpetual-inventory rule of seed 001, industrial output from the production function.
  const inv = columns.get('fixed_investment')!;
  const capital = perpetualInventory(inv, nC, nY);
  const capital0 = perpetualInventory(y0Of.get('fixed_investment')!, nC, nY);
  const a = PRODUCTION.alpha;
  const detQ = (K: Float64Array, k: number) => a * Math.log(K[k]!) + (1 - a) * Math.log(d.employees.values[k]!);
  const rawQ0 = new Float64Array(nC * nY), rawQ = new Float64Array(nC * nY);
  for (let i = 0; i < nC; i++) {
    const rA = cityRng(seed, cities[i]!.code, 60), rE = cityRng(seed, cities[i]!.code, 61);
    const ai = PRODUCTION.tfpCityEffectSd * (0.4 * eta[i]! + Math.sqrt(1 - 0.16) * rA.normal());
    for (let t = 0; t < nY; t++) {
      const k = i * nY + t;
      const common = PRODUCTION.tfpTrend * (years[t]! - ANCHOR_YEAR) + ai + 0.5 * cycle[k]! + PRODUCTION.noiseSd * rE.normal();
      rawQ0[k] = common + detQ(capital0, k);
      rawQ[k] = common + detQ(capital, k);
    }
  }
  let sQ = 0;
  for (let i = 0; i < nCalib; i++) sQ += Math.exp(rawQ0[i * nY + tAnchor]!);
  const logKQ = Math.log(PRODUCTION.anchor * gdpShare) - Math.log(sQ);
  const q0 = rawQ.map((x) => Math.exp(logKQ + x));
  columns.set('capital_stock_pim', capital);
  columns.set('industrial_output', applyEffect('industrial_output', q0, (k) => 0.5 * (mixed[k]! - cycle[k]!)));

  // International express per resident (items per person): the seed-000 outcome; same log effect as intl_express.
  const ie = columns.get('intl_express')!;
  const iepc = new Float64Array(nC * nY);
  for (let k = 0; k < nC * nY; k++) iepc[k] = ie[k]! / d.pop_resident.values[k]!;
  columns.set('intl_express_pc', iepc);
  for (const c of truth.filter((x) => x.outcome === 'intl_express')) truth.push({ ...c, outcome: 'intl_express_pc' });

  // Index columns (urbanisation, marketisation, the seed-004 mediators) from their own random streams.
  simulateIndices({ cities, nCalib, years, d, cohorts, effects, seed, eta, cycle, mixed, applyEffect, ar1 }, columns);
  return { columns, truth, cityMultiplier };
}

/** A national path at `year`, extended outside its years by its mean log growth over the three end years. */
function pathValue(path: Readonly<Record<number, number>>, year: number): number {
  const at = path[year];
  if (at !== undefined) return at;
  const ys = Object.keys(path).map(Number).sort((a, b) => a - b);
  const lo = ys[0]!, hi = ys[ys.length - 1]!;
  if (year > hi) return path[hi]! * Math.exp(((Math.log(path[hi]!) - Math.log(path[hi - 3]!)) / 3) * (year - hi));
  return path[lo]! * Math.exp(((Math.log(path[lo + 3]!) - Math.log(path[lo]!)) / 3) * (year - lo));
}

/** Stationary AR(1) path with SD CYCLE_SD. */
export function ar1(rng: Rng, n: number): Float64Array {
  const out = new Float64Array(n);
  const innov = CYCLE_SD * Math.sqrt(1 - CYCLE_RHO * CYCLE_RHO);
  let x = CYCLE_SD * rng.normal();
  for (let t = 0; t < n; t++) {
    if (t > 0) x = CYCLE_RHO * x + innov * rng.normal();
    out[t] = x;
  }
  return out;
}

/** K_0 = I_0 / (g + delta), g = mean log growth of I over the first five years (at least 0.02 - delta); K_t = (1 - delta) K_{t-1} + I_t. */
export function perpetualInventory(inv: Float64Array, nC: number, nY: number): Float64Array {
  const delta = PRODUCTION.delta;
  const K = new Float64Array(nC * nY);
  const span = Math.min(4, nY - 1);
  for (let i = 0; i < nC; i++) {
    const o = i * nY;
    const g = span > 0 ? (Math.log(inv[o + span]!) - Math.log(inv[o]!)) / span : 0.1;
    K[o] = inv[o]! / Math.max(0.02, g + delta);
    for (let t = 1; t < nY; t++) K[o + t] = (1 - delta) * K[o + t - 1]! + inv[o + t]!;
  }
  return K;
}
