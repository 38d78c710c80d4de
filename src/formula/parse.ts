/**
 * Parser of the formula language (fixest's, as documented in fixest's `feols` help):
 *
 *     y ~ x1 + x2 + log(x3) + x1:x2 + x1*x2 + i(rel, ref = -1) + i(rel, treat, ref = c(-1, -1000))
 *       | fe1 + fe2 + fe1^fe2
 *       | endog1 + endog2 ~ z1 + z2
 *
 * - `0 +` or `- 1` removes the intercept; fixed effects absorb it anyway.
 * - `a:b` is the product of a and b; `a*b` expands to `a + b + a:b`.
 * - Functions: `log`, `log1p`, `exp`, `sqrt`, `abs`, `I(expr)` (arithmetic), `lag(x, k)` / `l(x, k)`,
 *   `lead(x, k)` / `f(x, k)`, `d(x)` (first difference), `i(var, [x], ref = v, keep = c(...))`.
 * - The last `|` part is the IV part when it holds a `~`.
 * Errors point at the offending token.
 */
import type { Expr, FixefTerm, Formula, Term } from './ast.js';
import { exprLabel } from './ast.js';
import { FormulaError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

/** Functions the evaluator knows (checked at parse time so a typo fails early with the list). */
export const FORMULA_FUNCTIONS = ['log', 'log1p', 'exp', 'sqrt', 'abs', 'I', 'lag', 'l', 'lead', 'f', 'd', 'i', 'c'] as const;

/** Parses a formula into its syntax tree. */
export function parseFormula(text: string): Formula {
  if (typeof text !== 'string' || text.trim() === '') throw new FormulaError(String(text ?? ''), 0, 'the formula is empty', 'Write it as "y ~ x1 + x2 | fe1 + fe2".');
  const tokens = tokenize(text);
  // Split into top-level `|` segments.
  const segments: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.type === 'end') break;
    if (t.type === 'op' && t.text === '(') depth++;
    if (t.type === 'op' && t.text === ')') {
      depth--;
      if (depth < 0) throw new FormulaError(text, t.pos, 'unmatched ")"');
    }
    if (depth === 0 && t.type === 'op' && t.text === '|') {
      segments.push([]);
      continue;
    }
    segments[segments.length - 1]!.push(t);
  }
  if (depth > 0) throw new FormulaError(text, text.length, 'missing ")"');

  const main = segments[0]!;
  const tildeAt = main.findIndex((t) => t.type === 'op' && t.text === '~');
  if (tildeAt < 0) throw new FormulaError(text, 0, 'no "~" in the formula', 'Write it as "y ~ x1 + x2".');
  if (tildeAt === 0) throw new FormulaError(text, main[0]!.pos, 'nothing on the left of "~"', 'Name the outcome: "y ~ x".');
  const lhsP = new Parser(text, [...main.slice(0, tildeAt), endAt(main[tildeAt]!.pos)]);
  const lhs = lhsP.arith();
  lhsP.expectEnd('after the outcome');
  const rhsTokens = main.slice(tildeAt + 1);
  if (rhsTokens.length === 0) throw new FormulaError(text, main[tildeAt]!.pos + 1, 'nothing on the right of "~"', 'Use "y ~ 1" for an intercept-only model.');
  const rhs = new Parser(text, [...rhsTokens, endAt(endPos(rhsTokens, text))]).rhs();

  let fixef: FixefTerm[] = [];
  let iv: Formula['iv'];
  const rest = segments.slice(1);
  for (let s = 0; s < rest.length; s++) {
    const seg = rest[s]!;
    if (seg.length === 0) throw new FormulaError(text, text.length, 'empty part after "|"');
    const ivTilde = seg.findIndex((t) => t.type === 'op' && t.text === '~');
    if (ivTilde >= 0) {
      if (s !== rest.length - 1) throw new FormulaError(text, seg[ivTilde]!.pos, 'the IV part "endog ~ instruments" must come last');
      const endog = new Parser(text, [...seg.slice(0, ivTilde), endAt(seg[ivTilde]!.pos)]).rhs();
      const inst = new Parser(text, [...seg.slice(ivTilde + 1), endAt(endPos(seg, text))]).rhs();
      if (endog.terms.length === 0) throw new FormulaError(text, seg[0]!.pos, 'no endogenous variable before "~" in the IV part');
      if (inst.terms.length === 0) throw new FormulaError(text, seg[ivTilde]!.pos + 1, 'no instrument after "~" in the IV part');
      iv = { endog: endog.terms, instruments: inst.terms };
    } else {
      if (fixef.length) throw new FormulaError(text, seg[0]!.pos, 'a second fixed-effects part', 'Put all fixed effects in one part: "| fe1 + fe2".');
      fixef = new Parser(text, [...seg, endAt(endPos(seg, text))]).fixef();
    }
  }
  return { text, lhs, lhsLabel: exprLabel(lhs), terms: rhs.terms, intercept: rhs.intercept, fixef, ...(iv ? { iv } : {}) };
}

