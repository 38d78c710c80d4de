/**
 * The CBEC comprehensive pilot zones: 165 zones of batches 1-7 (国函〔2015〕44号 ... 国函〔2022〕126号), the 16
 * of batch 8 (国函〔2025〕40号) and the three revocations of 2025 (Haikou, Sanya, Alashankou), so that a study
 * can use the policy as it stood on any date.
 */
import { OptionError } from '../errors.js';
import { parseBatches, type BatchSpec } from './batches.js';
import { readDataJson } from './data-files.js';
import { parseDate } from './dates.js';
import type { Zone, ZoneAsOf } from './types.js';

/** Every zone record, in zone_id order (cached). */
export function allZones(): readonly Zone[] {
  return readDataJson<{ zones: Zone[] }>('registry/zones.json').zones;
}

/** Which zones `zones()` returns by their status on the as-of date. */
export type ZoneStatusFilter = 'active' | 'revoked' | 'all';
export const ZONE_STATUSES: readonly ZoneStatusFilter[] = ['active', 'revoked', 'all'];

export interface ZonesOptions {
  /** Batches to keep (`[1, 2]`, `"1-4"`); default all (1-8). Unknown batches throw `E_UNKNOWN_BATCH`. */
  batches?: BatchSpec;
  /**
   * The policy as known on this date (YYYY-MM-DD, or YYYY = its 31 December): zones whose effective date
   * (approval date, or announcement date when the approval date is unknown) is later are left out, and a
   * zone counts as revoked only when its revocation took effect on or before the date. Default: everything
   * the registry knows (the status of 2025).
   */
  asOf?: string;
  /** Keep active zones, revoked zones or all (default `all`). */
  status?: ZoneStatusFilter;
}

/**
 * Lists pilot zones, filtered by batch, as-of date and status. Each zone carries `status` on the as-of date.
 * Batch counts: 1/12/22/24/46/27/33 for batches 1-7 and 16 for batch 8.
 */
export function zones(options: ZonesOptions = {}): ZoneAsOf[] {
  const batches = parseBatches(options.batches);
  const asOf = options.asOf === undefined ? undefined : parseDate(options.asOf, 'asOf');
  const status = options.status ?? 'all';
  if (!ZONE_STATUSES.includes(status)) throw new OptionError('status', `"${status}" is not a zone status.`, ZONE_STATUSES);
  const out: ZoneAsOf[] = [];
  for (const z of allZones()) {
    if (!batches.includes(z.batch)) continue;
    if (asOf !== undefined && z.effective_date > asOf) continue;
    const s = zoneStatusOn(z, asOf);
    if (status !== 'all' && s !== status) continue;
    out.push({ ...z, status: s });
  }
  return out;
}

/** Status of a zone on a date (undefined = latest known). */
export function zoneStatusOn(z: Zone, asOf: string | undefined): 'active' | 'revoked' {
  return z.revoked_date !== null && (asOf === undefined || z.revoked_date <= asOf) ? 'revoked' : 'active';
}
