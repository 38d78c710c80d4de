/**
 * The published drivers of the embedded panel, completed over the panel's years: GDP, real growth, GDP per
 * capita, sector shares, resident and registered population, land area, average wage and employees. Each
 * comes with a per-cell provenance code (fill.ts). Synthetic cities copy their template's published series
 * (sizes scaled) and are flagged simulated throughout.
 */
import { Rng } from '../../stats/rng.js';
import { fillSeries, SRC_DERIVED, SRC_FILLED, SRC_PUBLISHED_HIGH, SRC_PUBLISHED_MEDIUM, SRC_SIMULATED, type FillSpec } from './fill.js';
import { NATIONAL_NOMINAL_GROWTH, NATIONAL_REAL_GROWTH } from './model.js';
import type { PanelCity } from './panel-cities.js';
import { CONF_LOW, publishedConstant, publishedMatrix } from './published.js';

export interface Series {
  readonly values: Float64Array;
  readonly src: Uint8Array;
}

export interface Drivers {
  readonly gdp: Series;
  readonly gdp_growth_real: Series;
  readonly gdp_per_capita: Series;
  readonly gdp_share_primary: Series;
  readonly gdp_share_secondary: Series;
  readonly gdp_share_tertiary: Series;
  readonly pop_resident: Series;
  readonly pop_registered: Series;
  readonly avg_wage: Series;
  readonly employees: Series;
  /** One value per city. */
  readonly land_area_km2: Series;
  /** Low-confidence published cells replaced by filled values, per variable. */
  readonly replacedLow: Readonly<Record<string, number>>;
}

/**
 * Per-city random stream for a purpose (< 128), independent of which other cities are in the panel.
 * Purposes: 0 city factor, 20 business cycle, 21-25 urbanisation and marketisation, 26-37 mediator series
 * (indices.ts), 40-47 filling published series, 50 effect heterogeneity, 60-61 production function,
 * 64 + v city effect and 96 + v noise of simulated variable v (v < 32). Global streams (`new Rng(seed, s)`):
 * 1 zone cycle, 2-5 mediators' national common cycles, 7-8 city sampling.
 */
export function cityRng(seed: number, code: string, purpose: number): Rng {
  if (!(purpose >= 0 && purpose < 128)) throw new Error(`internal: random purpose ${purpose} out of range`);
  return new Rng(seed, Number(code) * 128 + purpose);
}

/** Real GDP growth (%) nationally, NBS; used only to extend city growth beyond the published years. */
const REAL_GROWTH_2021 = 8.4;

