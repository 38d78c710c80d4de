/**
 * A plain record tokenizer for CSV bytes (RFC 4180: fields may be quoted with `"`, a doubled `""` inside a
 * quoted field is one quote, quoted fields may hold delimiters and line breaks; records end at LF, CRLF or
 * a lone CR). Used for the header row, delimiter detection and the rare re-scan of a column; the hot loop in
 * `csv.ts` inlines the same rules.
 */
import { DataReadError } from './errors.js';

export const QUOTE = 34;
export const LF = 10;
export const CR = 13;

/** Field boundaries of one record (content between the quotes for quoted fields). */
export interface RecordFields {
  starts: number[];
  ends: number[];
  quoted: boolean[];
  /** A quoted field containing doubled quotes that must be unescaped. */
  escaped: boolean[];
  /** Position just after the record's line break. */
  next: number;
  /** Line breaks consumed (including those inside quoted fields). */
  lines: number;
}

/** Reads the record starting at `pos`. `line` (1-based) is only used in error messages. */
export function readRecord(bytes: Uint8Array, pos: number, delim: number, source: string, line: number): RecordFields {
  const out: RecordFields = { starts: [], ends: [], quoted: [], escaped: [], next: pos, lines: 0 };
  const scan = { lines: 0, escaped: false };
  const n = bytes.length;
  let i = pos;
  for (;;) {
    if (i < n && bytes[i] === QUOTE) {
      const openLine = line + out.lines;
      i++;
      const s = i;
      i = closingQuote(bytes, i, source, openLine, scan);
      out.lines += scan.lines;
      out.starts.push(s);
      out.ends.push(i);
      out.quoted.push(true);
      out.escaped.push(scan.escaped);
      i++;
      if (i < n && bytes[i] !== delim && bytes[i] !== LF && bytes[i] !== CR) throw afterQuote(source, line + out.lines, out.starts.length, bytes[i]!);
    } else {
      const s = i;
      while (i < n) {
        const c = bytes[i]!;
        if (c === delim || c === LF || c === CR) break;
        i++;
      }
      out.starts.push(s);
      out.ends.push(i);
      out.quoted.push(false);
      out.escaped.push(false);
    }
    if (i >= n) break;
    const c = bytes[i]!;
    if (c === delim) {
      i++;
      continue;
    }
    if (c === CR) i++;
    if (i < n && bytes[i] === LF) i++;
    out.lines++;
    break;
  }
  out.next = i;
  return out;
}

/**
 * Scans a quoted field's content starting just after its opening quote; returns the index of the closing
 * quote. Sets `scan.escaped` (a doubled quote was seen) and `scan.lines` (line breaks inside the field).
 * `line` (1-based, where the field opened) is only used in the error for a missing closing quote.
 */
function closingQuote(bytes: Uint8Array, i: number, source: string, line: number, scan: { lines: number; escaped: boolean }): number {
  const n = bytes.length;
  scan.lines = 0;
  scan.escaped = false;
  for (;;) {
    if (i >= n) throw unterminated(source, line);
    const c = bytes[i]!;
    if (c === QUOTE) {
      if (bytes[i + 1] !== QUOTE) return i;
      scan.escaped = true;
      i += 2;
      continue;
    }
    if (c === LF || (c === CR && bytes[i + 1] !== LF)) scan.lines++;
    i++;
  }
}

/** Copies quoted content bytes[s, e) with `""` collapsed to `"` into `scratch` (grown as needed). */
export function unescapeQuoted(bytes: Uint8Array, s: number, e: number, scratch: { buf: Uint8Array }): number {
  if (scratch.buf.length < e - s) scratch.buf = new Uint8Array(Math.max(e - s, scratch.buf.length * 2));
  const b = scratch.buf;
  let k = 0;
  for (let i = s; i < e; i++) {
    const c = bytes[i]!;
    b[k++] = c;
    if (c === QUOTE && bytes[i + 1] === QUOTE) i++;
  }
  return k;
}

/** Text of a field (quotes unescaped). */
export function fieldText(bytes: Uint8Array, s: number, e: number, escaped: boolean): string {
  const dec = new TextDecoder('utf-8');
  if (!escaped) return dec.decode(bytes.subarray(s, e));
  const scratch = { buf: new Uint8Array(e - s) };
  const len = unescapeQuoted(bytes, s, e, scratch);
  return dec.decode(scratch.buf.subarray(0, len));
}

/** True when the line starting at `pos` is empty (a line break right away). */
export function isBlankLine(bytes: Uint8Array, pos: number): boolean {
  const c = bytes[pos];
  return c === LF || c === CR;
}

/** Skips one line break at `pos` (LF, CRLF or CR). */
export function skipLineBreak(bytes: Uint8Array, pos: number): number {
  if (bytes[pos] === CR) pos++;
  if (bytes[pos] === LF) pos++;
  return pos;
}

export function unterminated(source: string, line: number): DataReadError {
  return new DataReadError('E_UNTERMINATED_QUOTE', source, `the quoted field opened on line ${line} is never closed.`, {
    hint: 'A field that starts with " must end with "; a quote inside a quoted field is written "".',
    details: { line },
  });
}

export function afterQuote(source: string, line: number, field: number, byte: number): DataReadError {
  return new DataReadError(
    'E_MALFORMED_FILE',
    source,
    `line ${line}, field ${field}: a quoted field is followed by "${String.fromCharCode(byte)}" instead of a delimiter or a line break.`,
    { hint: 'Quote the whole field, and write a quote inside it as "".', details: { line, field } },
  );
}

/** Where one field of a record lies (reused between calls: no allocation per record). */
export interface FieldSpan {
  s: number;
  e: number;
  quoted: boolean;
  escaped: boolean;
  /** Line breaks consumed by the record (added to, not reset). */
  lines: number;
}

/**
 * Finds field `col` of the record starting at `pos` (same rules as {@link readRecord}, without building
 * arrays) and returns the position after the record's line break.
 */
export function locateField(bytes: Uint8Array, pos: number, delim: number, col: number, out: FieldSpan, source: string, line: number): number {
  const scan = { lines: 0, escaped: false };
  const n = bytes.length;
  let i = pos;
  for (let f = 0; ; f++) {
    let s: number, e: number;
    let quoted = false;
    let escaped = false;
    if (i < n && bytes[i] === QUOTE) {
      quoted = true;
      i++;
      s = i;
      i = closingQuote(bytes, i, source, line, scan);
      out.lines += scan.lines;
      escaped = scan.escaped;
      e = i;
      i++;
    } else {
      s = i;
      while (i < n) {
        const c = bytes[i]!;
        if (c === delim || c === LF || c === CR) break;
        i++;
      }
      e = i;
    }
    if (f === col) {
      out.s = s;
      out.e = e;
      out.quoted = quoted;
      out.escaped = escaped;
    }
    if (i >= n) return i;
    const c = bytes[i]!;
    if (c === delim) {
      i++;
      continue;
    }
    if (c === CR) i++;
    if (i < n && bytes[i] === LF) i++;
    out.lines++;
    return i;
  }
}
