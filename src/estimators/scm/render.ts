/**
 * Text renderings of SCM-family results for the CLI's `--format table|md|latex|html|csv`: small tables of
 * weights, balance and series (tidy rows plus a renderer; the report module draws the figures).
 */
import type { SdidResult } from './sdid-result.js';
import type { SynthResult } from './result.js';

export type RenderFormat = 'table' | 'md' | 'latex' | 'html' | 'csv';

interface Block {
  title: string;
  header: string[];
  rows: (string | number | null)[][];
}

function cell(x: string | number | null): string {
  if (x === null) return '';
  if (typeof x === 'number') return Number.isInteger(x) ? String(x) : Number.isFinite(x) ? x.toFixed(4) : 'NA';
  return x;
}

function renderBlocks(blocks: Block[], format: RenderFormat): string {
  const out: string[] = [];
  for (const b of blocks) {
    const rows = b.rows.map((r) => r.map(cell));
    if (format === 'csv') {
      out.push([b.header, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n'));
    } else if (format === 'md') {
      out.push(`**${b.title}**\n\n| ${b.header.join(' | ')} |\n| ${b.header.map(() => '---').join(' | ')} |\n` + rows.map((r) => `| ${r.join(' | ')} |`).join('\n'));
    } else if (format === 'html') {
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      out.push(`<table>\n<caption>${esc(b.title)}</caption>\n<thead><tr>${b.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>\n<tbody>\n` + rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n') + '\n</tbody>\n</table>');
    } else if (format === 'latex') {
      const esc = (s: string) => s.replace(/([&%$#_{}])/g, '\\$1');
      out.push(`\\begin{table}[htbp]\\centering\n\\caption{${esc(b.title)}}\n\\begin{tabular}{l${'r'.repeat(b.header.length - 1)}}\n\\toprule\n${b.header.map(esc).join(' & ')} \\\\\n\\midrule\n` + rows.map((r) => r.map(esc).join(' & ') + ' \\\\').join('\n') + '\n\\bottomrule\n\\end{tabular}\n\\end{table}');
    } else {
      const widths = b.header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      out.push(`${b.title}\n` + [b.header, ...rows].map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n'));
    }
  }
  return out.join(format === 'csv' ? '\n\n' : '\n\n');
}

/** Renders a synth result: the summary as text, or weights / balance / series (and placebo p-values) as tables. */
export function renderSynth(r: SynthResult, format: RenderFormat): string {
  if (format === 'table') return r.summary();
  const blocks: Block[] = [
    { title: 'Donor weights', header: ['unit', 'weight'], rows: r.donorNames.map((u, j) => [u, r.fit.w[j]!] as [string, number]).filter(([, w]) => w > 1e-6).sort((a, b) => b[1] - a[1]) },
    { title: 'Predictor balance', header: ['predictor', 'v', 'treated', 'synthetic', 'donor_mean'], rows: r.balance().map((b, i) => [b.predictor, r.fit.v[i]!, b.treated, b.synthetic, b.donorMean]) },
    { title: 'Treated and synthetic outcome', header: ['time', 'treated', 'synthetic', 'gap'], rows: r.series().map((s) => [s.time, s.treated, s.synthetic, s.gap]) },
  ];
  if (r.placebo) blocks.push({ title: `Placebo p-values (rank ${r.placebo.rank} of ${r.placebo.units.length}, p = ${r.placebo.pValue.toFixed(4)})`, header: ['time', 'p_value', 'p_value_unstandardised'], rows: r.placebo.pValuesByTime.map((p) => [p.time, p.pValue, p.pValueUnstandardised]) });
  if (r.iterative) blocks.push({ title: 'Iterative robustness test', header: ['iteration', 'rmspe_pre', 'estimate', 'fit_ok', ...r.iterative[0]!.pValuesByTime.map((p) => `p_${p.time}`)], rows: r.iterative.map((it) => [it.iteration, it.rmspePre, it.estimate, it.fitOk ? 'yes' : 'no', ...it.pValuesByTime.map((p) => p.pValue)]) });
  return renderBlocks(blocks, format);
}

/** Renders an SDID result. */
export function renderSdid(r: SdidResult, format: RenderFormat): string {
  if (format === 'table') return r.summary();
  const t = r.tidy()[0]!;
  return renderBlocks(
    [
      { title: `Synthetic DID family: ${r.estimator}`, header: ['term', 'estimate', 'std_error', 'conf_low', 'conf_high'], rows: [[t.term, t.estimate, t.std_error, t.conf_low, t.conf_high]] },
      { title: 'Unit weights', header: ['unit', 'weight'], rows: Object.entries(r.unitWeights()).filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1]) },
      { title: 'Time weights', header: ['time', 'weight'], rows: Object.entries(r.timeWeights()).filter(([, w]) => w > 0) },
    ],
    format,
  );
}
