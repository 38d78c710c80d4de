/**
 * The .dta reader on files assembled byte by byte here from StataCorp's published format description
 * (help dta_117 / dta), independently of our writer: format 117 in both byte orders (MSF = big-endian,
 * LSF = little-endian) and format 118 MSF, with every numeric type, missing codes, str#, strL (including a
 * cross-linked GSO), variable labels, value labels, a characteristic and a sort list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDtaBytes, type DtaNumericColumn } from '../../../src/data/read/dta.js';
import { PilotzoneError } from '../../../src/errors.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/validation.js';

/** Minimal byte assembler with a chosen byte order. */
class Bytes {
  private out: number[] = [];
  readonly marks = new Map<string, number>();
  constructor(readonly le: boolean) {}
  get pos(): number {
    return this.out.length;
  }
  mark(name: string): this {
    this.marks.set(name, this.out.length);
    return this;
  }
  ascii(s: string): this {
    for (const ch of s) this.out.push(ch.charCodeAt(0));
    return this;
  }
  raw(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.out.push(b[i]!);
    return this;
  }
  private num(width: number, set: (v: DataView) => void): this {
    const v = new DataView(new ArrayBuffer(width));
    set(v);
    for (let i = 0; i < width; i++) this.out.push(v.getUint8(i));
    return this;
  }
  u8(x: number): this {
    return this.num(1, (v) => v.setUint8(0, x));
  }
  i8(x: number): this {
    return this.num(1, (v) => v.setInt8(0, x));
  }
  u16(x: number): this {
    return this.num(2, (v) => v.setUint16(0, x, this.le));
  }
  i16(x: number): this {
    return this.num(2, (v) => v.setInt16(0, x, this.le));
  }
  u32(x: number): this {
    return this.num(4, (v) => v.setUint32(0, x, this.le));
  }
  i32(x: number): this {
    return this.num(4, (v) => v.setInt32(0, x, this.le));
  }
  u64(x: number): this {
    return this.num(8, (v) => v.setBigUint64(0, BigInt(x), this.le));
  }
  f32(x: number): this {
    return this.num(4, (v) => v.setFloat32(0, x, this.le));
  }
  f64(x: number): this {
    return this.num(8, (v) => v.setFloat64(0, x, this.le));
  }
  /** Raw IEEE bits given most-significant byte first (as the spec lists missing codes). */
  bitsMSF(hex: string): this {
    const b = hex.match(/../g)!.map((h) => parseInt(h, 16));
    return this.raw(this.le ? b.reverse() : b);
  }
  /** A \0-padded fixed field. */
  fixed(b: ArrayLike<number> | string, width: number): this {
    const arr = typeof b === 'string' ? Array.from(b, (c) => c.charCodeAt(0)) : Array.from(b);
    for (let i = 0; i < width; i++) this.out.push(i < arr.length ? arr[i]! : 0);
    return this;
  }
  /** An unsigned integer in n bytes. */
  uintN(x: number, n: number): this {
    const b: number[] = [];
    for (let k = 0; k < n; k++) {
      b.push(x % 256);
      x = Math.floor(x / 256);
    }
    return this.raw(this.le ? b : b.reverse());
  }
  patchU64(at: number, x: number): void {
    const v = new DataView(new ArrayBuffer(8));
    v.setBigUint64(0, BigInt(x), this.le);
    for (let i = 0; i < 8; i++) this.out[at + i] = v.getUint8(i);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

const GBK_NINGBO = [0xc4, 0xfe, 0xb2, 0xa8]; // 宁波 in GBK
const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));

/**
 * Variables: id byte, gdp double, pop float, count int, big long, city str6, note strL, yes byte (yesno).
 * Observations:
 *  1: 1, 1.5, 0.25, 32740, 2147483620, "Hangzh" (full width, no \0), "a long note" (7,1), 1
 *  2: 2, ., .a, ., .z, "", "" (0,0), 2
 *  3: . (101), -2.25e-5, -1, -32767, -2147483647, 宁波 / Ningbo, link to (7,1), 3
 */
