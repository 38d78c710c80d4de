/**
 * The typed syntax tree of a pilotzone (fixest-style) formula:
 * `y ~ x1 + x2 + log(x3) + x1:x2 + i(rel, ref = -1) | fe1 + fe2^fe3 | endog ~ z1 + z2`.
 */

/** An expression: a column, a number, a function call, arithmetic, or a vector `c(a, b)`. `pos` is the 0-based offset in the formula text. */
export type Expr =
  | { readonly kind: 'num'; readonly value: number; readonly pos: number }
  | { readonly kind: 'str'; readonly value: string; readonly pos: number }
  | { readonly kind: 'var'; readonly name: string; readonly pos: number }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly named: Readonly<Record<string, Expr>>; readonly pos: number }
  | { readonly kind: 'bin'; readonly op: '+' | '-' | '*' | '/' | '^'; readonly left: Expr; readonly right: Expr; readonly pos: number }
  | { readonly kind: 'neg'; readonly arg: Expr; readonly pos: number };

/** One right-hand-side term: the interaction (`:`) of one or more factors. */
export interface Term {
  readonly factors: readonly Expr[];
  /** Canonical text, e.g. `log(x3)` or `x1:x2`. */
  readonly label: string;
}

/** A fixed-effect dimension: one variable or an interaction `a^b`. */
export interface FixefTerm {
  readonly vars: readonly string[];
  /** `a` or `a^b`. */
  readonly label: string;
  readonly pos: number;
}

export interface Formula {
  /** The text as given. */
  readonly text: string;
  readonly lhs: Expr;
  readonly lhsLabel: string;
  readonly terms: readonly Term[];
  /** False with `0 + ...` or `- 1`. Fixed effects absorb the intercept regardless. */
  readonly intercept: boolean;
  readonly fixef: readonly FixefTerm[];
  /** `| endog ~ instruments` (undefined when absent). */
  readonly iv?: { readonly endog: readonly Term[]; readonly instruments: readonly Term[] };
}

/** Canonical text of an expression (used for term labels). */
export function exprLabel(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'str':
      return JSON.stringify(e.value);
    case 'var':
      return e.name;
    case 'neg':
      return `-${exprLabel(e.arg)}`;
    case 'bin':
      return `${exprLabel(e.left)}${e.op}${exprLabel(e.right)}`;
    case 'call': {
      const parts = e.args.map(exprLabel);
      for (const [k, v] of Object.entries(e.named)) parts.push(`${k} = ${exprLabel(v)}`);
      return `${e.fn}(${parts.join(', ')})`;
    }
  }
}

/** Column names an expression reads. */
export function exprVars(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'var':
      out.add(e.name);
      break;
    case 'neg':
      exprVars(e.arg, out);
      break;
    case 'bin':
      exprVars(e.left, out);
      exprVars(e.right, out);
      break;
    case 'call':
      // Named arguments of i() (ref, keep) are values, not columns.
      for (const a of e.args) exprVars(a, out);
      break;
    default:
      break;
  }
  return out;
}
