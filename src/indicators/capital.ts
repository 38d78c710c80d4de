/**
 * Capital stock by perpetual inventory (Goldsmith 1951; for Chinese regions Zhang, Wu & Zhang 2004, Economic
 * Research Journal 10; seed 001 of this project):
 *
 *   K_t = I_t / P_t + (1 - d) K_{t-1},   K_0 = (I_0 / P_0) / (g + d),
 *
 * per unit, where I is nominal investment, P the investment deflator, d the depreciation rate (default 6%,
 * seed 001 after Wang 2013) and g the geometric mean annual growth of real investment over the unit's first
 * `growthYears` observations: g = (RI_{G-1} / RI_0)^(1/(G-1)) - 1 with G = growthYears (default 4
 * observations = 3 growth rates, as seed 001's 2011-2014 and the validation case's 2000-2003).
 *
 * Conventions: without a deflator P = 1 (investment already real). With `baseTime` the deflator is rebased
 * per unit so that P(baseTime) = 1. Each unit starts at its own first observation; a unit missing a period
 * between its first and last one is an error (the recursion would silently skip a year's depreciation).
 */
import { OptionError, PilotzoneError } from '../errors.js';
import { numericColumn, stringColumn, Table, type Cell } from '../data/table.js';
import { cellRows, panelIndex } from '../data/panel/index.js';
import { rootPow } from './exact-root.js';

/** Options of {@link capitalStock}. */
export interface CapitalOptions {
  /** Unit (city) column. */
  unit: string;
  /** Time (year) column. */
  time: string;
  /** Nominal investment column (e.g. fixed-asset investment). */
  investment: string;
  /** Investment deflator column (price index); omitted = investment is already real. */
  deflator?: string;
  /** Depreciation rate d in [0, 1). Default 0.06. */
  depreciation?: number;
  /** Number of first observations over which g is measured (>= 2). Default 4 (3 growth rates). */
  growthYears?: number;
  /** Rebase the deflator so that it equals 1 in this period (per unit). */
  baseTime?: number | string;
}

/** Result of {@link capitalStock}. */
export interface CapitalResult {
  /** Columns: unit, time, real_investment, capital_stock (rows ordered by unit, then time). */
  table: Table;
  /** Growth rate g and initial stock K_0 used for each unit. */
  growth: { unit: Cell; g: number; k0: number }[];
  /** Settings used. */
  depreciation: number;
  growthYears: number;
}

