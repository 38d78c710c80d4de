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
import { OptionError } from '../../errors.js';
import type { SscSpec, VcovType } from '../ols/options.js';
import { ivFit, type IvOptions, type IvResult } from './iv.js';

export interface IvTableOptions extends Omit<IvOptions, 'vcov'> {
  /** `'iid' | 'hetero' | 'cluster'` or `{ type?, cluster?, ssc? }` (default as fixest). */
  vcov?: VcovType | { type?: VcovType; cluster?: readonly string[]; ssc?: SscSpec };
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
  let spec: { type: VcovType; cluster?: readonly string[]; ssc?: SscSpec } | undefined;
  if (typeof vcov === 'string') spec = { type: vcov };
  else if (vcov) spec = { type: vcov.type ?? (vcov.cluster?.length ? 'cluster' : 'iid'), ...(vcov.cluster ? { cluster: vcov.cluster } : {}), ...(vcov.ssc ? { ssc: vcov.ssc } : {}) };
  const extra = cluster === undefined ? [] : typeof cluster === 'string' ? [cluster] : [...cluster];
  if (extra.length) {
    if (spec && spec.type !== 'cluster') throw new OptionError('cluster', `clusters were given but vcov is "${spec.type}".`, ['cluster']);
    spec = { ...(spec ?? {}), type: 'cluster', cluster: [...(spec?.cluster ?? []), ...extra] };
  }
  const clusterNames = spec?.cluster ?? [];
  const design = buildDesign(table, formula, { ...(weights ? { weights } : {}), ...(panel ? { panel } : {}), cluster: clusterNames });
  return ivFit(design, {
    ...fitOpts,
    ...(spec ? { vcov: { type: spec.type, ...(clusterNames.length ? { cluster: clusterNames } : {}) } } : {}),
    ...(spec?.ssc ? { ssc: spec.ssc } : {}),
  });
}
