/**
 * Stata .dta reader, formats 117 (Stata 13), 118 (Stata 14-18) and 119 (more than 32,767 variables),
 * written from StataCorp's published description ("[P] File formats .dta": help dta, dta_117, dta_119).
 *
 * Conventions:
 * - byte / int / long / float / double become numeric columns (`Float64Array`); every missing code
 *   (`.`, `.a` ... `.z`, and any value above the type's largest non-missing value) becomes NaN, so the
 *   distinction between `.a` and `.b` is lost. Floats are widened exactly (a float 0.1 reads as
 *   0.10000000149011612, as in Stata's `double()`);
 * - dates stay numbers (Stata's %td days since 1960-01-01, %tc milliseconds...); the display format is kept
 *   in `format`, so a round trip keeps it;
 * - str# and strL become dictionary-encoded string columns; an empty string is missing (Stata has no
 *   separate missing string). Binary strLs are decoded as UTF-8 like the others;
 * - variable labels go to `label`; value labels (`label define`) to `valueLabels` (value -> text) of each
 *   numeric variable that uses them, and the label-set name to `valueLabelName` ({@link DtaNumericColumn});
 * - strings of 118/119 are UTF-8; 117 strings are UTF-8 when valid, else decoded as `encoding` (default GBK,
 *   the code page of Chinese Stata 13) with a note;
 * - both byte orders (LSF little-endian and MSF big-endian) are read; characteristics are skipped.
 * Formats 104-115 (Stata 12 and older) are refused with a hint to re-save from Stata 13+.
 */
import { numericColumn, Table, type Column, type NumericColumn } from '../table.js';
import { ByteInterner } from './byte-interner.js';
import {
  DTA_BYTE,
  DTA_BYTE_MAX,
  DTA_DOUBLE,
  DTA_DOUBLE_MAX,
  DTA_FLOAT,
  DTA_FLOAT_MAX,
  DTA_INT,
  DTA_INT_MAX,
  DTA_LONG,
  DTA_LONG_MAX,
  DTA_MAX_STRF,
  DTA_STRL,
  dtaLayout,
  dtaTypeWidth,
  type DtaLayout,
} from './dta-format.js';
import { DataReadError } from './errors.js';

/** A numeric column read from .dta: also remembers the name of its value-label set. */
export interface DtaNumericColumn extends NumericColumn {
  /** Name of the Stata value-label set attached to the variable (e.g. `yesno`). */
  readonly valueLabelName?: string;
}

export interface DtaReadOptions {
  /** Name used in error messages (the file path). */
  source?: string;
  /** Fallback encoding of non-UTF-8 strings in format 117 (default `gbk`). */
  encoding?: string;
  onNote?: (note: string) => void;
}

export interface DtaReadResult {
  table: Table;
  release: 117 | 118 | 119;
  byteOrder: 'LSF' | 'MSF';
  /** Dataset label (`label data`), '' when none. */
  datasetLabel: string;
  /** Time stamp written by Stata ("10 Mar 2017 14:23"), '' when none. */
  timestamp: string;
  /** Every value-label set defined in the file, by name. */
  valueLabels: Map<string, Map<number, string>>;
  /** Variables the data are sorted by (Stata's sortlist). */
  sortedBy: string[];
  /** Stata storage type of each variable: byte, int, long, float, double, str#, strL. */
  storageTypes: string[];
}

const ascii = new TextDecoder('latin1');
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextDecoder('utf-8');

