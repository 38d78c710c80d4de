/** Tokens of the formula language. Names may hold letters of any script, digits, `_` and `.`; backticks quote any name. */
import { FormulaError } from './errors.js';

export type TokenType = 'name' | 'num' | 'str' | 'op' | 'end';

export interface Token {
  readonly type: TokenType;
  readonly text: string;
  readonly pos: number;
  /** Numeric value for `num` tokens. */
  readonly value?: number;
}

const OPS = new Set(['~', '|', '+', '-', '*', '/', '^', ':', '(', ')', ',', '=']);
const NAME_START = /[\p{L}_.]/u;
const NAME_PART = /[\p{L}\p{N}_.]/u;

/** Splits a formula into tokens; throws {@link FormulaError} at the first character that fits no token. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '`') {
      const j = text.indexOf('`', i + 1);
      if (j < 0) throw new FormulaError(text, i, 'unclosed backtick');
      out.push({ type: 'name', text: text.slice(i + 1, j), pos: i });
      i = j + 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const j = text.indexOf(ch, i + 1);
      if (j < 0) throw new FormulaError(text, i, 'unclosed quote');
      out.push({ type: 'str', text: text.slice(i + 1, j), pos: i });
      i = j + 1;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num && !(ch === '.' && i + 1 < text.length && NAME_START.test(text[i + 1]!) && !/\d/.test(text[i + 1]!))) {
      out.push({ type: 'num', text: num[0], pos: i, value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    if (NAME_START.test(ch)) {
      let j = i + 1;
      while (j < text.length && NAME_PART.test(text[j]!)) j++;
      out.push({ type: 'name', text: text.slice(i, j), pos: i });
      i = j;
      continue;
    }
    if (OPS.has(ch)) {
      out.push({ type: 'op', text: ch, pos: i });
      i++;
      continue;
    }
    throw new FormulaError(text, i, `unexpected character "${ch}"`);
  }
  out.push({ type: 'end', text: '', pos: text.length });
  return out;
}
