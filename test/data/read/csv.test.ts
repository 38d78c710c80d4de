import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readCsvText } from '../../../src/data/read/csv.js';
import { PilotzoneError, DataFileError } from '../../../src/errors.js';
import { needsValidation, validationPath } from '../../helpers/validation.js';
import { Rng } from '../../../src/stats/rng.js';

function errorOf(fn: () => unknown): PilotzoneError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PilotzoneError, `expected a PilotzoneError, got ${e}`);
    return e;
  }
  assert.fail('expected an error');
}

test('RFC 4180: quoted delimiters, doubled quotes, newlines in quotes, CRLF, BOM', () => {
  const t = readCsvText('\uFEFFid,text,x\r\n1,"a,b",1.5\r\n2,"say ""hi""",2\r\n3,"two\r\nlines",\r\n');
  assert.deepEqual(t.names, ['id', 'text', 'x']);
  assert.equal(t.nrows, 3);
  assert.deepEqual(t.toObjects(), [
    { id: 1, text: 'a,b', x: 1.5 },
    { id: 2, text: 'say "hi"', x: 2 },
    { id: 3, text: 'two\r\nlines', x: null },
  ]);
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a,b\n1,2\n')]);
  assert.deepEqual(readCsvText(bytes).names, ['a', 'b']);
});

test('type inference: numeric with missing tokens; text makes a dictionary-encoded column; late text re-reads earlier rows', () => {
  const t = readCsvText('a,b,c,d\n1,x,NA,1\n.,y,,2\nnull,x,#N/A,3\n4,,NaN,code7\n');
  const a = t.column('a');
  assert.equal(a.kind, 'number');
  assert.deepEqual(Array.from(a.kind === 'number' ? a.values : []), [1, NaN, NaN, 4]);
  const b = t.column('b');
  assert.equal(b.kind, 'string');
  if (b.kind === 'string') {
    assert.deepEqual(b.levels, ['x', 'y']);
    assert.deepEqual(Array.from(b.codes), [0, 1, 0, -1]);
  }
  const c = t.column('c');
  assert.equal(c.kind, 'number');
  const d = t.column('d');
  assert.equal(d.kind, 'string', 'a text cell after numbers makes the column text');
  if (d.kind === 'string') {
    assert.deepEqual(d.levels, ['1', '2', '3', 'code7'], 'levels in first-seen order, original text');
    assert.deepEqual(Array.from(d.codes), [0, 1, 2, 3]);
  }
});

test('leading zeros and text are kept verbatim once a column is text; quoted "NA" is text in a string column', () => {
  const t = readCsvText('code,name\n007,"NA"\nA1,NA\n2,Beijing\n');
  assert.deepEqual(t.toObjects(), [
    { code: '007', name: 'NA' },
    { code: 'A1', name: null },
    { code: '2', name: 'Beijing' },
  ]);
  // in a column that stays numeric, a quoted missing token is missing like an unquoted one
  assert.deepEqual(readCsvText('x\n"NA"\n"1.5"\n').toObjects(), [{ x: null }, { x: 1.5 }]);
});

test('numbers equal Number() on a seeded random CSV (5000 rows)', () => {
  const rng = new Rng(5);
  const vals: string[] = [];
  let text = 'x,y\n';
  for (let i = 0; i < 5000; i++) {
    const s = (rng.normal() * 10 ** rng.int(8)).toPrecision(1 + rng.int(17));
    vals.push(s);
    text += `${s},${i}\n`;
  }
  const x = readCsvText(text).numeric('x');
  for (let i = 0; i < vals.length; i++) assert.ok(Object.is(x[i], Number(vals[i])), vals[i]);
});

test('every numeric form in a CSV cell equals Number() of its text (fast and general paths)', () => {
  const forms = ['0', '-0', '+5', '.5', '5.', '-.25', '1e5', '1E+05', '2.5e-3', '007', ' 42 ', '1.5\t', '123456789012345678', '0.1234567890123456789', '1e-30', '12345.000000000000000000001', 'Infinity', '0x1A', '3'];
  const t = readCsvText('x,y\n' + forms.map((f, i) => `${f},${i}`).join('\r\n') + '\r\n');
  const x = t.numeric('x');
  forms.forEach((f, i) => assert.ok(Object.is(x[i], Number(f.trim())), f));
  const last = readCsvText('y,x\n1,-2.5').numeric('x');
  assert.equal(last[0], -2.5, 'number at end of file without a newline');
});

test('Chinese names and values in UTF-8', () => {
  const t = readCsvText('城市,年份,试点批次\n杭州,2015,第一批\n宁波,2016,第二批\n杭州,2016,第一批\n');
  assert.deepEqual(t.names, ['城市', '年份', '试点批次']);
  const c = t.column('城市');
  assert.ok(c.kind === 'string' && c.levels.length === 2);
  assert.deepEqual(t.row(2), { 城市: '杭州', 年份: 2016, 试点批次: '第一批' });
});

