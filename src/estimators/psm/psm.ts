/**
 * Propensity-score matching: MatchIt's `matchit(method = "nearest")` workflow (Ho, Imai, King & Stuart
 * 2011; MatchIt 4.5) with psmatch2-style balance tests (Leuven & Sianesi 2003), as seed 004 uses it
 * (logit, 1:1 nearest neighbour) to check a DID.
 *
 * Conventions (the MatchIt defaults unless set):
 * - propensity score = fitted probability of a logit (or probit) GLM of the treatment on an intercept and
 *   the covariates (string columns as dummies, first level in sorted order the reference);
 * - greedy nearest neighbour on the probability scale, treated taken largest score first, ties to the
 *   lower control and to row order (see `nearest.ts`);
 * - `caliper` in standard deviations of the propensity score (probability scale, SD (n - 1) over all
 *   non-discarded units pooled), as MatchIt's `std.caliper = TRUE`; `stdCaliper: false` takes it on the
 *   probability scale itself;
 * - `discard` = common-support trimming before matching; `exact` = match only within cells of these columns;
 * - ATT = weighted mean difference of the outcome on the matched sample; SE cluster-robust by pair without
 *   replacement, HC3 with replacement (see `att.ts`).
 */
import type { Table } from '../../data/table.js';
import { OptionError, throwIfCancelled, type Warning } from '../../errors.js';
import type { EstimationResult, TidyRow } from '../result.js';
import type { RunControl } from '../../control.js';
import { glmBinaryFit, type BinaryLink, type GlmFit } from '../../stats/glm.js';
import { covariateDesign, type CovariateDesign } from './covariates.js';
import { caliperWidth, commonSupport, nearestNeighborMatch, treatedOrder, type MatchAssignment, type MatchOrder } from './nearest.js';
import { mahalanobisMatch } from './mahalanobis.js';
import { effectiveSize, matchWeights, type MatchWeights } from './weights.js';
import { balanceTable, type BalanceRow } from './balance.js';
import { attOnMatched, attOnPairs, type AttEstimate, type AttSe } from './att.js';
import { NoMatchesError, EmptyGroupError } from './errors.js';

export type DiscardRule = 'none' | 'both' | 'control' | 'treated';

/** Options of {@link psm}. Defaults are MatchIt's. */
export interface PsmOptions {
  /** 0/1 treatment column. */
  treatment: string;
  /** Covariates of the propensity model (numeric or string columns). */
  covariates: readonly string[];
  /** Outcome column: when given, the ATT is estimated. */
  outcome?: string;
  /** Column naming the rows in `pairs` (default: 1-based row number). */
  id?: string;
  /** Propensity model link (default `logit`). */
  link?: BinaryLink;
  /** `glm` (propensity score, default) or `mahalanobis` on the covariates. */
  distance?: 'glm' | 'mahalanobis';
  /** Match on the Mahalanobis distance of these columns, within the propensity-score caliper (MatchIt `mahvars`). */
  mahvars?: readonly string[];
  /** Controls per treated unit (default 1). */
  ratio?: number;
  /** With replacement (default false). */
  replace?: boolean;
  /** Caliper, in SDs of the propensity score unless `stdCaliper` is false (default none). */
  caliper?: number;
  /** Caliper in SD units (default true, as MatchIt). */
  stdCaliper?: boolean;
  /** Common-support trimming (default `none`, as MatchIt). */
  discard?: DiscardRule;
  /** Exact-matching columns. */
  exact?: readonly string[];
  /** Order of treated units (default `largest`; `data` for a pure Mahalanobis match). */
  order?: MatchOrder;
  /** Seed for `order = random` (reported). */
  seed?: number;
  /** ATT standard error (default `pair` without replacement, `hc3` with). */
  se?: AttSe;
  /** Confidence level (default 0.95). */
  level?: number;
  control?: RunControl;
}

/** One matched pair (or an unmatched treated unit, `control` null), in matching order. */
export interface MatchedPair {
  treated: string;
  control: string | null;
  match_order: number;
  treated_ps: number;
  control_ps: number | null;
  /** Table row indices (0-based). */
  treated_row: number;
  control_row: number | null;
}

