/**
 * Evaluates formula expressions and terms on a table, producing named numeric columns (NaN = missing).
 *
 * Conventions (as R / fixest):
 * - a string column used as a regressor becomes dummies for every level but the first (levels sorted),
 *   named `<var><level>`;
 * - `i(var, ref = v)` gives one dummy per level of `var` other than the reference level(s), named
 *   `var::level`; `i(var, x, ref = v)` multiplies each dummy by `x`, named `var::level:x`; `keep = c(...)`
 *   keeps only the listed levels; levels are sorted (numbers ascending);
 * - `lag(x, k)` (alias `l`), `lead(x, k)` (alias `f`) and `d(x)` look up the row of the same unit at time
 *   t - k (t + k) by time *value*, so a gap in the panel gives a missing value, never the previous row;
 *   they need the panel's unit and time columns (`panel` option);
 * - `log` of a non-positive value is missing (the row is dropped and counted), as R gives -Inf/NaN
 *   which fixest drops.
 */
import type { Table } from '../data/table.js';
import type { Expr, Term } from './ast.js';
import { exprLabel } from './ast.js';
import { FormulaError } from './errors.js';
import { factorize } from './factorize.js';
import { MissingColumnError } from '../errors.js';

/** Named numeric columns produced by one expression or term. */
export interface ColumnSet {
  readonly names: string[];
  readonly cols: Float64Array[];
}

export interface EvalContext {
  readonly table: Table;
  readonly text: string;
  /** Panel keys, needed by lag/lead/d. */
  readonly panel?: { unit: string; time: string };
}

/** Evaluates a formula-level term (interaction of factors) into its columns. */
export function evalTerm(ctx: EvalContext, term: Term): ColumnSet {
  let acc = evalFactor(ctx, term.factors[0]!);
  for (let k = 1; k < term.factors.length; k++) {
    const next = evalFactor(ctx, term.factors[k]!);
    const names: string[] = [];
    const cols: Float64Array[] = [];
    for (let a = 0; a < acc.cols.length; a++) {
      for (let b = 0; b < next.cols.length; b++) {
        names.push(`${acc.names[a]}:${next.names[b]}`);
        cols.push(mul(acc.cols[a]!, next.cols[b]!));
      }
    }
    acc = { names, cols };
  }
  return acc;
}

/** A factor: a column (numeric, or string → dummies), an `i()` call, or a numeric expression. */
function evalFactor(ctx: EvalContext, e: Expr): ColumnSet {
  if (e.kind === 'var') {
    const col = column(ctx, e);
    if (col.kind === 'string') return dummies(ctx, e, e.name, col, undefined, undefined, true);
    return { names: [e.name], cols: [col.values] };
  }
  if (e.kind === 'call' && e.fn === 'i') return evalI(ctx, e);
  return { names: [exprLabel(e)], cols: [evalNumeric(ctx, e)] };
}

function column(ctx: EvalContext, e: Extract<Expr, { kind: 'var' }>) {
  if (!ctx.table.has(e.name)) {
    const err = new MissingColumnError(e.name, ctx.table.names, 'formula');
    throw new FormulaError(ctx.text, e.pos, `column "${e.name}" not found`, err.hint);
  }
  return ctx.table.column(e.name);
}

/** Evaluates an arithmetic expression to one numeric column. */
export function evalNumeric(ctx: EvalContext, e: Expr): Float64Array {
  const n = ctx.table.nrows;
  switch (e.kind) {
    case 'num':
      return new Float64Array(n).fill(e.value);
    case 'str':
      throw new FormulaError(ctx.text, e.pos, 'a quoted string is not a number');
    case 'var': {
      const col = column(ctx, e);
      if (col.kind === 'string') {
        try {
          return ctx.table.numeric(e.name);
        } catch {
          throw new FormulaError(ctx.text, e.pos, `column "${e.name}" holds text and cannot be used in arithmetic`, 'Use it alone as a term (it becomes dummies) or as a fixed effect.');
        }
      }
      return col.values;
    }
    case 'neg': {
      const a = evalNumeric(ctx, e.arg);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = -a[i]!;
      return out;
    }
    case 'bin': {
      const a = evalNumeric(ctx, e.left);
      const b = evalNumeric(ctx, e.right);
      const out = new Float64Array(n);
      switch (e.op) {
        case '+': for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!; break;
        case '-': for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!; break;
        case '*': for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!; break;
        case '/': for (let i = 0; i < n; i++) out[i] = finite(a[i]! / b[i]!); break;
        case '^': for (let i = 0; i < n; i++) out[i] = finite(Math.pow(a[i]!, b[i]!)); break;
      }
      return out;
    }
    case 'call':
      return evalCall(ctx, e);
  }
}

