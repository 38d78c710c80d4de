/**
 * Winsorizing: values below the `lower` quantile are set to it, values above the `upper` quantile to it
 * (Stata `winsor2 x, cuts(1 99) [by(year)]`, the convention of the pilot-zone papers' robustness tables).
 *
 * Quantiles follow R's type 7 by default (see `src/stats/quantile.ts`); `quantileType: 2` is Stata's
 * percentile definition (`_pctile`, `summarize, detail`, `egen pctile`), the cut-offs `winsor2` documents, so
 * Stata's numbers are reproduced exactly. The two differ only in small groups (between adjacent order
 * statistics). Missing values stay missing and are not counted; rows whose `by` value is missing are kept
 * unchanged and counted. Returns a new table plus a report of the cut-offs and of how many values were clipped.
 */
import { OptionError } from '../../errors.js';
import { quantileSorted, type QuantileType } from '../../stats/quantile.js';
import { numericColumn, type Table } from '../table.js';
import { bucketByGroup, groupRows } from './groups.js';
import { outputName } from './options.js';

/** Options of {@link winsorize}. */
export interface WinsorizeOptions {
  /** Lower tail probability, in [0, 1). Default 0.01. */
  lower?: number;
  /** Upper tail probability, in (0, 1], above `lower`. Default 0.99. */
  upper?: number;
  /** Winsorize within groups of this column (e.g. the year), as `winsor2 ..., by(year)`. */
  by?: string;
  /** New column name; default `{column}_w`. Pass the column's own name to replace it. */
  name?: string;
  /** Sample-quantile definition: 7 (R default) or 2 (Stata `_pctile` / `winsor2`). Default 7. */
  quantileType?: QuantileType;
}

/** Cut-offs and counts of one group. */
export interface WinsorizeGroup {
  /** The `by` value (`null` when there is no `by`). */
  readonly group: string | number | null;
  /** Non-missing values in the group. */
  readonly n: number;
  readonly low: number;
  readonly high: number;
  readonly clippedLow: number;
  readonly clippedHigh: number;
}

/** What {@link winsorize} reports. */
export interface WinsorizeReport {
  readonly column: string;
  readonly name: string;
  readonly lower: number;
  readonly upper: number;
  readonly quantileType: QuantileType;
  readonly by: string | null;
  readonly groups: readonly WinsorizeGroup[];
  /** Rows whose `by` value is missing (left unchanged). */
  readonly missingGroup: number;
}

/** Winsorizes numeric `column` at its `lower` and `upper` quantiles (optionally within `by` groups). */
export function winsorize(table: Table, column: string, opts: WinsorizeOptions = {}): { table: Table; report: WinsorizeReport } {
  const lower = opts.lower ?? 0.01;
  const upper = opts.upper ?? 0.99;
  const type = opts.quantileType ?? 7;
  if (!(lower >= 0 && lower < 1)) throw new OptionError('lower', `must lie in [0, 1), got ${lower}.`);
  if (!(upper > 0 && upper <= 1)) throw new OptionError('upper', `must lie in (0, 1], got ${upper}.`);
  if (!(lower < upper)) throw new OptionError('lower', `must be below upper (${upper}), got ${lower}.`);
  if (type !== 7 && type !== 2) throw new OptionError('quantileType', `unknown type ${String(type)}.`, [7, 2]);
  const name = outputName(opts.name ?? `${column}_w`);
  const x = table.numeric(column, 'winsorize');
  const groups = groupRows(table, opts.by, 'winsorize by');
  const { values, start } = bucketByGroup(x, groups);
  const G = groups.labels.length;
  const low = new Float64Array(G);
  const high = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    const seg = values.subarray(start[g]!, start[g + 1]!).sort();
    low[g] = quantileSorted(seg, lower, type);
    high[g] = quantileSorted(seg, upper, type);
  }
  const out = new Float64Array(x.length);
  const clippedLow = new Int32Array(G);
  const clippedHigh = new Int32Array(G);
  let missingGroup = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const g = groups.codes[i]!;
    if (g < 0) {
      out[i] = v;
      missingGroup++;
      continue;
    }
    if (v < low[g]!) {
      out[i] = low[g]!;
      clippedLow[g]!++;
    } else if (v > high[g]!) {
      out[i] = high[g]!;
      clippedHigh[g]!++;
    } else out[i] = v;
  }
  const report: WinsorizeReport = {
    column, name, lower, upper, quantileType: type, by: opts.by ?? null, missingGroup,
    groups: groups.labels.map((group, g) => ({
      group, n: start[g + 1]! - start[g]!, low: low[g]!, high: high[g]!, clippedLow: clippedLow[g]!, clippedHigh: clippedHigh[g]!,
    })),
  };
  return { table: table.withColumn(numericColumn(name, out)), report };
}
