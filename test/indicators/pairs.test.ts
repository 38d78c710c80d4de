import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../src/data/table.js';
import { pairPanel } from '../../src/indicators/pairs.js';
import { greatCircleKm, gravityMass } from '../../src/indicators/gravity.js';
import { syncIndex } from '../../src/indicators/sync.js';
import { throwsCode } from '../helpers/errors.js';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);


/** 4 cities x 3 years: A zone from year 2, B zone from year 3, C and D never. */
function cityPanel() {
  const city: string[] = [], year: number[] = [], zone: number[] = [], y: number[] = [], edu: number[] = [];
  const pop: number[] = [], gdp: number[] = [], area: number[] = [], rank: number[] = [], lat: number[] = [], lon: number[] = [];
  const series: Record<string, number[]> = { A: [1, 2, 3], B: [3, 1, 2], C: [2, 2.5, 5], D: [1, 0, 4] };
  const coords: Record<string, [number, number]> = { A: [30, 120], B: [31, 121], C: [35, 110], D: [25, 100] };
  const since: Record<string, number> = { A: 2, B: 3, C: 99, D: 99 };
  for (const c of ['A', 'B', 'C', 'D']) {
    for (let t = 1; t <= 3; t++) {
      city.push(c);
      year.push(t);
      zone.push(t >= since[c]! ? 1 : 0);
      y.push(series[c]![t - 1]!);
      edu.push(c.charCodeAt(0) * t);
      pop.push(100 + c.charCodeAt(0));
      gdp.push(50 * t);
      area.push(1000);
      rank.push(c === 'A' ? 4 : 1);
      lat.push(coords[c]![0]);
      lon.push(coords[c]![1]);
    }
  }
  return { city, year, zone, y, edu, pop, gdp, area, rank, lat, lon };
}
const gravity = { population: 'pop', gdp: 'gdp', area: 'area', rank: 'rank', lat: 'lat', lon: 'lon' };

test('pair treatment (eq. 5-6), both-zone pairs dropped, sync index and controls per pair-year', () => {
  const t = Table.fromColumns(cityPanel());
  const r = pairPanel(t, { unit: 'city', time: 'year', series: 'y', zone: 'zone', controls: ['edu'] });
  // 6 pairs, (A, B) both zones -> dropped; 5 kept x 3 years
  assert.equal(r.counts.pairs, 6);
  assert.equal(r.counts.bothZonesDropped, 1);
  assert.equal(r.table.nrows, 15);
  const rows = r.table.toObjects();
  const get = (i: string, j: string, year: number) => rows.find((x) => x.city_i === i && x.city_j === j && x.year === year)!;
  // (A, C): treat 1; post = 1 from year 2 (A zone, C not)
  assert.deepEqual([1, 2, 3].map((yr) => [get('A', 'C', yr).treat, get('A', 'C', yr).post, get('A', 'C', yr).policy]), [[1, 0, 0], [1, 1, 1], [1, 1, 1]]);
  // (C, D): neither -> 0 everywhere
  assert.deepEqual([1, 2, 3].map((yr) => get('C', 'D', yr).policy), [0, 0, 0]);
  // sync index equals the one-pair function; controls are -|x_i - x_j|
  const s = syncIndex([1, 2, 3], [2, 2.5, 5]);
  for (let yr = 1; yr <= 3; yr++) {
    close(get('A', 'C', yr).sync as number, s.rho[yr - 1]!);
    close(get('A', 'C', yr).sync_t as number, s.transformed[yr - 1]!);
    close(get('A', 'C', yr).pair_edu as number, -Math.abs(65 * yr - 67 * yr));
  }
});

test('keepBothZones keeps (A, B) with treat 0 (eq. 5) and post following eq. 6', () => {
  const r = pairPanel(Table.fromColumns(cityPanel()), { unit: 'city', time: 'year', zone: 'zone', keepBothZones: true });
  assert.equal(r.table.nrows, 18);
  const ab = r.table.toObjects().filter((x) => x.city_i === 'A' && x.city_j === 'B');
  // year 1: neither; year 2: only A -> post 1; year 3: both -> post 0
  assert.deepEqual(ab.map((x) => [x.treat, x.post, x.policy]), [[0, 0, 0], [0, 1, 0], [0, 0, 0]]);
});

test('zoneSince gives the same treatment as the 0/1 zone column', () => {
  const p = cityPanel();
  const since = p.city.map((c) => (c === 'A' ? 2 : c === 'B' ? 3 : null));
  const a = pairPanel(Table.fromColumns(p), { unit: 'city', time: 'year', zone: 'zone' });
  const b = pairPanel(Table.fromColumns({ ...p, since }), { unit: 'city', time: 'year', zoneSince: 'since' });
  assert.deepEqual(a.table.numeric('policy'), b.table.numeric('policy'));
  assert.deepEqual(a.table.numeric('post'), b.table.numeric('post'));
});

