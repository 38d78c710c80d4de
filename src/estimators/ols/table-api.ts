/**
 * `feols(table, formula, options)`: the library entry point, fixest's `feols(fml, data, ...)`.
 *
 *     const est = feols(table, 'y ~ x1 + x2 | city + year', { vcov: { cluster: ['city'] } });
 *     console.log(est.summary());
 *     est.tidy();            // broom-style rows
 *     est.vcov('hetero');    // the same fit under another variance
 *
 * Conventions: see `feols.ts` (fit), `vcov.ts` (variances and fixest's small-sample correction) and
 * `src/formula/design.ts` (rows removed for missing values). Cluster variables named in `vcov.cluster` or
 * `cluster` are read from the table; rows where they are missing are removed, as fixest does.
 */
import type { Table } from '../../data/table.js';
import { buildDesign } from '../../formula/design.js';
import type { Formula } from '../../formula/ast.js';
import { OptionError } from '../../errors.js';
import type { FeolsOptions, VcovType, SscSpec } from './options.js';
import { FeolsResult } from './result.js';

/** Options of {@link feols}: the fit options plus where the model's columns come from. */
export interface FeolsTableOptions extends Omit<FeolsOptions, 'vcov'> {
  /**
   * Variance: `'iid' | 'hetero' | 'cluster'`, or `{ type?, cluster?: string[], ssc? }`. A `cluster` list
   * without `type` means clustered. Default (as fixest): clustered by the first fixed effect when there are
   * fixed effects, iid otherwise.
   */
  vcov?: VcovType | { type?: VcovType; cluster?: readonly string[]; ssc?: SscSpec };
  /** Shortcut for `vcov: { cluster }`. */
  cluster?: string | readonly string[];
  /** Column of analytic weights. */
  weights?: string;
  /** Panel keys, needed by lag()/lead()/d() in the formula. */
  panel?: { unit: string; time: string };
}

/** Fixed-effects OLS on a table (see the module comment). */
export function feols(table: Table, formula: string | Formula, options: FeolsTableOptions = {}): FeolsResult {
  const { vcov, cluster, weights, panel, ...fitOpts } = options;
  let spec: { type: VcovType; cluster?: readonly string[]; ssc?: SscSpec } | undefined;
  if (typeof vcov === 'string') spec = { type: vcov };
  else if (vcov) spec = { type: vcov.type ?? (vcov.cluster?.length ? 'cluster' : 'iid'), ...(vcov.cluster ? { cluster: vcov.cluster } : {}), ...(vcov.ssc ? { ssc: vcov.ssc } : {}) };
  const extra = cluster === undefined ? [] : typeof cluster === 'string' ? [cluster] : [...cluster];
  if (extra.length) {
    if (spec && spec.type !== 'cluster') throw new OptionError('cluster', `clusters were given but vcov is "${spec.type}".`, ['cluster']);
    spec = { ...(spec ?? {}), type: 'cluster', cluster: [...(spec?.cluster ?? []), ...extra] };
  }
  if (spec && spec.type !== 'cluster' && spec.cluster?.length) {
    throw new OptionError('vcov', `cluster variables were given with type "${spec.type}".`, ['cluster']);
  }
  const clusterNames = spec?.cluster ?? [];
  const design = buildDesign(table, formula, {
    ...(weights ? { weights } : {}),
    ...(panel ? { panel } : {}),
    cluster: clusterNames,
  });
  return FeolsResult.fit(design, {
    ...fitOpts,
    ...(spec ? { vcov: { type: spec.type, ...(clusterNames.length ? { cluster: clusterNames } : {}) } } : {}),
    ...(spec?.ssc ? { ssc: spec.ssc } : {}),
  });
}
