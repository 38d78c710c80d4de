/**
 * City-pair panel of seed 004 from a city panel (one row per city and period): every unordered pair of
 * cities, the pair treatment of eq. 5-6, pair controls, the Cerqueira-Martins synchronisation index (eq. 3-4,
 * `sync.ts`) and the modified gravity model with its median cut-off (eq. 1, `gravity.ts`).
 *
 * Conventions (each stated in seed 004 or chosen here and documented):
 * - pairs: i < j in the order cities first appear; the panel must be balanced (`E_UNBALANCED_PANEL`);
 * - zone status: CEPA_it = 1 when city i is a pilot zone in period t (`zone`, 0/1, or `zoneSince`, the first
 *   zone period, missing = never); CEP_i = 1 when city i is a zone in any period;
 * - treat_ij = 1 iff exactly one of the two cities is ever a zone (eq. 5); post_ijt = 1 iff exactly one is a
 *   zone at t (eq. 6); policy_ijt = treat_ij * post_ijt;
 * - pairs of two zone cities are dropped (seed 004's main sample) unless `keepBothZones` (its robustness
 *   check); kept, they have treat = 0 and so policy = 0 by eq. 5, while post follows eq. 6;
 * - pair controls: -|x_it - x_jt| per period (seed 004), of ln x when the control is listed as `log:x`;
 * - gravity: F_ijt per period from that period's P, G, S, A and the great-circle distance; the pair's
 *   strength is the mean of F_ijt over the periods (or F in `gravityPeriod`); pairs with strength at or below
 *   the median of the candidate pairs (after the both-zone rule) are dropped ("above the median = strong
 *   linkage"), unless `cutoff: 'none'`;
 * - coordinates are per city: every row of a city must carry the same latitude/longitude (missing in some
 *   rows is fine); a city without any is `E_MISSING_COORDINATES`; two cities at the same point,
 *   `E_ZERO_DISTANCE`.
 */
import { OptionError, PilotzoneError, throwIfCancelled, type Warning } from '../errors.js';
import type { RunControl } from '../control.js';
import { cellOf, numericColumn, Table, type Cell, type Column } from '../data/table.js';
import { cellRows, panelIndex, requireBalanced, type PanelIndex } from '../data/panel/index.js';
import { standardiseSeries, syncRho, syncTransform } from './sync.js';
import { gravityMass, gravityStrength, greatCircleKm, median } from './gravity.js';

/** Column names of the gravity model's inputs. */
export interface GravityColumns {
  population: string;
  gdp: string;
  area: string;
  /** Administrative rank 4/3/2/1 ({@link ADMIN_RANK}). */
  rank: string;
  /** Decimal degrees. */
  lat: string;
  lon: string;
}

/** Options of {@link pairPanel}. */
export interface PairPanelOptions {
  unit: string;
  time: string;
  /** Series whose synchronisation is measured (e.g. an entropy composite); adds `sync` and `sync_t`. */
  series?: string;
  /** 0/1 column: the city is a pilot zone in this period. */
  zone?: string;
  /** Alternative to `zone`: first period in which the city is a zone (missing = never). */
  zoneSince?: string;
  /** Keep pairs of two zone cities (seed 004 robustness). Default false. */
  keepBothZones?: boolean;
  /** Pair controls -|x_i - x_j|; `log:x` uses ln x. Output columns are `pair_<x>`. */
  controls?: readonly string[];
  /** Gravity model inputs; adds `distance_km`, `gravity` and applies the cut-off. */
  gravity?: GravityColumns;
  /** Period whose values define the pair's gravity strength (default: mean over periods). */
  gravityPeriod?: number | string;
  /** `median` (default when `gravity` is given) or `none`. */
  cutoff?: 'median' | 'none';
  control?: RunControl;
}

/** Result of {@link pairPanel}. */
export interface PairPanelResult {
  /** One row per kept pair and period. */
  table: Table;
  /** Pair counts: all unordered pairs, dropped as both-zone, dropped by the gravity cut-off, kept. */
  counts: { cities: number; periods: number; pairs: number; bothZonesDropped: number; weakDropped: number; kept: number; treatedPairs: number };
  /** Median gravity strength used as the cut-off (`null` without gravity or with `cutoff: 'none'`). */
  gravityMedian: number | null;
  warnings: Warning[];
}