test('gravity strength (mean of F_ijt over years) and the median cut-off, hand-computed', () => {
  const p = cityPanel();
  const r = pairPanel(Table.fromColumns(p), { unit: 'city', time: 'year', zone: 'zone', gravity });
  // candidate pairs after the both-zone rule: AC, AD, BC, BD, CD (5) -> median is the 3rd; 2 kept
  const mass = (c: string, t: number) => gravityMass(100 + c.charCodeAt(0), 50 * t, 1000, c === 'A' ? 4 : 1);
  const coords: Record<string, [number, number]> = { A: [30, 120], B: [31, 121], C: [35, 110], D: [25, 100] };
  const F = (i: string, j: string) => {
    const d = greatCircleKm(...coords[i]!, ...coords[j]!);
    return [1, 2, 3].reduce((s, t) => s + (mass(i, t) * mass(j, t)) / (d * d), 0) / 3;
  };
  const all = [['A', 'C'], ['A', 'D'], ['B', 'C'], ['B', 'D'], ['C', 'D']].map(([i, j]) => ({ i, j, f: F(i!, j!) }));
  const sorted = [...all].sort((x, y) => x.f - y.f);
  close(r.gravityMedian!, sorted[2]!.f, 1e-15);
  assert.equal(r.counts.kept, 2);
  assert.equal(r.counts.weakDropped, 3);
  const keptPairs = new Set(r.table.toObjects().map((x) => `${x.city_i}${x.city_j}`));
  assert.deepEqual([...keptPairs].sort(), [sorted[3]!, sorted[4]!].map((x) => `${x.i}${x.j}`).sort());
  const row = r.table.toObjects().find((x) => x.city_i === sorted[4]!.i && x.city_j === sorted[4]!.j)!;
  close(row.gravity as number, sorted[4]!.f, 1e-15);
  // cutoff none keeps all candidates
  assert.equal(pairPanel(Table.fromColumns(p), { unit: 'city', time: 'year', zone: 'zone', gravity, cutoff: 'none' }).counts.kept, 5);
});

test('bad inputs: duplicate city codes, cities without coordinates, inconsistent coordinates, unbalanced, non-binary zone', () => {
  const p = cityPanel();
  const dup = { ...p, city: p.city.map((c) => (c === 'B' ? 'A' : c)) };
  throwsCode(() => pairPanel(Table.fromColumns(dup), { unit: 'city', time: 'year' }), 'E_DUPLICATE_KEY', '"A"');
  const nolat = { ...p, lat: p.lat.map((v, i) => (p.city[i] === 'D' ? null : v)) };
  throwsCode(() => pairPanel(Table.fromColumns(nolat), { unit: 'city', time: 'year', gravity }), 'E_MISSING_COORDINATES', '"D"');
  const incons = { ...p, lon: p.lon.map((v, i) => (i === 1 ? v + 1 : v)) };
  throwsCode(() => pairPanel(Table.fromColumns(incons), { unit: 'city', time: 'year', gravity }), 'E_INCONSISTENT_COORDINATES', '"A"');
  const same = { ...p, lat: p.lat.map((v, i) => (p.city[i] === 'B' ? 30 : v)), lon: p.lon.map((v, i) => (p.city[i] === 'B' ? 120 : v)) };
  throwsCode(() => pairPanel(Table.fromColumns(same), { unit: 'city', time: 'year', gravity }), 'E_ZERO_DISTANCE');
  const t = Table.fromColumns(p).filter((i) => i !== 5);
  throwsCode(() => pairPanel(t, { unit: 'city', time: 'year' }), 'E_UNBALANCED_PANEL');
  throwsCode(() => pairPanel(Table.fromColumns({ ...p, zone: p.zone.map((z) => z * 2) }), { unit: 'city', time: 'year', zone: 'zone' }), 'E_NOT_BINARY', '"zone"');
  const flat = { ...p, y: p.y.map((v, i) => (p.city[i] === 'C' ? 7 : v)) };
  throwsCode(() => pairPanel(Table.fromColumns(flat), { unit: 'city', time: 'year', series: 'y' }), 'E_CONSTANT_SERIES', '"C"');
  throwsCode(() => pairPanel(Table.fromColumns({ ...p, pop: p.pop.map((v, i) => (i === 0 ? -1 : v)) }), { unit: 'city', time: 'year', gravity }), 'E_NONPOSITIVE', '"pop"');
});
