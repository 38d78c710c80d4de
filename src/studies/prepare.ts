/**
 * The data steps of a study: load (the embedded simulated panel or a file), treatment from the registry
 * selection, sample, derived columns, indicators (capital stock, Malmquist TFP, entropy composite, growth,
 * city-pair panel). For the embedded panel the same steps run on its Y(0) twin (`effects: 'none'`, the same
 * random draws), so the truth of any derived outcome (TFP, synchronisation) is its value on the panel minus
 * its value on the twin (docs/data.md, "The truth is stored with the data").
 */
import { generateCityPanel, loadCityPanel, type CityPanel, type CityPanelOptions } from '../data/embedded/index.js';
import { readTable } from '../data/read/index.js';
import { numericColumn, Table, type Cell } from '../data/table.js';
import { PilotzoneError } from '../errors.js';
import { capitalStock } from '../indicators/capital.js';
import { malmquist } from '../indicators/dea/malmquist.js';
import { entropyIndex } from '../indicators/entropy.js';
import { pairPanel, type PairPanelResult } from '../indicators/pairs.js';
import { cityByCode } from '../registry/cities.js';
import { treatmentColumns } from '../registry/treatment.js';
import { Rng } from '../stats/rng.js';
import { parseExpr } from './expr.js';
import { StudySpecError, type ColumnRef, type SpecNode } from './spec-node.js';
import type { StudySpec } from './spec.js';

/** The study's data after every data step. */
export interface StudyData {
  /** Unit-time table (cities). */
  readonly table: Table;
  /** The same steps on the Y(0) twin of the embedded panel (null for file data). */
  readonly y0: Table | null;
  /** City-pair panel when an indicator of type `pairs` was built. */
  readonly pairs: PairPanelResult | null;
  readonly pairsY0: PairPanelResult | null;
  /** The embedded panel (truth tables), null for file data. */
  readonly panel: CityPanel | null;
  readonly unit: string;
  readonly time: string;
  /** What each step did, in order (shown in the report). */
  readonly steps: readonly string[];
  /** Options passed to the generator (provenance). */
  readonly panelOptions: CityPanelOptions | null;
}

/** Throws `E_SPEC_UNKNOWN_COLUMN` with the spec line when a referenced column is not in the table. */
export function requireColumns(spec: StudySpec, table: Table, refs: readonly ColumnRef[], stage: string): void {
  for (const r of refs) {
    if (!table.has(r.name)) {
      const avail = table.names.filter((n) => !n.endsWith('_src'));
      throw new StudySpecError('E_SPEC_UNKNOWN_COLUMN', spec.file, r.line, `${r.where}: column "${r.name}" is not in the data ${stage}.`, `Available columns: ${avail.slice(0, 60).join(', ')}${avail.length > 60 ? ', ...' : ''}.`, { column: r.name });
    }
  }
}

function panelOptionsOf(node: SpecNode | undefined): CityPanelOptions {
  if (!node) return {};
  const o: { seed?: number; batches?: string; years?: { from: number; to: number }; effects?: CityPanelOptions['effects']; cities?: number } = {};
  if (node.has('seed')) o.seed = node.int('seed');
  if (node.has('batches')) o.batches = node.str('batches');
  const y = node.range('years');
  if (y) o.years = { from: y[0], to: y[1] };
  if (node.has('cities')) o.cities = node.int('cities', undefined, 2);
  if (node.has('effects')) {
    const v = node.child('effects').value;
    if (typeof v === 'string') o.effects = v as 'default' | 'none';
    else o.effects = { syncWeight: node.obj('effects')!.num('sync_weight', 0) };
  }
  return o;
}

