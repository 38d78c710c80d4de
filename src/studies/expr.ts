/**
 * Arithmetic over columns for the `derive:` section of a study spec: `(exports + imports) / gdp`,
 * `log(gdp_per_capita)`, `loans / gdp * 100`. Numbers, column names, + - * /, parentheses, unary minus and
 * the functions log, exp, sqrt, abs. Missing values (NaN) propagate; a zero divisor or log of a non-positive
 * value gives a missing value (counted by the caller), never Infinity.
 */
import { PilotzoneError } from '../errors.js';

type Node =
  | { k: 'num'; v: number }
  | { k: 'col'; name: string }
  | { k: 'neg'; a: Node }
  | { k: 'bin'; op: '+' | '-' | '*' | '/'; a: Node; b: Node }
  | { k: 'fn'; f: 'log' | 'exp' | 'sqrt' | 'abs'; a: Node };

const FNS = ['log', 'exp', 'sqrt', 'abs'] as const;

/** A parsed expression: the columns it reads and an evaluator over them. */
export interface Expr {
  readonly columns: readonly string[];
  evaluate(get: (name: string) => Float64Array, n: number): Float64Array;
}

/** Parses an expression; malformed text throws `E_EXPR` naming the position. */
export function parseExpr(text: string): Expr {
  const toks = [...text.matchAll(/\s*(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+|[A-Za-z_][A-Za-z0-9_]*|[-+*/()])/gy)];
  const joined = toks.map((m) => m[0]).join('');
  if (joined.trim() !== text.trim() || joined.length !== text.replace(/\s+$/, '').length) {
    const pos = joined.length;
    throw new PilotzoneError('E_EXPR', `expression "${text}": unexpected character at position ${pos + 1}.`);
  }
  const t = toks.map((m) => m[1]!);
  let i = 0;
  const cols = new Set<string>();
  const bad = (what: string): never => {
    throw new PilotzoneError('E_EXPR', `expression "${text}": ${what}.`);
  };
  const primary = (): Node => {
    const x = t[i++];
    if (x === undefined) return bad('ends too early');
    if (x === '(') {
      const e = sum();
      if (t[i++] !== ')') bad('a ")" is missing');
      return e;
    }
    if (x === '-') return { k: 'neg', a: primary() };
    if (/^[\d.]/.test(x)) return { k: 'num', v: Number(x) };
    if (/^[A-Za-z_]/.test(x)) {
      if (t[i] === '(') {
        if (!(FNS as readonly string[]).includes(x)) bad(`unknown function "${x}" (known: ${FNS.join(', ')})`);
        i++;
        const a = sum();
        if (t[i++] !== ')') bad('a ")" is missing');
        return { k: 'fn', f: x as Node & { k: 'fn' } extends { f: infer F } ? F : never, a };
      }
      cols.add(x);
      return { k: 'col', name: x };
    }
    return bad(`unexpected "${x}"`);
  };
  const product = (): Node => {
    let a = primary();
    while (t[i] === '*' || t[i] === '/') {
      const op = t[i++] as '*' | '/';
      a = { k: 'bin', op, a, b: primary() };
    }
    return a;
  };
  const sum = (): Node => {
    let a = product();
    while (t[i] === '+' || t[i] === '-') {
      const op = t[i++] as '+' | '-';
      a = { k: 'bin', op, a, b: product() };
    }
    return a;
  };
  const root = sum();
  if (i !== t.length) bad(`unexpected "${t[i]}"`);
  const columns = [...cols];
  return {
    columns,
    evaluate(get, n) {
      const ev = (node: Node): Float64Array => {
        switch (node.k) {
          case 'num':
            return new Float64Array(n).fill(node.v);
          case 'col':
            return get(node.name);
          case 'neg':
            return ev(node.a).map((v) => -v);
          case 'fn': {
            const a = ev(node.a);
            const f = node.f === 'log' ? (v: number) => (v > 0 ? Math.log(v) : NaN) : node.f === 'exp' ? Math.exp : node.f === 'sqrt' ? (v: number) => (v >= 0 ? Math.sqrt(v) : NaN) : Math.abs;
            return a.map(f);
          }
          case 'bin': {
            const a = ev(node.a), b = ev(node.b), out = new Float64Array(n);
            for (let r = 0; r < n; r++) {
              const x = a[r]!, y = b[r]!;
              out[r] = node.op === '+' ? x + y : node.op === '-' ? x - y : node.op === '*' ? x * y : y === 0 ? NaN : x / y;
            }
            return out;
          }
        }
      };
      const out = ev(root);
      for (let r = 0; r < n; r++) if (!Number.isFinite(out[r]!)) out[r] = NaN;
      return out;
    },
  };
}
