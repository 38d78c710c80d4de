/** Adapts a {@link FeolsResult} to the regression-table input of `src/report/regtable.ts`. */
import type { TableModel } from '../../report/regtable.js';
import type { FeolsResult } from './result.js';

export function feolsTableModel(r: FeolsResult, title?: string): TableModel {
  const g = r.glance();
  return {
    ...(title ? { title } : {}),
    depvar: r.fit.yname,
    coefficients: r.tidy(),
    nobs: r.fit.n,
    r2: typeof g.r2 === 'number' ? g.r2 : null,
    adjR2: typeof g.adj_r2 === 'number' ? g.adj_r2 : null,
    withinR2: typeof g.within_r2 === 'number' ? g.within_r2 : null,
    fixedEffects: r.fit.fe.map((f) => f.name),
    vcovLabel: r.variance.label,
  };
}
