/**
 * Stata .dta writer, from StataCorp's published description ("[P] File formats .dta"). Writes format 118
 * (Stata 14 and later), or 119 when the table has more than 32,767 variables; byte order LSF.
 *
 * Conventions:
 * - numeric columns are stored in the narrowest type that holds every value exactly: byte, int or long
 *   when all values are integers within the type's non-missing range, else double (never float, which
 *   would round). `compress: false` stores every numeric column as double. NaN is Stata's `.`; values Stata
 *   cannot store (+-Infinity, above 8.988e307) are written as `.` and reported in a note;
 * - string columns are str# with # = the longest UTF-8 byte length (at least 1), or strL when longer than
 *   2045 bytes (equal strLs are cross-linked to one GSO); missing strings are written as "" (Stata has no
 *   missing string);
 * - variable names must follow Stata's rules (1-32 characters, letters / digits / underscore, not starting
 *   with a digit, not a reserved word): other names are made valid (invalid characters -> `_`, a leading
 *   `_` before a digit, truncated to 32 characters, de-duplicated), the original name becomes the variable
 *   label when there is none, and a note lists each renaming;
 * - variable labels (`label`) are kept up to 80 characters; value labels (`valueLabels`) are written as
 *   the label set `valueLabelName` (a {@link DtaNumericColumn} read from .dta) or the variable's name; only
 *   integer values in the 32-bit range can carry labels (others are dropped with a note);
 * - display formats: a numeric column's `format` when it is a Stata format, else %8.0g (byte/int),
 *   %12.0g (long), %10.0g (double); strings %<width>s (strL %9s);
 * - the dataset label (`datasetLabel`, up to 80 characters) and the time stamp are written in the header.
 */
import type { Column, NumericColumn, Table } from '../table.js';
import {
  DTA_BYTE,
  DTA_BYTE_MAX,
  DTA_BYTE_MIN,
  DTA_DOUBLE,
  DTA_DOUBLE_MAX,
  DTA_INT,
  DTA_INT_MAX,
  DTA_INT_MIN,
  DTA_LONG,
  DTA_LONG_MAX,
  DTA_LONG_MIN,
  DTA_MAX_STRF,
  DTA_MISSING_BYTE,
  DTA_MISSING_DOUBLE,
  DTA_MISSING_INT,
  DTA_MISSING_LONG,
  DTA_STRL,
  dtaLayout,
} from '../read/dta-format.js';
import type { DtaNumericColumn } from '../read/dta.js';
import { DataReadError } from '../read/errors.js';
import { ByteWriter } from './byte-writer.js';

export interface DtaWriteOptions {
  /** Dataset label (`label data`), up to 80 characters. */
  datasetLabel?: string;
  /** 118 (default) or 119; 119 is chosen automatically above 32,767 variables. */
  release?: 118 | 119;
  /** Store integer columns as byte/int/long when exact (default true). */
  compress?: boolean;
  /** Time stamp written in the header (default: now). */
  timestamp?: Date;
  /** Name used in error messages. */
  target?: string;
  onNote?: (note: string) => void;
}

const enc = new TextEncoder();
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RESERVED = new Set(['_all', '_b', 'byte', '_coef', '_cons', 'double', 'float', 'if', 'in', 'int', 'long', '_n', '_N', '_pi', '_pred', '_rc', '_skip', 'strL', 'using', 'with']);
const MAX_VARS = 120000;

interface VarPlan {
  col: Column;
  name: string;
  type: number;
  width: number;
  format: string;
  label: string;
  valueLabelName: string;
  /** str#/strL: UTF-8 bytes of each level. */
  levelBytes?: Uint8Array[];
}

