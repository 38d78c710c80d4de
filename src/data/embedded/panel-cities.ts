/**
 * Which cities the embedded panel holds. Default: the 295 municipalities and prefecture-level cities with
 * published GDP (not low-confidence) in at least 8 of the 12 years 2010-2021. A list of codes may add any
 * other division with at least one published GDP year and a census population. A number n <= 295 takes a
 * seeded sample of the default cities; n > 295 adds n - 295 synthetic cities, each a perturbed copy of a
 * randomly drawn real city (its published drivers scaled by exp(0.3 z), its registry treatment copied), all
 * of whose cells are flagged simulated.
 */
import { PilotzoneError, OptionError } from '../../errors.js';
import { allCities, cityByCode } from '../../registry/cities.js';
import type { City } from '../../registry/types.js';
import { Rng } from '../../stats/rng.js';
import { publishedYearCount } from './published.js';

export interface PanelCity {
  readonly code: string;
  readonly name_zh: string;
  readonly name_en: string;
  readonly province: string;
  readonly region: City['region'];
  readonly coastal: boolean;
  readonly admin_rank: number;
  /** Synthetic cities: the real city copied and the scale applied to its size. */
  readonly template: string | null;
  readonly scale: number;
}

const MIN_GDP_YEARS = 8;

/** Codes of the default panel cities, in code order. */
export function defaultPanelCodes(): string[] {
  const years = publishedYearCount('gdp');
  return allCities()
    .filter((c) => (c.division_type === 'municipality' || c.division_type === 'prefecture-level city') && (years.get(c.code) ?? 0) >= MIN_GDP_YEARS)
    .map((c) => c.code);
}

function asPanelCity(c: City): PanelCity {
  return { code: c.code, name_zh: c.name_zh, name_en: c.name_en, province: c.province, region: c.region, coastal: c.coastal, admin_rank: c.admin_rank, template: null, scale: 1 };
}

/**
 * Resolves the `cities` option: the real cities whose series must be computed (`base`, always including the
 * default set so that a city's values do not depend on which others are asked for) and the requested
 * panel cities in output order.
 */
export function choosePanelCities(option: readonly string[] | number | undefined, seed: number): { base: PanelCity[]; chosen: PanelCity[]; nDefault: number } {
  const defaults = defaultPanelCodes();
  const base = defaults.map((c) => asPanelCity(cityByCode(c)!));
  const nDefault = base.length;
  if (option === undefined) return { base, chosen: base, nDefault };
  if (typeof option === 'number') {
    if (!Number.isInteger(option) || option < 2 || option > 100000) throw new OptionError('cities', `${option} must be a whole number of cities between 2 and 100000 (or a list of city codes).`);
    if (option <= base.length) {
      const perm = new Rng(seed, 7).permutation(base.length);
      const keep = Array.from(perm.subarray(0, option)).sort((a, b) => a - b);
      return { base, chosen: keep.map((k) => base[k]!), nDefault };
    }
    const rng = new Rng(seed, 8);
    const extra: PanelCity[] = [];
    for (let j = 0; j < option - base.length; j++) {
      const t = base[rng.int(base.length)]!;
      const scale = Math.exp(0.3 * rng.normal());
      const n = j + 1;
      extra.push({ ...t, code: String(900000 + n), name_zh: `模拟城市${n}`, name_en: `Synthetic city ${n}`, admin_rank: 1, template: t.code, scale });
    }
    return { base, chosen: [...base, ...extra], nDefault };
  }
  if (!Array.isArray(option) || option.length === 0) throw new OptionError('cities', 'give a non-empty list of city codes or a number of cities.');
  const years = publishedYearCount('gdp');
  const unknown = option.filter((c) => !cityByCode(String(c)));
  if (unknown.length) {
    throw new PilotzoneError('E_UNKNOWN_CITY', `option cities: ${unknown.length} code(s) are not cities in the registry: ${unknown.slice(0, 10).join(', ')}.`, {
      hint: 'Use 6-digit codes from `pilotzone registry cities`.',
      details: { option: 'cities', codes: unknown },
    });
  }
  const noData = option.filter((c) => (years.get(String(c)) ?? 0) === 0);
  if (noData.length) {
    throw new PilotzoneError('E_NO_PUBLISHED_DATA', `option cities: no published GDP to anchor ${noData.join(', ')}.`, { hint: 'The embedded panel simulates only around published GDP; drop these codes.', details: { option: 'cities', codes: noData } });
  }
  const set = new Set(defaults);
  const extraReal = [...new Set(option.map(String))].filter((c) => !set.has(c)).sort().map((c) => asPanelCity(cityByCode(c)!));
  const all = [...base, ...extraReal];
  const want = new Set(option.map(String));
  return { base: all, chosen: all.filter((c) => want.has(c.code)), nDefault };
}
