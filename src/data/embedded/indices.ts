/**
 * The simulated index columns of the embedded panel (model.ts holds the numbers; docs/data.md the reasons):
 * - `urbanisation_rate` and `marketisation_index`, seed 000's Table 1 predictors that no published city
 *   series covers: a logit model around the national urbanisation path, and a Fan Gang-style 0-12 index
 *   with region and province levels rising over time. Neither carries a planted effect or a business cycle,
 *   so they are identical on the panel and its Y(0) twin.
 * - `institutional_innovation` and `factor_allocation`, the mediators of seed 004's mechanism section: log
 *   factor models with the city's business cycle, the city's own cycle of the series and the series' national
 *   common cycle, carrying a planted level effect and a planted rise in co-movement (`diffusionWeight`).
 *
 * Every draw comes from its own stream (purposes 21-39 of `cityRng`, global streams 2-5), so adding these
 * columns changed no other column of the panel.
 */
import { Rng } from '../../stats/rng.js';
import type { Drivers } from './drivers.js';
import { cityRng } from './drivers.js';
import type { EffectSpec } from './effects.js';
import { ANCHOR_YEAR, MARKETISATION, MEDIATOR_VARIABLES, NATIONAL_URBANISATION, URBANISATION } from './model.js';
import type { PanelCity } from './panel-cities.js';
import type { CityCohort } from './simulate.js';

/** Random purposes (per city) of the index columns; mediator m uses 26 + 3m (city effect), 27 + 3m (own cycle), 28 + 3m (noise). */
const P_URB_CITY = 21, P_URB_NOISE = 22, P_MKT_CITY = 23, P_MKT_NOISE = 24, P_MKT_PROVINCE = 25, P_MEDIATOR = 26;
/** Global stream of mediator m's national common cycle: 2 + m (stream 1 is the zone cycle). */
const S_MEDIATOR_COMMON = 2;
/** Published window over which a city's size is averaged (as in simulate.ts). */
const PUB_FROM = 2010, PUB_TO = 2021;

/** What the index simulation needs from the main simulation. */
export interface IndexContext {
  readonly cities: readonly PanelCity[];
  /** The first `nCalib` cities are the default cities: the only ones used to calibrate. */
  readonly nCalib: number;
  readonly years: readonly number[];
  readonly d: Drivers;
  readonly cohorts: readonly CityCohort[];
  readonly effects: EffectSpec;
  readonly seed: number;
  /** Shared city factor (openness / dynamism). */
  readonly eta: Float64Array;
  /** City business cycle without (Y(0)) and with the planted zone-cycle synchronisation. */
  readonly cycle: Float64Array;
  readonly mixed: Float64Array;
  /** Y = Y(0) exp(tau + shift); records the truth of planted outcomes (simulate.ts). */
  readonly applyEffect: (name: string, y0: Float64Array, shift: (k: number) => number) => Float64Array;
  readonly ar1: (rng: Rng, n: number) => Float64Array;
}

/** Adds urbanisation_rate, marketisation_index and the mediator series to `columns`. */
export function simulateIndices(ctx: IndexContext, columns: Map<string, Float64Array>): void {
  const { cities, years, d } = ctx;
  const nC = cities.length, nY = years.length;
  // City size over the published window: mean log GDP per capita (yuan) and mean log(resident / registered).
  const gdpPc = new Float64Array(nC), inflow = new Float64Array(nC);
  for (let i = 0; i < nC; i++) {
    let s = 0, m = 0, n = 0;
    for (let t = 0; t < nY; t++) {
      if (years[t]! < PUB_FROM || years[t]! > PUB_TO) continue;
      const k = i * nY + t;
      s += Math.log((d.gdp.values[k]! * 1e4) / d.pop_resident.values[k]!);
      m += Math.log(d.pop_resident.values[k]! / d.pop_registered.values[k]!);
      n++;
    }
    gdpPc[i] = s / n;
    inflow[i] = m / n;
  }
  const medPc = median(gdpPc.subarray(0, ctx.nCalib));
  columns.set('urbanisation_rate', urbanisation(ctx, gdpPc, medPc, inflow));
  columns.set('marketisation_index', marketisation(ctx, gdpPc, medPc));
  MEDIATOR_VARIABLES.forEach((v, m) => columns.set(v.name, mediator(ctx, m, gdpPc, medPc)));
}

function urbanisation(ctx: IndexContext, gdpPc: Float64Array, medPc: number, inflow: Float64Array): Float64Array {
  const { cities, years, d, seed, eta } = ctx;
  const nC = cities.length, nY = years.length, U = URBANISATION;
  const x = new Float64Array(nC * nY);
  for (let i = 0; i < nC; i++) {
    const c = cities[i]!;
    const rho = U.cityFactorLoading;
    const alpha = U.cityEffectSd * (rho * eta[i]! + Math.sqrt(1 - rho * rho) * cityRng(seed, c.code, P_URB_CITY).normal());
    const fixed = U.eGdpPc * (gdpPc[i]! - medPc) + U.eInflow * inflow[i]! + U.eRank * (c.admin_rank >= 2 ? 1 : 0) + alpha;
    const rE = cityRng(seed, c.code, P_URB_NOISE);
    for (let t = 0; t < nY; t++) x[i * nY + t] = fixed + U.noiseSd * rE.normal();
  }
  // a_t: the resident-weighted mean rate of the default cities equals the national path (bisection on a).
  const out = new Float64Array(nC * nY);
  for (let t = 0; t < nY; t++) {
    const target = nationalUrbanisation(years[t]!) / 100;
    const mean = (a: number) => {
      let s = 0, w = 0;
      for (let i = 0; i < ctx.nCalib; i++) {
        const k = i * nY + t, p = d.pop_resident.values[k]!;
        s += p / (1 + Math.exp(-(a + x[k]!)));
        w += p;
      }
      return s / w;
    };
    let lo = -10, hi = 10;
    for (let it = 0; it < 80; it++) {
      const mid = (lo + hi) / 2;
      if (mean(mid) < target) lo = mid;
      else hi = mid;
    }
    const a = (lo + hi) / 2;
    for (let i = 0; i < nC; i++) out[i * nY + t] = 100 / (1 + Math.exp(-(a + x[i * nY + t]!)));
  }
  return out;
}

