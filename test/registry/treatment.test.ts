import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../src/data/table.js';
import { allCities, allZones, treatmentColumns, treatmentSchedule } from '../../src/registry/index.js';
import { PilotzoneError } from '../../src/errors.js';

/** A balanced panel of `codes` x years. */
function panel(codes: readonly (string | number)[], from: number, to: number): Table {
  const unit: (string | number)[] = [], year: number[] = [];
  for (const c of codes) for (let y = from; y <= to; y++) {
    unit.push(c);
    year.push(y);
  }
  return Table.fromObjects(unit.map((u, i) => ({ city: u, year: year[i] })));
}

test('treatment columns of every city match the approval dates of cities.csv (batches 1-7)', () => {
  const all = allCities();
  const t = panel(all.map((c) => c.code), 2013, 2024);
  const res = treatmentColumns(t, { unitCode: 'city', time: 'year', batches: '1-7', asOf: '2024-12-31' });
  const cohort = res.table.numeric('cbec_cohort'), treated = res.table.numeric('cbec_treated');
  const byCode = new Map(all.map((c) => [c.code, c]));
  let treatedCells = 0;
  for (let i = 0; i < t.nrows; i++) {
    const c = byCode.get(String(t.get('city', i)))!;
    const y = t.get('year', i) as number;
    // cities.csv carries its own approval date of the city's whole-city zone: an independent record.
    const first = c.cbec_approval_date ? Number(c.cbec_approval_date.slice(0, 4)) : 0;
    assert.equal(cohort[i], first, `${c.name_en} cohort`);
    assert.equal(treated[i], first > 0 && y >= first ? 1 : 0, `${c.name_en} ${y}`);
    treatedCells += treated[i]!;
  }
  assert.ok(treatedCells > 0);
  assert.deepEqual(res.warnings, []);
});

