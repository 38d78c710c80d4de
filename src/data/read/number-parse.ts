/**
 * Decimal numbers parsed straight from bytes, without building a string per cell.
 *
 * Fast path (Clinger 1990, "How to read floating point numbers accurately", the exact case): when the
 * significant digits form an integer m < 10^15 (so m is exact in a double) and the decimal exponent e
 * satisfies |e| <= 22 (so 10^|e| is exact), `m * 10^e` or `m / 10^-e` is ONE correctly rounded IEEE
 * operation and therefore equals what `Number(text)` returns. Everything else (more digits, large
 * exponents, `Infinity`, hex, stray characters) falls back to `Number()` on the decoded text, so the result
 * always equals `Number()` exactly (checked on random decimals in test/data/read/number-parse.test.ts).
 *
 * Missing tokens follow `parseNumberCell` in `src/data/table.ts`: empty, `NA`, `NaN`, `nan`, `.`, `null`,
 * `NULL`, `#N/A` (after trimming blanks) are missing.
 */
/** 10^0 ... 10^22, each exact in a double (built by exact multiplications). */
export const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i < 23; i++, p *= 10) POW10[i] = p;

const MISSING_TOKENS = ['NA', 'NaN', 'nan', '.', 'null', 'NULL', '#N/A'];
const MISSING_BYTES = MISSING_TOKENS.map((t) => Uint8Array.from(t, (c) => c.charCodeAt(0)));

/** Outcome of {@link parseNumberBytes}: a number was stored. */
export const PARSED_NUMBER = 0;
/** Outcome of {@link parseNumberBytes}: the cell is a missing token (NaN was stored). */
export const PARSED_MISSING = 1;
/** Outcome of {@link parseNumberBytes}: the cell is not a number (nothing stored). */
export const PARSED_TEXT = 2;

/** True when bytes[s, e) (blanks already trimmed) are one of the missing tokens (or empty). */
export function isMissingToken(bytes: Uint8Array, s: number, e: number): boolean {
  const len = e - s;
  if (len === 0) return true;
  if (len > 4) return false;
  outer: for (let t = 0; t < MISSING_BYTES.length; t++) {
    const tok = MISSING_BYTES[t]!;
    if (tok.length !== len) continue;
    for (let k = 0; k < len; k++) if (bytes[s + k] !== tok[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * Parses bytes[s, e) as a number into `out[idx]`. Returns {@link PARSED_NUMBER}, {@link PARSED_MISSING}
 * (NaN stored) or {@link PARSED_TEXT} (the cell is text; `out[idx]` untouched). Blanks (space, tab) around
 * the number are ignored, as `Number()` does.
 */
export function parseNumberBytes(bytes: Uint8Array, s: number, e: number, out: Float64Array, idx: number): number {
  while (s < e && (bytes[s] === 32 || bytes[s] === 9)) s++;
  while (e > s && (bytes[e - 1] === 32 || bytes[e - 1] === 9)) e--;
  if (s === e) {
    out[idx] = NaN;
    return PARSED_MISSING;
  }
  let i = s;
  let c = bytes[i]!;
  let neg = false;
  if (c === 45 /* - */ || c === 43 /* + */) {
    neg = c === 45;
    i++;
  }
  let mant = 0;
  let nd = 0; // significant digits in mant
  let anyDigit = false;
  let exp10 = 0;
  // integer part
  while (i < e) {
    c = bytes[i]! - 48;
    if (c < 0 || c > 9) break;
    anyDigit = true;
    if (nd > 0 || c !== 0) {
      if (nd < 15) {
        mant = mant * 10 + c;
        nd++;
      } else {
        return slowParse(bytes, s, e, out, idx);
      }
    }
    i++;
  }
  if (i < e && bytes[i] === 46 /* . */) {
    i++;
    while (i < e) {
      c = bytes[i]! - 48;
      if (c < 0 || c > 9) break;
      anyDigit = true;
      if (nd > 0 || c !== 0) {
        if (nd < 15) {
          mant = mant * 10 + c;
          nd++;
        } else {
          return slowParse(bytes, s, e, out, idx);
        }
      }
      exp10--;
      i++;
    }
  }
  if (!anyDigit) return slowParse(bytes, s, e, out, idx);
  if (i < e) {
    c = bytes[i]!;
    if (c !== 101 /* e */ && c !== 69 /* E */) return slowParse(bytes, s, e, out, idx);
    i++;
    let eneg = false;
    if (i < e && (bytes[i] === 45 || bytes[i] === 43)) {
      eneg = bytes[i] === 45;
      i++;
    }
    let ev = 0;
    let edigits = 0;
    while (i < e) {
      c = bytes[i]! - 48;
      if (c < 0 || c > 9) break;
      if (ev < 100000) ev = ev * 10 + c;
      edigits++;
      i++;
    }
    if (edigits === 0 || i !== e) return slowParse(bytes, s, e, out, idx);
    exp10 += eneg ? -ev : ev;
  }
  let v: number;
  if (mant === 0) v = 0;
  else if (exp10 === 0) v = mant;
  else if (exp10 > 0 && exp10 <= 22) v = mant * POW10[exp10]!;
  else if (exp10 < 0 && exp10 >= -22) v = mant / POW10[-exp10]!;
  else return slowParse(bytes, s, e, out, idx);
  out[idx] = neg ? -v : v;
  return PARSED_NUMBER;
}

function slowParse(bytes: Uint8Array, s: number, e: number, out: Float64Array, idx: number): number {
  if (isMissingToken(bytes, s, e)) {
    out[idx] = NaN;
    return PARSED_MISSING;
  }
  let text = '';
  for (let k = s; k < e; k++) {
    const b = bytes[k]!;
    if (b >= 128) return PARSED_TEXT; // non-ASCII is never part of a number
    text += String.fromCharCode(b);
  }
  const v = Number(text);
  if (Number.isNaN(v)) return PARSED_TEXT;
  out[idx] = v;
  return PARSED_NUMBER;
}