function numericFull(table: Table, name: string, what: string, keys: PanelIndex, positive: boolean): Float64Array {
  const v = table.numeric(name, what);
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x) || (positive && !(x > 0))) {
      throw new PilotzoneError(
        Number.isFinite(x) ? 'E_NONPOSITIVE' : 'E_MISSING_VALUE',
        `pairs: ${what} column "${name}" is ${Number.isNaN(x) ? 'missing' : x} in row ${i + 1} (city ${JSON.stringify(keys.unitLabels[keys.unitOf[i]!])}, period ${JSON.stringify(keys.times[keys.timeOf[i]!])})${positive ? '; it must be positive' : ''}.`,
        { details: { column: name, row: i + 1 } },
      );
    }
  }
  return v;
}

/** City-level static value (coordinates): one value per city, consistent across its rows. */
function perCity(table: Table, name: string, keys: PanelIndex): Float64Array {
  const v = table.numeric(name, 'pairs coordinates');
  const n = keys.unitLabels.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) continue;
    const u = keys.unitOf[i]!;
    if (Number.isNaN(out[u]!)) out[u] = x;
    else if (out[u] !== x) {
      throw new PilotzoneError('E_INCONSISTENT_COORDINATES', `pairs: city ${JSON.stringify(keys.unitLabels[u])} has two different values of "${name}" (${out[u]} and ${x}, row ${i + 1}).`, {
        hint: 'Coordinates are one point per city: fix the rows that disagree.',
        details: { unit: keys.unitLabels[u], column: name, row: i + 1 },
      });
    }
  }
  const missing: Cell[] = [];
  for (let u = 0; u < n; u++) if (Number.isNaN(out[u]!)) missing.push(keys.unitLabels[u]!);
  if (missing.length) {
    throw new PilotzoneError('E_MISSING_COORDINATES', `pairs: ${missing.length} city(ies) have no "${name}": ${missing.slice(0, 10).map((m) => JSON.stringify(m)).join(', ')}${missing.length > 10 ? ', ...' : ''}.`, {
      hint: 'The gravity model needs every city\'s coordinates: add them (e.g. from the registry) or drop those cities.',
      details: { column: name, units: missing },
    });
  }
  return out;
}