function buildFile(release: 117 | 118, le: boolean, chineseCity: 'gbk' | 'utf8'): Uint8Array {
  const L = release === 117 ? { name: 33, fmt: 49, vlab: 81 } : { name: 129, fmt: 57, vlab: 321 };
  const b = new Bytes(le);
  const K = 8;
  const N = 3;
  b.ascii('<stata_dta><header><release>').ascii(String(release)).ascii('</release><byteorder>').ascii(le ? 'LSF' : 'MSF').ascii('</byteorder>');
  b.ascii('<K>').u16(K).ascii('</K><N>');
  if (release === 117) b.u32(N);
  else b.u64(N);
  b.ascii('</N><label>');
  if (release === 117) b.u8(6).ascii('Sample');
  else b.u16(6).ascii('Sample');
  b.ascii('</label><timestamp>').u8(17).ascii('10 Jul 2013 14:23').ascii('</timestamp></header>');
  b.mark('map').ascii('<map>');
  const mapAt = b.pos;
  for (let k = 0; k < 14; k++) b.u64(0);
  b.ascii('</map>');
  b.mark('types').ascii('<variable_types>');
  for (const t of [65530, 65526, 65527, 65529, 65528, 6, 32768, 65530]) b.u16(t);
  b.ascii('</variable_types>');
  b.mark('varnames').ascii('<varnames>');
  for (const n of ['id', 'gdp', 'pop', 'count', 'big', 'city', 'note', 'yes']) b.fixed(n, L.name);
  b.ascii('</varnames>');
  b.mark('sortlist').ascii('<sortlist>').u16(1).u16(0);
  for (let k = 2; k <= K; k++) b.u16(0);
  b.ascii('</sortlist>');
  b.mark('formats').ascii('<formats>');
  for (const f of ['%8.0g', '%10.0g', '%9.0g', '%8.0g', '%12.0g', '%9s', '%9s', '%8.0g']) b.fixed(f, L.fmt);
  b.ascii('</formats>');
  b.mark('vlnames').ascii('<value_label_names>');
  for (let j = 0; j < K; j++) b.fixed(j === 7 ? 'yesno' : '', L.name);
  b.ascii('</value_label_names>');
  b.mark('varlabels').ascii('<variable_labels>');
  for (let j = 0; j < K; j++) b.fixed(j === 1 ? 'GDP (billion)' : '', L.vlab);
  b.ascii('</variable_labels>');
  b.mark('chars').ascii('<characteristics>');
  const contents = 'a note containing </characteristics> on purpose\0';
  b.ascii('<ch>').u32(2 * L.name + contents.length).fixed('_dta', L.name).fixed('note1', L.name).ascii(contents).ascii('</ch>');
  b.ascii('</characteristics>');
  const vo = (v: number, o: number) => (release === 117 ? b.u32(v).u32(o) : b.uintN(v, 2).uintN(o, 6));
  b.mark('data').ascii('<data>');
  // obs 1
  b.i8(1).f64(1.5).f32(0.25).i16(32740).i32(2147483620).fixed('Hangzh', 6);
  vo(7, 1);
  b.i8(1);
  // obs 2: ., .a, ., .z, "", (0,0)
  b.i8(2).bitsMSF('7fe0000000000000').bitsMSF('7f000800').i16(32741).i32(2147483647).fixed('', 6);
  vo(0, 0);
  b.i8(2);
  // obs 3
  b.i8(101).f64(-2.25e-5).f32(-1).i16(-32767).i32(-2147483647).fixed(chineseCity === 'gbk' ? GBK_NINGBO : utf8('宁波'), 6);
  vo(7, 1);
  b.i8(3);
  b.ascii('</data>');
  b.mark('strls').ascii('<strls>');
  const note = 'a long note';
  b.ascii('GSO').u32(7);
  if (release === 117) b.u32(1);
  else b.u64(1);
  b.u8(130).u32(note.length + 1).ascii(note).u8(0);
  b.ascii('</strls>');
  b.mark('vallabs').ascii('<value_labels>');
  // table for 1 <-> yes, 2 <-> no, as in the spec's example
  const table = new Bytes(le).u32(2).u32(7).u32(0).u32(4).u32(1).u32(2).ascii('yes\0no\0').bytes();
  b.ascii('<lbl>').i32(table.length).fixed('yesno', L.name).raw([0, 0, 0]).raw(table).ascii('</lbl>');
  b.ascii('</value_labels>');
  b.mark('end').ascii('</stata_dta>');
  const eof = b.pos;
  const order = ['map', 'types', 'varnames', 'sortlist', 'formats', 'vlnames', 'varlabels', 'chars', 'data', 'strls', 'vallabs', 'end'];
  b.patchU64(mapAt, 0);
  order.forEach((m, k) => b.patchU64(mapAt + 8 * (k + 1), b.marks.get(m)!));
  b.patchU64(mapAt + 8 * 13, eof);
  return b.bytes();
}

