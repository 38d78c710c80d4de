/**
 * Seeded simulated panels for the indicator tests and benchmarks: a Cobb-Douglas city economy with
 * technical inefficiency (DEA) and planted frontier shifts.
 */
import { Rng } from '../../src/stats/rng.js';
import { Table } from '../../src/data/table.js';

/**
 * `nUnits` x `nPeriods` panel: gdp = A_t * capital^0.4 * labor^0.6 * eff, eff = exp(-|N(0, 0.3)|),
 * A_t = 1.015^t, capital and labor log-normal with growth. Columns city, year, gdp, capital, labor.
 */
export function simulateCityPanel(nUnits: number, nPeriods: number, seed: number): Table {
  const rng = new Rng(seed);
  const city: string[] = [], year: number[] = [], gdp: number[] = [], capital: number[] = [], labor: number[] = [];
  const k0 = Array.from({ length: nUnits }, () => Math.exp(6 + rng.normal()));
  const l0 = Array.from({ length: nUnits }, () => Math.exp(4 + 0.7 * rng.normal()));
  for (let t = 0; t < nPeriods; t++) {
    for (let i = 0; i < nUnits; i++) {
      const k = k0[i]! * Math.exp(0.08 * t + 0.05 * rng.normal());
      const l = l0[i]! * Math.exp(0.01 * t + 0.03 * rng.normal());
      const eff = Math.exp(-Math.abs(0.3 * rng.normal()));
      city.push(`C${String(i + 1).padStart(3, '0')}`);
      year.push(2007 + t);
      capital.push(k);
      labor.push(l);
      gdp.push(1.015 ** t * k ** 0.4 * l ** 0.6 * eff);
    }
  }
  return Table.fromColumns({ city, year, gdp, capital, labor });
}