class Cursor {
  pos = 0;
  readonly view: DataView;
  le = true;
  constructor(
    readonly bytes: Uint8Array,
    readonly source: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  bad(message: string): DataReadError {
    return new DataReadError('E_MALFORMED_FILE', this.source, `not a valid Stata .dta file: ${message} (at byte ${this.pos}).`, {
      hint: 'The file may be truncated or not a .dta file; re-save it from Stata.',
      details: { offset: this.pos },
    });
  }
  need(k: number): void {
    if (this.pos + k > this.bytes.length) throw this.bad(`the file ends early (${k} more bytes needed)`);
  }
  tag(name: string): void {
    const t = `<${name}>`;
    this.need(t.length);
    for (let i = 0; i < t.length; i++) {
      if (this.bytes[this.pos + i] !== t.charCodeAt(i)) throw this.bad(`expected ${t}`);
    }
    this.pos += t.length;
  }
  peekTag(name: string): boolean {
    const t = `<${name}>`;
    if (this.pos + t.length > this.bytes.length) return false;
    for (let i = 0; i < t.length; i++) if (this.bytes[this.pos + i] !== t.charCodeAt(i)) return false;
    return true;
  }
  u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, this.le);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, this.le);
    this.pos += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, this.le);
    this.pos += 4;
    return v;
  }
  u64(): number {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, this.le);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.bad('a 64-bit count is too large');
    return Number(v);
  }
  uint(nbytes: number): number {
    if (nbytes === 1) return this.u8();
    if (nbytes === 2) return this.u16();
    if (nbytes === 4) return this.u32();
    return this.u64();
  }
  /** A fixed-width \0-terminated string field. */
  fixed(width: number, decode: (b: Uint8Array) => string): string {
    this.need(width);
    const b = this.bytes.subarray(this.pos, this.pos + width);
    this.pos += width;
    let end = b.indexOf(0);
    if (end < 0) end = width;
    return decode(b.subarray(0, end));
  }
  raw(width: number): Uint8Array {
    this.need(width);
    const b = this.bytes.subarray(this.pos, this.pos + width);
    this.pos += width;
    return b;
  }
}