function finite(x: number): number {
  return Number.isFinite(x) ? x : NaN;
}

function evalCall(ctx: EvalContext, e: Extract<Expr, { kind: 'call' }>): Float64Array {
  const n = ctx.table.nrows;
  const unary = (f: (x: number) => number): Float64Array => {
    if (e.args.length !== 1) throw new FormulaError(ctx.text, e.pos, `${e.fn}() takes one argument`);
    const a = evalNumeric(ctx, e.args[0]!);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = finite(f(a[i]!));
    return out;
  };
  switch (e.fn) {
    case 'log':
      return unary((x) => (x > 0 ? Math.log(x) : NaN));
    case 'log1p':
      return unary((x) => (x > -1 ? Math.log1p(x) : NaN));
    case 'exp':
      return unary(Math.exp);
    case 'sqrt':
      return unary((x) => (x >= 0 ? Math.sqrt(x) : NaN));
    case 'abs':
      return unary(Math.abs);
    case 'I':
      return unary((x) => x);
    case 'lag':
    case 'l':
    case 'lead':
    case 'f':
    case 'd': {
      if (e.args.length < 1 || e.args.length > 2) throw new FormulaError(ctx.text, e.pos, `${e.fn}(x, k) takes one or two arguments`);
      let k = 1;
      if (e.args[1]) {
        const kk = e.args[1];
        const v = kk.kind === 'num' ? kk.value : kk.kind === 'neg' && kk.arg.kind === 'num' ? -kk.arg.value : NaN;
        if (!Number.isInteger(v)) throw new FormulaError(ctx.text, kk.pos, `the lag order of ${e.fn}() must be an integer`);
        k = v;
      }
      const x = evalNumeric(ctx, e.args[0]!);
      const shift = e.fn === 'lead' || e.fn === 'f' ? -k : k;
      const lagged = panelShift(ctx, e.pos, x, shift);
      if (e.fn !== 'd') return lagged;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = x[i]! - lagged[i]!;
      return out;
    }
    case 'i':
      throw new FormulaError(ctx.text, e.pos, 'i() makes several columns and cannot be used inside arithmetic');
    case 'c':
      throw new FormulaError(ctx.text, e.pos, 'c() is only for argument values such as ref = c(-1, -1000)');
    default:
      throw new FormulaError(ctx.text, e.pos, `unknown function "${e.fn}"`);
  }
}

/** `x` of the same unit at time t - shift (NaN when that unit-time does not exist). */
function panelShift(ctx: EvalContext, pos: number, x: Float64Array, shift: number): Float64Array {
  if (!ctx.panel) throw new FormulaError(ctx.text, pos, 'lag/lead/d need the panel structure', 'Pass the panel option { unit, time } (CLI: --unit and --time).');
  const unit = factorize(ctx.table.column(ctx.panel.unit, 'panel unit'));
  const time = ctx.table.numeric(ctx.panel.time, 'panel time');
  const n = x.length;
  const minT = new Float64Array(unit.nlevels).fill(Infinity);
  const maxT = new Float64Array(unit.nlevels).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const u = unit.ids[i]!;
    const t = time[i]!;
    if (u < 0 || Number.isNaN(t)) continue;
    if (!Number.isInteger(t)) throw new FormulaError(ctx.text, pos, `lag/lead need integer time values; "${ctx.panel.time}" holds ${t} in row ${i + 1}`);
    if (t < minT[u]!) minT[u] = t;
    if (t > maxT[u]!) maxT[u] = t;
  }
  const offset = new Int32Array(unit.nlevels + 1);
  for (let u = 0; u < unit.nlevels; u++) offset[u + 1] = offset[u]! + (maxT[u]! >= minT[u]! ? maxT[u]! - minT[u]! + 1 : 0);
  const slot = new Int32Array(offset[unit.nlevels]!).fill(-1);
  for (let i = 0; i < n; i++) {
    const u = unit.ids[i]!;
    const t = time[i]!;
    if (u < 0 || Number.isNaN(t)) continue;
    const s = offset[u]! + (t - minT[u]!);
    if (slot[s] !== -1) {
      throw new FormulaError(ctx.text, pos, `lag/lead need one row per unit and time; unit "${unit.levels[u]}" has two rows for time ${t} (rows ${slot[s]! + 1} and ${i + 1})`);
    }
    slot[s] = i;
  }
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const u = unit.ids[i]!;
    const t = time[i]!;
    if (u < 0 || Number.isNaN(t)) continue;
    const tt = t - shift;
    if (tt < minT[u]! || tt > maxT[u]!) continue;
    const r = slot[offset[u]! + (tt - minT[u]!)]!;
    if (r >= 0) out[i] = x[r]!;
  }
  return out;
}