/** Runs the data steps of a spec (see the module comment). */
export async function prepareStudyData(spec: StudySpec): Promise<StudyData> {
  const steps: string[] = [];
  const d = spec.data;
  const unit = d.str('unit', 'code');
  const time = d.str('time', 'year');
  let panel: CityPanel | null = null;
  let twin: CityPanel | null = null;
  let base: Table;
  let panelOptions: CityPanelOptions | null = null;
  if (d.str('source', 'embedded') === 'embedded') {
    panelOptions = panelOptionsOf(d.obj('panel', true));
    panel = Object.keys(panelOptions).length ? generateCityPanel(panelOptions) : loadCityPanel();
    twin = generateCityPanel({ ...panelOptions, effects: 'none' });
    base = panel.table;
    steps.push(`Embedded SIMULATED city panel: ${panel.table.nrows} rows, seed ${panel.seed}, years ${panel.years.from}-${panel.years.to}, treatment batches ${panel.batches.join(',')}; Y(0) twin regenerated with effects 'none'.`);
  } else {
    const file = d.str('file');
    try {
      base = await readTable(file);
    } catch (e) {
      if (e instanceof PilotzoneError) d.fail(e.code, e.message, 'file', e.hint);
      throw e;
    }
    steps.push(`Data file ${file}: ${base.nrows} rows.`);
  }
  requireColumns(spec, base, [d.col('unit', true) ?? { name: unit, line: d.line, where: 'data.unit' }, d.col('time', true) ?? { name: time, line: d.line, where: 'data.time' }], 'as loaded');

  const chosen = { units: null as Set<string> | null };
  const pipeline = (t: Table, isTwin: boolean): { table: Table; pairs: PairPanelResult | null } => {
    const log = (s: string) => {
      if (!isTwin) steps.push(s);
    };
    // Registry selection.
    const reg = spec.registry;
    if (reg) {
      const r = treatmentColumns(t, {
        unitCode: unit,
        time,
        ...(reg.has('batches') ? { batches: reg.str('batches') } : {}),
        ...(reg.has('as_of') ? { asOf: reg.str('as_of') } : {}),
        ...(reg.has('cutoff') ? { cutoff: reg.str('cutoff') } : {}),
        unknownUnits: 'untreated',
      });
      t = r.table;
      const treated = r.units.filter((u) => u.cohort > 0).length;
      log(`Registry: batches ${r.rule.batches.join(',')}${r.rule.asOf ? `, policy as of ${r.rule.asOf}` : ''}; ${treated} of ${r.units.length} units ever treated (cbec_cohort, cbec_treated).`);
    }
    // Sample.
    const s = spec.sample;
    if (s) {
      const yr = s.range('years');
      if (yr) {
        const tv = t.numeric(time);
        t = t.filter((i) => tv[i]! >= yr[0] && tv[i]! <= yr[1]);
        log(`Sample years ${yr[0]}-${yr[1]}.`);
      }
      const ex = s.strList('exclude');
      if (ex.length) {
        const u = t.column(unit);
        const set = new Set(ex);
        const before = t.nrows;
        t = t.filter((i) => !set.has(String(cellAt(u, i))));
        log(`Excluded units ${ex.join(', ')} (${(before - t.nrows)} rows).`);
      }
      if (s.has('units')) {
        if (!chosen.units) chosen.units = sampleUnits(t, unit, s.int('units', undefined, 2), s.bool('keep_treated', true), spec.seed);
        const u = t.column(unit);
        const set = chosen.units;
        t = t.filter((i) => set.has(String(cellAt(u, i))));
        log(`Seeded sample of ${set.size} units (seed ${spec.seed}; every ever-treated unit kept: ${s.bool('keep_treated', true)}).`);
      }
    }
    // Coordinates from the registry (gravity model).
    if (!t.has('lat')) {
      const u = t.column(unit);
      const lat = new Float64Array(t.nrows), lon = new Float64Array(t.nrows);
      let found = 0;
      for (let i = 0; i < t.nrows; i++) {
        const c = cityByCode(String(cellAt(u, i)));
        lat[i] = c ? c.lat : NaN;
        lon[i] = c ? c.lon : NaN;
        if (c) found++;
      }
      if (found > 0) t = t.withColumn(numericColumn('lat', lat)).withColumn(numericColumn('lon', lon));
    }
    // Derived columns.
    for (const dn of spec.derive) {
      const name = dn.str('name');
      let ex;
      try {
        ex = parseExpr(dn.str('expr'));
      } catch (e) {
        if (e instanceof PilotzoneError) dn.fail(e.code, e.message, 'expr');
        throw e;
      }
      const line = dn.child('expr').line;
      requireColumns(spec, t, ex.columns.map((c) => ({ name: c, line, where: `${dn.where}.expr` })), 'when deriving');
      const tt = t;
      t = t.withColumn(numericColumn(name, ex.evaluate((c) => tt.numeric(c), t.nrows)));
      log(`Derived ${name} = ${dn.str('expr')}.`);
    }
    // Indicators.
    let pairs: PairPanelResult | null = null;
    for (const it of spec.indicators) {
      const type = it.str('type');
      try {
        if (type === 'capital') {
          const inv = it.col('investment');
          requireColumns(spec, t, [inv], 'when building the capital stock');
          const name = it.str('name', 'capital');
          const r = capitalStock(t, { unit, time, investment: inv.name, depreciation: it.num('depreciation', 0.06), growthYears: it.int('growth_years', 4, 2) });
          t = joinByKey(t, unit, time, r.table, 'unit', 'time', 'capital_stock', name);
          log(`Capital stock ${name}: perpetual inventory on ${inv.name}, K0 = I0/(g + d), d = ${r.depreciation}, g over the first ${r.growthYears} years.`);
        } else if (type === 'malmquist') {
          const ins = it.colList('inputs'), outs = it.colList('outputs');
          requireColumns(spec, t, [...ins, ...outs], 'when building the Malmquist index');
          const name = it.str('name', 'tfpch');
          const r = malmquist(t, { dmu: unit, period: time, inputs: ins.map((c) => c.name), outputs: outs.map((c) => c.name), orientation: it.choice('orientation', ['input', 'output'] as const, 'input') });
          const rows = Table.fromObjects(r.rows.map((x) => ({ dmu: x.dmu, period: x.period, tfpch: x.tfpch })));
          t = joinByKey(t, unit, time, rows, 'dmu', 'period', 'tfpch', name);
          log(`DEA-Malmquist TFP change ${name} (DEAP 2.1 conventions, CRS, ${r.orientation} orientation): inputs ${ins.map((c) => c.name).join(', ')}, outputs ${outs.map((c) => c.name).join(', ')}; ${r.lpCount} LPs; missing in the first year.`);
        } else if (type === 'entropy') {
          const inds = it.colList('indicators', (s) => s.replace(/^[-+]\s*/, ''));
          requireColumns(spec, t, inds, 'when building the entropy index');
          const name = it.str('name', 'entropy_index');
          const by = it.col('by', true);
          if (by) requireColumns(spec, t, [by], 'when building the entropy index');
          const r = entropyIndex(t, { indicators: it.strList('indicators'), ...(by ? { by: by.name } : {}), scoreName: name });
          t = r.table;
          log(`Entropy-weight composite ${name} of ${inds.length} indicators${by ? ` (weights by ${by.name})` : ''}.`);
        } else if (type === 'growth') {
          const col = it.col('column');
          requireColumns(spec, t, [col], 'when computing growth');
          const name = it.str('name', `${col.name}_growth`);
          t = t.withColumn(numericColumn(name, logGrowth(t, unit, time, col.name)));
          log(`Growth ${name} = log change of ${col.name} within unit (missing in the first year).`);
        } else if (type === 'pairs') {
          pairs = buildPairs(spec, it, t, unit, time);
          log(`City-pair panel: ${pairs.counts.cities} cities, ${pairs.counts.pairs} pairs; ${pairs.counts.bothZonesDropped} pairs of two zones dropped, ${pairs.counts.weakDropped} weak pairs dropped (gravity at or below the median ${pairs.gravityMedian?.toPrecision(4) ?? 'n/a'}); ${pairs.counts.kept} pairs kept, ${pairs.counts.treatedPairs} treated; ${pairs.table.nrows} pair-years.`);
        }
      } catch (e) {
        if (e instanceof PilotzoneError && !(e instanceof StudySpecError)) it.fail(e.code, e.message, undefined, e.hint);
        throw e;
      }
    }
    return { table: t, pairs };
  };
  const main = pipeline(base, false);
  const y0 = twin ? pipeline(twin.table, true) : null;
  return { table: main.table, y0: y0?.table ?? null, pairs: main.pairs, pairsY0: y0?.pairs ?? null, panel, unit, time, steps, panelOptions };
}

