/**
 * The embedded city panel: about 290 Chinese cities x 2010-2023, standing on published city statistics
 * (GDP, growth, sector shares, population, land area, wages, employees) and simulating, from a documented
 * factor model calibrated to national totals, the variables no public source gave (investment, students,
 * budget items, trade, express deliveries, patents, deposits and loans, broadband, industrial output), with
 * planted pilot-zone effects by batch that are heterogeneous and dynamic. SIMULATED DATA: every column says
 * whether it is published, filled, derived or simulated (`provenance`, and a `<column>_src` column per cell
 * for mixed columns). Use it to learn and test the methods, never as evidence about the real policy.
 */
import { numericColumn, stringColumn, Table, type Column } from '../table.js';
import { OptionError, type Warning } from '../../errors.js';
import { parseBatches, type BatchSpec } from '../../registry/batches.js';
import { treatmentSchedule } from '../../registry/treatment.js';
import { SRC_LEVELS } from './fill.js';
import { buildDrivers, type Series } from './drivers.js';
import { resolveEffects, type EffectSpec, type EffectsOption } from './effects.js';
import { DEFAULT_SEED, DEFAULT_YEARS, MEDIATOR_VARIABLES, PRODUCTION, SIM_VARIABLES } from './model.js';
import { choosePanelCities, type PanelCity } from './panel-cities.js';
import { publishedMeta } from './published.js';
import { simulate, type CityCohort } from './simulate.js';

export interface CityPanelOptions {
  /** Seed of every random draw (default 20150307, the shipped panel). Reported on the result. */
  seed?: number;
  /** City codes, or a number of cities (<= 295: a seeded sample; more: synthetic cities added). Default: the 295 default cities. */
  cities?: readonly string[] | number;
  /** Years (default 2010-2023). Published figures cover 2010-2021; other years are filled or simulated. */
  years?: { from: number; to: number };
  /** Planted effects: `default`, `none` (the panel is Y(0) with the same draws), or overrides. */
  effects?: EffectsOption;
  /** Zone batches that treat the cities (default 1-7, 2015-2022). */
  batches?: BatchSpec;
  /** Low-confidence published cells (spikes, mixed definitions): `replace` by filled values (default) or `keep`. */
  lowConfidence?: 'replace' | 'keep';
}

/** Where a column's values come from. */
export type ColumnKind = 'identifier' | 'registry' | 'published' | 'mixed' | 'derived' | 'simulated';

export interface ColumnProvenance {
  readonly kind: ColumnKind;
  readonly label: string;
  readonly unit?: string;
  /** Source ids (docs/data.md) for published data; `model` for simulated. */
  readonly sources?: readonly string[];
  /** Name of the per-cell provenance column (levels published:high|medium|low, filled, simulated, derived). */
  readonly cellFlags?: string;
  /** Carries planted pilot-zone effects. */
  readonly planted?: boolean;
}

export interface TruthByBatch {
  readonly outcome: string;
  readonly batch: number;
  readonly event_time: number;
  /** Mean planted effect (log points) over the batch's treated cities at that event time. */
  readonly effect: number;
  readonly n: number;
}

export interface CityPanel {
  /** One row per city-year. */
  readonly table: Table;
  readonly simulated: true;
  readonly notice: string;
  readonly seed: number;
  readonly years: { from: number; to: number };
  readonly batches: readonly number[];
  readonly effects: EffectSpec;
  readonly provenance: Readonly<Record<string, ColumnProvenance>>;
  /** Planted effect of every treated cell: code, year, outcome, batch, cohort, event_time, effect (log points). */
  readonly truth: Table;
  readonly truthByBatch: readonly TruthByBatch[];
  /** Large 2018 -> 2019 GDP steps (4th economic census revisions) and other definition breaks kept in the data. */
  readonly breaks: readonly { code: string; name_en: string; variable: string; years: string; log_change: number }[];
  readonly warnings: readonly Warning[];
}

export const SIMULATED_NOTICE = 'SIMULATED DATA (pilotzone embedded city panel): published city statistics where they exist, a seeded factor model elsewhere, planted pilot-zone effects. For learning and testing methods only; not evidence about the real policy.';

