/**
 * The modified gravity model of seed 004 (eq. 1, after Zheng et al. 2021) for the maximum possible economic
 * linkage between cities i and j:
 *
 *   F_ij = (P_i G_i S_i A_i)^(1/4) * (P_j G_j S_j A_j)^(1/4) / D_ij^2,
 *
 * P = year-end population, G = real GDP, S = administrative land area, A = administrative rank (4 for a
 * municipality directly under the central government, 3 sub-provincial city, 2 provincial capital, 1 other
 * prefecture-level city; {@link ADMIN_RANK}), D = great-circle distance.
 *
 * Distance: haversine on a sphere of radius 6371.0088 km (the IUGG mean Earth radius), coordinates in
 * decimal degrees; F's unit follows from the inputs' units and km^-2, and only its ranking matters for the
 * median cut-off.
 */

/** Administrative rank values of seed 004. */
export const ADMIN_RANK = {
  municipality: 4,
  subProvincial: 3,
  provincialCapital: 2,
  prefecture: 1,
} as const;

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** Great-circle (haversine) distance in km between two points given in decimal degrees. */
export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = lat1 * RAD, p2 = lat2 * RAD;
  const dp = p2 - p1, dl = (lon2 - lon1) * RAD;
  const h = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The fourth-root "mass" (P G S A)^(1/4) of one city. */
export function gravityMass(population: number, gdp: number, area: number, rank: number): number {
  return Math.sqrt(Math.sqrt(population * gdp * area * rank));
}

/** F_ij of eq. 1 from the two masses and the distance (km). */
export function gravityStrength(massI: number, massJ: number, distanceKm: number): number {
  return (massI * massJ) / (distanceKm * distanceKm);
}

/** Median of the values (average of the two middle ones for an even count); NaN for none. */
export function median(values: ArrayLike<number>): number {
  const a = Float64Array.from(values).sort();
  const n = a.length;
  if (!n) return NaN;
  return n % 2 ? a[(n - 1) / 2]! : (a[n / 2 - 1]! + a[n / 2]!) / 2;
}