/**
 * Builds the pair panel of an `indicators: - type: pairs` item. `seriesOverride` builds the same pairs
 * (same gravity filter, zone rule and controls) with the synchronisation of another city series: the
 * mechanism step of the pair study uses it for the mediators, so their synchronisation is built exactly as
 * the outcome's.
 */
export function buildPairs(spec: StudySpec, it: SpecNode, t: Table, unit: string, time: string, seriesOverride?: ColumnRef): PairPanelResult {
  const series = seriesOverride ?? it.col('series');
  const controls = it.colList('controls', (s) => s.replace(/^log:/, ''));
  requireColumns(spec, t, [series, ...controls, { name: 'cbec_treated', line: it.line, where: `${it.where} (zone status from the registry)` }], 'when building the pair panel');
  // The sync index needs complete series: drop years where the series is missing for any unit (e.g. the first year of a growth rate).
  const tv = t.numeric(time), sv = t.numeric(series.name);
  const badYears = new Set<number>();
  for (let i = 0; i < t.nrows; i++) if (Number.isNaN(sv[i]!)) badYears.add(tv[i]!);
  if (badYears.size) t = t.filter((i) => !badYears.has(tv[i]!));
  const g = it.obj('gravity', true);
  const gravity = g
    ? { population: g.str('population', 'pop_resident'), gdp: g.str('gdp', 'gdp'), area: g.str('area', 'land_area_km2'), rank: g.str('rank', 'admin_rank'), lat: 'lat', lon: 'lon' }
    : undefined;
  if (g) {
    g.allowKeys(['population', 'gdp', 'area', 'rank']);
    requireColumns(spec, t, (['population', 'gdp', 'area', 'rank'] as const).map((k) => ({ name: gravity![k], line: g.line, where: `${g.where}.${k}` })), 'for the gravity model');
  }
  return pairPanel(t, {
    unit,
    time,
    series: series.name,
    zone: 'cbec_treated',
    controls: it.strList('controls'),
    ...(gravity ? { gravity } : {}),
    cutoff: it.choice('cutoff', ['median', 'none'] as const, gravity ? 'median' : 'none'),
  });
}