const PUBLISHED_COLUMNS: readonly [column: string, source: string, label: string][] = [
  ['gdp', 'gdp', 'Gross regional product (current prices)'],
  ['gdp_growth_real', 'gdp_growth_real', 'Real GDP growth'],
  ['gdp_per_capita', 'gdp_per_capita', 'GDP per capita'],
  ['gdp_share_primary', 'gdp_share_primary', 'Primary sector share of GDP'],
  ['gdp_share_secondary', 'gdp_share_secondary', 'Secondary sector share of GDP'],
  ['gdp_share_tertiary', 'gdp_share_tertiary', 'Tertiary sector share of GDP'],
  ['pop_resident', 'pop_resident_census', 'Resident population (census 2010/2020; interpolated between)'],
  ['pop_registered', 'pop_registered', 'Registered (hukou) population, year end'],
  ['avg_wage', 'avg_wage', 'Average wage of on-post employees'],
  ['employees', 'employees_avg', 'Employees in urban units (annual average)'],
];

/**
 * Generates the embedded city panel (see the module comment and docs/data.md). Deterministic: the same
 * options give the same panel on every platform; a city's values do not depend on which other cities are
 * requested; `effects: 'none'` gives the untreated potential outcomes Y(0) with the same draws, so
 * `log(Y) - log(Y(0))` is exactly the planted effect.
 */