const ORDERS: readonly MatchOrder[] = ['largest', 'smallest', 'data', 'random'];
const DISCARDS: readonly DiscardRule[] = ['none', 'both', 'control', 'treated'];

function validate(o: PsmOptions): void {
  const ratio = o.ratio ?? 1;
  if (!Number.isInteger(ratio) || ratio < 1) throw new OptionError('ratio', `must be a positive integer, got ${ratio}.`);
  if (o.caliper !== undefined && !(o.caliper > 0)) throw new OptionError('caliper', `must be a positive number (SDs of the propensity score), got ${o.caliper}.`);
  if (o.order !== undefined && !ORDERS.includes(o.order)) throw new OptionError('order', `"${o.order}" is not allowed.`, ORDERS);
  if (o.discard !== undefined && !DISCARDS.includes(o.discard)) throw new OptionError('discard', `"${o.discard}" is not allowed.`, DISCARDS);
  if (o.link !== undefined && o.link !== 'logit' && o.link !== 'probit') throw new OptionError('link', `"${o.link}" is not allowed.`, ['logit', 'probit']);
  if (o.distance !== undefined && o.distance !== 'glm' && o.distance !== 'mahalanobis') throw new OptionError('distance', `"${o.distance}" is not allowed.`, ['glm', 'mahalanobis']);
  if (o.se !== undefined && !['pair', 'hc3', 'hc1', 'iid', 'pair_unit'].includes(o.se)) throw new OptionError('se', `"${o.se}" is not allowed.`, ['pair', 'hc3', 'hc1', 'iid', 'pair_unit']);
  if (o.distance === 'mahalanobis' && o.caliper !== undefined) throw new OptionError('caliper', 'a caliper applies to the propensity score; with distance = mahalanobis use mahvars instead.');
  if (o.se === 'pair' && o.replace) throw new OptionError('se', '"pair" clustering needs matching without replacement (a control may sit in several pairs); use hc3 or pair_unit.', ['hc3', 'hc1', 'iid', 'pair_unit']);
  if (o.level !== undefined && !(o.level > 0 && o.level < 1)) throw new OptionError('level', `must be in (0, 1), got ${o.level}.`);
}

/** Codes the exact-matching cell of each design row from the given columns. */
function exactCells(table: Table, cols: readonly string[], rows: Int32Array): Int32Array {
  const key = new Map<string, number>();
  const out = new Int32Array(rows.length);
  const columns = cols.map((c) => table.column(c, 'exact'));
  for (let r = 0; r < rows.length; r++) {
    const parts = columns.map((c) => (c.kind === 'number' ? String(c.values[rows[r]!]) : String(c.codes[rows[r]!])));
    const k = parts.join('\u0001');
    let v = key.get(k);
    if (v === undefined) {
      v = key.size;
      key.set(k, v);
    }
    out[r] = v;
  }
  return out;
}

/**
 * Estimates the propensity score, matches, and reports balance and (with `outcome`) the ATT.
 * Throws `E_TREATMENT_NOT_BINARY`, `E_PERFECT_SEPARATION`, `E_EMPTY_GROUP`, `E_NO_MATCHES`, `E_OPTION`.
 */
export function psm(table: Table, opts: PsmOptions): PsmResult {
  validate(opts);
  const extra = [...(opts.outcome ? [opts.outcome] : []), ...(opts.exact ?? []), ...(opts.id ? [opts.id] : []), ...(opts.mahvars ?? [])];
  const d = covariateDesign(table, opts.treatment, opts.covariates, extra);
  throwIfCancelled(opts.control?.signal, 'matching');
  const warnings: Warning[] = [];
  if (d.missing > 0) warnings.push({ code: 'W_MISSING_ROWS', message: `${d.missing} row(s) with a missing treatment, covariate, outcome, exact or id value were left out.` });
  const glm = glmBinaryFit(d.X, d.n, d.names, Float64Array.from(d.treat), { link: opts.link ?? 'logit', family: 'quasibinomial' });
  warnings.push(...glm.warnings);
  const ps = glm.fitted;
  return matchOnScore(table, d, glm, ps, opts, warnings);
}

