import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateCityPanel, loadCityPanel, DEFAULT_SEED, defaultPanelCodes } from '../../../src/data/embedded/index.js';
import { treatmentColumns } from '../../../src/registry/index.js';
import { PilotzoneError } from '../../../src/errors.js';
import { rowIndex } from './helpers.js';

const base = loadCityPanel();

test('the default panel: about 290 cities x 2010-2023, labelled simulated, seed reported', () => {
  const codes = defaultPanelCodes();
  assert.ok(codes.length >= 280 && codes.length <= 300, `${codes.length} cities`);
  assert.equal(base.table.nrows, codes.length * 14);
  assert.equal(base.seed, DEFAULT_SEED);
  assert.equal(base.simulated, true);
  assert.match(base.notice, /SIMULATED/);
  assert.deepEqual(base.years, { from: 2010, to: 2023 });
  assert.equal(loadCityPanel(), base, 'cached');
  for (const name of base.table.names) {
    if (base.table.column(name).kind !== 'number') continue;
    const v = base.table.numeric(name);
    if (name === 'cbec_event_time') continue; // missing for never-treated cities by design
    assert.ok(v.every((x) => Number.isFinite(x)), `${name} has missing or infinite values`);
  }
});

test('same seed -> same data; another seed changes simulated columns only', () => {
  const a = generateCityPanel({ seed: 11 }), b = generateCityPanel({ seed: 11 }), c = generateCityPanel({ seed: 12 });
  for (const name of a.table.names) assert.deepEqual(a.table.column(name), b.table.column(name), name);
  assert.deepEqual(a.truth.toObjects(), b.truth.toObjects());
  for (const [name, p] of Object.entries(a.provenance)) {
    if (a.table.column(name).kind !== 'number') continue;
    const x = a.table.numeric(name), y = c.table.numeric(name);
    if (p.kind === 'simulated') {
      assert.ok(x.some((v, i) => v !== y[i]), `${name} should change with the seed`);
    } else if (p.kind === 'mixed') {
      const src = a.table.column(`${name}_src`);
      assert.ok(src.kind === 'string');
      for (let i = 0; i < x.length; i++) {
        const s = src.levels[src.codes[i]!]!;
        if (s.startsWith('published')) assert.equal(x[i], y[i], `${name} row ${i}: published cells never depend on the seed`);
      }
    } else assert.deepEqual(x, y, name);
  }
});

test("the panel's treatment columns are the registry's (batches 1-7)", () => {
  const t = base.table.select(['code', 'year']);
  const res = treatmentColumns(t, { unitCode: 'code', time: 'year', batches: '1-7' });
  assert.deepEqual(base.table.numeric('cbec_cohort'), res.table.numeric('cbec_cohort'));
  assert.deepEqual(base.table.numeric('cbec_treated'), res.table.numeric('cbec_treated'));
  const idx = rowIndex(base.table);
  const foshan = idx.get('440600|2019')!;
  assert.equal(base.table.get('cbec_batch', foshan), 4);
  assert.equal(base.table.get('cbec_event_time', foshan), 0);
});

test('resizing: a sample, synthetic extra cities, a year range and a code list; a city does not depend on the others', () => {
  const idx = rowIndex(base.table);
  const small = generateCityPanel({ cities: 40 });
  assert.equal(small.table.nrows, 40 * 14);
  const smallIdx = rowIndex(small.table);
  for (const [key, i] of smallIdx) {
    const j = idx.get(key)!;
    for (const name of ['gdp', 'intl_express_pc', 'exports', 'industrial_output', 'employees']) assert.equal(small.table.numeric(name)[i], base.table.numeric(name)[j], `${key} ${name}`);
  }
  const big = generateCityPanel({ cities: defaultPanelCodes().length + 10, years: { from: 2012, to: 2016 } });
  assert.equal(big.table.nrows, (defaultPanelCodes().length + 10) * 5);
  const code = big.table.column('code');
  assert.ok(code.kind === 'string');
  const synth = big.table.filter((i) => code.levels[code.codes[i]!]!.startsWith('9'));
  assert.equal(synth.nrows, 50);
  const gsrc = synth.column('gdp_src');
  assert.ok(gsrc.kind === 'string' && gsrc.codes.every((c) => gsrc.levels[c] === 'simulated'));
  // Real cities keep their values when synthetic cities are added or the years change.
  const bigIdx = rowIndex(big.table);
  for (const key of ['440600|2014', '110000|2016', '652300|2012']) {
    const i = bigIdx.get(key), j = idx.get(key);
    if (i === undefined || j === undefined) continue;
    assert.equal(big.table.numeric('gdp')[i], base.table.numeric('gdp')[j]);
    assert.equal(big.table.numeric('patents')[i], base.table.numeric('patents')[j]);
  }
  const two = generateCityPanel({ cities: ['440600', '440100'] });
  assert.equal(two.table.nrows, 28);
  assert.equal(two.table.numeric('intl_express_pc')[rowIndex(two.table).get('440600|2018')!], base.table.numeric('intl_express_pc')[idx.get('440600|2018')!]);
});

test('bad inputs to the generator are named errors', () => {
  const expect = (f: () => unknown, code: string, word: string) =>
    assert.throws(f, (e: unknown) => e instanceof PilotzoneError && e.code === code && e.message.includes(word), `${code} ${word}`);
  expect(() => generateCityPanel({ cities: ['440600', '999999'] }), 'E_UNKNOWN_CITY', '999999');
  expect(() => generateCityPanel({ cities: ['460300'] }), 'E_NO_PUBLISHED_DATA', '460300');
  expect(() => generateCityPanel({ cities: 1 }), 'E_OPTION', 'cities');
  expect(() => generateCityPanel({ cities: 2.5 }), 'E_OPTION', 'cities');
  expect(() => generateCityPanel({ years: { from: 2020, to: 2010 } }), 'E_OPTION', 'years');
  expect(() => generateCityPanel({ seed: 1.5 }), 'E_OPTION', 'seed');
  expect(() => generateCityPanel({ lowConfidence: 'drop' as never }), 'E_OPTION', 'lowConfidence');
  expect(() => generateCityPanel({ batches: '1-9' }), 'E_UNKNOWN_BATCH', 'batches');
  expect(() => generateCityPanel({ effects: { outcomes: { gdp: { size: 0.1, kind: 'level', rampYears: 1 } } } }), 'E_OPTION', 'gdp');
  expect(() => generateCityPanel({ effects: { outcomes: { exports: { size: 0.1, kind: 'jump' as never, rampYears: 1 } } } }), 'E_OPTION', 'kind');
  expect(() => generateCityPanel({ effects: { syncWeight: 2 } }), 'E_OPTION', 'syncWeight');
  expect(() => generateCityPanel({ effects: 'big' as never }), 'E_OPTION', 'effects');
});
