import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EFFECTS, generateCityPanel, loadCityPanel, MEDIATOR_VARIABLES, NATIONAL_URBANISATION } from '../../../src/data/embedded/index.js';
import { PilotzoneError } from '../../../src/errors.js';
import { didInMeans, rowIndex } from './helpers.js';

const panel = loadCityPanel();
const twin = generateCityPanel({ effects: 'none' });
const INDEX_COLUMNS = ['urbanisation_rate', 'marketisation_index', 'institutional_innovation', 'factor_allocation'];
const MEDIATORS = MEDIATOR_VARIABLES.map((v) => v.name);

test('index columns: deterministic by seed, drawn from their own streams, and a city does not depend on the others', () => {
  const a = generateCityPanel({ seed: 5, years: { from: 2010, to: 2019 } }), b = generateCityPanel({ seed: 5, years: { from: 2010, to: 2019 } });
  const c = generateCityPanel({ seed: 6, years: { from: 2010, to: 2019 } });
  for (const name of INDEX_COLUMNS) {
    assert.deepEqual(a.table.numeric(name), b.table.numeric(name), name);
    const x = a.table.numeric(name), y = c.table.numeric(name);
    assert.ok(x.some((v, i) => v !== y[i]), `${name} changes with the seed`);
  }
  // Changing only the mediators' planted effects changes the mediators and nothing else: their draws are
  // their own (the other columns' streams are untouched).
  const other = generateCityPanel({ effects: { outcomes: { ...DEFAULT_EFFECTS.outcomes, institutional_innovation: { size: 0.4, kind: 'level', rampYears: 1, diffusionWeight: 1 } } } });
  for (const name of panel.table.names) {
    if (name === 'institutional_innovation') assert.notDeepEqual(other.table.column(name), panel.table.column(name));
    else assert.deepEqual(other.table.column(name), panel.table.column(name), name);
  }
  const small = generateCityPanel({ cities: 30 });
  const idx = rowIndex(panel.table);
  for (const [key, i] of rowIndex(small.table)) {
    for (const name of INDEX_COLUMNS) assert.equal(small.table.numeric(name)[i], panel.table.numeric(name)[idx.get(key)!], `${key} ${name}`);
  }
});

test('index columns are labelled simulated; only the mediators carry planted effects', () => {
  for (const name of INDEX_COLUMNS) {
    const p = panel.provenance[name]!;
    assert.equal(p.kind, 'simulated', name);
    assert.deepEqual(p.sources, ['model'], name);
    assert.match(p.label, /SIMULATED/, name);
    assert.ok(p.unit, name);
  }
  for (const m of MEDIATORS) {
    assert.equal(panel.provenance[m]!.planted, true, m);
    assert.equal(twin.provenance[m]!.planted, false, m);
  }
  for (const name of ['urbanisation_rate', 'marketisation_index']) {
    assert.ok(!panel.provenance[name]!.planted, name);
    assert.deepEqual(panel.table.numeric(name), twin.table.numeric(name), `${name} is identical on the Y(0) twin`);
  }
});

test('urbanisation follows the national NBS path (resident-weighted) and marketisation is a rising 0-12 index', () => {
  const t = panel.table, yr = t.numeric('year'), u = t.numeric('urbanisation_rate'), pop = t.numeric('pop_resident'), m = t.numeric('marketisation_index');
  for (const year of [2010, 2015, 2019, 2023]) {
    let s = 0, w = 0;
    for (let i = 0; i < t.nrows; i++) if (yr[i] === year) (s += u[i]! * pop[i]!), (w += pop[i]!);
    assert.ok(Math.abs(s / w - NATIONAL_URBANISATION[year]!) < 1e-6, `${year}: ${(s / w).toFixed(4)} vs ${NATIONAL_URBANISATION[year]}`);
  }
  assert.ok(u.every((x) => x > 0 && x < 100) && m.every((x) => x >= 0 && x <= 12));
  // Richer, migrant-receiving cities are more urbanised: Shenzhen and Foshan above the median city.
  const idx = rowIndex(t);
  const u19 = Float64Array.from(u.filter((_, i) => yr[i] === 2019)).sort();
  for (const code of ['440300', '440600']) assert.ok(u[idx.get(`${code}|2019`)!]! > u19[Math.floor(u19.length / 2)]!, code);
  const meanIn = (year: number) => m.reduce((s, x, i) => (yr[i] === year ? s + x : s), 0) / yr.filter((y) => y === year).length;
  assert.ok(Math.abs(meanIn(2020) - meanIn(2010) - 1.2) < 0.05, `marketisation rises ~0.12 a year: ${meanIn(2010).toFixed(2)} -> ${meanIn(2020).toFixed(2)}`);
  // The east is the most market-oriented region, the west the least (NERI ordering).
  const reg = t.column('region');
  assert.ok(reg.kind === 'string');
  const byRegion = (r: string) => {
    let s = 0, n = 0;
    for (let i = 0; i < t.nrows; i++) if (yr[i] === 2016 && reg.levels[reg.codes[i]!] === r) (s += m[i]!), n++;
    return s / n;
  };
  assert.ok(byRegion('east') > byRegion('central') && byRegion('central') > byRegion('west'));
});