/** Matching on a given score (`ps`, one per design row): the second half of {@link psm}, exported for tests. */
export function matchOnScore(table: Table, d: CovariateDesign, glm: GlmFit | undefined, ps: Float64Array, opts: PsmOptions, warnings: Warning[] = []): PsmResult {
  validate(opts);
  const ratio = opts.ratio ?? 1;
  const replace = opts.replace ?? false;
  const discard = opts.discard ?? 'none';
  const eligible = commonSupport(ps, d.treat, discard);
  let nDiscT = 0, nDiscC = 0;
  for (let i = 0; i < d.n; i++) if (!eligible[i]) d.treat[i] ? nDiscT++ : nDiscC++;
  if (nDiscT + nDiscC > 0) warnings.push({ code: 'W_DISCARDED', message: `common support (${discard}): ${nDiscT} treated and ${nDiscC} control unit(s) outside the overlap were discarded.` });
  let eT = 0, eC = 0;
  for (let i = 0; i < d.n; i++) if (eligible[i]) d.treat[i] ? eT++ : eC++;
  if (eT === 0) throw new EmptyGroupError(opts.treatment, 'treated', 'left after common-support trimming');
  if (eC === 0) throw new EmptyGroupError(opts.treatment, 'control', 'left after common-support trimming');
  const width = opts.caliper === undefined ? Infinity : opts.stdCaliper === false ? opts.caliper : caliperWidth(opts.caliper, ps, eligible);
  const exact = opts.exact && opts.exact.length ? exactCells(table, opts.exact, d.rows) : undefined;
  let m: MatchAssignment;
  const mahal = opts.distance === 'mahalanobis' || (opts.mahvars && opts.mahvars.length > 0);
  const order = opts.order ?? (opts.distance === 'mahalanobis' ? 'data' : 'largest');
  if (mahal) {
    let M: Float64Array, p: number;
    if (opts.mahvars && opts.mahvars.length) {
      p = opts.mahvars.length;
      M = new Float64Array(d.n * p);
      opts.mahvars.forEach((c, j) => {
        const v = table.numeric(c, 'mahvars');
        for (let r = 0; r < d.n; r++) M[j * d.n + r] = v[d.rows[r]!]!;
      });
    } else {
      p = d.names.length - 1;
      M = d.X.slice(d.n); // covariates without the intercept
    }
    const tOrder = treatedOrder(ps, d.treat, eligible, order, opts.seed);
    m = mahalanobisMatch(M, p, d.treat, { ratio, replace, order: tOrder, exact, eligible, ...(opts.mahvars?.length ? { ps, caliperWidth: width } : {}) });
  } else {
    m = nearestNeighborMatch(ps, d.treat, { ratio, replace, caliperWidth: width, order, seed: opts.seed, exact, eligible });
  }
  if (m.unmatched.length === m.treated.length) {
    throw new NoMatchesError(
      opts.caliper !== undefined ? `no control lies within the caliper (${opts.caliper} SD = ${width.toPrecision(4)} on the propensity scale) of any treated unit` : 'no eligible control in any exact-matching cell',
      { caliper: opts.caliper, width },
    );
  }
  if (m.unmatched.length > 0) {
    warnings.push({ code: 'W_UNMATCHED_TREATED', message: `${m.unmatched.length} treated unit(s) found no control${opts.caliper !== undefined ? ' within the caliper' : ''} and were left out of the matched sample.` });
  }
  const mw = matchWeights(m, d.n);
  const balance = balanceTable(withDistance(d, ps), ['distance', ...d.balanceNames], d.treat, mw.weights);
  let att: AttEstimate | undefined;
  if (opts.outcome) {
    const yAll = table.numeric(opts.outcome, 'outcome');
    const y = new Float64Array(d.n);
    for (let r = 0; r < d.n; r++) y[r] = yAll[d.rows[r]!]!;
    const se = opts.se ?? (replace ? 'hc3' : 'pair');
    att = se === 'pair_unit' ? attOnPairs(y, m.treated, m.controls, m.ratio, opts.level ?? 0.95) : attOnMatched(y, d.treat, mw.weights, se, mw.subclass, opts.level ?? 0.95);
  }
  const idOf = idNamer(table, opts.id);
  const pairs: MatchedPair[] = [];
  for (let t = 0; t < m.treated.length; t++) {
    const u = m.treated[t]!;
    for (let r = 0; r < ratio; r++) {
      const c = m.controls[t * ratio + r]!;
      if (c < 0 && r > 0) continue;
      pairs.push({
        treated: idOf(d.rows[u]!),
        control: c >= 0 ? idOf(d.rows[c]!) : null,
        match_order: t + 1,
        treated_ps: ps[u]!,
        control_ps: c >= 0 ? ps[c]! : null,
        treated_row: d.rows[u]!,
        control_row: c >= 0 ? d.rows[c]! : null,
      });
    }
  }
  return new PsmResult({ opts, tableRows: table.nrows, design: d, glm, ps, eligible, assignment: m, weights: mw, balance, att, pairs, caliperWidth: width, warnings, order });
}

