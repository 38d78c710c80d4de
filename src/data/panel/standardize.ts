/**
 * Standardizing: `z = (x - mean) / sd` with the sample standard deviation (n - 1 denominator, as Stata's
 * `egen std()` and R's `scale()`), over all rows or within `by` groups. Missing values stay missing.
 * A group with fewer than two values or no variation cannot be standardized: its z-scores are missing and a
 * `W_CONSTANT_GROUP` warning in the report names it (never a silent NaN).
 */
import type { Warning } from '../../errors.js';
import { numericColumn, type Table } from '../table.js';
import { bucketByGroup, groupRows } from './groups.js';
import { outputName } from './options.js';

/** Options of {@link standardize}. */
export interface StandardizeOptions {
  /** Standardize within groups of this column (e.g. the year). */
  by?: string;
  /** New column name; default `{column}_z`. */
  name?: string;
}

/** Mean and standard deviation of one group. */
export interface StandardizeGroup {
  readonly group: string | number | null;
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

/** What {@link standardize} reports. */
export interface StandardizeReport {
  readonly column: string;
  readonly name: string;
  readonly by: string | null;
  readonly groups: readonly StandardizeGroup[];
  /** Rows whose `by` value is missing (z missing). */
  readonly missingGroup: number;
  readonly warnings: readonly Warning[];
}

/** Adds the z-score of numeric `column` (sample sd; optionally within `by` groups). Two-pass mean and variance. */
export function standardize(table: Table, column: string, opts: StandardizeOptions = {}): { table: Table; report: StandardizeReport } {
  const name = outputName(opts.name ?? `${column}_z`);
  const x = table.numeric(column, 'standardize');
  const groups = groupRows(table, opts.by, 'standardize by');
  const { values, start } = bucketByGroup(x, groups);
  const G = groups.labels.length;
  const mean = new Float64Array(G);
  const sd = new Float64Array(G);
  const bad: (string | number | null)[] = [];
  for (let g = 0; g < G; g++) {
    const a = start[g]!;
    const b = start[g + 1]!;
    let s = 0;
    for (let k = a; k < b; k++) s += values[k]!;
    const m = s / (b - a);
    let ss = 0;
    for (let k = a; k < b; k++) ss += (values[k]! - m) ** 2;
    mean[g] = m;
    sd[g] = b - a > 1 ? Math.sqrt(ss / (b - a - 1)) : NaN;
    if (!(sd[g]! > 0)) bad.push(groups.labels[g]!);
  }
  const out = new Float64Array(x.length);
  let missingGroup = 0;
  for (let i = 0; i < x.length; i++) {
    const g = groups.codes[i]!;
    if (g < 0) {
      missingGroup++;
      out[i] = NaN;
      continue;
    }
    const s = sd[g]!;
    out[i] = s > 0 ? (x[i]! - mean[g]!) / s : NaN;
  }
  const warnings: Warning[] = [];
  if (bad.length) {
    const shown = bad.slice(0, 10).map((b) => (b === null ? 'all rows' : JSON.stringify(b))).join(', ');
    warnings.push({
      code: 'W_CONSTANT_GROUP',
      message: `"${column}" has fewer than two values or no variation in ${bad.length} group(s) (${shown}${bad.length > 10 ? ', ...' : ''}); their z-scores are missing.`,
    });
  }
  if (missingGroup) warnings.push({ code: 'W_MISSING_GROUP', message: `${missingGroup} row(s) have no "${opts.by}" value; their z-scores are missing.` });
  const report: StandardizeReport = {
    column, name, by: opts.by ?? null, missingGroup, warnings,
    groups: groups.labels.map((group, g) => ({ group, n: start[g + 1]! - start[g]!, mean: mean[g]!, sd: sd[g]! })),
  };
  return { table: table.withColumn(numericColumn(name, out)), report };
}