export function generateCityPanel(options: CityPanelOptions = {}): CityPanel {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new OptionError('seed', `${seed} is not an integer.`);
  const years = options.years ?? DEFAULT_YEARS;
  if (!Number.isInteger(years.from) || !Number.isInteger(years.to) || years.from > years.to || years.from < 1990 || years.to > 2050) {
    throw new OptionError('years', `${JSON.stringify(years)} is not a range of whole years within 1990-2050 with from <= to.`);
  }
  const lowConfidence = options.lowConfidence ?? 'replace';
  if (lowConfidence !== 'replace' && lowConfidence !== 'keep') throw new OptionError('lowConfidence', `"${lowConfidence}" is not allowed.`, ['replace', 'keep']);
  const effects = resolveEffects(options.effects);
  const batches = parseBatches(options.batches ?? '1-7');

  const { base, chosen, nDefault } = choosePanelCities(options.cities, seed);
  // Only the default cities inform common year paths and calibration, so adding cities never changes them.
  const nPath = nDefault;
  const synthetic = chosen.filter((c) => c.template !== null);
  const grid: PanelCity[] = [...base, ...synthetic];
  // Internal year grid: always covers 2010-2023 (anchor year and published window) so values do not depend on the requested span.
  const gFrom = Math.min(years.from, DEFAULT_YEARS.from), gTo = Math.max(years.to, DEFAULT_YEARS.to);
  const gridYears = Array.from({ length: gTo - gFrom + 1 }, (_, t) => gFrom + t);
  const nY = gridYears.length;

  const drivers = buildDrivers(grid, base.length, nPath, gridYears, seed, lowConfidence);
  const schedule = treatmentSchedule({ batches });
  const cohorts: CityCohort[] = grid.map((c) => {
    const s = schedule.get(c.template ?? c.code);
    return { cohort: s?.cohort ?? 0, batch: s?.batch ?? 0 };
  });
  const sim = simulate(grid, nPath, gridYears, drivers, cohorts, effects, seed);

  // Rows: chosen cities x requested years.
  const gridIndex = new Map(grid.map((c, i) => [c.code, i]));
  const rowsCity: number[] = [], rowsT: number[] = [];
  for (const c of chosen) {
    const i = gridIndex.get(c.code)!;
    for (let y = years.from; y <= years.to; y++) {
      rowsCity.push(i);
      rowsT.push(y - gFrom);
    }
  }
  const n = rowsCity.length;
  const pick = (m: Float64Array) => {
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = m[rowsCity[r]! * nY + rowsT[r]!]!;
    return out;
  };
  const pickSrc = (s: Uint8Array, perCity = false) => {
    const out: string[] = new Array(n);
    for (let r = 0; r < n; r++) out[r] = SRC_LEVELS[s[perCity ? rowsCity[r]! : rowsCity[r]! * nY + rowsT[r]!]!]!;
    return out;
  };
  const cityStr = (f: (c: PanelCity) => string) => rowsCity.map((i) => f(grid[i]!));
  const cityNum = (f: (i: number) => number) => Float64Array.from(rowsCity, f);

  const cols: Column[] = [];
  const provenance: Record<string, ColumnProvenance> = {};
  const add = (col: Column, p: ColumnProvenance) => {
    cols.push(col);
    provenance[col.name] = p;
  };
  add(stringColumn('code', cityStr((c) => c.code)), { kind: 'identifier', label: 'City code (NBS 6-digit; 9xxxxx = synthetic city)' });
  add(stringColumn('name_zh', cityStr((c) => c.name_zh)), { kind: 'identifier', label: 'City name (Chinese)' });
  add(stringColumn('name_en', cityStr((c) => c.name_en)), { kind: 'identifier', label: 'City name (English)' });
  add(stringColumn('province', cityStr((c) => c.province)), { kind: 'identifier', label: 'Province' });
  add(stringColumn('region', cityStr((c) => c.region)), { kind: 'identifier', label: 'NBS region' });
  add(numericColumn('coastal', cityNum((i) => (grid[i]!.coastal ? 1 : 0))), { kind: 'identifier', label: 'Coastal city (1/0)' });
  add(numericColumn('admin_rank', cityNum((i) => grid[i]!.admin_rank)), { kind: 'identifier', label: 'Administrative rank (4 municipality ... 1 other)' });
  add(numericColumn('year', Float64Array.from(rowsT, (t) => gFrom + t)), { kind: 'identifier', label: 'Year' });
  const cohortCol = cityNum((i) => cohorts[i]!.cohort);
  const yearCol = Float64Array.from(rowsT, (t) => gFrom + t);
  add(numericColumn('cbec_batch', cityNum((i) => cohorts[i]!.batch)), { kind: 'registry', label: 'Batch of the zone that first treats the city (0 never)', sources: ['registry'] });
  add(numericColumn('cbec_cohort', cohortCol), { kind: 'registry', label: 'First treated year (0 never)', sources: ['registry'] });
  add(numericColumn('cbec_treated', Float64Array.from(cohortCol, (g, r) => (g > 0 && yearCol[r]! >= g ? 1 : 0))), { kind: 'registry', label: 'Zone in force (0/1)', sources: ['registry'] });
  add(numericColumn('cbec_event_time', Float64Array.from(cohortCol, (g, r) => (g > 0 ? yearCol[r]! - g : NaN))), { kind: 'registry', label: 'Years since first treated (missing when never treated)', sources: ['registry'] });

  for (const [name, source, label] of PUBLISHED_COLUMNS) {
    const s = (drivers as unknown as Record<string, Series>)[name]!;
    const meta = publishedMeta(source);
    add(numericColumn(name, pick(s.values)), { kind: 'mixed', label, unit: meta.unit, sources: meta.sources, cellFlags: `${name}_src` });
    add(stringColumn(`${name}_src`, pickSrc(s.src)), { kind: 'identifier', label: `Cell provenance of ${name}` });
  }
  const land = drivers.land_area_km2;
  add(numericColumn('land_area_km2', Float64Array.from(rowsCity, (i) => land.values[i]!)), { kind: 'mixed', label: 'Land area (constant over years)', unit: 'km2', sources: ['CSMAR_CRE_EPLWAGCT_DERIVED', 'LEIII_CENSUS_POLYGON'], cellFlags: 'land_area_km2_src' });
  add(stringColumn('land_area_km2_src', pickSrc(land.src, true)), { kind: 'identifier', label: 'Cell provenance of land_area_km2' });

  for (const v of SIM_VARIABLES) {
    add(numericColumn(v.name, pick(sim.columns.get(v.name)!)), { kind: 'simulated', label: v.label, unit: v.unit, sources: ['model'], planted: v.name in effects.outcomes });
  }
  add(numericColumn('intl_express_pc', pick(sim.columns.get('intl_express_pc')!)), { kind: 'simulated', label: 'International / HK-Macao-Taiwan express deliveries per resident (seed 000 outcome)', unit: 'items per person', sources: ['model'], planted: 'intl_express' in effects.outcomes });
  add(numericColumn('industrial_output', pick(sim.columns.get('industrial_output')!)), { kind: 'simulated', label: 'Industrial output above designated size (production function)', unit: '100 million yuan', sources: ['model'], planted: 'industrial_output' in effects.outcomes });
  add(numericColumn('capital_stock_pim', pick(sim.columns.get('capital_stock_pim')!)), { kind: 'simulated', label: `Capital stock by perpetual inventory on fixed_investment (delta ${PRODUCTION.delta})`, unit: '100 million yuan', sources: ['model'] });
  // Index columns (indices.ts): seed 000's urbanisation and marketisation predictors, seed 004's mediators.
  add(numericColumn('urbanisation_rate', pick(sim.columns.get('urbanisation_rate')!)), { kind: 'simulated', label: 'Urbanisation rate (urban residents / residents; SIMULATED around the national NBS path, no city series published)', unit: '% of residents', sources: ['model'] });
  add(numericColumn('marketisation_index', pick(sim.columns.get('marketisation_index')!)), { kind: 'simulated', label: 'Marketisation index, Fan Gang (NERI) style, 0-12 (SIMULATED: region and province levels rising over time)', unit: 'index 0-12', sources: ['model'] });
  for (const v of MEDIATOR_VARIABLES) {
    add(numericColumn(v.name, pick(sim.columns.get(v.name)!)), { kind: 'simulated', label: `${v.label} (SIMULATED)`, unit: v.unit, sources: ['model'], planted: v.name in effects.outcomes });
  }
  const table = new Table(cols);

  // Truth, restricted to the requested cities and years.
  const chosenSet = new Set(chosen.map((c) => gridIndex.get(c.code)!));
  const tr = sim.truth.filter((c) => chosenSet.has(c.city) && gridYears[c.t]! >= years.from && gridYears[c.t]! <= years.to);
  const truth = new Table([
    stringColumn('code', tr.map((c) => grid[c.city]!.code)),
    numericColumn('year', tr.map((c) => gridYears[c.t]!)),
    stringColumn('outcome', tr.map((c) => c.outcome)),
    numericColumn('batch', tr.map((c) => cohorts[c.city]!.batch)),
    numericColumn('cohort', tr.map((c) => cohorts[c.city]!.cohort)),
    numericColumn('event_time', tr.map((c) => gridYears[c.t]! - cohorts[c.city]!.cohort)),
    numericColumn('effect', tr.map((c) => c.effect)),
  ]);
  const acc = new Map<string, { outcome: string; batch: number; event_time: number; sum: number; n: number }>();
  for (const c of tr) {
    const b = cohorts[c.city]!.batch, e = gridYears[c.t]! - cohorts[c.city]!.cohort;
    const key = `${c.outcome}|${b}|${e}`;
    const a = acc.get(key) ?? acc.set(key, { outcome: c.outcome, batch: b, event_time: e, sum: 0, n: 0 }).get(key)!;
    a.sum += c.effect;
    a.n++;
  }
  const truthByBatch = [...acc.values()]
    .map((a) => ({ outcome: a.outcome, batch: a.batch, event_time: a.event_time, effect: a.sum / a.n, n: a.n }))
    .sort((x, y) => x.outcome.localeCompare(y.outcome) || x.batch - y.batch || x.event_time - y.event_time);

  const { breaks, warnings } = findBreaks(grid, chosen, gridIndex, gridYears, drivers.gdp);
  for (const [name, count] of Object.entries(drivers.replacedLow)) {
    warnings.push({ code: 'W_LOW_CONFIDENCE_REPLACED', message: `${count} low-confidence published cell(s) of ${name} were replaced by filled values (lowConfidence: "keep" keeps them).` });
  }
  return { table, simulated: true, notice: SIMULATED_NOTICE, seed, years: { ...years }, batches, effects, provenance, truth, truthByBatch, breaks, warnings };
}