function endAt(pos: number): Token {
  return { type: 'end', text: '', pos };
}
function endPos(ts: readonly Token[], text: string): number {
  const last = ts[ts.length - 1];
  return last ? last.pos + Math.max(1, last.text.length) : text.length;
}

class Parser {
  private i = 0;
  constructor(private readonly text: string, private readonly ts: readonly Token[]) {}

  private peek(): Token {
    return this.ts[this.i]!;
  }
  private next(): Token {
    return this.ts[this.i++]!;
  }
  private isOp(t: Token, op: string): boolean {
    return t.type === 'op' && t.text === op;
  }
  private fail(t: Token, msg: string, hint?: string): never {
    throw new FormulaError(this.text, t.pos, msg, hint);
  }
  expectEnd(where: string): void {
    const t = this.peek();
    if (t.type !== 'end') this.fail(t, `unexpected "${t.text}" ${where}`);
  }

  /** Right-hand side: terms joined by + and -, with `0`/`1` intercept markers. */
  rhs(): { terms: Term[]; intercept: boolean } {
    const terms: Term[] = [];
    let intercept = true;
    let sign: '+' | '-' = '+';
    if (this.isOp(this.peek(), '-')) {
      this.next();
      sign = '-';
    } else if (this.isOp(this.peek(), '+')) this.next();
    for (;;) {
      const t = this.peek();
      if (t.type === 'num' && (t.value === 0 || t.value === 1) && this.isTermEnd(this.ts[this.i + 1]!)) {
        this.next();
        if (t.value === 0) intercept = sign === '-';
        else intercept = sign === '+';
      } else {
        const group = this.product();
        for (const term of group) {
          const at = terms.findIndex((x) => x.label === term.label);
          if (sign === '+' && at < 0) terms.push(term);
          if (sign === '-' && at >= 0) terms.splice(at, 1);
        }
      }
      const op = this.peek();
      if (op.type === 'end') break;
      if (this.isOp(op, '+') || this.isOp(op, '-')) {
        this.next();
        sign = op.text as '+' | '-';
        continue;
      }
      if (this.isOp(op, '^')) this.fail(op, '"^" is not a power on the right-hand side', 'Write a power as I(x^2); "a^b" combines fixed effects after "|".');
      this.fail(op, `unexpected "${op.text}"`, 'Join terms with "+".');
    }
    return { terms, intercept };
  }

  private isTermEnd(t: Token): boolean {
    return t.type === 'end' || this.isOp(t, '+') || this.isOp(t, '-');
  }

  /** `a*b*c` → all interactions of subsets, in R's order. */
  private product(): Term[] {
    const parts: Term[] = [this.interaction()];
    while (this.isOp(this.peek(), '*')) {
      this.next();
      parts.push(this.interaction());
    }
    if (parts.length === 1) return parts;
    let acc: Term[] = [];
    for (const p of parts) {
      const combos: Term[] = acc.map((a) => joinTerms(a, p));
      acc = [...acc, p, ...combos];
    }
    // R orders by interaction degree.
    return acc.sort((a, b) => a.factors.length - b.factors.length);
  }

  private interaction(): Term {
    const factors: Expr[] = [this.atom()];
    while (this.isOp(this.peek(), ':')) {
      this.next();
      factors.push(this.atom());
    }
    return { factors, label: factors.map(exprLabel).join(':') };
  }

  /** A formula-level factor: a name, a number, a call, or a parenthesised arithmetic expression. */
  private atom(): Expr {
    const t = this.peek();
    if (this.isOp(t, '(')) {
      this.next();
      const e = this.arith();
      this.expectOp(')');
      return e;
    }
    if (t.type === 'name' || t.type === 'num') return this.primary();
    if (t.type === 'end') this.fail(t, 'a term is missing');
    return this.fail(t, `unexpected "${t.text}"`);
  }

