/**
 * Business-cycle synchronisation per pair and period.
 *
 * Cerqueira & Martins (2009, "Measuring the determinants of business cycle synchronization using a panel
 * approach", Economics Letters 102(2), 106-108), seed 004 eq. 3: for units i, j with series d_it, t = 1..T,
 *
 *   rho_ijt = 1 - 1/2 * [ (d_it - mean_i) / sqrt( (1/T) sum_t (d_it - mean_i)^2 )
 *                        - (d_jt - mean_j) / sqrt( (1/T) sum_t (d_jt - mean_j)^2 ) ]^2,
 *
 * i.e. 1 - (z_it - z_jt)^2 / 2 with z the series standardised by its full-sample mean and population
 * standard deviation (divisor T). Its mean over t is the Pearson correlation of d_i and d_j; since
 * sum_t z_it^2 = T, |z_it| <= sqrt(T - 1) and rho_ijt lies in [3 - 2T, 1].
 *
 * Cerqueira (2013, "A closer look at the world business cycle synchronization", International Economics and
 * Economic Policy 10(3), 349-363), seed 004 eq. 4, maps that range onto the real line with a Fisher-type
 * transform, removing the asymmetry (rho is far more dispersed below 0 than above):
 *
 *   rho'_ijt = 1/2 * ln( (1 + rho_ijt / (2T - 3)) / (1 - rho_ijt) ).
 *
 * (The seed's PDF text is garbled; the formulas above follow the original papers as quoted in the seed and
 * its bounds: the transform's poles are exactly the bounds 3 - 2T and 1 of rho.) rho = 1 (z_it = z_jt exactly)
 * gives rho' = +Infinity; callers report those cells. A constant series has no standard deviation:
 * `E_CONSTANT_SERIES`.
 */
import { PilotzoneError } from '../errors.js';
import type { Cell } from '../data/table.js';

/**
 * Standardises each unit's series in place: `d[u * T + t]` becomes (d - mean_u) / sd_u with the population
 * sd (divisor T). `units` names the units in the error for a constant series.
 */
export function standardiseSeries(d: Float64Array, nUnits: number, T: number, units?: readonly Cell[], column = 'series'): Float64Array {
  const z = new Float64Array(nUnits * T);
  for (let u = 0; u < nUnits; u++) {
    const off = u * T;
    let mean = 0;
    for (let t = 0; t < T; t++) mean += d[off + t]!;
    mean /= T;
    let ss = 0;
    for (let t = 0; t < T; t++) {
      const r = d[off + t]! - mean;
      ss += r * r;
    }
    const sd = Math.sqrt(ss / T);
    if (!(sd > 1e-300) || !(sd > Math.abs(mean) * 1e-13)) {
      throw new PilotzoneError('E_CONSTANT_SERIES', `synchronisation index: ${column} of unit ${JSON.stringify(units?.[u] ?? u)} is constant over the ${T} periods, so it has no cycle to correlate.`, {
        hint: 'Drop the unit from the pair panel.',
        details: { unit: units?.[u] ?? u, column },
      });
    }
    for (let t = 0; t < T; t++) z[off + t] = (d[off + t]! - mean) / sd;
  }
  return z;
}

/** Cerqueira-Martins index from two standardised values: 1 - (z_i - z_j)^2 / 2. */
export function syncRho(zi: number, zj: number): number {
  const diff = zi - zj;
  return 1 - 0.5 * diff * diff;
}

/** Cerqueira (2013) transform of rho for a sample of T periods: 1/2 ln((1 + rho/(2T-3)) / (1 - rho)). */
export function syncTransform(rho: number, T: number): number {
  return 0.5 * Math.log((1 + rho / (2 * T - 3)) / (1 - rho));
}

/**
 * rho_ijt and rho'_ijt for two raw series of equal length T (>= 2). Convenience for one pair; the pair
 * panel standardises every unit once instead.
 */
export function syncIndex(di: ArrayLike<number>, dj: ArrayLike<number>): { rho: Float64Array; transformed: Float64Array } {
  const T = di.length;
  if (dj.length !== T || T < 2) throw new PilotzoneError('E_SERIES_LENGTH', `synchronisation index: the two series must have the same length >= 2 (got ${T} and ${dj.length}).`);
  const d = new Float64Array(2 * T);
  for (let t = 0; t < T; t++) {
    d[t] = di[t]!;
    d[T + t] = dj[t]!;
  }
  const z = standardiseSeries(d, 2, T, ['i', 'j']);
  const rho = new Float64Array(T), transformed = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    rho[t] = syncRho(z[t]!, z[T + t]!);
    transformed[t] = syncTransform(rho[t]!, T);
  }
  return { rho, transformed };
}