export function buildDrivers(cities: readonly PanelCity[], nReal: number, nPath: number, years: readonly number[], seed: number, lowConfidence: 'replace' | 'keep'): Drivers {
  const nC = cities.length, nY = years.length;
  const codes = cities.map((c) => c.template ?? c.code);
  const replacedLow: Record<string, number> = {};
  const load = (name: string, scaleSize: boolean): { values: Float64Array; conf: Uint8Array } => {
    const m = publishedMatrix(name, codes, years);
    let replaced = 0;
    for (let i = 0; i < nC; i++) {
      for (let t = 0; t < nY; t++) {
        const k = i * nY + t;
        if (lowConfidence === 'replace' && m.conf[k] === CONF_LOW) {
          m.values[k] = NaN;
          m.conf[k] = 0;
          if (i < nReal) replaced++;
        }
        if (scaleSize && cities[i]!.template) m.values[k] = m.values[k]! * cities[i]!.scale;
      }
    }
    if (replaced) replacedLow[name] = replaced;
    return m;
  };
  const fill = (name: string, purpose: number, spec: Omit<FillSpec, 'pathCities'>, scaleSize: boolean): Series => {
    const m = load(name, scaleSize);
    const f = fillSeries(m.values, m.conf, nC, years, { ...spec, pathCities: nPath }, (i) => cityRng(seed, cities[i]!.code, purpose));
    return markSynthetic({ values: f.values, src: f.src }, nReal, nY);
  };

  const gdp = fill('gdp', 40, { scale: 'log', edgeSd: 0.015, noDataSd: 0.3, fallbackChange: (y) => NATIONAL_NOMINAL_GROWTH[y] }, true);
  const realGrowth = { ...NATIONAL_REAL_GROWTH, 2021: REAL_GROWTH_2021 } as Record<number, number>;
  const gdp_growth_real = fill('gdp_growth_real', 41, {
    scale: 'level', edgeSd: 0.8, noDataSd: 1.5,
    fallbackChange: (y) => (realGrowth[y] !== undefined && realGrowth[y - 1] !== undefined ? realGrowth[y]! - realGrowth[y - 1]! : undefined),
  }, false);
  const shares = ['gdp_share_primary', 'gdp_share_secondary', 'gdp_share_tertiary'].map((n, j) => fill(n, 42 + j, { scale: 'level', edgeSd: 0.4, noDataSd: 3 }, false));
  // Completed shares sum to 100 in every cell that is not published as a whole.
  for (let k = 0; k < nC * nY; k++) {
    if (shares.every((s) => s.src[k]! < SRC_FILLED)) continue;
    let sum = 0;
    for (const s of shares) {
      s.values[k] = Math.max(0.1, s.values[k]!);
      sum += s.values[k]!;
    }
    for (const s of shares) s.values[k] = (s.values[k]! * 100) / sum;
  }
  const pop_registered = fill('pop_registered', 45, { scale: 'log', edgeSd: 0.005, noDataSd: 0.3 }, true);
  const avg_wage = fill('avg_wage', 46, { scale: 'log', edgeSd: 0.02, noDataSd: 0.15 }, false);
  const employees = fill('employees_avg', 47, { scale: 'log', edgeSd: 0.03, noDataSd: 0.4 }, true);
  const pop_resident = residentPopulation(cities, nReal, years, codes);

  // GDP per capita: published where available, otherwise GDP / resident population.
  const pc = load('gdp_per_capita', false);
  const gpc = new Float64Array(nC * nY), gpcSrc = new Uint8Array(nC * nY);
  for (let k = 0; k < nC * nY; k++) {
    const i = Math.floor(k / nY);
    if (!Number.isNaN(pc.values[k]!) && gdp.src[k]! < SRC_FILLED && i < nReal) {
      gpc[k] = pc.values[k]!;
      gpcSrc[k] = pc.conf[k] === 1 ? SRC_PUBLISHED_HIGH : SRC_PUBLISHED_MEDIUM;
    } else {
      gpc[k] = (gdp.values[k]! * 1e8) / (pop_resident.values[k]! * 1e4);
      gpcSrc[k] = i < nReal ? SRC_DERIVED : SRC_SIMULATED;
    }
  }

  // Land area: derived administrative area, else the census polygon area (flagged derived).
  const area = publishedConstant('land_area_km2', codes), poly = publishedConstant('land_area_km2_polygon', codes);
  const landV = new Float64Array(nC), landS = new Uint8Array(nC);
  for (let i = 0; i < nC; i++) {
    const s = cities[i]!.template ? cities[i]!.scale : 1;
    if (!Number.isNaN(area.values[i]!)) {
      landV[i] = area.values[i]! * s;
      landS[i] = area.conf[i] === 1 ? SRC_PUBLISHED_HIGH : SRC_PUBLISHED_MEDIUM;
    } else {
      landV[i] = poly.values[i]! * s;
      landS[i] = SRC_DERIVED;
    }
    if (i >= nReal) landS[i] = SRC_SIMULATED;
  }
  return {
    gdp, gdp_growth_real, gdp_per_capita: { values: gpc, src: gpcSrc },
    gdp_share_primary: shares[0]!, gdp_share_secondary: shares[1]!, gdp_share_tertiary: shares[2]!,
    pop_resident, pop_registered, avg_wage, employees, land_area_km2: { values: landV, src: landS }, replacedLow,
  };
}

/**
 * Resident population: census 2010 and 2020 (published, 2020 boundaries), geometric interpolation between
 * them (filled) and the city's 2010-2020 growth rate carried outside them (simulated).
 */
function residentPopulation(cities: readonly PanelCity[], nReal: number, years: readonly number[], codes: readonly string[]): Series {
  const nC = cities.length, nY = years.length;
  const census = publishedMatrix('pop_resident_census', codes, [2010, 2020]);
  const values = new Float64Array(nC * nY), src = new Uint8Array(nC * nY);
  for (let i = 0; i < nC; i++) {
    const s = cities[i]!.template ? cities[i]!.scale : 1;
    const p20 = census.values[i * 2 + 1]! * s;
    const p10 = Number.isNaN(census.values[i * 2]!) ? p20 : census.values[i * 2]! * s;
    const g = (Math.log(p20) - Math.log(p10)) / 10;
    for (let t = 0; t < nY; t++) {
      const y = years[t]!;
      const k = i * nY + t;
      values[k] = y === 2010 ? p10 : y === 2020 ? p20 : p10 * Math.exp(g * (y - 2010));
      src[k] = i >= nReal ? SRC_SIMULATED : y === 2010 || y === 2020 ? SRC_PUBLISHED_HIGH : y > 2010 && y < 2020 ? SRC_FILLED : SRC_SIMULATED;
    }
  }
  return { values, src };
}

function markSynthetic(s: Series, nReal: number, nY: number): Series {
  for (let k = nReal * nY; k < s.src.length; k++) s.src[k] = SRC_SIMULATED;
  return s;
}