/** The national urbanisation path (%), extended outside its years by its mean logit change over the three end years. */
function nationalUrbanisation(year: number): number {
  const at = NATIONAL_URBANISATION[year];
  if (at !== undefined) return at;
  const ys = Object.keys(NATIONAL_URBANISATION).map(Number).sort((a, b) => a - b);
  const lo = ys[0]!, hi = ys[ys.length - 1]!;
  const logit = (p: number) => Math.log(p / (100 - p));
  const [from, slope, dt] = year > hi
    ? [hi, (logit(NATIONAL_URBANISATION[hi]!) - logit(NATIONAL_URBANISATION[hi - 3]!)) / 3, year - hi]
    : [lo, (logit(NATIONAL_URBANISATION[lo + 3]!) - logit(NATIONAL_URBANISATION[lo]!)) / 3, year - lo];
  const z = logit(NATIONAL_URBANISATION[from]!) + slope * dt;
  return 100 / (1 + Math.exp(-z));
}

function marketisation(ctx: IndexContext, gdpPc: Float64Array, medPc: number): Float64Array {
  const { cities, years, seed } = ctx;
  const nC = cities.length, nY = years.length, M = MARKETISATION;
  const out = new Float64Array(nC * nY);
  const province = new Map<string, number>();
  for (let i = 0; i < nC; i++) {
    const c = cities[i]!;
    const provCode = `${(c.template ?? c.code).slice(0, 2)}0000`;
    let p = province.get(provCode);
    if (p === undefined) province.set(provCode, (p = M.provinceEffectSd * cityRng(seed, provCode, P_MKT_PROVINCE).normal()));
    const level = M.regionLevel2016[c.region] + p + M.eGdpPc * (gdpPc[i]! - medPc) + M.eCoast * (c.coastal ? 1 : 0) + M.cityEffectSd * cityRng(seed, c.code, P_MKT_CITY).normal();
    const rE = cityRng(seed, c.code, P_MKT_NOISE);
    for (let t = 0; t < nY; t++) {
      const v = level + M.trend * (years[t]! - 2016) + M.noiseSd * rE.normal();
      out[i * nY + t] = Math.min(M.max, Math.max(M.min, v));
    }
  }
  return out;
}

function mediator(ctx: IndexContext, m: number, gdpPc: Float64Array, medPc: number): Float64Array {
  const { cities, years, seed, eta, cycle, mixed, cohorts, effects } = ctx;
  const v = MEDIATOR_VARIABLES[m]!;
  const nC = cities.length, nY = years.length;
  const tAnchor = years.indexOf(ANCHOR_YEAR);
  const common = ctx.ar1(new Rng(seed, S_MEDIATOR_COMMON + m), nY);
  const w = effects.outcomes[v.name]?.diffusionWeight ?? 0;
  const b = v.commonWeight;
  const raw = new Float64Array(nC * nY), shift = new Float64Array(nC * nY);
  for (let i = 0; i < nC; i++) {
    const c = cities[i]!;
    const rho = v.cityFactorLoading;
    const alpha = v.cityEffectSd * (rho * eta[i]! + Math.sqrt(1 - rho * rho) * cityRng(seed, c.code, P_MEDIATOR + 3 * m).normal());
    const own = ctx.ar1(cityRng(seed, c.code, P_MEDIATOR + 3 * m + 1), nY);
    const rE = cityRng(seed, c.code, P_MEDIATOR + 3 * m + 2);
    const g = cohorts[i]!.cohort;
    for (let t = 0; t < nY; t++) {
      const k = i * nY + t;
      const cyc0 = Math.sqrt(1 - b) * own[t]! + Math.sqrt(b) * common[t]!;
      raw[k] = v.trend * (years[t]! - ANCHOR_YEAR) + v.eGdpPc * (gdpPc[i]! - medPc) + alpha + v.bizLoading * cycle[k]! + v.cycleLoading * cyc0 + v.noiseSd * rE.normal();
      const e = g > 0 ? years[t]! - g : -1;
      const bT = e >= 0 ? b + (1 - b) * w * Math.min(1, (e + 1) / 2) : b;
      const cyc = Math.sqrt(1 - bT) * own[t]! + Math.sqrt(bT) * common[t]!;
      shift[k] = v.bizLoading * (mixed[k]! - cycle[k]!) + v.cycleLoading * (cyc - cyc0);
    }
  }
  let s = 0;
  for (let i = 0; i < ctx.nCalib; i++) s += Math.exp(raw[i * nY + tAnchor]!);
  const logK = Math.log(v.mean2019) - Math.log(s / ctx.nCalib);
  const y0 = raw.map((x) => Math.exp(logK + x));
  return ctx.applyEffect(v.name, y0, (k) => shift[k]!);
}

function median(a: Float64Array): number {
  const s = Float64Array.from(a).sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}
