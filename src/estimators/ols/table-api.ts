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
import type { FeolsOptions } from './options.js';
import { resolveVcovOption, type VcovOption } from './vcov-option.js';
import { FeolsResult } from './result.js';

/** Options of {@link feols}: the fit options plus where the model's columns come from. */
export interface FeolsTableOptions extends Omit<FeolsOptions, 'vcov'> {
  /**
   * Variance: `'iid' | 'hetero' | 'cluster'`, or `{ type?, cluster?: string[], ssc? }`. A `cluster` list
   * without `type` means clustered. Default (as fixest): clustered by the first fixed effect when there are
   * fixed effects, iid otherwise.
   */
  vcov?: VcovOption;
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
  const v = resolveVcovOption(vcov, cluster);
  const design = buildDesign(table, formula, {
    ...(weights ? { weights } : {}),
    ...(panel ? { panel } : {}),
    cluster: v.clusterNames,
  });
  return FeolsResult.fit(design, { ...fitOpts, ...(v.spec ? { vcov: v.spec } : {}), ...(v.ssc ? { ssc: v.ssc } : {}) });
}
