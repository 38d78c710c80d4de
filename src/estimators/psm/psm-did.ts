/**
 * PSM-DID: propensity-score matching, then the two-way fixed-effects DID on the matched sample, as seed 004
 * (and most Chinese pilot-zone papers) do it: `psmatch2 treat x..., logit neighbor(1)`, then
 * `reghdfe y did if _weight != ., absorb(unit year) cluster(unit)`.
 *
 * - `matchBy: 'pooled'` (default) matches the unit-period rows of the treated group to control rows over the
 *   whole panel with one logit; `matchBy: 'period'` ("year-by-year matching") fits a logit and matches
 *   separately within each period, then stacks the matched rows.
 * - The DID regression is `outcome ~ did | unit + time` with `did = treatment x post` (or a given `did`
 *   column), run by `feolsFit` on the matched rows (weight > 0), unweighted by default as `if _weight != .`
 *   does, or with the matching weights (`weighted: true`). SEs clustered by unit (fixest small-sample
 *   correction) unless `vcov` says otherwise.
 */
import type { Table } from '../../data/table.js';
import { numericColumn } from '../../data/table.js';
import { OptionError, PilotzoneError, type Warning } from '../../errors.js';
import { buildDesign } from '../../formula/design.js';
import { FeolsResult } from '../ols/result.js';
import type { VcovInput } from '../ols/options.js';
import { psm, type PsmOptions, type PsmResult } from './psm.js';

export interface PsmDidOptions extends Omit<PsmOptions, 'outcome' | 'id'> {
  unit: string;
  time: string;
  outcome: string;
  /** 0/1 post-treatment period column; `did = treatment x post`. Give this or `did`. */
  post?: string;
  /** An existing 0/1 DID column (treated unit in a treated period). */
  did?: string;
  /** `pooled` (default) or `period` (match within each period). */
  matchBy?: 'pooled' | 'period';
  /** Use the matching weights in the DID regression (default false). */
  weighted?: boolean;
  /** Variance of the DID regression (default clustered by unit). */
  vcov?: VcovInput;
}

export interface PsmDidResult {
  /** One matching per period (`period`) or one for the panel (`pooled`), with the period label. */
  readonly matches: readonly { period: string | null; result: PsmResult }[];
  /** Table rows kept (matched) and their matching weights. */
  readonly rows: Int32Array;
  readonly weights: Float64Array;
  /** The DID regression on the matched sample. */
  readonly did: FeolsResult;
  readonly warnings: readonly Warning[];
  toJSON(): Record<string, unknown>;
}

/** Runs PSM then the two-way FE DID on the matched sample (see the module comment). */
export function psmDid(table: Table, o: PsmDidOptions): PsmDidResult {
  if (!o.post && !o.did) throw new OptionError('post', 'PSM-DID needs a post-period column (post) or a DID column (did).');
  const matchBy = o.matchBy ?? 'pooled';
  if (matchBy !== 'pooled' && matchBy !== 'period') throw new OptionError('matchBy', `"${matchBy}" is not allowed.`, ['pooled', 'period']);
  const psmOpts: PsmOptions = { ...o, outcome: undefined as unknown as string };
  delete (psmOpts as Partial<PsmOptions>).outcome;
  const wAll = new Float64Array(table.nrows);
  const matches: { period: string | null; result: PsmResult }[] = [];
  const warnings: Warning[] = [];
  if (matchBy === 'pooled') {
    const r = psm(table, psmOpts);
    matches.push({ period: null, result: r });
    for (let t = 0; t < r.design.n; t++) wAll[r.design.rows[t]!] = r.matchWeights.weights[t]!;
  } else {
    const tc = table.column(o.time, 'time');
    const groups = new Map<string, number[]>();
    for (let i = 0; i < table.nrows; i++) {
      const key = tc.kind === 'number' ? String(tc.values[i]) : String(tc.levels[tc.codes[i]!]);
      if (key === 'NaN' || key === 'undefined') continue;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(i);
    }
    for (const [period, rows] of [...groups].sort((a, b) => (Number(a[0]) - Number(b[0])) || (a[0] < b[0] ? -1 : 1))) {
      const sub = table.take(rows);
      let r: PsmResult;
      try {
        r = psm(sub, psmOpts);
      } catch (e) {
        if (e instanceof PilotzoneError) {
          throw new PilotzoneError(e.code, `period ${period}: ${e.message}`, { hint: e.hint ?? 'Year-by-year matching needs treated and control units with overlap in every period; try matchBy = "pooled".', details: { ...(e.details ?? {}), period } });
        }
        throw e;
      }
      matches.push({ period, result: r });
      for (const w of r.warnings) warnings.push({ code: w.code, message: `period ${period}: ${w.message}` });
      for (let t = 0; t < r.design.n; t++) wAll[rows[r.design.rows[t]!]!] = r.matchWeights.weights[t]!;
    }
  }
  if (matchBy === 'pooled') warnings.push(...matches[0]!.result.warnings);
  const kept: number[] = [];
  for (let i = 0; i < table.nrows; i++) if (wAll[i]! > 0) kept.push(i);
  const rows = Int32Array.from(kept);
  let sub = table.take(rows);
  let didName = o.did;
  if (!didName) {
    didName = uniqueName(table, 'did_psm');
    const d = sub.numeric(o.treatment, 'treatment'), p = sub.numeric(o.post!, 'post');
    const v = new Float64Array(sub.nrows);
    for (let i = 0; i < v.length; i++) v[i] = d[i]! * p[i]!;
    sub = sub.withColumn(numericColumn(didName, v));
  }
  const weights = new Float64Array(rows.length);
  for (let t = 0; t < rows.length; t++) weights[t] = wAll[rows[t]!]!;
  let wName: string | undefined;
  if (o.weighted) {
    wName = uniqueName(table, 'psm_weight');
    sub = sub.withColumn(numericColumn(wName, weights));
  }
  const design = buildDesign(sub, `${o.outcome} ~ ${didName} | ${o.unit} + ${o.time}`, { cluster: [o.unit], ...(wName ? { weights: wName } : {}) });
  const did = FeolsResult.fit(design, { vcov: o.vcov ?? { type: 'cluster', cluster: [o.unit] } });
  return {
    matches,
    rows,
    weights,
    did,
    warnings: [...warnings, ...did.warnings],
    toJSON() {
      return {
        match_by: matchBy,
        weighted: !!o.weighted,
        n_matched_rows: rows.length,
        matches: matches.map((m) => ({ period: m.period, ...m.result.glance(), balance: m.result.balance.map((b) => ({ variable: b.variable, smd_before: b.smd_before, smd_after: b.smd_after })) })),
        did: did.tidy().find((t) => t.term === didName) ?? null,
        nobs: did.fit.n,
        warnings: this.warnings,
      };
    },
  };
}

function uniqueName(table: Table, base: string): string {
  let name = base;
  for (let k = 2; table.has(name); k++) name = `${base}${k}`;
  return name;
}
