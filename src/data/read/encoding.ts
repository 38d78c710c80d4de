/**
 * Text encodings of CSV/TSV input.
 *
 * Conventions: UTF-8 is the default; a UTF-8 byte-order mark is dropped. When the caller names no encoding
 * and the bytes are not valid UTF-8 (checked natively with `buffer.isUtf8`), the text is decoded as GBK
 * (WHATWG's `gbk` decoder, i.e. GB18030, which Chinese statistical yearbooks and CSMAR/Wind exports use) and
 * a note says so; when GBK does not fit either (it would produce U+FFFD or private-use characters), the text is read as UTF-8 with
 * the invalid bytes replaced and a note asks for the encoding. `encoding: 'gbk'` (or `gb18030`, `gb2312`, `big5`, `latin1`... any WHATWG label) forces it.
 * Non-UTF-8 text is re-encoded to UTF-8 bytes once, so the byte-level CSV parser only ever sees UTF-8.
 */
import { isUtf8 } from 'node:buffer';
import { OptionError } from '../../errors.js';

/** Encodings we name in errors and help (any WHATWG label accepted by TextDecoder works). */
export const KNOWN_ENCODINGS = ['utf8', 'utf-8', 'gbk', 'gb18030', 'gb2312', 'big5', 'latin1', 'utf-16le'] as const;

export interface DecodedInput {
  /** UTF-8 bytes without a byte-order mark. */
  bytes: Uint8Array;
  /** The encoding the input was read as (`utf8`, `gbk`...). */
  encoding: string;
  /** Set when the encoding was guessed rather than given. */
  note?: string;
}

/**
 * Returns the input as UTF-8 bytes. `encoding` undefined or `auto` detects (UTF-8, else GBK); `utf8` checks
 * nothing (invalid sequences become U+FFFD when decoded); any other label decodes and re-encodes.
 */
export function toUtf8(input: Uint8Array, encoding?: string): DecodedInput {
  const enc = normalizeEncoding(encoding);
  if (enc === 'utf8') return { bytes: stripBom(input), encoding: 'utf8' };
  if (enc === 'auto') {
    const b = stripBom(input);
    if (isUtf8(b)) return { bytes: b, encoding: 'utf8' };
    const gbk = new TextDecoder('gbk').decode(input);
    // ICU maps bytes GBK does not define to U+FFFD or to the private use area: then GBK does not fit either
    if (!/[\uFFFD\uE000-\uF8FF]/.test(gbk)) {
      return {
        bytes: new TextEncoder().encode(gbk),
        encoding: 'gbk',
        note: 'the file is not valid UTF-8; it was decoded as GBK (GB18030). Pass encoding "utf8" or another encoding to override.',
      };
    }
    return {
      bytes: reencode(b, 'utf-8'),
      encoding: 'utf8',
      note: 'the file is neither valid UTF-8 nor GBK; it was read as UTF-8 with invalid bytes replaced by U+FFFD. Pass the right encoding (e.g. big5, latin1).',
    };
  }
  return { bytes: reencode(input, enc), encoding: enc };
}

function normalizeEncoding(encoding: string | undefined): string {
  if (encoding === undefined || encoding === '' || encoding.toLowerCase() === 'auto') return 'auto';
  const e = encoding.toLowerCase().replace(/_/g, '-');
  if (e === 'utf8' || e === 'utf-8') return 'utf8';
  try {
    new TextDecoder(e);
  } catch {
    throw new OptionError('encoding', `"${encoding}" is not a text encoding this Node.js knows.`, ['auto', ...KNOWN_ENCODINGS]);
  }
  return e;
}

function stripBom(b: Uint8Array): Uint8Array {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

function reencode(input: Uint8Array, label: string): Uint8Array {
  const text = new TextDecoder(label).decode(input); // drops its own BOM
  return new TextEncoder().encode(text);
}