function checkContents(bytes: Uint8Array, release: number, byteOrder: string, notes: string[]): void {
  const r = readDtaBytes(bytes, { onNote: (m) => notes.push(m) });
  assert.equal(r.release, release);
  assert.equal(r.byteOrder, byteOrder);
  assert.equal(r.datasetLabel, 'Sample');
  assert.equal(r.timestamp, '10 Jul 2013 14:23');
  assert.deepEqual(r.sortedBy, ['id']);
  assert.deepEqual(r.storageTypes, ['byte', 'double', 'float', 'int', 'long', 'str6', 'strL', 'byte']);
  const t = r.table;
  assert.deepEqual(t.names, ['id', 'gdp', 'pop', 'count', 'big', 'city', 'note', 'yes']);
  const num = (n: string) => Array.from(t.numeric(n));
  assert.deepEqual(num('id'), [1, 2, NaN]);
  assert.deepEqual(num('gdp'), [1.5, NaN, -2.25e-5]);
  assert.deepEqual(num('pop'), [0.25, NaN, -1]);
  assert.deepEqual(num('count'), [32740, NaN, -32767]);
  assert.deepEqual(num('big'), [2147483620, NaN, -2147483647]);
  assert.deepEqual([0, 1, 2].map((i) => t.get('city', i)), ['Hangzh', null, '宁波']);
  assert.deepEqual([0, 1, 2].map((i) => t.get('note', i)), ['a long note', null, 'a long note']);
  const gdp = t.column('gdp');
  assert.equal(gdp.label, 'GDP (billion)');
  assert.ok(gdp.kind === 'number' && gdp.format === '%10.0g');
  const yes = t.column('yes') as DtaNumericColumn;
  assert.equal(yes.valueLabelName, 'yesno');
  assert.deepEqual([...yes.valueLabels!], [
    [1, 'yes'],
    [2, 'no'],
  ]);
  assert.deepEqual(num('yes'), [1, 2, 3]);
  assert.deepEqual([...r.valueLabels.keys()], ['yesno']);
}

test('hand-assembled format 117, big-endian (MSF): every type, missing codes, strL, labels; GBK strings noted', () => {
  const notes: string[] = [];
  checkContents(buildFile(117, false, 'gbk'), 117, 'MSF', notes);
  assert.equal(notes.length, 1);
  assert.match(notes[0]!, /117 strings are not UTF-8; they were decoded as gbk/);
});

test('hand-assembled format 117, little-endian (LSF)', () => {
  const notes: string[] = [];
  checkContents(buildFile(117, true, 'gbk'), 117, 'LSF', notes);
  assert.equal(notes.length, 1);
});

test('hand-assembled format 118, big-endian (MSF), UTF-8 strings and 2+6-byte strL (v,o)', () => {
  const notes: string[] = [];
  checkContents(buildFile(118, false, 'utf8'), 118, 'MSF', notes);
  assert.equal(notes.length, 0);
});