test('GBK bytes are detected (with a note) and can be forced', () => {
  // "城市,值\n杭州,1.5\n" in GBK
  const gbk = new Uint8Array([0xb3, 0xc7, 0xca, 0xd0, 0x2c, 0xd6, 0xb5, 0x0a, 0xba, 0xbc, 0xd6, 0xdd, 0x2c, 0x31, 0x2e, 0x35, 0x0a]);
  const notes: string[] = [];
  const t = readCsvText(gbk, { onNote: (m) => notes.push(m) });
  assert.deepEqual(t.toObjects(), [{ 城市: '杭州', 值: 1.5 }]);
  assert.equal(notes.length, 1);
  assert.match(notes[0]!, /GBK/);
  assert.deepEqual(readCsvText(gbk, { encoding: 'gbk' }).toObjects(), [{ 城市: '杭州', 值: 1.5 }]);
  // bytes that are neither UTF-8 nor GBK (0x80 alone, 0xFF) are read as UTF-8 with replacement and a note
  const neither: string[] = [];
  const odd = readCsvText(Uint8Array.from([0x61, 0x0a, 0x62, 0xff, 0x0a]), { onNote: (m) => neither.push(m) });
  assert.equal(odd.get('a', 0), 'b\uFFFD');
  assert.match(neither[0]!, /neither valid UTF-8 nor GBK/);
  const e = errorOf(() => readCsvText(gbk, { encoding: 'klingon' }));
  assert.equal(e.code, 'E_OPTION');
  assert.match(e.message, /encoding/);
});

test('delimiters: tab, semicolon detected; explicit delimiter; comma default', () => {
  assert.deepEqual(readCsvText('a\tb\n1\t2\n', { delimiter: 'auto' }).toObjects(), [{ a: 1, b: 2 }]);
  assert.deepEqual(readCsvText('a;b\n1,5;2\n').toObjects(), [{ a: '1,5', b: 2 }], 'header without comma: ; detected');
  assert.deepEqual(readCsvText('a|b\n1|2\n', { delimiter: '|' }).toObjects(), [{ a: 1, b: 2 }]);
  assert.equal(errorOf(() => readCsvText('a,b\n', { delimiter: ',,' })).code, 'E_OPTION');
});

test('no header; blank lines skipped; no final newline; header-only file has 0 rows', () => {
  const t = readCsvText('1,2\n\n3,4', { header: false });
  assert.deepEqual(t.names, ['V1', 'V2']);
  assert.deepEqual(t.toObjects(), [
    { V1: 1, V2: 2 },
    { V1: 3, V2: 4 },
  ]);
  const h = readCsvText('a,b\n');
  assert.equal(h.nrows, 0);
  assert.deepEqual(h.names, ['a', 'b']);
});

test('empty and duplicate header names are renamed with notes', () => {
  const notes: string[] = [];
  const t = readCsvText(',x,x,y\n1,2,3,4\n', { onNote: (m) => notes.push(m) });
  assert.deepEqual(t.names, ['V1', 'x', 'x_2', 'y']);
  assert.equal(notes.length, 2);
  assert.match(notes[0]!, /column 1 has an empty name/);
  assert.match(notes[1]!, /repeats the name "x"/);
});

test('E_FIELD_COUNT names the line and both counts (line numbers count breaks inside quotes)', () => {
  const e = errorOf(() => readCsvText('a,b,c\n1,2,3\n"x\ny",2,3\n4,5\n', { source: 'panel.csv' }));
  assert.ok(e instanceof DataFileError);
  assert.equal(e.code, 'E_FIELD_COUNT');
  assert.match(e.message, /^panel\.csv: line 5 has 2 fields, but the header has 3\./);
  assert.deepEqual({ line: e.details!.line, fields: e.details!.fields, expected: e.details!.expected }, { line: 5, fields: 2, expected: 3 });
  assert.equal(errorOf(() => readCsvText('a,b\n1,2,3\n')).code, 'E_FIELD_COUNT');
});

test('E_UNTERMINATED_QUOTE, E_EMPTY_FILE, E_MALFORMED_FILE (text after a closing quote)', () => {
  const u = errorOf(() => readCsvText('a,b\n1,2\n3,"open\n\n'));
  assert.equal(u.code, 'E_UNTERMINATED_QUOTE');
  assert.match(u.message, /line 3/);
  assert.equal(errorOf(() => readCsvText('\n\n')).code, 'E_EMPTY_FILE');
  const m = errorOf(() => readCsvText('a,b\n"x"y,2\n'));
  assert.equal(m.code, 'E_MALFORMED_FILE');
  assert.match(m.message, /line 2, field 1/);
});

test('cancellation is honoured', () => {
  const ac = new AbortController();
  ac.abort();
  assert.equal(errorOf(() => readCsvText(new TextEncoder().encode('a\n1\n'), { control: { signal: ac.signal } })).code, 'E_CANCELLED');
});

test('peer file hdfe-sim/pair_panel.csv: 149,022 rows x 11 numeric columns, values equal Number() of the text', needsValidation('hdfe-sim'), () => {
  const path = validationPath('hdfe-sim', 'pair_panel.csv')!;
  const bytes = readFileSync(path);
  const t = readCsvText(bytes, { source: path });
  assert.equal(t.nrows, 149022);
  assert.deepEqual(t.names, ['pair_id', 'city_i', 'city_j', 'year', 'policy', 'lngdp_i', 'lngdp_j', 'lnpop_i', 'lnpop_j', 'tariff', 'y']);
  for (const c of t.columns) assert.equal(c.kind, 'number', c.name);
  // compare every 997th line against a naive split + Number()
  const lines = bytes.toString('utf8').split('\n');
  for (let i = 0; i < t.nrows; i += 997) {
    const fields = lines[i + 1]!.split(',');
    t.columns.forEach((c, j) => assert.ok(Object.is(t.numeric(c.name)[i], Number(fields[j])), `row ${i} ${c.name}`));
  }
});