/** `i(var, [x], ref = ..., keep = ...)`. */
function evalI(ctx: EvalContext, e: Extract<Expr, { kind: 'call' }>): ColumnSet {
  const v = e.args[0];
  if (!v || v.kind !== 'var') throw new FormulaError(ctx.text, e.pos, 'i() needs a column as its first argument, e.g. i(rel_time, ref = -1)');
  if (e.args.length > 2) throw new FormulaError(ctx.text, e.args[2]!.pos, 'i() takes at most two positional arguments: i(var, x, ref = ...)');
  for (const k of Object.keys(e.named)) {
    if (!['ref', 'keep'].includes(k)) throw new FormulaError(ctx.text, e.named[k]!.pos, `i() has no argument "${k}"`, 'Arguments of i(): var, x, ref, keep.');
  }
  const col = column(ctx, v);
  let x: { name: string; values: Float64Array } | undefined;
  if (e.args[1]) x = { name: exprLabel(e.args[1]), values: evalNumeric(ctx, e.args[1]) };
  const ref = e.named.ref ? literalValues(ctx, e.named.ref) : [];
  const keep = e.named.keep ? literalValues(ctx, e.named.keep) : undefined;
  return dummies(ctx, e, `${v.name}::`, col, ref, keep, false, x);
}

/** Values of `ref = -1`, `ref = "a"` or `ref = c(-1, -1000)` as strings comparable with level labels. */
function literalValues(ctx: EvalContext, e: Expr): string[] {
  const one = (x: Expr): string => {
    if (x.kind === 'num') return String(x.value);
    if (x.kind === 'str') return x.value;
    if (x.kind === 'neg' && x.arg.kind === 'num') return String(-x.arg.value);
    if (x.kind === 'var') return x.name;
    throw new FormulaError(ctx.text, x.pos, 'expected a number or a quoted value');
  };
  if (e.kind === 'call' && e.fn === 'c') return e.args.map(one);
  return [one(e)];
}

function dummies(
  ctx: EvalContext,
  e: Expr,
  prefix: string,
  col: ReturnType<Table['column']>,
  ref: string[] | undefined,
  keep: string[] | undefined,
  dropFirst: boolean,
  x?: { name: string; values: Float64Array },
): ColumnSet {
  const f = factorize(col);
  const n = ctx.table.nrows;
  if (ref) {
    for (const r of ref) {
      if (!f.levels.includes(r)) {
        throw new FormulaError(ctx.text, e.pos, `reference level ${r} is not a value of "${col.name}"`, `Values: ${f.levels.slice(0, 20).join(', ')}${f.levels.length > 20 ? ', ...' : ''}.`);
      }
    }
  }
  const names: string[] = [];
  const cols: Float64Array[] = [];
  for (let l = 0; l < f.nlevels; l++) {
    const label = f.levels[l]!;
    if (dropFirst && l === 0) continue;
    if (ref && ref.includes(label)) continue;
    if (keep && !keep.includes(label)) continue;
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const id = f.ids[i]!;
      c[i] = id < 0 ? NaN : id === l ? (x ? x.values[i]! : 1) : 0;
    }
    names.push(`${prefix}${label}${x ? ':' + x.name : ''}`);
    cols.push(c);
  }
  return { names, cols };
}

function mul(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * b[i]!;
  return out;
}
