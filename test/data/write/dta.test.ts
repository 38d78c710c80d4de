import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDtaBytes, type DtaNumericColumn } from '../../../src/data/read/dta.js';
import { writeDtaBytes } from '../../../src/data/write/dta.js';
import { numericColumn, stringColumn, Table } from '../../../src/data/table.js';
import { Rng } from '../../../src/stats/rng.js';
import { PilotzoneError } from '../../../src/errors.js';

function roundTrip(t: Table, opts = {}) {
  const notes: string[] = [];
  const bytes = writeDtaBytes(t, { ...opts, onNote: (m) => notes.push(m) });
  return { r: readDtaBytes(bytes), notes, bytes };
}

test('round trip: numbers (exact), missing, narrowest exact storage types', () => {
  const rng = new Rng(3);
  const n = 500;
  const dbl = Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? NaN : rng.normal() * 10 ** (rng.int(30) - 15)));
  const t = new Table([
    numericColumn('b', Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? NaN : (i % 228) - 127))),
    numericColumn('i', Float64Array.from({ length: n }, (_, i) => (i % 2 ? 32740 : -32767))),
    numericColumn('l', Float64Array.from({ length: n }, (_, i) => (i % 2 ? 2147483620 : -2147483647))),
    numericColumn('big', Float64Array.from({ length: n }, (_, i) => (i % 2 ? 2147483621 : 1))),
    numericColumn('d', dbl),
    numericColumn('extreme', Float64Array.from({ length: n }, (_, i) => [Number.MAX_VALUE * 0.5, -Number.MAX_VALUE, 5e-324, -0.5][i % 4]!)),
    numericColumn('allmissing', new Float64Array(n).fill(NaN)),
  ]);
  const { r, notes } = roundTrip(t);
  assert.deepEqual(r.storageTypes, ['byte', 'int', 'long', 'double', 'double', 'double', 'byte']);
  assert.equal(r.release, 118);
  assert.equal(r.byteOrder, 'LSF');
  for (const c of t.columns) {
    const got = r.table.numeric(c.name);
    const want = t.numeric(c.name);
    for (let i = 0; i < n; i++) assert.ok(Object.is(got[i], want[i]) || (Number.isNaN(got[i]!) && Number.isNaN(want[i]!)), `${c.name}[${i}]`);
  }
  assert.equal(notes.length, 0);
  const plain = roundTrip(t, { compress: false }).r;
  assert.ok(plain.storageTypes.every((s) => s === 'double'));
});

test('values Stata cannot store (Infinity, > 8.988e307) become missing with a note', () => {
  const t = new Table([numericColumn('x', [1, Infinity, -Infinity, 1.7e308, 2])]);
  const { r, notes } = roundTrip(t);
  assert.deepEqual(Array.from(r.table.numeric('x')), [1, NaN, NaN, NaN, 2]);
  assert.equal(notes.length, 1);
  assert.match(notes[0]!, /3 numeric value\(s\) were infinite or beyond/);
});

test('round trip: Chinese strings (str#), missing strings, strL above 2045 bytes with shared GSOs', () => {
  const long = '长'.repeat(800); // 2400 bytes -> strL
  const t = new Table([
    stringColumn('城市', ['杭州', '宁波', null, '杭州', '']),
    stringColumn('memo', [long, null, long + '!', long, 'short']),
    numericColumn('年份', [2015, 2016, 2017, 2018, 2019]),
  ]);
  const { r, bytes } = roundTrip(t, { datasetLabel: '跨境电商综试区面板' });
  assert.deepEqual(r.storageTypes, ['str6', 'strL', 'int']);
  assert.equal(r.datasetLabel, '跨境电商综试区面板');
  assert.deepEqual(r.table.names, ['城市', 'memo', '年份']);
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => r.table.get('城市', i)), ['杭州', '宁波', null, '杭州', null]);
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => r.table.get('memo', i)), [long, null, long + '!', long, 'short']);
  // the repeated long string is stored once (cross-linked): 3 distinct non-empty strLs -> 3 GSOs
  const text = new TextDecoder('latin1').decode(bytes);
  assert.equal(text.split('GSO').length - 1, 3);
});

