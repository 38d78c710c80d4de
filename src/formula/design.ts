/**
 * Builds the {@link Design} of a model from a table and a formula: evaluates every term, codes the fixed
 * effects and clusters, and removes the rows that cannot be used, counting why.
 *
 * Row removal (as fixest): a row is dropped when the outcome, any regressor, fixed effect, cluster,
 * weight, endogenous variable or instrument is missing or infinite (NaN, empty, +-Inf, or an invalid
 * transform such as log(0)); rows with weight 0 are dropped and counted apart. Negative weights are an error.
 * Singletons are *not* removed here: that is the estimator's business (it reports them).
 */
import type { Table } from '../data/table.js';
import type { Block, ClusterVar, Design, FixedEffect } from '../estimators/design.js';
import { MissingColumnError, OptionError, PilotzoneError } from '../errors.js';
import type { Formula, Term } from './ast.js';
import { FormulaError } from './errors.js';
import { evalNumeric, evalTerm, type ColumnSet, type EvalContext } from './evaluate.js';
import { combineFactors, factorize, restrictFactor, type Factor } from './factorize.js';
import { parseFormula } from './parse.js';

export interface DesignOptions {
  /** Column of analytic weights. */
  weights?: string;
  /** Cluster variables (a name may be a combination `a^b`). */
  cluster?: readonly string[];
  /** Panel keys, needed by lag()/lead()/d() in the formula. */
  panel?: { unit: string; time: string };
}

/** Parses (if needed) and evaluates a formula on a table. */
export function buildDesign(table: Table, formula: string | Formula, opts: DesignOptions = {}): Design {
  const f = typeof formula === 'string' ? parseFormula(formula) : formula;
  const ctx: EvalContext = { table, text: f.text, ...(opts.panel ? { panel: opts.panel } : {}) };
  const n0 = table.nrows;
  const byVariable: Record<string, number> = {};
  const keep = new Uint8Array(n0).fill(1);
  const markMissing = (label: string, values: Float64Array | Int32Array, isCode = false) => {
    let c = 0;
    for (let i = 0; i < n0; i++) {
      // fixest drops infinite values (e.g. log(0) written as -Inf upstream) like missing ones.
      const bad = isCode ? values[i]! < 0 : !Number.isFinite(values[i]!);
      if (bad) {
        c++;
        keep[i] = 0;
      }
    }
    if (c) byVariable[label] = (byVariable[label] ?? 0) + c;
  };

  const y = evalNumeric(ctx, f.lhs);
  markMissing(f.lhsLabel, y);

  const hasFe = f.fixef.length > 0;
  const xset = evalTerms(ctx, f.terms);
  if (f.intercept && !hasFe) {
    xset.names.unshift('(Intercept)');
    xset.cols.unshift(new Float64Array(n0).fill(1));
  }
  xset.names.forEach((nm, j) => markMissing(nm, xset.cols[j]!));

  let ivSets: { endog: ColumnSet; instruments: ColumnSet } | undefined;
  if (f.iv) {
    const endog = evalTerms(ctx, f.iv.endog);
    const instruments = evalTerms(ctx, f.iv.instruments);
    endog.names.forEach((nm, j) => markMissing(nm, endog.cols[j]!));
    instruments.names.forEach((nm, j) => markMissing(nm, instruments.cols[j]!));
    for (const nm of endog.names) {
      if (xset.names.includes(nm)) throw new FormulaError(f.text, 0, `"${nm}" is both exogenous and endogenous`);
    }
    ivSets = { endog, instruments };
  }

  const feFactors: { name: string; f: Factor }[] = f.fixef.map((fe) => {
    const parts = fe.vars.map((v) => {
      if (!table.has(v)) throw new FormulaError(f.text, fe.pos, `fixed-effect column "${v}" not found`, new MissingColumnError(v, table.names).hint);
      return factorize(table.column(v));
    });
    const fac = combineFactors(parts);
    markMissing(fe.label, fac.ids, true);
    return { name: fe.label, f: fac };
  });

  const clFactors: { name: string; f: Factor }[] = (opts.cluster ?? []).map((name) => {
    const vars = name.split('^').map((s) => s.trim());
    const fac = combineFactors(vars.map((v) => factorize(table.column(v, 'cluster'))));
    markMissing(name, fac.ids, true);
    return { name, f: fac };
  });

  let w: Float64Array | undefined;
  let zeroWeight = 0;
  if (opts.weights) {
    w = table.numeric(opts.weights, 'weights');
    markMissing(opts.weights, w);
    for (let i = 0; i < n0; i++) {
      const wi = w[i]!;
      if (wi < 0) {
        throw new OptionError('weights', `column "${opts.weights}" has a negative weight (${wi}) in row ${i + 1}; weights must be >= 0.`);
      }
      if (wi === 0 && keep[i]) {
        keep[i] = 0;
        zeroWeight++;
      }
    }
  }

  let nk = 0;
  for (let i = 0; i < n0; i++) nk += keep[i]!;
  const missing = n0 - nk - zeroWeight;
  if (nk === 0) {
    const why = Object.entries(byVariable)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    throw new PilotzoneError('E_NO_ROWS', `no row of the ${n0} is left for "${f.text}" after removing missing values${why ? ` (missing by variable: ${why})` : ''}${zeroWeight ? ` and ${zeroWeight} zero weights` : ''}.`, {
      hint: 'Check the columns named above for empty cells or invalid transforms such as log(0).',
    });
  }
  const rows = new Int32Array(nk);
  for (let i = 0, k = 0; i < n0; i++) if (keep[i]) rows[k++] = i;

  const sub = (v: Float64Array) => {
    const out = new Float64Array(nk);
    for (let k = 0; k < nk; k++) out[k] = v[rows[k]!]!;
    return out;
  };
  const block = (s: ColumnSet): Block => {
    const X = new Float64Array(nk * s.cols.length);
    s.cols.forEach((c, j) => {
      for (let k = 0; k < nk; k++) X[j * nk + k] = c[rows[k]!]!;
    });
    return { names: s.names, X };
  };
  const fe: FixedEffect[] = feFactors.map(({ name, f: fac }) => ({ name, ...restrictFactor(fac, rows) }));
  const clusters: ClusterVar[] = clFactors.map(({ name, f: fac }) => {
    const r = restrictFactor(fac, rows);
    return { name, ids: r.ids, nlevels: r.nlevels };
  });
  return {
    n: nk,
    yname: f.lhsLabel,
    y: sub(y),
    x: block(xset),
    intercept: f.intercept && !hasFe,
    fe,
    ...(w ? { weights: sub(w) } : {}),
    clusters,
    ...(ivSets ? { iv: { endog: block(ivSets.endog), instruments: block(ivSets.instruments) } } : {}),
    rows,
    removed: { missing, zeroWeight, byVariable },
    nobsOrigin: n0,
    formula: f.text,
  };
}

function evalTerms(ctx: EvalContext, terms: readonly Term[]): ColumnSet {
  const names: string[] = [];
  const cols: Float64Array[] = [];
  for (const t of terms) {
    const s = evalTerm(ctx, t);
    s.names.forEach((nm, j) => {
      if (!names.includes(nm)) {
        names.push(nm);
        cols.push(s.cols[j]!);
      }
    });
  }
  return { names, cols };
}