/** Perpetual-inventory capital stock of every unit of a long panel (see the module comment for the formula). */
export function capitalStock(table: Table, options: CapitalOptions): CapitalResult {
  const d = options.depreciation ?? 0.06;
  const G = options.growthYears ?? 4;
  if (!(d >= 0 && d < 1)) throw new OptionError('depreciation', `must be in [0, 1), got ${d}.`);
  if (!Number.isInteger(G) || G < 2) throw new OptionError('growthYears', `must be an integer >= 2 (observations used for the growth rate), got ${G}.`);
  const keys = panelIndex(table, options.unit, options.time, { what: 'capital', allowStringTime: true, unitOrder: 'appearance', duplicateCode: 'E_DUPLICATE_KEY' });
  const inv = table.numeric(options.investment, 'capital investment');
  const defl = options.deflator ? table.numeric(options.deflator, 'capital deflator') : undefined;
  const T = keys.times.length;
  const rowOf = cellRows(keys);
  let baseIdx = -1;
  if (options.baseTime !== undefined) {
    baseIdx = keys.times.findIndex((p) => p === options.baseTime || String(p) === String(options.baseTime));
    if (baseIdx < 0) throw new OptionError('baseTime', `period ${JSON.stringify(options.baseTime)} is not in column "${options.time}".`);
    if (!defl) throw new OptionError('baseTime', 'needs a deflator column to rebase.');
  }
  const outUnit: (string | null)[] = [];
  const outTime: Cell[] = [];
  const ri: number[] = [];
  const ks: number[] = [];
  const growth: CapitalResult['growth'] = [];
  for (let u = 0; u < keys.unitLabels.length; u++) {
    const uname = keys.unitLabels[u]!;
    let first = -1, last = -1;
    for (let t = 0; t < T; t++) {
      if (rowOf[u * T + t]! >= 0) {
        if (first < 0) first = t;
        last = t;
      }
    }
    for (let t = first; t <= last; t++) {
      if (rowOf[u * T + t]! < 0) {
        throw new PilotzoneError('E_PANEL_GAP', `capital: unit ${JSON.stringify(uname)} has no row for ${options.time} ${JSON.stringify(keys.times[t])}, between its first and last observation.`, {
          hint: 'Perpetual inventory needs every year: fill the gap (e.g. interpolate investment) or start the unit after it.',
          details: { unit: uname, missing: keys.times[t] },
        });
      }
    }
    let base = 1;
    if (baseIdx >= 0) {
      const br = rowOf[u * T + baseIdx]!;
      if (br < 0) throw new PilotzoneError('E_MISSING_VALUE', `capital: unit ${JSON.stringify(uname)} has no row in the base period ${JSON.stringify(options.baseTime)} to rebase its deflator.`);
      base = defl![br]!;
    }
    const nObs = last - first + 1;
    if (nObs < G) {
      throw new PilotzoneError('E_PIM_SHORT', `capital: unit ${JSON.stringify(uname)} has ${nObs} observation(s); the growth rate g uses the first ${G}.`, {
        hint: 'Lower --growth-years or drop the unit.',
        details: { unit: uname, observations: nObs, growthYears: G },
      });
    }
    const real = new Float64Array(nObs);
    for (let k = 0; k < nObs; k++) {
      const row = rowOf[u * T + first + k]!;
      const I = inv[row]!;
      if (!Number.isFinite(I)) throw new PilotzoneError('E_MISSING_VALUE', `capital: investment column "${options.investment}" is missing in row ${row + 1} (unit ${JSON.stringify(uname)}).`, { details: { column: options.investment, row: row + 1 } });
      let P = 1;
      if (defl) {
        P = defl[row]! / base;
        if (!(P > 0) || !Number.isFinite(P)) {
          throw new PilotzoneError('E_BAD_DEFLATOR', `capital: deflator column "${options.deflator}" must be positive, but row ${row + 1} (unit ${JSON.stringify(uname)}) is ${Number.isNaN(defl[row]!) ? 'missing' : defl[row]}.`, { details: { column: options.deflator, row: row + 1 } });
        }
      }
      real[k] = I / P;
    }
    const r0 = real[0]!, rG = real[G - 1]!;
    if (!(r0 > 0) || !(rG > 0)) {
      throw new PilotzoneError('E_PIM_GROWTH', `capital: unit ${JSON.stringify(uname)} has non-positive real investment in its first ${G} observations (${r0}, ..., ${rG}), so the growth rate g is undefined.`, { details: { unit: uname } });
    }
    // correctly rounded x^(1/(G-1)) (as R / C pow), so stocks agree with R to the last digit
    const g = rootPow(rG / r0, G - 1) - 1;
    if (!(g + d > 0)) {
      throw new PilotzoneError('E_PIM_GROWTH', `capital: unit ${JSON.stringify(uname)} has g + d = ${g + d} <= 0 (investment growth ${g} over the first ${G} observations), so K_0 = I_0/(g + d) is not defined.`, {
        hint: 'Use more years for the growth rate (--growth-years) or a higher depreciation rate.',
        details: { unit: uname, g },
      });
    }
    let K = r0 / (g + d);
    growth.push({ unit: uname, g, k0: K });
    for (let k = 0; k < nObs; k++) {
      if (k > 0) K = real[k]! + (1 - d) * K;
      outUnit.push(String(uname));
      outTime.push(keys.times[first + k]!);
      ri.push(real[k]!);
      ks.push(K);
    }
  }
  const timeCol = outTime.every((t) => typeof t === 'number')
    ? numericColumn(options.time, outTime as number[])
    : stringColumn(options.time, outTime.map((t) => String(t)));
  const unitCol = keys.unitLabels.every((x) => typeof x === 'number') ? numericColumn(options.unit, outUnit.map(Number)) : stringColumn(options.unit, outUnit);
  const out = new Table([unitCol, timeCol, numericColumn('real_investment', ri), numericColumn('capital_stock', ks)]);
  return { table: out, growth, depreciation: d, growthYears: G };
}