function cellAt(col: ReturnType<Table['column']>, i: number): Cell {
  if (col.kind === 'number') return col.values[i]!;
  const c = col.codes[i]!;
  return c < 0 ? null : col.levels[c]!;
}

/** Adds `src[valueCol]` to `t` as `name`, matching (unit, time) keys; unmatched rows are missing. */
export function joinByKey(t: Table, unit: string, time: string, src: Table, srcUnit: string, srcTime: string, valueCol: string, name: string): Table {
  const map = new Map<string, number>();
  const su = src.column(srcUnit), st = src.column(srcTime), sv = src.numeric(valueCol);
  for (let i = 0; i < src.nrows; i++) map.set(`${cellAt(su, i)}|${cellAt(st, i)}`, sv[i]!);
  const u = t.column(unit), tm = t.column(time);
  const out = new Float64Array(t.nrows);
  for (let i = 0; i < t.nrows; i++) out[i] = map.get(`${cellAt(u, i)}|${cellAt(tm, i)}`) ?? NaN;
  return t.withColumn(numericColumn(name, out));
}

function logGrowth(t: Table, unit: string, time: string, col: string): Float64Array {
  const u = t.column(unit), tv = t.numeric(time), v = t.numeric(col);
  const map = new Map<string, number>();
  for (let i = 0; i < t.nrows; i++) map.set(`${cellAt(u, i)}|${tv[i]}`, v[i]!);
  const out = new Float64Array(t.nrows);
  for (let i = 0; i < t.nrows; i++) {
    const prev = map.get(`${cellAt(u, i)}|${tv[i]! - 1}`);
    out[i] = prev !== undefined && prev > 0 && v[i]! > 0 ? Math.log(v[i]! / prev) : NaN;
  }
  return out;
}

/** A seeded sample of `n` units; with `keepTreated` every ever-treated unit (cbec_cohort > 0) is in it. */
function sampleUnits(t: Table, unit: string, n: number, keepTreated: boolean, seed: number): Set<string> {
  const u = t.column(unit);
  const coh = t.has('cbec_cohort') ? t.numeric('cbec_cohort') : null;
  const treated: string[] = [], other: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < t.nrows; i++) {
    const k = String(cellAt(u, i));
    if (seen.has(k)) continue;
    seen.add(k);
    ((keepTreated && coh && coh[i]! > 0) ? treated : other).push(k);
  }
  if (treated.length > n) throw new PilotzoneError('E_OPTION', `sample.units: ${n} units cannot keep all ${treated.length} treated units.`, { hint: 'Raise sample.units or set keep_treated: false.' });
  const perm = new Rng(seed, 7).permutation(other.length);
  const out = new Set(treated);
  for (let k = 0; out.size < n && k < other.length; k++) out.add(other[perm[k]!]!);
  return out;
}