function withDistance(d: CovariateDesign, ps: Float64Array): Float64Array {
  const out = new Float64Array(d.n * (d.balanceNames.length + 1));
  out.set(ps, 0);
  out.set(d.B, d.n);
  return out;
}

function idNamer(table: Table, id: string | undefined): (row: number) => string {
  if (!id) return (row) => String(row + 1);
  const col = table.column(id, 'id');
  return (row) => {
    if (col.kind === 'number') return String(col.values[row]);
    return col.levels[col.codes[row]!] ?? '';
  };
}

interface PsmParts {
  opts: PsmOptions;
  tableRows: number;
  design: CovariateDesign;
  glm: GlmFit | undefined;
  ps: Float64Array;
  eligible: Uint8Array;
  assignment: MatchAssignment;
  weights: MatchWeights;
  balance: BalanceRow[];
  att: AttEstimate | undefined;
  pairs: MatchedPair[];
  caliperWidth: number;
  warnings: Warning[];
  order: MatchOrder;
}

/** The result of {@link psm}: propensity model, pairs, matching weights, balance and ATT. */
export class PsmResult implements EstimationResult {
  readonly options: PsmOptions;
  /** Rows of the input table. */
  readonly tableRows: number;
  readonly design: CovariateDesign;
  /** The propensity model (undefined when a score was supplied). */
  readonly propensity: GlmFit | undefined;
  /** Propensity score per design row (`design.rows` maps to table rows). */
  readonly ps: Float64Array;
  /** 1 = inside common support. */
  readonly eligible: Uint8Array;
  readonly assignment: MatchAssignment;
  readonly matchWeights: MatchWeights;
  readonly balance: readonly BalanceRow[];
  readonly att: AttEstimate | undefined;
  readonly pairs: readonly MatchedPair[];
  /** Caliper width on the propensity (probability) scale; Infinity without caliper. */
  readonly caliperWidth: number;
  readonly order: MatchOrder;
  readonly warnings: readonly Warning[];

  constructor(p: PsmParts) {
    this.options = p.opts;
    this.tableRows = p.tableRows;
    this.design = p.design;
    this.propensity = p.glm;
    this.ps = p.ps;
    this.eligible = p.eligible;
    this.assignment = p.assignment;
    this.matchWeights = p.weights;
    this.balance = p.balance;
    this.att = p.att;
    this.pairs = p.pairs;
    this.caliperWidth = p.caliperWidth;
    this.order = p.order;
    this.warnings = p.warnings;
  }

  /** Matching weight of each table row (0 = not matched or not used), aligned with the input table. */
  tableWeights(): Float64Array {
    const out = new Float64Array(this.tableRows);
    for (let r = 0; r < this.design.n; r++) out[this.design.rows[r]!] = this.matchWeights.weights[r]!;
    return out;
  }