/** Reads a .dta file's bytes (see the module comment for conventions). */
export function readDtaBytes(bytes: Uint8Array, opts: DtaReadOptions = {}): DtaReadResult {
  const source = opts.source ?? '<dta bytes>';
  const cur = new Cursor(bytes, source);
  if (bytes.length > 0 && bytes[0]! >= 102 && bytes[0]! <= 116 && bytes[0] !== 60) {
    throw new DataReadError('E_MALFORMED_FILE', source, `is a Stata format-${bytes[0]} file (Stata 12 or older), which pilotzone does not read.`, {
      hint: 'Open it in Stata 13 or later and save it again (format 117/118), or export CSV.',
      details: { release: bytes[0] },
    });
  }
  cur.tag('stata_dta');
  cur.tag('header');
  cur.tag('release');
  const release = Number(ascii.decode(cur.raw(3)));
  const layout = dtaLayout(release);
  if (!layout) throw cur.bad(`release "${release}" is not 117, 118 or 119`);
  cur.tag('/release');
  cur.tag('byteorder');
  const bo = ascii.decode(cur.raw(3));
  if (bo !== 'LSF' && bo !== 'MSF') throw cur.bad(`byte order "${bo}" is neither LSF nor MSF`);
  cur.le = bo === 'LSF';
  cur.tag('/byteorder');
  cur.tag('K');
  const K = cur.uint(layout.kBytes);
  cur.tag('/K');
  cur.tag('N');
  const N = cur.uint(layout.nBytes);
  cur.tag('/N');
  cur.tag('label');
  const labelLen = cur.uint(layout.labelLenBytes);
  let notes117 = false;
  const fallback = opts.encoding ?? 'gbk';
  const decodeText = (b: Uint8Array): string => {
    if (layout.utf8) return utf8.decode(b);
    try {
      return utf8Fatal.decode(b);
    } catch {
      if (!notes117) {
        notes117 = true;
        opts.onNote?.(`${source}: format-117 strings are not UTF-8; they were decoded as ${fallback}.`);
      }
      return new TextDecoder(fallback).decode(b);
    }
  };
  const datasetLabel = decodeText(cur.raw(labelLen));
  cur.tag('/label');
  cur.tag('timestamp');
  const tsLen = cur.u8();
  const timestamp = ascii.decode(cur.raw(tsLen));
  cur.tag('/timestamp');
  cur.tag('/header');

  cur.tag('map');
  cur.raw(14 * 8);
  cur.tag('/map');

  cur.tag('variable_types');
  const types = new Array<number>(K);
  for (let j = 0; j < K; j++) {
    const t = cur.u16();
    if (dtaTypeWidth(t) < 0) throw cur.bad(`variable ${j + 1} has unknown type code ${t}`);
    types[j] = t;
  }
  cur.tag('/variable_types');

  cur.tag('varnames');
  const names = new Array<string>(K);
  for (let j = 0; j < K; j++) names[j] = cur.fixed(layout.nameLen, decodeText);
  cur.tag('/varnames');

  cur.tag('sortlist');
  const sortedBy: string[] = [];
  let sortDone = false;
  for (let j = 0; j <= K; j++) {
    const v = cur.uint(layout.sortBytes);
    if (v === 0) sortDone = true;
    if (!sortDone && v >= 1 && v <= K) sortedBy.push(names[v - 1]!);
  }
  cur.tag('/sortlist');

  cur.tag('formats');
  const formats = new Array<string>(K);
  for (let j = 0; j < K; j++) formats[j] = cur.fixed(layout.formatLen, (b) => ascii.decode(b));
  cur.tag('/formats');

  cur.tag('value_label_names');
  const vlNames = new Array<string>(K);
  for (let j = 0; j < K; j++) vlNames[j] = cur.fixed(layout.nameLen, decodeText);
  cur.tag('/value_label_names');

  cur.tag('variable_labels');
  const varLabels = new Array<string>(K);
  for (let j = 0; j < K; j++) varLabels[j] = cur.fixed(layout.varLabelLen, decodeText);
  cur.tag('/variable_labels');

  cur.tag('characteristics');
  while (cur.peekTag('ch')) {
    cur.tag('ch');
    const len = cur.u32();
    cur.raw(len);
    cur.tag('/ch');
  }
  cur.tag('/characteristics');

  // ---- data
  cur.tag('data');
  const offsets = new Int32Array(K);
  let width = 0;
  for (let j = 0; j < K; j++) {
    offsets[j] = width;
    width += dtaTypeWidth(types[j]!);
  }
  cur.need(width * N);
  const dataStart = cur.pos;
  cur.pos += width * N;
  cur.tag('/data');

  const view = cur.view;
  const le = cur.le;
  const columns: (Column | null)[] = new Array(K).fill(null);
  const strlCells: { j: number; keys: Float64Array }[] = [];
  for (let j = 0; j < K; j++) {
    const t = types[j]!;
    const base = dataStart + offsets[j]!;
    if (t === DTA_STRL) {
      // (v,o) per cell; resolved after <strls>
      const keys = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        const p = base + i * width;
        keys[i] = voKey(bytes, view, p, layout, le);
      }
      strlCells.push({ j, keys });
      continue;
    }
    if (t <= DTA_MAX_STRF) {
      const codes = new Int32Array(N);
      const intern = new ByteInterner(layout.utf8 ? undefined : decodeText);
      for (let i = 0; i < N; i++) {
        const p = base + i * width;
        let e = p;
        const end = p + t;
        while (e < end && bytes[e] !== 0) e++;
        codes[i] = e === p ? -1 : intern.intern(bytes, p, e);
      }
      columns[j] = withLabel({ kind: 'string', name: names[j]!, codes, levels: intern.levels }, varLabels[j]!);
      continue;
    }
    const values = new Float64Array(N);
    switch (t) {
      case DTA_BYTE:
        for (let i = 0; i < N; i++) {
          const v = view.getInt8(base + i * width);
          values[i] = v > DTA_BYTE_MAX ? NaN : v;
        }
        break;
      case DTA_INT:
        for (let i = 0; i < N; i++) {
          const v = view.getInt16(base + i * width, le);
          values[i] = v > DTA_INT_MAX ? NaN : v;
        }
        break;
      case DTA_LONG:
        for (let i = 0; i < N; i++) {
          const v = view.getInt32(base + i * width, le);
          values[i] = v > DTA_LONG_MAX ? NaN : v;
        }
        break;
      case DTA_FLOAT:
        for (let i = 0; i < N; i++) {
          const v = view.getFloat32(base + i * width, le);
          values[i] = v > DTA_FLOAT_MAX ? NaN : v;
        }
        break;
      case DTA_DOUBLE:
        for (let i = 0; i < N; i++) {
          const v = view.getFloat64(base + i * width, le);
          values[i] = v > DTA_DOUBLE_MAX ? NaN : v;
        }
        break;
    }
    columns[j] = numericColumn(names[j]!, values, {
      ...(varLabels[j] ? { label: varLabels[j] } : {}),
      ...(formats[j] ? { format: formats[j] } : {}),
    });
  }

  // ---- strLs
  cur.tag('strls');
  const gso = new Map<number, string>();
  while (cur.pos + 3 <= bytes.length && bytes[cur.pos] === 71 && bytes[cur.pos + 1] === 83 && bytes[cur.pos + 2] === 79) {
    cur.raw(3); // "GSO"
    const v = cur.u32();
    const o = cur.uint(layout.gsoOBytes);
    const typ = cur.u8();
    const len = cur.u32();
    let content = cur.raw(len);
    if (typ === 130 && len > 0 && content[len - 1] === 0) content = content.subarray(0, len - 1);
    else if (typ !== 129 && typ !== 130) throw cur.bad(`GSO (${v},${o}) has unknown type ${typ}`);
    gso.set(o * 2 ** 20 + v, decodeText(content));
  }
  cur.tag('/strls');
  for (const { j, keys } of strlCells) {
    const codes = new Int32Array(N);
    const levels: string[] = [];
    const index = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const key = keys[i]!;
      if (key === 0) {
        codes[i] = -1;
        continue;
      }
      const text = gso.get(key);
      if (text === undefined) {
        cur.pos = dataStart + i * width + offsets[j]!;
        throw cur.bad(`strL ${names[j]} in observation ${i + 1} refers to a string that is not in <strls>`);
      }
      if (text === '') {
        codes[i] = -1;
        continue;
      }
      let c = index.get(text);
      if (c === undefined) {
        c = levels.length;
        levels.push(text);
        index.set(text, c);
      }
      codes[i] = c;
    }
    columns[j] = withLabel({ kind: 'string', name: names[j]!, codes, levels }, varLabels[j]!);
  }

  // ---- value labels
  cur.tag('value_labels');
  const valueLabels = new Map<string, Map<number, string>>();
  while (cur.peekTag('lbl')) {
    cur.tag('lbl');
    const len = cur.i32();
    const labname = cur.fixed(layout.nameLen, decodeText);
    cur.raw(3);
    const tableStart = cur.pos;
    cur.need(len);
    const n = cur.i32();
    const txtlen = cur.i32();
    if (n < 0 || txtlen < 0 || 8 + 8 * n + txtlen > len) throw cur.bad(`value label "${labname}" has an inconsistent table`);
    const off = new Int32Array(n);
    const val = new Int32Array(n);
    for (let k = 0; k < n; k++) off[k] = cur.i32();
    for (let k = 0; k < n; k++) val[k] = cur.i32();
    const txt = cur.raw(txtlen);
    const map = new Map<number, string>();
    for (let k = 0; k < n; k++) {
      const s = off[k]!;
      if (s < 0 || s >= txtlen) throw cur.bad(`value label "${labname}" has a text offset outside its table`);
      let e = txt.indexOf(0, s);
      if (e < 0) e = txtlen;
      map.set(val[k]!, decodeText(txt.subarray(s, e)));
    }
    cur.pos = tableStart + len;
    cur.tag('/lbl');
    valueLabels.set(labname, map);
  }
  cur.tag('/value_labels');
  cur.tag('/stata_dta');

  const finalColumns: Column[] = columns.map((c, j) => {
    const col = c!;
    if (col.kind !== 'number' || !vlNames[j]) return col;
    const map = valueLabels.get(vlNames[j]!);
    const out: DtaNumericColumn = { ...col, valueLabelName: vlNames[j]!, ...(map ? { valueLabels: map } : {}) };
    return out;
  });
  let table: Table;
  try {
    table = new Table(finalColumns);
  } catch (e) {
    throw new DataReadError('E_MALFORMED_FILE', source, `cannot build a table: ${(e as Error).message}`);
  }
  return { table, release: layout.release, byteOrder: bo, datasetLabel, timestamp, valueLabels, sortedBy, storageTypes: types.map(typeName) };
}