test('the planted mediator effects are exact (log M - log M(0) = truth) and a difference in means recovers them', () => {
  const idx = rowIndex(panel.table);
  for (const m of MEDIATORS) {
    const truth = new Map<string, number>();
    for (const r of panel.truth.toObjects()) if (r['outcome'] === m) truth.set(`${r['code']}|${r['year']}`, r['effect'] as number);
    assert.ok(truth.size > 500, m);
    const y = panel.table.numeric(m), y0 = twin.table.numeric(m);
    for (const [key, i] of idx) assert.ok(Math.abs(Math.log(y[i]! / y0[i]!) - (truth.get(key) ?? 0)) < 1e-12, `${m} ${key}`);
    for (const batch of [2, 3, 5]) {
      const est = didInMeans(panel.table, y, batch);
      const rows = panel.truthByBatch.filter((r) => r.outcome === m && r.batch === batch);
      const want = rows.reduce((s, r) => s + r.effect * r.n, 0) / rows.reduce((s, r) => s + r.n, 0);
      assert.ok(Math.abs(est.estimate - want) < 4 * est.se, `${m} batch ${batch}: ${est.estimate.toFixed(4)} vs truth ${want.toFixed(4)} (SE ${est.se.toFixed(4)})`);
      assert.ok(want > 2 * est.se, `${m} batch ${batch}: the planted effect is large enough to be seen`);
      const placebo = didInMeans(twin.table, y0, batch);
      assert.ok(Math.abs(placebo.estimate) < 4 * placebo.se, `${m} batch ${batch}: nothing on Y(0) (${placebo.estimate.toFixed(4)})`);
    }
  }
});

test('the diffusion channel: after treatment a zone city co-moves more with the other cities on a mediator', () => {
  // Mean correlation of the annual log growth of institutional_innovation, 2016-2023, between batch-2 cities
  // (treated from 2016) and never-treated cities: higher on the panel than on its Y(0) twin.
  const corr = (p: typeof panel) => {
    const t = p.table, b = t.numeric('cbec_batch'), yr = t.numeric('year'), v = t.numeric('institutional_innovation');
    const code = t.column('code');
    assert.ok(code.kind === 'string');
    const series = new Map<number, { batch: number; x: number[] }>();
    for (let i = 1; i < t.nrows; i++) {
      if (yr[i]! < 2017 || code.codes[i] !== code.codes[i - 1]) continue;
      const s = series.get(code.codes[i]!) ?? series.set(code.codes[i]!, { batch: b[i]!, x: [] }).get(code.codes[i]!)!;
      s.x.push(Math.log(v[i]! / v[i - 1]!));
    }
    const cen = (x: number[]) => {
      const m = x.reduce((a, z) => a + z, 0) / x.length;
      return x.map((z) => z - m);
    };
    const zone = [...series.values()].filter((s) => s.batch === 2).map((s) => cen(s.x));
    const never = [...series.values()].filter((s) => s.batch === 0).map((s) => cen(s.x));
    let s = 0, n = 0;
    for (const a of zone) for (const c of never) {
      const num = a.reduce((acc, z, k) => acc + z * c[k]!, 0);
      s += num / Math.sqrt(a.reduce((acc, z) => acc + z * z, 0) * c.reduce((acc, z) => acc + z * z, 0));
      n++;
    }
    return s / n;
  };
  assert.ok(corr(panel) > corr(twin) + 0.1, `panel ${corr(panel).toFixed(3)} vs Y(0) ${corr(twin).toFixed(3)}`);
});

test('bad mediator effect options are named errors', () => {
  const expect = (f: () => unknown, word: string) => assert.throws(f, (e: unknown) => e instanceof PilotzoneError && e.code === 'E_OPTION' && e.message.includes(word), word);
  expect(() => generateCityPanel({ effects: { outcomes: { exports: { size: 0.1, kind: 'level', rampYears: 1, diffusionWeight: 0.5 } } } }), 'diffusionWeight');
  expect(() => generateCityPanel({ effects: { outcomes: { factor_allocation: { size: 0.1, kind: 'level', rampYears: 1, diffusionWeight: 1.5 } } } }), 'diffusionWeight');
});
