/**
 * The 337 divisions at prefecture level and above (NBS statistical division codes, 2023 edition): codes,
 * Chinese and English names, province, NBS region, coastal flag, administrative rank and coordinates.
 */
import { OptionError, PilotzoneError } from '../errors.js';
import { parseBatches, type BatchSpec } from './batches.js';
import { readDataJson } from './data-files.js';
import { REGIONS, type City, type Region } from './types.js';

/** Every city record, in code order (cached). */
export function allCities(): readonly City[] {
  return readDataJson<{ cities: City[] }>('registry/cities.json').cities;
}

let byCode: Map<string, City> | undefined;

/** The city with this 6-digit code, or undefined. */
export function cityByCode(code: string): City | undefined {
  byCode ??= new Map(allCities().map((c) => [c.code, c]));
  return byCode.get(code);
}

/** Filters of {@link cities}; every given filter must hold. */
export interface CityFilter {
  /** Keep these codes (unknown codes throw `E_UNKNOWN_CITY`). */
  codes?: readonly string[];
  /** Province names, English (`Guangdong`) or Chinese (`广东省`). */
  provinces?: readonly string[];
  /** NBS regions: east, central, west, northeast. */
  regions?: readonly Region[];
  coastal?: boolean;
  /** Administrative ranks to keep (4 municipality, 3 sub-provincial, 2 provincial capital, 1 other). */
  adminRanks?: readonly number[];
  /** Division types: municipality, prefecture-level city, autonomous prefecture, prefecture, league. */
  divisionTypes?: readonly string[];
  /** Keep cities whose whole-city zone of batches 1-7 is in these batches (registry column `cbec_batch`). */
  batches?: BatchSpec;
  /** true: only cities with a whole-city zone of batches 1-7; false: only cities without one. */
  pilot?: boolean;
  /** Case-insensitive substring of the Chinese or English name. */
  search?: string;
}

const DIVISION_TYPES = ['municipality', 'prefecture-level city', 'autonomous prefecture', 'prefecture', 'league'];

/** Lists cities matching a filter (all 337 without one), in code order. Bad filter values throw `E_OPTION`. */
export function cities(filter: CityFilter = {}): City[] {
  const all = allCities();
  let provinces: Set<string> | undefined;
  if (filter.provinces) {
    const known = [...new Set(all.map((c) => c.province))];
    provinces = new Set();
    for (const p of filter.provinces) {
      const hit = all.find((c) => c.province.toLowerCase() === p.trim().toLowerCase() || c.province_zh === p.trim());
      if (!hit) throw new OptionError('provinces', `"${p}" is not a province.`, known);
      provinces.add(hit.province);
    }
  }
  for (const r of filter.regions ?? []) if (!REGIONS.includes(r)) throw new OptionError('regions', `"${r}" is not an NBS region.`, REGIONS);
  for (const a of filter.adminRanks ?? []) if (![1, 2, 3, 4].includes(a)) throw new OptionError('adminRanks', `"${a}" is not an administrative rank.`, [1, 2, 3, 4]);
  for (const d of filter.divisionTypes ?? []) if (!DIVISION_TYPES.includes(d)) throw new OptionError('divisionTypes', `"${d}" is not a division type.`, DIVISION_TYPES);
  if (filter.codes) for (const c of filter.codes) if (!cityByCode(c)) throw unknownCities([c], 'codes');
  const batches = filter.batches === undefined ? undefined : parseBatches(filter.batches);
  const codes = filter.codes ? new Set(filter.codes) : undefined;
  const search = filter.search?.trim().toLowerCase();
  return all.filter(
    (c) =>
      (!codes || codes.has(c.code)) &&
      (!provinces || provinces.has(c.province)) &&
      (!filter.regions || filter.regions.includes(c.region)) &&
      (filter.coastal === undefined || c.coastal === filter.coastal) &&
      (!filter.adminRanks || filter.adminRanks.includes(c.admin_rank)) &&
      (!filter.divisionTypes || filter.divisionTypes.includes(c.division_type)) &&
      (!batches || (c.cbec_batch !== null && batches.includes(c.cbec_batch))) &&
      (filter.pilot === undefined || (c.cbec_batch !== null) === filter.pilot) &&
      (!search || c.name_en.toLowerCase().includes(search) || c.name_zh.includes(search)),
  );
}

