/**
 * The pilot-zone registry: CBEC comprehensive pilot zones (batches 1-8, revocations), the 337 cities at
 * prefecture level and above, seed 002's development modes, and treatment columns for panels.
 */
export type { City, Confidence, DevelopmentMode, Region, Zone, ZoneAsOf, ZoneCoverage } from './types.js';
export { REGIONS } from './types.js';
export { KNOWN_BATCHES, parseBatches, type BatchSpec } from './batches.js';
export { parseDate, treatedYear } from './dates.js';
export { allZones, zones, zoneStatusOn, ZONE_STATUSES, type ZonesOptions, type ZoneStatusFilter } from './zones.js';
export { allCities, cities, cityByCode, resolveCityKey, isAmbiguousCityName, type CityFilter } from './cities.js';
export { developmentModes, developmentModeOf } from './modes.js';
export {
  treatmentColumns,
  treatmentSchedule,
  resolveTreatmentRule,
  isTreatedIn,
  type TreatmentRule,
  type ResolvedTreatmentRule,
  type TreatmentSpell,
  type CityTreatment,
  type TreatmentColumnsOptions,
  type TreatmentColumnsResult,
  type UnitTreatment,
} from './treatment.js';
export { dataDir } from './data-files.js';
