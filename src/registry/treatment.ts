/**
 * Treatment timing from the registry: for each city the years in which a selected pilot zone was in force,
 * and the `cbec_cohort` / `cbec_treated` columns of an annual panel (the staggered-DID coding of seeds 000,
 * 001 and 004: a city is treated from the year its zone was approved).
 *
 * Conventions (see docs/data.md):
 * - first treated year = calendar year of the zone's date (approval date; the announcement date when the
 *   approval date is unknown, batch 8). With `cutoff: "MM-DD"` a date on or after that day counts from the
 *   next year. The seeds use the approval year (no cut-off), which is the default.
 * - only zones covering the whole city treat it (county-level zones such as Yiwu or Manzhouli, and Xiong'an,
 *   do not treat their prefecture unless `partCityZones: true`); the Hainan whole-island zone treats the four
 *   Hainan cities; a panel unit whose code is the county-level place of a zone (Yiwu 330782) is treated by it.
 * - a revocation known on the as-of date ends the zone's treatment from the revocation's treated year
 *   (same rule as the start). Treatment can then stop, which a warning reports (`W_NOT_ABSORBING`).
 * - `cbec_cohort` = first treated year (0 = never treated in the selection); `cbec_treated` = 1 in the years a
 *   selected zone was in force.
 */
import type { Column, Table } from '../data/table.js';
import { numericColumn } from '../data/table.js';
import { OptionError, PilotzoneError, type Warning } from '../errors.js';
import { parseBatches, type BatchSpec } from './batches.js';
import { allCities, isAmbiguousCityName, resolveCityKey, unknownCities } from './cities.js';
import { parseDate, parseMonthDay, treatedYear } from './dates.js';
import { allZones } from './zones.js';
import type { Zone } from './types.js';

/** Which zones treat a city, and when. */
export interface TreatmentRule {
  /** Batches whose zones count (`[1, 2, 3]`, `"1-4"`); default all (1-8). */
  batches?: BatchSpec;
  /** Policy as known on this date (YYYY-MM-DD or YYYY): later zones and later revocations are ignored. Default: latest. */
  asOf?: string;
  /** `MM-DD`: a zone dated on or after this day of its year is treated from the next year. Default none (approval year). */
  cutoff?: string;
  /** Date a zone starts from: `approval` (default; announcement when unknown) or `announcement` (approval when unknown). */
  dateBasis?: 'approval' | 'announcement';
  /** Let county-level zones (Yiwu, Manzhouli...) and Xiong'an treat their whole prefecture. Default false. */
  partCityZones?: boolean;
  /** Apply the 2025 revocations known on the as-of date (default true). */
  revocations?: boolean;
}

/** One zone's spell of treatment of a city: years `from` .. `to - 1` (`to` null = open). */
export interface TreatmentSpell {
  readonly zone_id: number;
  readonly batch: number;
  readonly from: number;
  readonly to: number | null;
}

/** Treatment history of one city under a rule. */
export interface CityTreatment {
  readonly code: string;
  /** First treated year, 0 when never treated. */
  readonly cohort: number;
  /** Batch of the zone that starts the first spell (0 when never treated). */
  readonly batch: number;
  readonly spells: readonly TreatmentSpell[];
}

/** Rule with defaults applied and inputs checked. */
export interface ResolvedTreatmentRule {
  readonly batches: readonly number[];
  readonly asOf: string | null;
  readonly cutoff: string | null;
  readonly dateBasis: 'approval' | 'announcement';
  readonly partCityZones: boolean;
  readonly revocations: boolean;
}

/** Checks a rule and applies its defaults. */
export function resolveTreatmentRule(rule: TreatmentRule = {}): ResolvedTreatmentRule {
  const dateBasis = rule.dateBasis ?? 'approval';
  if (dateBasis !== 'approval' && dateBasis !== 'announcement') throw new OptionError('dateBasis', `"${dateBasis}" is not a date basis.`, ['approval', 'announcement']);
  const resolved: ResolvedTreatmentRule = {
    batches: parseBatches(rule.batches),
    asOf: rule.asOf === undefined ? null : parseDate(rule.asOf, 'asOf'),
    cutoff: rule.cutoff === undefined ? null : parseMonthDay(rule.cutoff, 'cutoff'),
    dateBasis,
    partCityZones: rule.partCityZones ?? false,
    revocations: rule.revocations ?? true,
  };
  resolvedRules.add(resolved);
  return resolved;
}

function zoneDate(z: Zone, basis: 'approval' | 'announcement'): string {
  return basis === 'approval' ? z.approval_date ?? z.announcement_date! : z.announcement_date ?? z.approval_date!;
}

