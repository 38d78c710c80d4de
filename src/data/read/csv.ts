/**
 * CSV / TSV reader: one pass over the bytes, no per-row string split.
 *
 * Conventions (RFC 4180, as data.table::fread and readr read it):
 * - the first non-blank line is the header (unless `header: false`, then columns are `V1`, `V2`...); an
 *   empty header name becomes `V<j>` (1-based position) and a repeated name gets `_2`, `_3`... appended;
 *   each renaming is reported through `onNote`;
 * - fields may be quoted with `"`; `""` inside quotes is one quote; quoted fields may contain delimiters
 *   and line breaks; LF, CRLF and lone CR end records; a UTF-8 BOM is dropped; blank lines are skipped;
 * - every row must have as many fields as the header, else `E_FIELD_COUNT` names the line (1-based,
 *   counting line breaks inside quoted fields) and both counts;
 * - type inference per column: numeric (`Float64Array`, NaN = missing) when every non-missing cell parses
 *   as a number (`Number()` semantics, blanks around the number ignored); missing cells are empty, `NA`,
 *   `NaN`, `nan`, `.`, `null`, `NULL`, `#N/A` (as `parseNumberCell` in table.ts). Otherwise the column is a
 *   dictionary-encoded string column (levels in first-seen order, text kept verbatim); in it an empty cell
 *   (quoted or not) and the unquoted missing tokens are missing, while a quoted `"NA"` is the text NA;
 * - encoding: UTF-8, or GBK detected / forced (see `encoding.ts`);
 * - delimiter: `,` for .csv, tab for .tsv, detected for .txt (and for .csv whose header has no comma) among
 *   `,` tab `;` `|`.
 */
import type { RunControl } from '../../control.js';
import { OptionError, throwIfCancelled } from '../../errors.js';
import { numericColumn, Table, type Column } from '../table.js';
import { ByteInterner } from './byte-interner.js';
import { CR, LF, QUOTE, afterQuote, fieldText, isBlankLine, locateField, readRecord, skipLineBreak, unescapeQuoted, unterminated, type FieldSpan } from './csv-tokenize.js';
import { toUtf8 } from './encoding.js';
import { DataReadError } from './errors.js';
import { fixNames } from './names.js';
import { POW10, PARSED_TEXT, isMissingToken, parseNumberBytes } from './number-parse.js';

export interface CsvOptions {
  /** Field delimiter: one character (`,` `\t` `;` `|`...), or `auto` to detect. Default `,` (detected when the header has no comma). */
  delimiter?: string;
  /** First non-blank line holds column names. Default true. */
  header?: boolean;
  /** Text encoding of bytes input (`utf8`, `gbk`...); detected when omitted. Ignored for string input. */
  encoding?: string;
  /** Name used in error messages (the file path). Default `<csv text>`. */
  source?: string;
  /** Receives notes on what the reader decided (encoding guessed, columns renamed). */
  onNote?: (note: string) => void;
  /** Progress (bytes done of total) and cancellation, checked every 65,536 rows. */
  control?: RunControl;
}

const NUMERIC = 0;
const STRING = 1;
const DELIMITER_CANDIDATES = [44 /* , */, 9 /* tab */, 59 /* ; */, 124 /* | */];

/**
 * Parses CSV text (a string, or bytes in UTF-8 / GBK) into a {@link Table}. See the module comment for the
 * conventions. Throws `DataReadError` (`E_FIELD_COUNT`, `E_UNTERMINATED_QUOTE`, `E_EMPTY_FILE`,
 * `E_MALFORMED_FILE`) naming the line.
 */
