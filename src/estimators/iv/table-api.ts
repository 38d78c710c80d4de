/**
 * `iv(table, formula, options)`: the library entry point for 2SLS, fixest's `feols(y ~ x | fe | endog ~ z)`.
 *
 *     const est = iv(table, 'y ~ x | city + year | treat ~ port_distance_fx', { cluster: 'city' });
 *     est.firstStage[0].f_stat;   // first-stage F (KP rk Wald F under clustering)
 *
 * Variance options as {@link feols}'s; see `iv.ts` for the estimator and its diagnostics.
 */
import type { Table } from '../../data/table.js';
import type { Formula } from '../../formula/ast.js';
import { buildDesign } from '../../formula/design.js';
import { resolveVcovOption, type VcovOption } from '../ols/vcov-option.js';
import { ivFit, type IvOptions, type IvResult } from './iv.js';

export interface IvTableOptions extends Omit<IvOptions, 'vcov'> {
  /** `'iid' | 'hetero' | 'cluster'` or `{ type?, cluster?, ssc? }` (default as fixest). */
  vcov?: VcovOption;
  /** Shortcut for `vcov: { cluster }`. */
  cluster?: string | readonly string[];
  /** Column of analytic weights. */
  weights?: string;
  /** Panel keys for lag()/lead()/d(). */
  panel?: { unit: string; time: string };
}

/** 2SLS on a table (see the module comment). */
export function iv(table: Table, formula: string | Formula, options: IvTableOptions = {}): IvResult {
  const { vcov, cluster, weights, panel, ...fitOpts } = options;
  const v = resolveVcovOption(vcov, cluster);
  const design = buildDesign(table, formula, { ...(weights ? { weights } : {}), ...(panel ? { panel } : {}), cluster: v.clusterNames });
  return ivFit(design, { ...fitOpts, ...(v.spec ? { vcov: v.spec } : {}), ...(v.ssc ? { ssc: v.ssc } : {}) });
}