test('round trip: variable labels, value labels with their set name, shared and conflicting sets', () => {
  const yesno = new Map([
    [0, '否'],
    [1, '是'],
  ]);
  const t = new Table([
    { ...numericColumn('pilot', [0, 1, 1]), label: '是否试点城市', valueLabels: yesno, valueLabelName: 'yesno' } as DtaNumericColumn,
    { ...numericColumn('treated', [1, 0, 1]), valueLabels: yesno, valueLabelName: 'yesno' } as DtaNumericColumn,
    { ...numericColumn('batch', [1, 2, 3]), valueLabels: new Map([[1, 'first'], [2, 'second'], [2.5, 'half']]), valueLabelName: 'yesno' } as DtaNumericColumn,
    { ...numericColumn('region', [1, 2, 1]), valueLabels: new Map([[1, 'east'], [2, 'west']]) },
  ]);
  const { r, notes } = roundTrip(t);
  const pilot = r.table.column('pilot') as DtaNumericColumn;
  assert.equal(pilot.label, '是否试点城市');
  assert.equal(pilot.valueLabelName, 'yesno');
  assert.deepEqual([...pilot.valueLabels!], [...yesno]);
  assert.equal((r.table.column('treated') as DtaNumericColumn).valueLabelName, 'yesno');
  const batch = r.table.column('batch') as DtaNumericColumn;
  assert.equal(batch.valueLabelName, 'batch', 'a different set under a taken name is renamed after the variable');
  assert.deepEqual([...batch.valueLabels!], [[1, 'first'], [2, 'second']]);
  assert.equal((r.table.column('region') as DtaNumericColumn).valueLabelName, 'region', 'default set name = variable name');
  assert.deepEqual([...r.valueLabels.keys()].sort(), ['batch', 'region', 'yesno']);
  assert.ok(notes.some((m) => /non-integer/.test(m)));
  assert.ok(notes.some((m) => /differs from another set/.test(m)));
});

test('display formats survive a round trip; invalid names are made valid with the original as label', () => {
  const t = new Table([
    { ...numericColumn('date', [20089, 20090]), format: '%td' },
    numericColumn('GDP (亿元)', [1, 2]),
    numericColumn('2015年', [3, 4]),
    numericColumn('int', [5, 6]),
    numericColumn('GDP__亿元_', [7, 8]),
    numericColumn('a'.repeat(40), [9, 10]),
  ]);
  const { r, notes } = roundTrip(t);
  assert.deepEqual(r.table.names, ['date', 'GDP__亿元_', '_2015年', '_int', 'GDP__亿元__2', 'a'.repeat(32)]);
  const d = r.table.column('date');
  assert.ok(d.kind === 'number' && d.format === '%td');
  assert.equal(r.table.column('GDP__亿元_').label, 'GDP (亿元)');
  assert.equal(notes.length, 5);
});

test('more than 32,767 variables are written as format 119 and read back', () => {
  const K = 32769;
  const cols = Array.from({ length: K }, (_, j) => numericColumn(`v${j}`, [j, -j]));
  cols[K - 1] = { ...stringColumn(`v${K - 1}`, ['x'.repeat(2100), 'y']) } as never;
  const { r } = roundTrip(new Table(cols));
  assert.equal(r.release, 119);
  assert.equal(r.table.ncols, K);
  assert.deepEqual(Array.from(r.table.numeric('v32767')), [32767, -32767]);
  assert.equal(r.table.get(`v${K - 1}`, 0), 'x'.repeat(2100));
  assert.equal(r.storageTypes[K - 1], 'strL');
});

test('a 0-row table and an empty-string-only column round trip', () => {
  const t = new Table([numericColumn('x', []), stringColumn('s', [])]);
  const { r } = roundTrip(t);
  assert.equal(r.table.nrows, 0);
  assert.deepEqual(r.storageTypes, ['byte', 'str1']);
});

test('too many variables is E_DTA_LIMIT', () => {
  const cols = Array.from({ length: 120001 }, (_, j) => numericColumn(`v${j}`, []));
  try {
    writeDtaBytes(new Table(cols), { target: 'wide.dta' });
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof PilotzoneError);
    assert.equal(e.code, 'E_DTA_LIMIT');
    assert.match(e.message, /120001 columns/);
  }
});