/** Encodes `table` as a .dta file (see the module comment for conventions). */
export function writeDtaBytes(table: Table, opts: DtaWriteOptions = {}): Uint8Array {
  const target = opts.target ?? '<dta output>';
  const K = table.ncols;
  const N = table.nrows;
  if (K > MAX_VARS) {
    throw new DataReadError('E_DTA_LIMIT', target, `the table has ${K} columns; Stata/MP stores at most ${MAX_VARS} variables.`, { details: { columns: K } });
  }
  const release = K > 32767 ? 119 : (opts.release ?? 118);
  const layout = dtaLayout(release)!;
  const note = (m: string) => opts.onNote?.(`${target}: ${m}`);
  const names = stataNames(table.names, note);
  const plans: VarPlan[] = table.columns.map((col, j) => planVar(col, names[j]!, opts.compress ?? true));
  const labelSets = planValueLabels(plans, note);

  const w = new ByteWriter(Math.max(1 << 16, 1024 + K * 700 + N * plans.reduce((s, p) => s + p.width, 0)));
  w.ascii('<stata_dta><header><release>');
  w.ascii(String(release));
  w.ascii('</release><byteorder>LSF</byteorder><K>');
  if (layout.kBytes === 2) w.u16(K);
  else w.u32(K);
  w.ascii('</K><N>');
  w.u64(N);
  w.ascii('</N><label>');
  const dl = limitText(opts.datasetLabel ?? '', 80, 320, 'the dataset label', note);
  w.u16(dl.length);
  w.bytes(dl);
  w.ascii('</label><timestamp>');
  w.u8(17);
  w.ascii(stamp(opts.timestamp ?? new Date()));
  w.ascii('</timestamp></header>');

  const map: number[] = new Array(14).fill(0);
  map[0] = 0;
  map[1] = w.pos;
  w.ascii('<map>');
  const mapAt = w.pos;
  w.zeros(14 * 8);
  w.ascii('</map>');

  map[2] = w.pos;
  w.ascii('<variable_types>');
  for (const p of plans) w.u16(p.type);
  w.ascii('</variable_types>');

  map[3] = w.pos;
  w.ascii('<varnames>');
  for (const p of plans) w.fixed(enc.encode(p.name), layout.nameLen);
  w.ascii('</varnames>');

  map[4] = w.pos;
  w.ascii('<sortlist>');
  w.zeros((K + 1) * layout.sortBytes);
  w.ascii('</sortlist>');

  map[5] = w.pos;
  w.ascii('<formats>');
  for (const p of plans) w.fixed(enc.encode(p.format), layout.formatLen);
  w.ascii('</formats>');

  map[6] = w.pos;
  w.ascii('<value_label_names>');
  for (const p of plans) w.fixed(enc.encode(p.valueLabelName), layout.nameLen);
  w.ascii('</value_label_names>');

  map[7] = w.pos;
  w.ascii('<variable_labels>');
  for (const p of plans) w.fixed(limitText(p.label, 80, layout.varLabelLen - 1, `the label of ${p.name}`, note), layout.varLabelLen);
  w.ascii('</variable_labels>');

  map[8] = w.pos;
  w.ascii('<characteristics></characteristics>');

  // ---- data (row-major)
  map[9] = w.pos;
  w.ascii('<data>');
  const recordWidth = plans.reduce((s, p) => s + p.width, 0);
  w.ensure(recordWidth * N);
  const strlFirst = plans.map((p) => (p.type === DTA_STRL ? new Float64Array((p.col as { levels: readonly string[] }).levels.length).fill(-1) : null));
  const gsos: { v: number; o: number; bytes: Uint8Array }[] = [];
  let overflow = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < K; j++) {
      const p = plans[j]!;
      const col = p.col;
      if (col.kind === 'number') {
        const x = col.values[i]!;
        const missing = Number.isNaN(x);
        switch (p.type) {
          case DTA_BYTE:
            w.i8(missing ? DTA_MISSING_BYTE : x);
            break;
          case DTA_INT:
            w.i16(missing ? DTA_MISSING_INT : x);
            break;
          case DTA_LONG:
            w.i32(missing ? DTA_MISSING_LONG : x);
            break;
          default:
            if (!missing && !(x <= DTA_DOUBLE_MAX && x >= -Number.MAX_VALUE)) {
              overflow++;
              w.f64(DTA_MISSING_DOUBLE);
            } else w.f64(missing ? DTA_MISSING_DOUBLE : x);
        }
        continue;
      }
      const code = col.codes[i]!;
      if (p.type === DTA_STRL) {
        const first = strlFirst[j]!;
        if (code < 0 || p.levelBytes![code]!.length === 0) {
          w.zeros(8);
          continue;
        }
        let o = first[code]!;
        if (o < 0) {
          o = i + 1;
          first[code] = o;
          gsos.push({ v: j + 1, o, bytes: p.levelBytes![code]! });
        }
        w.uintN(j + 1, layout.voVBytes);
        w.uintN(o, 8 - layout.voVBytes);
        continue;
      }
      w.fixed(code < 0 ? EMPTY : p.levelBytes![code]!, p.width);
    }
  }
  if (overflow > 0) note(`${overflow} numeric value(s) were infinite or beyond Stata's largest double (8.988e307) and were written as missing (.).`);
  w.ascii('</data>');

  // ---- strLs (already in (o, v) order: rows ascending, variables ascending within a row)
  map[10] = w.pos;
  w.ascii('<strls>');
  for (const g of gsos) {
    w.ascii('GSO');
    w.u32(g.v);
    w.u64(g.o);
    w.u8(130);
    w.u32(g.bytes.length + 1);
    w.bytes(g.bytes);
    w.u8(0);
  }
  w.ascii('</strls>');

  // ---- value labels
  map[11] = w.pos;
  w.ascii('<value_labels>');
  for (const [name, entries] of labelSets) {
    const vals = [...entries.keys()].sort((a, b) => a - b);
    const texts = vals.map((v) => enc.encode(entries.get(v)!));
    const txtlen = texts.reduce((s, t) => s + t.length + 1, 0);
    const len = 8 + 8 * vals.length + txtlen;
    w.ascii('<lbl>');
    w.i32(len);
    w.fixed(enc.encode(name), layout.nameLen);
    w.zeros(3);
    w.i32(vals.length);
    w.i32(txtlen);
    let off = 0;
    for (const t of texts) {
      w.i32(off);
      off += t.length + 1;
    }
    for (const v of vals) w.i32(v);
    for (const t of texts) {
      w.bytes(t);
      w.u8(0);
    }
    w.ascii('</lbl>');
  }
  w.ascii('</value_labels>');
  map[12] = w.pos;
  w.ascii('</stata_dta>');
  map[13] = w.pos;
  for (let k = 0; k < 14; k++) w.patchU64(mapAt + 8 * k, map[k]!);
  return w.result();
}