export function readCsvText(input: string | Uint8Array, opts: CsvOptions = {}): Table {
  const source = opts.source ?? '<csv text>';
  let bytes: Uint8Array;
  if (typeof input === 'string') {
    bytes = new TextEncoder().encode(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
  } else {
    const dec = toUtf8(input, opts.encoding);
    if (dec.note) opts.onNote?.(dec.note);
    bytes = dec.bytes;
  }
  return parseCsvBytes(bytes, opts, source);
}

function parseCsvBytes(bytes: Uint8Array, opts: CsvOptions, source: string): Table {
  const n = bytes.length;
  let pos = 0;
  let line = 1;
  while (pos < n && isBlankLine(bytes, pos)) {
    pos = skipLineBreak(bytes, pos);
    line++;
  }
  if (pos >= n) throw new DataReadError('E_EMPTY_FILE', source, 'the file is empty: no header row.', { hint: 'Check the path; a CSV file needs a header line with the column names.' });

  const delim = chooseDelimiter(bytes, pos, opts, source);
  const head = readRecord(bytes, pos, delim, source, line);
  const ncol = head.starts.length;
  let names: string[];
  if (opts.header === false) {
    names = Array.from({ length: ncol }, (_, j) => `V${j + 1}`);
  } else {
    names = fixNames(
      head.starts.map((s, j) => fieldText(bytes, s, head.ends[j]!, head.escaped[j]!).trim()),
      opts.onNote,
    );
    pos = head.next;
    line += head.lines;
  }
  const dataStart = pos;
  const dataLine = line;

  // capacity guess from the first 64 KiB
  let cap = estimateRows(bytes, pos);
  const kinds = new Uint8Array(ncol);
  const nums: (Float64Array | null)[] = [];
  const codes: (Int32Array | null)[] = [];
  const interners: (ByteInterner | null)[] = [];
  for (let j = 0; j < ncol; j++) {
    nums.push(new Float64Array(cap));
    codes.push(null);
    interners.push(null);
  }
  const scratch = { buf: new Uint8Array(256) };
  const control = opts.control;

  let row = 0;
  let i = pos;
  while (i < n) {
    let c = bytes[i]!;
    if (c === LF || c === CR) {
      i = skipLineBreak(bytes, i);
      line++;
      continue;
    }
    if (row === cap) {
      cap = Math.ceil(cap * 1.5) + 16;
      for (let j = 0; j < ncol; j++) {
        if (kinds[j] === NUMERIC) nums[j] = growF64(nums[j]!, cap);
        else codes[j] = growI32(codes[j]!, cap);
      }
    }
    if ((row & 0xffff) === 0 && control) {
      throwIfCancelled(control.signal, `reading ${source}`);
      control.onProgress?.(i, n, 'read');
    }
    const rowLine = line;
    let col = 0;
    let fused = false;
    for (;;) {
      let s: number, e: number;
      let quoted = false;
      let escaped = false;
      if (bytes[i] === QUOTE) {
        quoted = true;
        i++;
        s = i;
        const openLine = line;
        for (;;) {
          if (i >= n) throw unterminated(source, openLine);
          c = bytes[i]!;
          if (c === QUOTE) {
            if (bytes[i + 1] === QUOTE) {
              escaped = true;
              i += 2;
              continue;
            }
            break;
          }
          if (c === LF || (c === CR && bytes[i + 1] !== LF)) line++;
          i++;
        }
        e = i;
        i++;
        if (i < n) {
          c = bytes[i]!;
          if (c !== delim && c !== LF && c !== CR) throw afterQuote(source, line, col + 1, c);
        }
      } else {
        s = i;
        if (col < ncol && kinds[col] === NUMERIC) {
          // Fused scan + parse of a plain decimal ([-+]digits[.digits], at most 15 significant digits,
          // at most 22 decimals): one exact IEEE operation (see number-parse.ts). Anything else falls
          // through to the general path below.
          let k = i;
          let neg = false;
          let mant = 0;
          let nd = 0;
          let exp10 = 0;
          let any = false;
          let fast = true;
          c = bytes[k]!;
          if (c === 45 || c === 43) {
            neg = c === 45;
            k++;
          }
          for (; k < n; k++) {
            const d = bytes[k]! - 48;
            if (d < 0 || d > 9) break;
            any = true;
            if (nd > 0 || d !== 0) {
              if (nd < 15) {
                mant = mant * 10 + d;
                nd++;
              } else fast = false;
            }
          }
          if (k < n && bytes[k] === 46) {
            for (k++; k < n; k++) {
              const d = bytes[k]! - 48;
              if (d < 0 || d > 9) break;
              any = true;
              if (nd > 0 || d !== 0) {
                if (nd < 15) {
                  mant = mant * 10 + d;
                  nd++;
                } else fast = false;
              }
              exp10--;
            }
          }
          if (fast && any && exp10 >= -22 && (k >= n || (c = bytes[k]!) === delim || c === LF || c === CR)) {
            const v = mant === 0 ? 0 : exp10 === 0 ? mant : mant / POW10[-exp10]!;
            nums[col]![row] = neg ? -v : v;
            i = k;
            fused = true;
          } else i = k;
        }
        while (i < n) {
          c = bytes[i]!;
          if (c === delim || c === LF || c === CR) break;
          i++;
        }
        e = i;
      }
      if (fused) fused = false;
      else if (col < ncol) {
        if (kinds[col] === NUMERIC) {
          if (escaped || parseNumberBytes(bytes, s, e, nums[col]!, row) === PARSED_TEXT) {
            flipToString(col, row);
          }
        }
        if (kinds[col] === STRING) {
          let code = -1;
          if (quoted) {
            if (e > s) {
              if (escaped) {
                const len = unescapeQuoted(bytes, s, e, scratch);
                code = interners[col]!.intern(scratch.buf, 0, len);
              } else code = interners[col]!.intern(bytes, s, e);
            }
          } else if (!isMissingToken(bytes, s, e)) code = interners[col]!.intern(bytes, s, e);
          codes[col]![row] = code;
        }
      }
      col++;
      if (i >= n) break;
      c = bytes[i]!;
      if (c === delim) {
        i++;
        continue;
      }
      i = skipLineBreak(bytes, i);
      line++;
      break;
    }
    if (col !== ncol) {
      throw new DataReadError('E_FIELD_COUNT', source, `line ${rowLine} has ${col} field${col === 1 ? '' : 's'}, but the header has ${ncol}.`, {
        hint: `Check the delimiter ("${delimName(delim)}") and quoting on that line; a field containing the delimiter must be quoted.`,
        details: { line: rowLine, fields: col, expected: ncol },
      });
    }
    row++;
  }
  if (control) control.onProgress?.(n, n, 'read');

  const columns: Column[] = [];
  for (let j = 0; j < ncol; j++) {
    if (kinds[j] === NUMERIC) {
      const v = nums[j]!;
      columns.push(numericColumn(names[j]!, fit(v, row)));
    } else {
      const cd = codes[j]!;
      columns.push({ kind: 'string', name: names[j]!, codes: fit(cd, row), levels: interners[j]!.levels });
    }
  }
  return new Table(columns);

  /** Column `col` holds text at row `row`: re-read rows [0, row) of it as text (rare: at most once per column). */
  function flipToString(col: number, atRow: number): void {
    kinds[col] = STRING;
    nums[col] = null;
    const cd = new Int32Array(cap);
    const intern = new ByteInterner();
    codes[col] = cd;
    interners[col] = intern;
    let p = dataStart;
    const span: FieldSpan = { s: 0, e: 0, quoted: false, escaped: false, lines: 0 };
    for (let r = 0; r < atRow; ) {
      if (isBlankLine(bytes, p)) {
        p = skipLineBreak(bytes, p);
        continue;
      }
      p = locateField(bytes, p, delim, col, span, source, dataLine + span.lines);
      const s = span.s;
      const e = span.e;
      let code = -1;
      if (span.quoted) {
        if (e > s) {
          if (span.escaped) {
            const len = unescapeQuoted(bytes, s, e, scratch);
            code = intern.intern(scratch.buf, 0, len);
          } else code = intern.intern(bytes, s, e);
        }
      } else if (!isMissingToken(bytes, s, e)) code = intern.intern(bytes, s, e);
      cd[r] = code;
      r++;
    }
  }
}

function chooseDelimiter(bytes: Uint8Array, pos: number, opts: CsvOptions, source: string): number {
  const d = opts.delimiter;
  if (d !== undefined && d !== 'auto') {
    const code = d === '\\t' || d === 'tab' ? 9 : d.length === 1 ? d.charCodeAt(0) : -1;
    if (code < 0 || code > 127 || code === QUOTE || code === LF || code === CR) {
      throw new OptionError('delimiter', `"${d}" is not a one-character delimiter.`, [',', 'tab', ';', '|', 'auto']);
    }
    return code;
  }
  if (d === undefined) {
    // default comma, unless the header line has no comma but another candidate
    const first = readRecord(bytes, pos, 44, source, 1);
    if (first.starts.length > 1) return 44;
  }
  return detectDelimiter(bytes, pos, source);
}

/**
 * Picks the candidate whose count per line (outside quotes) is the same and largest over the first 30
 * lines; comma when none splits the header.
 */
export function detectDelimiter(bytes: Uint8Array, pos: number, source = '<csv text>'): number {
  let best = 44;
  let bestScore = 0;
  for (const cand of DELIMITER_CANDIDATES) {
    let p = pos;
    let first = -1;
    let consistent = true;
    for (let k = 0; k < 30 && p < bytes.length; k++) {
      if (isBlankLine(bytes, p)) {
        p = skipLineBreak(bytes, p);
        continue;
      }
      let rec;
      try {
        rec = readRecord(bytes, p, cand, source, 1);
      } catch {
        consistent = false;
        break;
      }
      const count = rec.starts.length;
      if (first < 0) first = count;
      else if (count !== first) {
        consistent = false;
        break;
      }
      p = rec.next;
    }
    const score = consistent ? first : first > 1 ? 0.5 : 0;
    if (first > 1 && score > bestScore) {
      best = cand;
      bestScore = score;
    }
  }
  return best;
}

function estimateRows(bytes: Uint8Array, pos: number): number {
  const end = Math.min(bytes.length, pos + 65536);
  let lines = 0;
  for (let k = pos; k < end; k++) if (bytes[k] === LF) lines++;
  if (end === bytes.length) return lines + 2;
  const avg = (end - pos) / Math.max(lines, 1);
  return Math.ceil(((bytes.length - pos) / avg) * 1.05) + 16;
}

function delimName(d: number): string {
  return d === 9 ? 'tab' : String.fromCharCode(d);
}

/** The first `rows` entries: a view when the unused tail is small (the row estimate is ~5% high), else a copy. */
function fit<T extends Float64Array | Int32Array>(a: T, rows: number): T {
  if (a.length === rows) return a;
  return (a.length - rows <= (rows >> 2) ? a.subarray(0, rows) : a.slice(0, rows)) as T;
}

function growF64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

function growI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