function errorOf(fn: () => unknown): PilotzoneError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PilotzoneError, `expected a PilotzoneError, got ${e}`);
    return e;
  }
  assert.fail('expected an error');
}

test('malformed .dta: truncated, unknown release, bad type code, old format 114 are E_MALFORMED_FILE', () => {
  const good = buildFile(118, true, 'utf8');
  const cut = errorOf(() => readDtaBytes(good.subarray(0, 700), { source: 'cut.dta' }));
  assert.equal(cut.code, 'E_MALFORMED_FILE');
  assert.match(cut.message, /^cut\.dta: not a valid Stata \.dta file/);
  const rel = good.slice();
  rel.set(new TextEncoder().encode('120'), '<stata_dta><header><release>'.length);
  assert.match(errorOf(() => readDtaBytes(rel)).message, /release "120"/);
  const typ = good.slice();
  const at = new TextDecoder('latin1').decode(good).indexOf('<variable_types>') + '<variable_types>'.length;
  typ[at] = 0x00;
  typ[at + 1] = 0x90; // 0x9000 = 36864: no such type
  assert.match(errorOf(() => readDtaBytes(typ)).message, /unknown type code 36864/);
  const old = errorOf(() => readDtaBytes(Uint8Array.from([114, 2, 1, 0, 0, 0])));
  assert.equal(old.code, 'E_MALFORMED_FILE');
  assert.match(old.message, /format-114/);
  assert.match(old.hint!, /Stata 13 or later/);
  assert.equal(errorOf(() => readDtaBytes(new TextEncoder().encode('hello'))).code, 'E_MALFORMED_FILE');
});

test('files written by an independent implementation (pandas 1.5.3 to_stata: 117, 118, 118 MSF, 119) read correctly', () => {
  const fixture = (f: string) => readFileSync(join(repoRoot, 'test', 'data', 'read', 'fixtures', f));
  const r117 = readDtaBytes(fixture('pandas-117.dta'));
  assert.equal(r117.release, 117);
  assert.equal(r117.datasetLabel, 'pandas 117');
  assert.deepEqual(r117.storageTypes, ['str8', 'double', 'byte', 'long', 'byte']);
  assert.deepEqual(r117.table.toObjects(), [
    { city: 'Hangzhou', x: 1.5, k: 1, n: 1, cat: 0 },
    { city: 'Ningbo', x: null, k: 2, n: 70000, cat: 1 },
    { city: null, x: -3, k: 3, n: -5, cat: 0 },
  ]);
  assert.equal(r117.table.column('x').label, 'an x');
  assert.deepEqual([...(r117.table.column('cat') as DtaNumericColumn).valueLabels!], [[0, 'a'], [1, 'b']]);
  for (const [f, release, order, memo] of [['pandas-118.dta', 118, 'LSF', 'strL'], ['pandas-118-msf.dta', 118, 'MSF', 'str2000'], ['pandas-119.dta', 119, 'LSF', 'strL']] as const) {
    const r = readDtaBytes(fixture(f));
    assert.equal(r.release, release, f);
    assert.equal(r.byteOrder, order, f);
    assert.deepEqual(r.storageTypes, ['str6', 'double', 'byte', memo], f);
    assert.deepEqual(r.table.toObjects(), [
      { 城市: '杭州', x: 1.5, cat: 1, memo: 'z'.repeat(memo === 'strL' ? 3000 : 2000) },
      { 城市: '宁波', x: null, cat: 0, memo: 'y' },
      { 城市: null, x: -3, cat: 1, memo: null },
    ], f);
    assert.deepEqual([...(r.table.column('cat') as DtaNumericColumn).valueLabels!], [[0, '否'], [1, '是']], f);
  }
  assert.equal(readDtaBytes(fixture('pandas-118.dta')).table.column('x').label, '变量x');
});