const EMPTY = new Uint8Array(0);

function planVar(col: Column, name: string, compress: boolean): VarPlan {
  const label = col.label ?? (name !== col.name ? col.name : '');
  if (col.kind === 'string') {
    const levelBytes = col.levels.map((l) => enc.encode(l));
    const used = new Uint8Array(col.levels.length);
    for (let i = 0; i < col.codes.length; i++) if (col.codes[i]! >= 0) used[col.codes[i]!] = 1;
    let maxLen = 1;
    for (let l = 0; l < levelBytes.length; l++) if (used[l]) maxLen = Math.max(maxLen, levelBytes[l]!.length);
    if (maxLen > DTA_MAX_STRF) return { col, name, type: DTA_STRL, width: 8, format: '%9s', label, valueLabelName: '', levelBytes };
    return { col, name, type: maxLen, width: maxLen, format: `%${Math.min(maxLen, 2045)}s`, label, valueLabelName: '', levelBytes };
  }
  const type = compress ? narrowestType(col.values) : DTA_DOUBLE;
  const width = type === DTA_BYTE ? 1 : type === DTA_INT ? 2 : type === DTA_LONG ? 4 : 8;
  const fmt = col.format && /^%-?[0-9,.]*[a-zA-Z][a-zA-Z0-9_:. -]*$/.test(col.format) && col.format.length < 57 ? col.format : type === DTA_LONG ? '%12.0g' : type === DTA_DOUBLE ? '%10.0g' : '%8.0g';
  const vlName = col.valueLabels && col.valueLabels.size > 0 ? ((col as DtaNumericColumn).valueLabelName ?? name) : '';
  return { col, name, type, width, format: fmt, label, valueLabelName: vlName };
}