/** The unit codes a zone treats under the rule. */
function treatedCodes(z: Zone, r: ResolvedTreatmentRule): string[] {
  if (z.coverage === 'part-of-city') {
    const own = z.place_code ? [z.place_code] : [];
    return r.partCityZones ? [...own, ...z.covers_city_codes] : own;
  }
  return z.covers_city_codes.slice();
}

/**
 * Treatment history of every city (and of every county-level zone place) under a rule: a map from code to
 * {@link CityTreatment}. Cities without a selected zone are included with cohort 0.
 */
export function treatmentSchedule(rule: TreatmentRule | ResolvedTreatmentRule = {}): Map<string, CityTreatment> {
  const r = isResolved(rule) ? rule : resolveTreatmentRule(rule);
  const spells = new Map<string, TreatmentSpell[]>();
  for (const c of allCities()) spells.set(c.code, []);
  for (const z of allZones()) {
    if (!r.batches.includes(z.batch)) continue;
    const start = zoneDate(z, r.dateBasis);
    if (r.asOf !== null && start > r.asOf) continue;
    const revoked = r.revocations && z.revoked_date !== null && (r.asOf === null || z.revoked_date <= r.asOf);
    const spell: TreatmentSpell = {
      zone_id: z.zone_id,
      batch: z.batch,
      from: treatedYear(start, r.cutoff ?? undefined),
      to: revoked ? treatedYear(z.revoked_date!, r.cutoff ?? undefined) : null,
    };
    if (spell.to !== null && spell.to <= spell.from) continue; // revoked before it ever counted
    for (const code of treatedCodes(z, r)) {
      const list = spells.get(code) ?? [];
      list.push(spell);
      spells.set(code, list);
    }
  }
  const out = new Map<string, CityTreatment>();
  for (const [code, list] of spells) {
    list.sort((a, b) => a.from - b.from || a.zone_id - b.zone_id);
    out.set(code, { code, cohort: list.length ? list[0]!.from : 0, batch: list.length ? list[0]!.batch : 0, spells: list });
  }
  return out;
}

/** Rules made by resolveTreatmentRule (so they are not checked twice). */
const resolvedRules = new WeakSet<object>();

function isResolved(r: TreatmentRule | ResolvedTreatmentRule): r is ResolvedTreatmentRule {
  return resolvedRules.has(r);
}

/** 1 when a selected zone was in force in `year`. */
export function isTreatedIn(t: CityTreatment, year: number): boolean {
  for (const s of t.spells) if (s.from <= year && (s.to === null || year < s.to)) return true;
  return false;
}

export interface TreatmentColumnsOptions extends TreatmentRule {
  /** Column holding the unit's city code (or Chinese/English name); see `resolveCityKey`. */
  unitCode: string;
  /** Column holding the year (integers). */
  time: string;
  /** Units that match no city: `error` (default, `E_UNKNOWN_CITY` listing them) or `untreated` (cohort 0, with a warning). */
  unknownUnits?: 'error' | 'untreated';
  /** Names of the added columns (default `cbec_cohort`, `cbec_treated`). */
  cohortColumn?: string;
  treatedColumn?: string;
}

/** One panel unit's match in the registry. */
export interface UnitTreatment {
  readonly unit: string;
  /** Registry code, or null when the unit matched nothing. */
  readonly code: string | null;
  readonly cohort: number;
  readonly batch: number;
  readonly spells: readonly TreatmentSpell[];
}

export interface TreatmentColumnsResult {
  /** The input table with `cbec_cohort` and `cbec_treated` added (replaced when present). */
  readonly table: Table;
  readonly units: readonly UnitTreatment[];
  readonly rule: ResolvedTreatmentRule;
  readonly warnings: readonly Warning[];
}

/**
 * Adds `cbec_cohort` (first treated year, 0 = never) and `cbec_treated` (0/1 in each unit-year) to a panel
 * from the registry, for a chosen set of batches and an as-of date (conventions in the module comment).
 * Rows with a missing unit or year get missing (NaN) treatment, with a warning.
 */