test('a small panel: Hangzhou 2015, Foshan 2019, Haidong 2019, Jinhua 2022 (Yiwu is county-level), never-treated Handan', () => {
  const t = panel(['330100', '440600', '630200', '330700', '130400'], 2014, 2023);
  const res = treatmentColumns(t, { unitCode: 'city', time: 'year' });
  const got = new Map(res.units.map((u) => [u.code, u.cohort]));
  assert.deepEqual(Object.fromEntries(got), { '330100': 2015, '440600': 2019, '630200': 2019, '330700': 2022, '130400': 0 });
  const rows = res.table.toObjects();
  const foshan = rows.filter((r) => r['city'] === 440600 || r['city'] === '440600').map((r) => r['cbec_treated']);
  assert.deepEqual(foshan, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  // Batch selection: only batches 1-3 -> Foshan (batch 4) is never treated.
  const b13 = treatmentColumns(t, { unitCode: 'city', time: 'year', batches: [1, 2, 3] });
  assert.equal(b13.units.find((u) => u.code === '440600')!.cohort, 0);
  // As of a date before batch 4's approval.
  assert.equal(treatmentColumns(t, { unitCode: 'city', time: 'year', asOf: '2019-12-14' }).units.find((u) => u.code === '440600')!.cohort, 0);
  assert.equal(treatmentColumns(t, { unitCode: 'city', time: 'year', asOf: '2019-12-15' }).units.find((u) => u.code === '440600')!.cohort, 2019);
});

test('first treated year convention: approval year by default, next year after a cut-off', () => {
  const s0 = treatmentSchedule({});
  const s1 = treatmentSchedule({ cutoff: '07-01' });
  assert.equal(s0.get('330100')!.cohort, 2015); // 2015-03-07
  assert.equal(s1.get('330100')!.cohort, 2015);
  assert.equal(s0.get('110000')!.cohort, 2018); // 2018-07-24
  assert.equal(s1.get('110000')!.cohort, 2019);
  assert.equal(s0.get('440600')!.cohort, 2019); // 2019-12-15
  assert.equal(s1.get('440600')!.cohort, 2020);
  for (const z of allZones()) {
    if (z.coverage !== 'whole-city' || z.batch > 7) continue;
    const y = Number(z.approval_date!.slice(0, 4));
    const late = z.approval_date!.slice(5) >= '07-01';
    assert.equal(s1.get(z.city_code!)!.cohort, late ? y + 1 : y, z.name_en);
  }
  // Announcement basis: batch 3 published 2018-08-08, still 2018; batch 4 published 2019-12-25.
  assert.equal(treatmentSchedule({ dateBasis: 'announcement' }).get('440600')!.cohort, 2019);
  assert.equal(treatmentSchedule({ dateBasis: 'announcement', cutoff: '12-20' }).get('440600')!.cohort, 2020);
  assert.equal(treatmentSchedule({ cutoff: '12-20' }).get('440600')!.cohort, 2019);
});

test('revocations: Haikou stops in 2025 unless batch 8 (Hainan whole island) is selected', () => {
  const t = panel(['460100', '460400', '652700'], 2023, 2026);
  const r17 = treatmentColumns(t, { unitCode: 'city', time: 'year', batches: '1-7' });
  const haikou = r17.table.toObjects().filter((r) => String(r['city']) === '460100').map((r) => r['cbec_treated']);
  assert.deepEqual(haikou, [1, 1, 0, 0]);
  assert.ok(r17.warnings.some((w) => w.code === 'W_NOT_ABSORBING' && w.message.includes('460100')));
  // As of 2024 the revocation was not known yet.
  const r24 = treatmentColumns(t, { unitCode: 'city', time: 'year', batches: '1-7', asOf: '2024-12-31' });
  assert.deepEqual(r24.table.toObjects().filter((r) => String(r['city']) === '460100').map((r) => r['cbec_treated']), [1, 1, 1, 1]);
  // revocations: false ignores them.
  const rNo = treatmentColumns(t, { unitCode: 'city', time: 'year', batches: '1-7', revocations: false });
  assert.ok(!rNo.warnings.some((w) => w.code === 'W_NOT_ABSORBING'));
  // All batches: the Hainan zone takes over in 2025; Danzhou and Bortala enter in 2025.
  const r18 = treatmentColumns(t, { unitCode: 'city', time: 'year' });
  const rows = r18.table.toObjects();
  assert.deepEqual(rows.filter((r) => String(r['city']) === '460100').map((r) => r['cbec_treated']), [1, 1, 1, 1]);
  assert.deepEqual(rows.filter((r) => String(r['city']) === '460400').map((r) => r['cbec_treated']), [0, 0, 1, 1]);
  assert.equal(r18.units.find((u) => u.code === '652700')!.cohort, 2025);
  // Alashankou (county-level, batch 6) treats Bortala only with partCityZones, and only until its revocation.
  const part = treatmentColumns(t, { unitCode: 'city', time: 'year', batches: '1-7', partCityZones: true });
  assert.deepEqual(part.table.toObjects().filter((r) => String(r['city']) === '652700').map((r) => r['cbec_treated']), [1, 1, 0, 0]);
});

test('county-level zone places are units of their own (Yiwu 330782)', () => {
  const res = treatmentColumns(panel(['330782'], 2017, 2019), { unitCode: 'city', time: 'year' });
  assert.equal(res.units[0]!.cohort, 2018);
  assert.deepEqual(Array.from(res.table.numeric('cbec_treated')), [0, 1, 1]);
});

test('bad inputs: unknown city code, ambiguous name, non-year time, missing column, malformed options', () => {
  const bad = panel(['440600', '999999', '123456'], 2018, 2019);
  assert.throws(
    () => treatmentColumns(bad, { unitCode: 'city', time: 'year' }),
    (e: unknown) => e instanceof PilotzoneError && e.code === 'E_UNKNOWN_CITY' && e.message.includes('"city"') && e.message.includes('999999') && e.message.includes('123456') && e.message.includes('row 3'),
  );
  const kept = treatmentColumns(bad, { unitCode: 'city', time: 'year', unknownUnits: 'untreated' });
  assert.ok(kept.warnings.some((w) => w.code === 'W_UNKNOWN_CITY' && w.message.includes('999999')));
  assert.equal(kept.units.find((u) => u.unit === '999999')!.cohort, 0);
  assert.throws(
    () => treatmentColumns(panel(['Suzhou'], 2018, 2019), { unitCode: 'city', time: 'year' }),
    (e: unknown) => e instanceof PilotzoneError && e.code === 'E_UNKNOWN_CITY' && e.message.includes('Ambiguous') && e.message.includes('Suzhou'),
  );
  const frac = Table.fromObjects([{ city: '440600', year: 2019.5 }]);
  assert.throws(() => treatmentColumns(frac, { unitCode: 'city', time: 'year' }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_TIME_NOT_YEAR' && e.message.includes('row 1'));
  assert.throws(() => treatmentColumns(frac, { unitCode: 'code', time: 'year' }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_MISSING_COLUMN' && e.message.includes('"code"'));
  assert.throws(() => treatmentColumns(frac, { unitCode: 'city', time: 'year', batches: '2-9' }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_UNKNOWN_BATCH');
  assert.throws(() => treatmentColumns(frac, { unitCode: 'city', time: 'year', asOf: '31/12/2019' }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_BAD_DATE');
  assert.throws(() => treatmentColumns(frac, { unitCode: 'city', time: 'year', cutoff: '13-01' }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_BAD_DATE' && e.message.includes('cutoff'));
  assert.throws(() => treatmentColumns(frac, { unitCode: 'city', time: 'year', unknownUnits: 'drop' as never }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_OPTION');
});

test('missing unit or year gives missing treatment with a warning; existing columns are replaced with a warning', () => {
  const t = Table.fromObjects([{ city: '440600', year: 2019, cbec_treated: 5 }, { city: null, year: 2019, cbec_treated: 5 }, { city: '440600', year: null, cbec_treated: 5 }]);
  const res = treatmentColumns(t, { unitCode: 'city', time: 'year' });
  const d = res.table.numeric('cbec_treated');
  assert.equal(d[0], 1);
  assert.ok(Number.isNaN(d[1]!) && Number.isNaN(d[2]!));
  assert.ok(res.warnings.some((w) => w.code === 'W_MISSING_KEY' && w.message.startsWith('2 row')));
  assert.ok(res.warnings.some((w) => w.code === 'W_REPLACED_COLUMN'));
  assert.equal(res.table.ncols, 4);
});
