/**
 * Text summary of a feols result in the layout of fixest's `summary.fixest` print: header (estimation,
 * dependent variable, observations, FE sizes, SE type), coefficient table with significance stars
 * (fixest/R codes: *** 0.001, ** 0.01, * 0.05, . 0.1), then RMSE, adjusted R2 and within R2.
 */
import type { FeolsResult } from './result.js';

export function formatSummary(r: FeolsResult): string {
  const f = r.fit;
  const lines: string[] = [];
  lines.push(`OLS estimation, Dep. Var.: ${f.yname}`);
  lines.push(`Observations: ${f.n.toLocaleString('en-US')}`);
  if (f.removed.singletons) lines.push(`Singletons removed: ${f.removed.singletons.toLocaleString('en-US')}`);
  if (f.weights) lines.push('Weights: yes');
  if (f.fe.length) lines.push(`Fixed-effects: ${f.fe.map((e) => `${e.name}: ${e.nlevels.toLocaleString('en-US')}`).join(',  ')}`);
  lines.push(`Standard-errors: ${r.variance.label} `);
  const rows = r.tidy();
  const head = ['', 'Estimate', 'Std. Error', 't value', 'Pr(>|t|)', ''];
  const body = rows.map((t) => [
    t.term,
    sig(t.estimate),
    t.std_error === null ? 'NA' : sig(t.std_error),
    t.statistic === null ? 'NA' : sig(t.statistic, 5),
    t.p_value === null ? 'NA' : pfmt(t.p_value),
    t.p_value === null ? '' : stars(t.p_value),
  ]);
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  for (const row of all) {
    lines.push(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : c === 5 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' ').trimEnd());
  }
  lines.push('---');
  lines.push("Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
  if (f.collinear.length) lines.push(`Removed because of collinearity: ${f.collinear.map((c) => c.term).join(', ')}`);
  const left = `RMSE: ${sig(r.rmse)}`;
  lines.push(`${left.padEnd(17)} Adj. R2: ${sig(r.adjR2)}`);
  if (r.withinR2 !== null) lines.push(`${''.padEnd(17)} Within R2: ${sig(r.withinR2)}`);
  else lines.push(`${''.padEnd(17)}       R2: ${sig(r.r2)}`);
  for (const w of r.warnings) lines.push(`Note: ${w.message}`);
  return lines.join('\n');
}

function sig(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return 'NA';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e6) return Number(x.toPrecision(digits)).toString();
  return x.toExponential(digits - 2);
}

function pfmt(p: number): string {
  if (p < 2.2e-16) return '< 2.2e-16';
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

function stars(p: number): string {
  return p < 0.001 ? '***' : p < 0.01 ? '**' : p < 0.05 ? '*' : p < 0.1 ? '.' : '';
}
