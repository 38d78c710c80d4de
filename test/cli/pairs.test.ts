import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './indicators-helpers.js';
import { syncIndex } from '../../src/indicators/sync.js';

/** 3 cities x 3 years: A zone from year 2. */
function data(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pz-pairs-'));
  const path = join(dir, 'cities.csv');
  const lines = ['city,year,zone,dev,edu,pop,gdp,area,rank,lat,lon'];
  const dev: Record<string, number[]> = { A: [1, 2, 3], B: [3, 1, 2], C: [2, 2.5, 5] };
  const ll: Record<string, string> = { A: '30,120', B: '31,121', C: '35,110' };
  for (const c of ['A', 'B', 'C']) for (let t = 1; t <= 3; t++) lines.push(`${c},${t},${c === 'A' && t >= 2 ? 1 : 0},${dev[c]![t - 1]},${t * c.charCodeAt(0)},100,50,1000,1,${ll[c]}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return { dir, path };
}

test('pilotzone pairs writes the pair panel and reports counts (JSON); sync equals the formula', async () => {
  const { dir, path } = data();
  const panel = join(dir, 'pairs.csv');
  const r = await runCli(['pairs', '--data', path, '--unit', 'city', '--time', 'year', '--series', 'dev', '--zone', 'zone', '--controls', 'edu', '--cutoff', 'none', '--panel', panel, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.command, 'pairs');
  assert.equal(j.counts.pairs, 3);
  assert.equal(j.nrows, 9);
  assert.ok(existsSync(panel));
  const text = readFileSync(panel, 'utf8').trim().split(/\r?\n/);
  assert.equal(text.length, 10);
  const header = text[0]!.split(',');
  const ab = text.slice(1).map((l) => l.split(',')).filter((c) => c[header.indexOf('city_i')] === 'A' && c[header.indexOf('city_j')] === 'B');
  const s = syncIndex([1, 2, 3], [3, 1, 2]);
  ab.forEach((c, t) => assert.ok(Math.abs(Number(c[header.indexOf('sync')]) - s.rho[t]!) < 1e-12));
  assert.deepEqual(ab.map((c) => Number(c[header.indexOf('policy')])), [0, 1, 1]);
});

test('pilotzone pairs: gravity needs all its columns; cities without coordinates exit 2', async () => {
  const { path } = data();
  let r = await runCli(['pairs', '--data', path, '--unit', 'city', '--time', 'year', '--population', 'pop']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_OPTION/);
  const { dir } = data();
  const p2 = join(dir, 'nocoord.csv');
  writeFileSync(p2, readFileSync(path, 'utf8').replace(/^C,(\d),(.*),35,110$/gm, 'C,$1,$2,,'));
  r = await runCli(['pairs', '--data', p2, '--unit', 'city', '--time', 'year', '--population', 'pop', '--gdp', 'gdp', '--area', 'area', '--rank', 'rank', '--lat', 'lat', '--lon', 'lon']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_MISSING_COORDINATES.*"C"/);
  r = await runCli(['pairs', '--data', path, '--unit', 'city', '--time', 'year', '--population', 'pop', '--gdp', 'gdp', '--area', 'area', '--rank', 'rank', '--lat', 'lat', '--lon', 'lon', '--format', 'table']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /pairs kept/);
});