function narrowestType(v: Float64Array): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) continue;
    if (!Number.isInteger(x) || Object.is(x, -0)) return DTA_DOUBLE;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (lo === Infinity) return DTA_BYTE;
  if (lo >= DTA_BYTE_MIN && hi <= DTA_BYTE_MAX) return DTA_BYTE;
  if (lo >= DTA_INT_MIN && hi <= DTA_INT_MAX) return DTA_INT;
  if (lo >= DTA_LONG_MIN && hi <= DTA_LONG_MAX) return DTA_LONG;
  return DTA_DOUBLE;
}

/** Value-label sets by name; a name reused with different contents is renamed after the variable. */
function planValueLabels(plans: VarPlan[], note: (m: string) => void): Map<string, Map<number, string>> {
  const sets = new Map<string, Map<number, string>>();
  for (const p of plans) {
    if (!p.valueLabelName || p.col.kind !== 'number') continue;
    const src = (p.col as NumericColumn).valueLabels!;
    const entries = new Map<number, string>();
    let dropped = 0;
    for (const [v, t] of src) {
      if (!Number.isInteger(v) || v < -2147483647 || v > DTA_LONG_MAX) {
        dropped++;
        continue;
      }
      const b = enc.encode(t);
      entries.set(v, b.length > 32000 ? new TextDecoder().decode(b.subarray(0, 32000)).replace(/\uFFFD$/, '') : t);
    }
    if (dropped) note(`value labels of ${p.name}: ${dropped} non-integer or out-of-range value(s) cannot carry a Stata value label and were dropped.`);
    let name = validName(p.valueLabelName);
    const existing = sets.get(name);
    if (existing && !sameEntries(existing, entries)) {
      name = uniqueName(p.name, sets);
      note(`value-label set "${p.valueLabelName}" of ${p.name} differs from another set of that name; it was written as "${name}".`);
    }
    p.valueLabelName = name;
    sets.set(name, entries);
  }
  return sets;
}

function sameEntries(a: Map<number, string>, b: Map<number, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function uniqueName(base: string, taken: Map<string, unknown>): string {
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base.slice(0, 28)}_${k}`;
  return name;
}

/** Stata-valid, unique variable names (see the module comment); renamings are reported. */
export function stataNames(names: readonly string[], note: (m: string) => void): string[] {
  const out: string[] = [];
  const taken = new Set<string>();
  for (const orig of names) {
    let name = validName(orig);
    const base = name;
    for (let k = 2; taken.has(name); k++) name = `${base.slice(0, 32 - String(k).length - 1)}_${k}`;
    if (name !== orig) note(`column "${orig}" is not a valid Stata variable name; it was written as "${name}".`);
    taken.add(name);
    out.push(name);
  }
  return out;
}

function validName(orig: string): string {
  let name = orig.replace(/[^\p{L}\p{N}_]/gu, '_');
  if (name === '' || /^\p{N}/u.test(name)) name = '_' + name;
  name = [...name].slice(0, 32).join('');
  if (RESERVED.has(name)) name = '_' + name.slice(0, 31);
  return name;
}

/** UTF-8 bytes of `s`, cut to `maxChars` characters and `maxBytes` bytes (whole characters), with a note. */
function limitText(s: string, maxChars: number, maxBytes: number, what: string, note: (m: string) => void): Uint8Array {
  const chars = [...s];
  let kept = chars.slice(0, maxChars);
  let b = enc.encode(kept.join(''));
  while (b.length > maxBytes) {
    kept = kept.slice(0, -1);
    b = enc.encode(kept.join(''));
  }
  if (kept.length < chars.length) note(`${what} was cut to ${kept.length} characters (Stata's limit).`);
  return b;
}

function stamp(d: Date): string {
  const dd = String(d.getDate()).padStart(2, '0');
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  return `${dd} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${hh}:${mm}`;
}
