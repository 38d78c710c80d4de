/**
 * Records of the CBEC comprehensive pilot-zone registry (跨境电子商务综合试验区) and of the cities it refers
 * to. Compiled by `scripts/build-data.mjs` from the fact files in `../shared/data` (sources and doubts in
 * docs/data.md); field names follow the CLI contract (`contracts/cli-json.md`, "registry").
 */

/** Confidence flag carried from the fact files: how well a value is sourced. */
export type Confidence = 'high' | 'medium' | 'low';

/** NBS macro-regions (东部 / 中部 / 西部 / 东北, NBS 2011-06-13). */
export type Region = 'east' | 'central' | 'west' | 'northeast';
export const REGIONS: readonly Region[] = ['east', 'central', 'west', 'northeast'];

/**
 * What part of the territory a zone covers: a whole prefecture-level city (or municipality), a part of one
 * (a county-level city such as Yiwu, or Xiong'an New Area), or a whole province (Hainan, 2025).
 */
export type ZoneCoverage = 'whole-city' | 'part-of-city' | 'province';

/** One comprehensive pilot zone as approved by a State Council reply (国函). */
export interface Zone {
  readonly zone_id: number;
  /** 1-7 (2015-2022, 165 zones) or 8 (2025, 16 zones). */
  readonly batch: number;
  /** Signing date of the reply, YYYY-MM-DD; null when not found (batch 8). */
  readonly approval_date: string | null;
  readonly approval_date_confidence: Confidence;
  /** Earliest verified publication date; null when not verified (batch 5). */
  readonly announcement_date: string | null;
  /** Date the registry uses by default: approval date, or the announcement date when the former is unknown. */
  readonly effective_date: string;
  readonly effective_date_basis: 'approval' | 'announcement';
  /** The approving document, e.g. 国函〔2015〕44号. */
  readonly doc_no: string;
  /** Place name (Chinese), e.g. 杭州市. */
  readonly name_zh: string;
  /** Place name (English), e.g. Hangzhou. */
  readonly name_en: string;
  /** Full official zone name. */
  readonly zone_name_zh: string;
  readonly zone_name_en: string;
  /** Own division code of the place (county-level code for county-level zones); null for Xiong'an. */
  readonly place_code: string | null;
  readonly division_type: string;
  /** Level of the place: municipality, sub-provincial city, provincial capital, prefecture-level city, county-level city, other area. */
  readonly level: string;
  readonly coverage: ZoneCoverage;
  /** Code of the prefecture-level city (or municipality) the zone lies in; null for the Hainan whole-island zone. */
  readonly city_code: string | null;
  readonly city_zh: string | null;
  readonly city_en: string | null;
  /** Prefecture-level codes the zone lies in (one city, or all four Hainan cities for the whole-island zone). */
  readonly covers_city_codes: readonly string[];
  readonly province_zh: string;
  readonly province: string;
  readonly region: Region;
  readonly lat: number | null;
  readonly lon: number | null;
  /** Date the revocation took effect (release of 国函〔2025〕40号), or null. */
  readonly revoked_date: string | null;
  readonly revoked_by: string | null;
  /** Status text as compiled in 2025. */
  readonly status_2025: string;
  /** Confidence in the zone's membership in its batch. */
  readonly confidence: Confidence;
  readonly note: string | null;
}

/** A zone as seen on a given date: `status` is computed for that date. */
export interface ZoneAsOf extends Zone {
  readonly status: 'active' | 'revoked';
}

/** A prefecture-level-and-above division (337: 4 municipalities, 293 prefecture-level cities, 40 others). */
export interface City {
  /** 6-digit NBS / GB-T 2260 code; municipalities carry their province-level code (110000...). */
  readonly code: string;
  readonly name_zh: string;
  readonly name_en: string;
  readonly division_type: string;
  readonly province_code: string;
  readonly province_zh: string;
  readonly province: string;
  readonly region: Region;
  /** One of the 55 coastal cities of the China Marine Statistical Yearbook. */
  readonly coastal: boolean;
  /** 4 municipality, 3 sub-provincial city, 2 other provincial capital, 1 other (Zhang et al. 2023 scale). */
  readonly admin_rank: number;
  readonly admin_rank_label: string;
  /** WGS-84 coordinates of the city centre (government seat for almost all cities). */
  readonly lat: number;
  readonly lon: number;
  /** The same point in China's GCJ-02 datum, as published by the map provider. */
  readonly lat_gcj02: number;
  readonly lon_gcj02: number;
  /** Distance between the two map providers' centres (km): large values are flagged in `note`. */
  readonly coord_check_km: number | null;
  /** Batch of the whole-city zone of batches 1-7, or null. */
  readonly cbec_batch: number | null;
  readonly cbec_approval_date: string | null;
  /** Earliest batch of any zone inside the city, including county-level zones. */
  readonly cbec_any_zone_batch: number | null;
  /** County-level zones inside the city, e.g. 义乌市(b3). */
  readonly cbec_subzones: string | null;
  readonly cbec_batch8_2025: string | null;
  readonly note: string | null;
}

/** One of the five development modes of seed 002. */
export interface DevelopmentMode {
  readonly id: string;
  readonly name_en: string;
  readonly name_zh: string;
  /** Cities the seed names for this mode (none for the fifth mode). */
  readonly city_codes: readonly string[];
  readonly city_names: readonly string[];
  readonly description: string;
}