/** Builds the pair panel (see the module comment for every convention). */
export function pairPanel(table: Table, options: PairPanelOptions): PairPanelResult {
  const { unit, time } = options;
  if (options.zone && options.zoneSince) throw new OptionError('zone', 'give either zone (0/1 per period) or zoneSince (first zone period), not both.');
  const cutoff = options.cutoff ?? 'median';
  if (cutoff !== 'median' && cutoff !== 'none') throw new OptionError('cutoff', `"${String(cutoff)}" is not allowed.`, ['median', 'none']);
  const keys = panelIndex(table, unit, time, { what: 'pairs', allowStringTime: true, unitOrder: 'appearance', duplicateCode: 'E_DUPLICATE_KEY' });
  requireBalanced(keys, 'the pair panel', unit, time);
  const n = keys.unitLabels.length, T = keys.times.length;
  if (n < 2) throw new PilotzoneError('E_TOO_FEW_UNITS', `pairs: column "${unit}" has ${n} city; pairs need at least 2.`);
  const rowOf = cellRows(keys);
  const warnings: Warning[] = [];

  // zone status CEPA[u*T+t]
  const cepa = new Uint8Array(n * T);
  if (options.zone) {
    const z = table.numeric(options.zone, 'pairs zone');
    for (let i = 0; i < z.length; i++) {
      if (z[i] !== 0 && z[i] !== 1) {
        throw new PilotzoneError('E_NOT_BINARY', `pairs: zone column "${options.zone}" must be 0 or 1, but row ${i + 1} is ${Number.isNaN(z[i]!) ? 'missing' : z[i]}.`, { details: { column: options.zone, row: i + 1 } });
      }
      cepa[keys.unitOf[i]! * T + keys.timeOf[i]!] = z[i]!;
    }
  } else if (options.zoneSince) {
    const col = table.column(options.zoneSince, 'pairs zoneSince');
    const since: Cell[] = new Array(n).fill(undefined);
    for (let i = 0; i < table.nrows; i++) {
      const u = keys.unitOf[i]!;
      const v = cellOf(col, i);
      if (since[u] === undefined) since[u] = v;
      else if (since[u] !== v) {
        throw new PilotzoneError('E_INCONSISTENT_ZONE', `pairs: city ${JSON.stringify(keys.unitLabels[u])} has two different "${options.zoneSince}" values (${since[u]} and ${v}).`, { details: { unit: keys.unitLabels[u], row: i + 1 } });
      }
    }
    for (let u = 0; u < n; u++) {
      const s = since[u];
      if (s === null || s === undefined) continue;
      for (let t = 0; t < T; t++) {
        const p = keys.times[t]!;
        const after = typeof p === 'number' && typeof s === 'number' ? p >= s : String(p).localeCompare(String(s), undefined, { numeric: true }) >= 0;
        cepa[u * T + t] = after ? 1 : 0;
      }
    }
  }
  const cep = new Uint8Array(n);
  for (let u = 0; u < n; u++) for (let t = 0; t < T; t++) if (cepa[u * T + t]) cep[u] = 1;

  // synchronisation: standardised series z[u*T+t]
  let z: Float64Array | undefined;
  if (options.series) {
    const v = numericFull(table, options.series, 'series', keys, false);
    const d = new Float64Array(n * T);
    for (let u = 0; u < n; u++) for (let t = 0; t < T; t++) d[u * T + t] = v[rowOf[u * T + t]!]!;
    if (T < 2) throw new PilotzoneError('E_TOO_FEW_PERIODS', `pairs: the synchronisation index needs at least 2 periods of "${options.series}".`);
    z = standardiseSeries(d, n, T, keys.unitLabels, `"${options.series}"`);
  }

  // controls x[c][u*T+t]
  const controls = (options.controls ?? []).map((spec) => {
    const isLog = spec.startsWith('log:');
    const name = isLog ? spec.slice(4) : spec;
    const v = numericFull(table, name, 'control', keys, isLog);
    const x = new Float64Array(n * T);
    for (let u = 0; u < n; u++) for (let t = 0; t < T; t++) x[u * T + t] = isLog ? Math.log(v[rowOf[u * T + t]!]!) : v[rowOf[u * T + t]!]!;
    return { out: `pair_${name}`, x };
  });

  // gravity: mass[u*T+t], coordinates per city
  let mass: Float64Array | undefined, lat: Float64Array | undefined, lon: Float64Array | undefined;
  let gPeriod = -1;
  if (options.gravity) {
    const g = options.gravity;
    const P = numericFull(table, g.population, 'population', keys, true);
    const Gd = numericFull(table, g.gdp, 'GDP', keys, true);
    const S = numericFull(table, g.area, 'area', keys, true);
    const A = numericFull(table, g.rank, 'administrative rank', keys, true);
    mass = new Float64Array(n * T);
    for (let u = 0; u < n; u++) {
      for (let t = 0; t < T; t++) {
        const r = rowOf[u * T + t]!;
        mass[u * T + t] = gravityMass(P[r]!, Gd[r]!, S[r]!, A[r]!);
      }
    }
    lat = perCity(table, g.lat, keys);
    lon = perCity(table, g.lon, keys);
    if (options.gravityPeriod !== undefined) {
      gPeriod = keys.times.findIndex((p) => String(p) === String(options.gravityPeriod));
      if (gPeriod < 0) throw new OptionError('gravityPeriod', `period ${JSON.stringify(options.gravityPeriod)} is not in column "${time}".`);
    }
  }

  // candidate pairs
  const nPairs = (n * (n - 1)) / 2;
  const pi = new Int32Array(nPairs), pj = new Int32Array(nPairs);
  const strength = new Float64Array(nPairs), dist = new Float64Array(nPairs);
  let nc = 0, bothDropped = 0;
  for (let i = 0; i < n; i++) {
    throwIfCancelled(options.control?.signal, 'pair panel');
    for (let j = i + 1; j < n; j++) {
      if (cep[i] && cep[j] && !options.keepBothZones) {
        bothDropped++;
        continue;
      }
      pi[nc] = i;
      pj[nc] = j;
      if (mass) {
        const dkm = greatCircleKm(lat![i]!, lon![i]!, lat![j]!, lon![j]!);
        if (!(dkm > 0)) {
          throw new PilotzoneError('E_ZERO_DISTANCE', `pairs: cities ${JSON.stringify(keys.unitLabels[i])} and ${JSON.stringify(keys.unitLabels[j])} have the same coordinates, so the gravity strength 1/D^2 is infinite.`, {
            hint: 'Check the coordinates (or duplicate city codes under two names).',
            details: { units: [keys.unitLabels[i], keys.unitLabels[j]] },
          });
        }
        dist[nc] = dkm;
        let f = 0;
        if (gPeriod >= 0) f = gravityStrength(mass[i * T + gPeriod]!, mass[j * T + gPeriod]!, dkm);
        else {
          for (let t = 0; t < T; t++) f += gravityStrength(mass[i * T + t]!, mass[j * T + t]!, dkm);
          f /= T;
        }
        strength[nc] = f;
      }
      nc++;
    }
  }
  let gravityMedian: number | null = null;
  let keep = nc;
  const kept = new Int32Array(nc);
  if (mass && cutoff === 'median') {
    gravityMedian = median(strength.subarray(0, nc));
    keep = 0;
    for (let k = 0; k < nc; k++) if (strength[k]! > gravityMedian) kept[keep++] = k;
  } else for (let k = 0; k < nc; k++) kept[k] = k;
  options.control?.onProgress?.(1, 2, 'pairs selected');

  // output columns
  const N = keep * T;
  const codeI = new Int32Array(N), codeJ = new Int32Array(N), pairId = new Float64Array(N), timeIdx = new Int32Array(N);
  const treat = new Float64Array(N), post = new Float64Array(N), policy = new Float64Array(N);
  const sync = z ? new Float64Array(N) : undefined, syncT = z ? new Float64Array(N) : undefined;
  const grav = mass ? new Float64Array(N) : undefined, distCol = mass ? new Float64Array(N) : undefined;
  const ctrl = controls.map(() => new Float64Array(N));
  let infinite = 0;
  let treatedPairs = 0;
  for (let q = 0; q < keep; q++) {
    const k = kept[q]!;
    const i = pi[k]!, j = pj[k]!;
    const tr = cep[i]! ^ cep[j]!;
    treatedPairs += tr;
    for (let t = 0; t < T; t++) {
      const r = q * T + t;
      codeI[r] = i;
      codeJ[r] = j;
      pairId[r] = q + 1;
      timeIdx[r] = t;
      treat[r] = tr;
      const po = cepa[i * T + t]! ^ cepa[j * T + t]!;
      post[r] = po;
      policy[r] = tr * po;
      if (z) {
        const rho = syncRho(z[i * T + t]!, z[j * T + t]!);
        sync![r] = rho;
        const tt = syncTransform(rho, T);
        if (!Number.isFinite(tt)) infinite++;
        syncT![r] = tt;
      }
      if (mass) {
        grav![r] = strength[k]!;
        distCol![r] = dist[k]!;
      }
      for (let c = 0; c < controls.length; c++) {
        const x = controls[c]!.x;
        ctrl[c]![r] = -Math.abs(x[i * T + t]! - x[j * T + t]!);
      }
    }
  }
  if (infinite) {
    warnings.push({ code: 'W_SYNC_INFINITE', message: `${infinite} pair-period(s) have rho = 1 exactly (identical standardised values), so the transformed index sync_t is +Infinity (null in JSON/CSV).` });
  }
  const unitLevels = keys.unitLabels.map((u) => String(u));
  const numericUnits = keys.unitLabels.every((u) => typeof u === 'number');
  const unitCol = (name: string, codes: Int32Array): Column =>
    numericUnits ? numericColumn(name, Float64Array.from(codes, (c) => keys.unitLabels[c] as number)) : { kind: 'string', name, codes, levels: unitLevels };
  const numericTime = keys.times.every((p) => typeof p === 'number');
  const timeCol: Column = numericTime
    ? numericColumn(time, Float64Array.from(timeIdx, (t) => keys.times[t] as number))
    : { kind: 'string', name: time, codes: timeIdx, levels: keys.times.map(String) };
  const cols: Column[] = [
    numericColumn('pair_id', pairId),
    unitCol(`${unit}_i`, codeI),
    unitCol(`${unit}_j`, codeJ),
    timeCol,
    numericColumn('treat', treat),
    numericColumn('post', post),
    numericColumn('policy', policy),
  ];
  if (sync) cols.push(numericColumn('sync', sync), numericColumn('sync_t', syncT!));
  if (grav) cols.push(numericColumn('distance_km', distCol!), numericColumn('gravity', grav));
  controls.forEach((c, k) => cols.push(numericColumn(c.out, ctrl[k]!)));
  options.control?.onProgress?.(2, 2, 'pair panel');
  return {
    table: new Table(cols),
    counts: { cities: n, periods: T, pairs: nPairs, bothZonesDropped: bothDropped, weakDropped: nc - keep, kept: keep, treatedPairs },
    gravityMedian,
    warnings,
  };
}
