import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allCities, cities, cityByCode, resolveCityKey } from '../../src/registry/index.js';
import { PilotzoneError } from '../../src/errors.js';

test('337 divisions with codes, names, region, rank and coordinates', () => {
  const all = allCities();
  assert.equal(all.length, 337);
  assert.equal(new Set(all.map((c) => c.code)).size, 337);
  for (const c of all) {
    assert.match(c.code, /^\d{6}$/);
    assert.ok(c.name_zh && c.name_en && c.province);
    assert.ok(c.lat > 15 && c.lat < 55 && c.lon > 70 && c.lon < 136, `${c.code} coordinates`);
    assert.ok([1, 2, 3, 4].includes(c.admin_rank));
  }
  assert.equal(all.filter((c) => c.coastal).length, 55);
  assert.equal(all.filter((c) => c.admin_rank === 4).length, 4);
  assert.equal(all.filter((c) => c.admin_rank === 3).length, 15);
  assert.equal(cityByCode('440600')!.name_zh, '佛山市');
});

test('city filters: province, region, coastal, rank, batch, pilot, search combine', () => {
  const gd = cities({ provinces: ['Guangdong'] });
  assert.equal(gd.length, 21);
  assert.deepEqual(cities({ provinces: ['广东省'] }).map((c) => c.code), gd.map((c) => c.code));
  const ne = cities({ regions: ['northeast'] });
  assert.ok(ne.every((c) => ['Liaoning', 'Jilin', 'Heilongjiang'].includes(c.province)));
  assert.equal(cities({ adminRanks: [4] }).map((c) => c.name_en).join(','), 'Beijing,Tianjin,Shanghai,Chongqing');
  const coastalEast = cities({ regions: ['east'], coastal: true });
  assert.ok(coastalEast.length > 0 && coastalEast.every((c) => c.coastal && c.region === 'east'));
  assert.equal(cities({ batches: '1-3' }).length, 1 + 12 + 21, 'whole-city zones of batches 1-3 (Yiwu is county-level)');
  assert.equal(cities({ pilot: true }).length + cities({ pilot: false }).length, 337);
  assert.deepEqual(cities({ search: 'foshan' }).map((c) => c.code), ['440600']);
  assert.deepEqual(cities({ codes: ['440600', '110000'] }).map((c) => c.code), ['110000', '440600']);
});

test('bad city filters name the option and list the allowed values', () => {
  assert.throws(() => cities({ provinces: ['Atlantis'] }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_OPTION' && e.message.includes('provinces') && (e.hint ?? '').includes('Guangdong'));
  assert.throws(() => cities({ regions: ['south' as never] }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_OPTION' && e.message.includes('regions'));
  assert.throws(() => cities({ adminRanks: [7] }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_OPTION');
  assert.throws(() => cities({ codes: ['999999'] }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_UNKNOWN_CITY' && e.message.includes('999999'));
  assert.throws(() => cities({ batches: '10' }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_UNKNOWN_BATCH');
});

test('city keys: codes as numbers or text, prefixes, municipal district codes, names', () => {
  assert.equal(resolveCityKey(440600), '440600');
  assert.equal(resolveCityKey('4406'), '440600');
  assert.equal(resolveCityKey('440600000000'), '440600');
  assert.equal(resolveCityKey(110100), '110000');
  assert.equal(resolveCityKey('500200'), '500000');
  assert.equal(resolveCityKey('佛山'), '440600');
  assert.equal(resolveCityKey('佛山市'), '440600');
  assert.equal(resolveCityKey('FOSHAN'), '440600');
  assert.equal(resolveCityKey('Suzhou'), undefined, 'two cities are called Suzhou (苏州, 宿州)');
  assert.equal(resolveCityKey('苏州'), '320500');
  assert.equal(resolveCityKey(440601), undefined);
  assert.equal(resolveCityKey(4406.5), undefined);
});
