/**
 * Pair panel of seed 004 for 300 cities x 13 years (44,850 pairs, about 583k pair-years) with the
 * synchronisation index, two pair controls and the gravity model; goal under 2 s (no peer figure: the seed's
 * authors build it by hand).
 */
import { Table } from '../src/data/table.js';
import { Rng } from '../src/stats/rng.js';
import { pairPanel } from '../src/indicators/pairs.js';
import { entropyIndex } from '../src/indicators/entropy.js';
import { printTable, timeIt, type BenchRow } from './report.js';

function cityPanel(n: number, T: number, seed: number): Table {
  const rng = new Rng(seed);
  const city: string[] = [], year: number[] = [], zone: number[] = [], a: number[] = [], b: number[] = [], c: number[] = [];
  const pop: number[] = [], gdp: number[] = [], area: number[] = [], rank: number[] = [], lat: number[] = [], lon: number[] = [];
  for (let i = 0; i < n; i++) {
    const since = rng.uniform() < 0.2 ? 2015 + rng.int(5) : 9999;
    const la = 22 + 20 * rng.uniform(), lo = 100 + 22 * rng.uniform(), rk = 1 + (rng.uniform() < 0.05 ? 3 : rng.uniform() < 0.1 ? 1 : 0);
    const p0 = Math.exp(5 + rng.normal() * 0.5), g0 = Math.exp(7 + rng.normal());
    for (let t = 0; t < T; t++) {
      city.push(`C${String(i + 1).padStart(3, '0')}`);
      year.push(2007 + t);
      zone.push(2007 + t >= since ? 1 : 0);
      a.push(g0 * Math.exp(0.07 * t + 0.05 * rng.normal()));
      b.push(rng.uniform());
      c.push(Math.exp(rng.normal()));
      pop.push(p0);
      gdp.push(g0 * 1.07 ** t);
      area.push(5000 + 10000 * rng.uniform());
      rank.push(rk);
      lat.push(la);
      lon.push(lo);
    }
  }
  return Table.fromColumns({ city, year, zone, a, b, c, pop, gdp, area, rank, lat, lon });
}

export async function run(_args: string[]): Promise<void> {
  const t = cityPanel(300, 13, 4004);
  const scored = entropyIndex(t, { indicators: ['a', 'b', '-c'], by: 'year', scoreName: 'dev' }).table;
  let rows = 0;
  const opts = { unit: 'city', time: 'year', series: 'dev', zone: 'zone', controls: ['log:a', 'b'], keepBothZones: true };
  const full = await timeIt(() => {
    rows = pairPanel(scored, { ...opts, cutoff: 'none' }).table.nrows;
  }, 5);
  let kept = 0;
  const grav = await timeIt(() => {
    kept = pairPanel(scored, { ...opts, gravity: { population: 'pop', gdp: 'gdp', area: 'area', rank: 'rank', lat: 'lat', lon: 'lon' } }).table.nrows;
  }, 5);
  const ent = await timeIt(() => entropyIndex(t, { indicators: ['a', 'b', '-c'], by: 'year' }), 5);
  const out: BenchRow[] = [
    { case: `pair panel 300 x 13, sync + 2 controls (${rows} pair-years)`, ours_s: full.median, peer: 'none (by hand)', peer_s: null, note: 'goal < 2 s' },
    { case: `... + gravity + median cut-off (${kept} kept)`, ours_s: grav.median, peer: 'none', peer_s: null, note: 'goal < 2 s' },
    { case: 'entropy index 3900 rows x 3 indicators, per-year weights', ours_s: ent.median, peer: 'none', peer_s: null },
  ];
  printTable('City pairs (seed 004)', out);
}
