import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCsvText } from '../../../src/data/read/csv.js';
import { writeCsvText } from '../../../src/data/write/csv.js';
import { numericColumn, stringColumn, Table } from '../../../src/data/table.js';
import { Rng } from '../../../src/stats/rng.js';

test('RFC 4180 quoting only where needed; missing as empty; LF endings', () => {
  const t = new Table([
    stringColumn('s', ['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded', null]),
    numericColumn('x', [1, 0.1, NaN, -2.5e-10, 1e21, 123456789.125]),
  ]);
  assert.equal(
    writeCsvText(t),
    's,x\nplain,1\n"a,b",0.1\n"say ""hi""",\n"two\nlines",-2.5e-10\n" padded",1e+21\n,123456789.125\n',
  );
  assert.equal(writeCsvText(t, { quoteAll: true, lineEnding: '\r\n' }).split('\r\n')[1], '"plain",1');
  assert.ok(writeCsvText(t, { bom: true }).startsWith('\uFEFFs,x'));
  assert.ok(writeCsvText(t, { delimiter: '\t' }).startsWith('s\tx\nplain\t1\na,b\t0.1\n'));
});

test('write -> read is the identity on random doubles (shortest round-trip text) and Chinese text (seed 9)', () => {
  const rng = new Rng(9);
  const n = 3000;
  const x = Float64Array.from({ length: n }, (_, i) => (i % 50 === 0 ? NaN : rng.normal() * 10 ** (rng.int(40) - 20)));
  const cities = ['杭州', '宁波', '深圳 ', 'a,"b"', '多行\n文本'];
  const t = new Table([numericColumn('x', x), stringColumn('城市', Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : cities[i % 5]!)))]);
  const back = readCsvText(writeCsvText(t));
  const bx = back.numeric('x');
  for (let i = 0; i < n; i++) assert.ok(Object.is(bx[i], x[i]) || (Number.isNaN(bx[i]!) && Number.isNaN(x[i]!)), `row ${i}`);
  for (let i = 0; i < n; i++) assert.equal(back.get('城市', i), t.get('城市', i));
});
