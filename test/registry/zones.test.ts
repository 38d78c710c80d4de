import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allZones, zones, developmentModes, cityByCode } from '../../src/registry/index.js';
import { PilotzoneError } from '../../src/errors.js';

function countByBatch(list: readonly { batch: number }[]): number[] {
  const c = new Array(9).fill(0);
  for (const z of list) c[z.batch]++;
  return c.slice(1);
}

test('batch counts are 1/12/22/24/46/27/33 for batches 1-7 and 16 in 2025', () => {
  assert.deepEqual(countByBatch(zones({ batches: '1-7' })), [1, 12, 22, 24, 46, 27, 33, 0]);
  assert.equal(zones({ batches: '1-7' }).length, 165);
  assert.deepEqual(countByBatch(zones()), [1, 12, 22, 24, 46, 27, 33, 16]);
  assert.equal(zones({ batches: [8] }).length, 16);
});

test('each batch has one approving document and one date, in batch order', () => {
  const docs = new Map<number, Set<string>>();
  for (const z of allZones()) (docs.get(z.batch) ?? docs.set(z.batch, new Set()).get(z.batch)!).add(`${z.doc_no}@${z.effective_date}`);
  for (const [b, s] of docs) assert.equal(s.size, 1, `batch ${b}: ${[...s].join(', ')}`);
  const firstDates = [...docs.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => [...s][0]!.split('@')[1]!);
  assert.deepEqual([...firstDates].sort(), firstDates);
  const hangzhou = allZones().find((z) => z.batch === 1)!;
  assert.equal(hangzhou.doc_no, '国函〔2015〕44号');
  assert.equal(hangzhou.approval_date, '2015-03-07');
});

test('as-of date: zones approved later are left out; revocations count from 2025-04-25', () => {
  assert.equal(zones({ asOf: '2019-12-14' }).length, 1 + 12 + 22);
  assert.equal(zones({ asOf: '2019-12-15' }).length, 1 + 12 + 22 + 24);
  assert.equal(zones({ asOf: '2019' }).length, 59, 'a bare year means its 31 December');
  assert.equal(zones({ asOf: '2025-04-24', status: 'revoked' }).length, 0);
  assert.equal(zones({ asOf: '2025-04-24' }).length, 165);
  const revoked = zones({ asOf: '2025-04-25', status: 'revoked' });
  assert.deepEqual(revoked.map((z) => z.name_en).sort(), ['Alashankou', 'Haikou', 'Sanya']);
  assert.equal(zones({ asOf: '2025-04-25', status: 'active' }).length, 165 - 3 + 16);
  // Without a date the registry reports the latest known status.
  assert.equal(zones({ status: 'revoked' }).length, 3);
  assert.ok(zones({ asOf: '2024-06-30' }).every((z) => z.status === 'active'));
});

test('zones carry confidence flags, levels and city codes that exist', () => {
  const list = zones();
  assert.ok(list.every((z) => ['high', 'medium', 'low'].includes(z.confidence)));
  assert.equal(list.filter((z) => z.batch === 7 && z.confidence === 'medium').length, 16, 'batch 7 names after Tai\'an are medium');
  for (const z of list) for (const c of z.covers_city_codes) assert.ok(cityByCode(c), `zone ${z.zone_id}: city ${c}`);
  assert.equal(list.find((z) => z.name_en === 'Chongqing')?.zone_name_en, 'China (Chongqing) Cross-border E-commerce Comprehensive Pilot Zone');
  const yiwu = list.find((z) => z.name_en === 'Yiwu')!;
  assert.equal(yiwu.coverage, 'part-of-city');
  assert.equal(yiwu.place_code, '330782');
  assert.equal(list.find((z) => z.name_en === 'Hainan')!.covers_city_codes.length, 4);
});

test('bad inputs: unknown batch, malformed date, unknown status', () => {
  for (const b of ['9', '0-3', 'x', '4-2', '']) {
    assert.throws(() => zones({ batches: b }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_UNKNOWN_BATCH' && e.message.includes('batches'), `batches "${b}"`);
  }
  assert.throws(() => zones({ batches: [3, 12] }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_UNKNOWN_BATCH' && e.message.includes('"12"'));
  for (const d of ['2019-02-30', '2019/12/31', '20191231', 'soon']) {
    assert.throws(() => zones({ asOf: d }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_BAD_DATE' && e.message.includes('asOf') && e.message.includes(d));
  }
  assert.throws(() => zones({ status: 'pending' as never }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_OPTION' && e.message.includes('status'));
});

test('development modes of seed 002 name the cities the seed names', () => {
  const modes = developmentModes();
  assert.equal(modes.length, 5);
  const named = modes.flatMap((m) => m.city_codes.map((c) => cityByCode(c)!.name_en)).sort();
  assert.deepEqual(named, ['Chengdu', 'Guangzhou', 'Hangzhou', 'Hefei', 'Ningbo', 'Shenzhen', 'Suzhou', 'Zhengzhou']);
  assert.equal(modes.find((m) => m.id === 'b2c-retail-import')!.city_codes[0], '410100');
});