/** GDP steps between 2018 and 2019 of more than 20% (log 0.2): the 4th economic census revision (variables.md, break 1). */
function findBreaks(grid: readonly PanelCity[], chosen: readonly PanelCity[], gridIndex: Map<string, number>, years: readonly number[], gdp: Series): { breaks: CityPanel['breaks'][number][]; warnings: Warning[] } {
  const breaks: CityPanel['breaks'][number][] = [];
  const t18 = years.indexOf(2018), t19 = years.indexOf(2019), nY = years.length;
  for (const c of chosen) {
    if (c.template) continue;
    const i = gridIndex.get(c.code)!;
    const a = i * nY + t18, b = i * nY + t19;
    if (gdp.src[a]! > 2 || gdp.src[b]! > 2) continue;
    const change = Math.log(gdp.values[b]! / gdp.values[a]!);
    if (Math.abs(change) > 0.2) breaks.push({ code: c.code, name_en: grid[i]!.name_en, variable: 'gdp', years: '2018-2019', log_change: change });
  }
  const warnings: Warning[] = [];
  if (breaks.length) {
    warnings.push({
      code: 'W_DEFINITION_BREAK',
      message: `published GDP steps by more than 20% between 2018 and 2019 in ${breaks.length} cities (4th economic census revision): ${breaks.slice(0, 8).map((b) => b.name_en).join(', ')}${breaks.length > 8 ? ', ...' : ''}. Use growth rates or year fixed effects, or drop these cities; see panel.breaks.`,
    });
  }
  return { breaks, warnings };
}