/** Key of a strL (v,o) cell: o * 2^20 + v (0 for the empty string). */
function voKey(bytes: Uint8Array, view: DataView, p: number, layout: DtaLayout, le: boolean): number {
  let v: number, o: number;
  if (layout.voVBytes === 4) {
    v = view.getUint32(p, le);
    o = view.getUint32(p + 4, le);
  } else {
    const vb = layout.voVBytes;
    v = readUintN(bytes, p, vb, le);
    o = readUintN(bytes, p + vb, 8 - vb, le);
  }
  return o * 2 ** 20 + v;
}

function readUintN(bytes: Uint8Array, p: number, n: number, le: boolean): number {
  let v = 0;
  if (le) for (let k = n - 1; k >= 0; k--) v = v * 256 + bytes[p + k]!;
  else for (let k = 0; k < n; k++) v = v * 256 + bytes[p + k]!;
  return v;
}

function typeName(t: number): string {
  if (t <= DTA_MAX_STRF) return `str${t}`;
  return t === DTA_STRL ? 'strL' : t === DTA_DOUBLE ? 'double' : t === DTA_FLOAT ? 'float' : t === DTA_LONG ? 'long' : t === DTA_INT ? 'int' : 'byte';
}

function withLabel<T extends Column>(col: T, label: string): T {
  return label ? { ...col, label } : col;
}