export function treatmentColumns(table: Table, options: TreatmentColumnsOptions): TreatmentColumnsResult {
  const rule = resolveTreatmentRule(options);
  const unknownUnits = options.unknownUnits ?? 'error';
  if (unknownUnits !== 'error' && unknownUnits !== 'untreated') throw new OptionError('unknownUnits', `"${unknownUnits}" is not allowed.`, ['error', 'untreated']);
  const unitCol = table.column(options.unitCode, 'treatmentColumns unitCode');
  const time = table.numeric(options.time, 'treatmentColumns time');
  const n = table.nrows;
  const schedule = treatmentSchedule(rule);
  const extra = new Set<string>();
  for (const code of schedule.keys()) extra.add(code);

  // Resolve each distinct unit key once.
  const keyOf = unitKeys(unitCol);
  const units = new Map<string, UnitTreatment>();
  const unknown: string[] = [];
  let firstUnknownRow = -1;
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    if (key === null || units.has(key.text)) continue;
    const code = resolveCityKey(key.raw, extra) ?? null;
    const t = code === null ? undefined : schedule.get(code);
    if (code === null) {
      unknown.push(key.text);
      if (firstUnknownRow < 0) firstUnknownRow = i;
    }
    units.set(key.text, { unit: key.text, code, cohort: t?.cohort ?? 0, batch: t?.batch ?? 0, spells: t?.spells ?? [] });
  }
  const warnings: Warning[] = [];
  if (unknown.length) {
    const ambiguous = unknown.filter((u) => isAmbiguousCityName(u));
    if (unknownUnits === 'error') {
      const err = unknownCities(unknown, `column "${options.unitCode}"`, firstUnknownRow);
      if (ambiguous.length) {
        throw new PilotzoneError(err.code, `${err.message} Ambiguous names (shared by several cities): ${ambiguous.join(', ')}.`, { hint: err.hint, details: { ...err.details, ambiguous } });
      }
      throw err;
    }
    warnings.push({ code: 'W_UNKNOWN_CITY', message: `column "${options.unitCode}": ${unknown.length} unit(s) match no city and are coded never treated: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', ...' : ''}.` });
  }

  const cohort = new Float64Array(n);
  const treated = new Float64Array(n);
  let missing = 0;
  let minYear = Infinity, maxYear = -Infinity;
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    const y = time[i]!;
    if (key === null || Number.isNaN(y)) {
      cohort[i] = NaN;
      treated[i] = NaN;
      missing++;
      continue;
    }
    if (!Number.isInteger(y)) {
      throw new PilotzoneError('E_TIME_NOT_YEAR', `column "${options.time}" must hold years (integers), but row ${i + 1} holds ${y}.`, {
        hint: 'Treatment columns are annual: give the year of each observation.',
        details: { column: options.time, row: i + 1, value: y },
      });
    }
    if (y < minYear) minYear = y;
    if (y > maxYear) maxYear = y;
    const u = units.get(key.text)!;
    cohort[i] = u.cohort;
    let d = 0;
    for (const s of u.spells) if (s.from <= y && (s.to === null || y < s.to)) d = 1;
    treated[i] = d;
  }
  if (missing) warnings.push({ code: 'W_MISSING_KEY', message: `${missing} row(s) with a missing "${options.unitCode}" or "${options.time}" get missing treatment columns.` });
  const stops = [...units.values()].filter((u) => u.spells.length && stopsWithin(u.spells, minYear, maxYear));
  if (stops.length) {
    warnings.push({
      code: 'W_NOT_ABSORBING',
      message: `treatment stops inside the panel's years for ${stops.length} unit(s) (a revocation): ${stops.map((u) => u.unit).slice(0, 10).join(', ')}. Staggered-DID estimators assume treatment stays on; drop these units or set revocations: false.`,
    });
  }
  const cohortName = options.cohortColumn ?? 'cbec_cohort';
  const treatedName = options.treatedColumn ?? 'cbec_treated';
  for (const name of [cohortName, treatedName]) {
    if (table.has(name)) warnings.push({ code: 'W_REPLACED_COLUMN', message: `column "${name}" already existed and was replaced by the registry's.` });
  }
  const out = table.withColumn(numericColumn(cohortName, cohort, { label: 'CBEC pilot zone: first treated year (0 = never)' })).withColumn(numericColumn(treatedName, treated, { label: 'CBEC pilot zone in force (0/1)' }));
  return { table: out, units: [...units.values()], rule, warnings };
}

/** True when some year in [lo, hi] at or after the first spell is untreated. */
function stopsWithin(spells: readonly TreatmentSpell[], lo: number, hi: number): boolean {
  const start = Math.max(lo, spells[0]!.from);
  for (let y = start; y <= hi; y++) {
    let on = false;
    for (const s of spells) if (s.from <= y && (s.to === null || y < s.to)) on = true;
    if (!on) return true;
  }
  return false;
}

/** Row -> the unit's key (its raw value for resolution and its text for reports), null when missing. */
function unitKeys(col: Column): (i: number) => { raw: string | number; text: string } | null {
  if (col.kind === 'number') {
    return (i) => {
      const v = col.values[i]!;
      return Number.isNaN(v) ? null : { raw: v, text: String(v) };
    };
  }
  const keys = col.levels.map((l) => ({ raw: l, text: l }));
  return (i) => {
    const c = col.codes[i]!;
    return c < 0 ? null : keys[c]!;
  };
}