  private expectOp(op: string): void {
    const t = this.peek();
    if (!this.isOp(t, op)) this.fail(t, t.type === 'end' ? `missing "${op}"` : `expected "${op}" but found "${t.text}"`);
    this.next();
  }

  /** Arithmetic: + - (lowest), * /, unary -, ^ (right-associative), primary. */
  arith(): Expr {
    let e = this.mul();
    while (this.isOp(this.peek(), '+') || this.isOp(this.peek(), '-')) {
      const op = this.next();
      e = { kind: 'bin', op: op.text as '+' | '-', left: e, right: this.mul(), pos: op.pos };
    }
    return e;
  }
  private mul(): Expr {
    let e = this.unary();
    while (this.isOp(this.peek(), '*') || this.isOp(this.peek(), '/')) {
      const op = this.next();
      e = { kind: 'bin', op: op.text as '*' | '/', left: e, right: this.unary(), pos: op.pos };
    }
    return e;
  }
  private unary(): Expr {
    if (this.isOp(this.peek(), '-')) {
      const op = this.next();
      return { kind: 'neg', arg: this.unary(), pos: op.pos };
    }
    if (this.isOp(this.peek(), '+')) this.next();
    return this.power();
  }
  private power(): Expr {
    const base = this.primary();
    if (this.isOp(this.peek(), '^')) {
      const op = this.next();
      return { kind: 'bin', op: '^', left: base, right: this.unary(), pos: op.pos };
    }
    return base;
  }
  private primary(): Expr {
    const t = this.next();
    if (t.type === 'num') return { kind: 'num', value: t.value!, pos: t.pos };
    if (t.type === 'str') return { kind: 'str', value: t.text, pos: t.pos };
    if (this.isOp(t, '(')) {
      const e = this.arith();
      this.expectOp(')');
      return e;
    }
    if (t.type === 'name') {
      if (!this.isOp(this.peek(), '(')) return { kind: 'var', name: t.text, pos: t.pos };
      if (!(FORMULA_FUNCTIONS as readonly string[]).includes(t.text)) {
        this.fail(t, `unknown function "${t.text}"`, `Known functions: ${FORMULA_FUNCTIONS.filter((f) => f !== 'c').join(', ')}.`);
      }
      this.next();
      const args: Expr[] = [];
      const named: Record<string, Expr> = {};
      if (!this.isOp(this.peek(), ')')) {
        for (;;) {
          const a = this.peek();
          if (a.type === 'name' && this.isOp(this.ts[this.i + 1]!, '=')) {
            this.next();
            this.next();
            named[a.text] = this.arith();
          } else {
            if (Object.keys(named).length) this.fail(a, 'a positional argument after a named one');
            args.push(this.arith());
          }
          if (this.isOp(this.peek(), ',')) {
            this.next();
            continue;
          }
          break;
        }
      }
      this.expectOp(')');
      return { kind: 'call', fn: t.text, args, named, pos: t.pos };
    }
    if (t.type === 'end') return this.fail(t, 'an expression is missing');
    return this.fail(t, `unexpected "${t.text}"`);
  }

  /** Fixed effects: `fe1 + fe2 + fe1^fe2`. */
  fixef(): FixefTerm[] {
    const out: FixefTerm[] = [];
    for (;;) {
      const t = this.next();
      if (t.type !== 'name') this.fail(t, t.type === 'end' ? 'a fixed effect is missing' : `expected a fixed-effect variable, found "${t.text}"`, 'Fixed effects are column names joined by "+" (and "^" for combinations).');
      const vars = [t.text];
      while (this.isOp(this.peek(), '^')) {
        this.next();
        const v = this.next();
        if (v.type !== 'name') this.fail(v, 'expected a variable after "^"');
        vars.push(v.text);
      }
      const label = vars.join('^');
      if (!out.some((f) => f.label === label)) out.push({ vars, label, pos: t.pos });
      const op = this.peek();
      if (op.type === 'end') break;
      if (this.isOp(op, '+')) {
        this.next();
        continue;
      }
      this.fail(op, `unexpected "${op.text}" in the fixed effects`, 'Join fixed effects with "+".');
    }
    return out;
  }
}

function joinTerms(a: Term, b: Term): Term {
  const factors = [...a.factors, ...b.factors];
  return { factors, label: factors.map(exprLabel).join(':') };
}