  coef(): Record<string, number> {
    return this.att ? { ATT: this.att.estimate } : {};
  }
  se(): Record<string, number> {
    return this.att ? { ATT: this.att.std_error } : {};
  }
  tidy(): TidyRow[] {
    if (!this.att) return [];
    const a = this.att;
    return [{ term: 'ATT', estimate: a.estimate, std_error: a.std_error, statistic: a.statistic, p_value: a.p_value, conf_low: a.conf_low, conf_high: a.conf_high }];
  }
  glance(): Record<string, number | string | null> {
    const d = this.design;
    let n1 = 0;
    for (let i = 0; i < d.n; i++) n1 += d.treat[i]!;
    return {
      nobs: d.n,
      n_treated: n1,
      n_control: d.n - n1,
      n_treated_matched: this.matchWeights.nTreatedMatched,
      n_controls_matched: this.matchWeights.nControlsMatched,
      ess_controls: effectiveSize(this.matchWeights.weights, d.treat, 0),
      max_control_reuse: this.matchWeights.maxReuse,
      caliper_width: Number.isFinite(this.caliperWidth) ? this.caliperWidth : null,
    };
  }
  summary(): string {
    const g = this.glance();
    const lines = [
      `Propensity-score matching (MatchIt nearest neighbour): ${this.options.ratio ?? 1}:1, ${this.options.replace ? 'with' : 'without'} replacement, order ${this.order}` +
        (this.options.caliper !== undefined ? `, caliper ${this.options.caliper}${this.options.stdCaliper === false ? '' : ' SD'} (width ${(g.caliper_width as number).toPrecision(4)})` : ''),
      `Units: ${g.n_treated} treated, ${g.n_control} control; matched ${g.n_treated_matched} treated, ${g.n_controls_matched} controls (ESS ${(g.ess_controls as number).toFixed(2)}).`,
      '',
      'variable'.padEnd(16) + 'SMD before'.padStart(12) + 'SMD after'.padStart(12) + 'VR after'.padStart(10),
    ];
    for (const b of this.balance) {
      lines.push(b.variable.padEnd(16) + b.smd_before.toFixed(4).padStart(12) + b.smd_after.toFixed(4).padStart(12) + (b.var_ratio_after === null ? '' : b.var_ratio_after.toFixed(3)).padStart(10));
    }
    if (this.att) {
      const a = this.att;
      lines.push('', `ATT = ${a.estimate.toFixed(4)} (SE ${a.std_error.toFixed(4)}, ${a.se_method}), t = ${a.statistic.toFixed(3)}, p = ${a.p_value.toPrecision(3)}`);
    }
    for (const w of this.warnings) lines.push(`warning: ${w.message}`);
    return lines.join('\n');
  }
  toJSON(): Record<string, unknown> {
    const p = this.propensity;
    const o = this.options;
    return {
      treatment: o.treatment,
      covariates: [...o.covariates],
      settings: {
        method: 'nearest',
        distance: o.distance ?? 'glm',
        link: o.link ?? 'logit',
        ratio: o.ratio ?? 1,
        replace: o.replace ?? false,
        caliper: o.caliper ?? null,
        caliper_units: o.caliper === undefined ? null : o.stdCaliper === false ? 'propensity score (probability scale)' : 'SD of the propensity score (probability scale, all units pooled)',
        caliper_width: Number.isFinite(this.caliperWidth) ? this.caliperWidth : null,
        discard: o.discard ?? 'none',
        exact: o.exact ? [...o.exact] : [],
        order: this.order,
        seed: o.seed ?? null,
      },
      propensity: p
        ? {
            link: p.link,
            family: p.family,
            dispersion: p.dispersion,
            coefficients: p.names.map((term, j) => ({ term, estimate: p.coef[j]!, std_error: p.se[j]!, statistic: p.z[j]!, p_value: p.p[j]! })),
            deviance: p.deviance,
            null_deviance: p.nullDeviance,
            aic: p.aic,
            iterations: p.iterations,
            converged: p.converged,
          }
        : { coefficients: [] },
      pairs: this.pairs.map(({ treated, control, match_order, treated_ps, control_ps }) => ({ treated, control, match_order, treated_ps, control_ps })),
      unmatched_treated: this.pairs.filter((q) => q.control === null).map((q) => q.treated),
      balance: this.balance,
      sample_sizes: this.glance(),
      att: this.att ? { ...this.att } : null,
      warnings: this.warnings,
    };
  }
}