/** `E_UNKNOWN_CITY` naming the unknown codes (up to ten). */
export function unknownCities(codes: readonly string[], where: string, firstRow?: number): PilotzoneError {
  const shown = codes.slice(0, 10).map((c) => `"${c}"`).join(', ') + (codes.length > 10 ? `, ... (${codes.length} in all)` : '');
  return new PilotzoneError(
    'E_UNKNOWN_CITY',
    `${where}: ${codes.length === 1 ? 'unit' : `${codes.length} units`} not found among the 337 prefecture-level-and-above cities: ${shown}` +
      (firstRow !== undefined ? ` (first at row ${firstRow + 1}).` : '.'),
    {
      hint: 'Use 6-digit NBS codes (330100; municipalities 110000, 120000, 310000, 500000), 4-digit prefixes (3301), or Chinese/English city names; list them with `pilotzone registry cities`. To keep unmatched units as never treated, pass unknownUnits: "untreated" (CLI --unknown-units untreated).',
      details: { where, codes, row: firstRow === undefined ? undefined : firstRow + 1 },
    },
  );
}

const MUNICIPAL_PREFIXES: Record<string, string> = { '1101': '110000', '1102': '110000', '1201': '120000', '1202': '120000', '3101': '310000', '3102': '310000', '5001': '500000', '5002': '500000', '5003': '500000' };

/** Name -> code; `null` marks a name shared by several cities (Suzhou 苏州/宿州, Fuzhou, Taizhou, Yichun...). */
let byName: Map<string, string | null> | undefined;

function nameIndex(): Map<string, string | null> {
  if (byName) return byName;
  const m = new Map<string, string | null>();
  const put = (k: string, code: string) => m.set(k, m.has(k) && m.get(k) !== code ? null : code);
  for (const c of allCities()) {
    put(c.name_zh, c.code);
    if (c.name_zh.endsWith('市')) put(c.name_zh.slice(0, -1), c.code);
    put(c.name_en.toLowerCase(), c.code);
  }
  return (byName = m);
}

/** True when a name is shared by several cities (English pinyin names such as Suzhou, Fuzhou, Taizhou). */
export function isAmbiguousCityName(name: string): boolean {
  const k = name.trim();
  const idx = nameIndex();
  return idx.get(k) === null || idx.get(k.toLowerCase()) === null;
}

/**
 * Resolves how a data set names a city to its registry code, or undefined. Accepted: 6-digit codes (as
 * numbers or text), 4-digit prefixes (`3301`), 12-digit NBS codes, the district-level codes datasets use for
 * municipalities (110100 -> 110000), Chinese names with or without the suffix 市 (`杭州`, `杭州市`) and
 * English names (case-insensitive; a name shared by several cities, e.g. Suzhou, resolves to nothing). `extraCodes` are other codes to accept as they are (county-level zone
 * places such as Yiwu 330782).
 */
export function resolveCityKey(key: string | number, extraCodes?: ReadonlySet<string>): string | undefined {
  let s = typeof key === 'number' ? (Number.isInteger(key) && key >= 0 ? String(key) : '') : key.trim();
  if (s === '') return undefined;
  if (/^\d+$/.test(s)) {
    if (s.length === 12) s = s.slice(0, 6);
    else if (s.length === 4) s = s + '00';
    if (s.length !== 6) return undefined;
    if (cityByCode(s)) return s;
    if (extraCodes?.has(s)) return s;
    const muni = MUNICIPAL_PREFIXES[s.slice(0, 4)];
    if (muni && s.slice(4) === '00') return muni;
    return undefined;
  }
  const idx = nameIndex();
  return idx.get(s) ?? idx.get(s.toLowerCase()) ?? undefined;
}
