/**
 * `pilotzone psm`: propensity-score matching (MatchIt nearest neighbour) with balance and the ATT.
 * Contract: ../shared/contracts/cli-json.md, section "psm". `--caliper c` is in SDs of the propensity score
 * (probability scale, SD over all units pooled), as MatchIt's default.
 */
import type { Command, TextFormat } from '../command.js';
import { listOption, numberOption } from '../args.js';
import { psm, type PsmOptions, type PsmResult } from '../../estimators/psm/psm.js';

function renderBalance(r: PsmResult, format: TextFormat): string {
  const head = ['variable', 'mean_treated', 'mean_control_before', 'mean_control_after', 'smd_before', 'smd_after', 'var_ratio_after', 't_after', 'p_after'];
  const rows = r.balance.map((b) => [b.variable, b.mean_treated_after, b.mean_control_before, b.mean_control_after, b.smd_before, b.smd_after, b.var_ratio_after, b.t_after, b.p_after]);
  const fmt = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? (Number.isFinite(v) ? v.toPrecision(5) : '') : v);
  if (format === 'csv') return [head.join(','), ...rows.map((row) => row.map(fmt).join(','))].join('\n');
  if (format === 'md') {
    const att = r.att ? `\n\nATT = ${r.att.estimate.toPrecision(6)} (SE ${r.att.std_error.toPrecision(5)}, ${r.att.se_method}; p = ${r.att.p_value.toPrecision(3)})` : '';
    return ['| ' + head.join(' | ') + ' |', '|' + head.map(() => ' --- ').join('|') + '|', ...rows.map((row) => '| ' + row.map(fmt).join(' | ') + ' |')].join('\n') + att;
  }
  if (format === 'latex') {
    return ['\\begin{tabular}{l' + 'r'.repeat(head.length - 1) + '}', '\\hline', head.join(' & ').replace(/_/g, '\\_') + ' \\\\', '\\hline', ...rows.map((row) => row.map(fmt).join(' & ').replace(/_/g, '\\_') + ' \\\\'), '\\hline', '\\end{tabular}'].join('\n');
  }
  if (format === 'html') {
    return ['<table>', '<tr>' + head.map((h) => `<th>${h}</th>`).join('') + '</tr>', ...rows.map((row) => '<tr>' + row.map((v) => `<td>${fmt(v)}</td>`).join('') + '</tr>'), '</table>'].join('\n');
  }
  return r.summary();
}

export const command: Command = {
  name: 'psm',
  summary: 'propensity-score matching (nearest neighbour, MatchIt conventions), balance and ATT',
  usage: 'pilotzone psm --data F --treatment D --covariates x1,x2 [--id ID] [--outcome Y] [--ratio k] [--replace] [--caliper c] [--exact v1,v2]',
  options: [
    { name: 'data', type: 'string', help: 'data file', required: true },
    { name: 'treatment', type: 'string', help: '0/1 treatment column', required: true },
    { name: 'covariates', type: 'string', help: 'comma-separated covariates of the propensity model (strings become dummies)', required: true },
    { name: 'id', type: 'string', help: 'column naming rows in pairs (default: 1-based row number)' },
    { name: 'outcome', type: 'string', help: 'outcome column: estimates the ATT on the matched sample' },
    { name: 'ratio', type: 'string', help: 'controls per treated unit', default: '1' },
    { name: 'replace', type: 'flag', help: 'match with replacement' },
    { name: 'caliper', type: 'string', help: 'caliper in SDs of the propensity score (probability scale, all units pooled)' },
    { name: 'caliper-scale', type: 'string', help: 'units of --caliper', choices: ['sd', 'ps'], default: 'sd' },
    { name: 'exact', type: 'string', help: 'comma-separated columns to match exactly on' },
    { name: 'link', type: 'string', help: 'propensity model link', choices: ['logit', 'probit'], default: 'logit' },
    { name: 'distance', type: 'string', help: 'matching distance', choices: ['glm', 'mahalanobis'], default: 'glm' },
    { name: 'mahvars', type: 'string', help: 'Mahalanobis matching on these columns inside the propensity caliper' },
    { name: 'discard', type: 'string', help: 'common-support trimming', choices: ['none', 'both', 'control', 'treated'], default: 'none' },
    { name: 'order', type: 'string', help: 'order of treated units', choices: ['largest', 'smallest', 'data', 'random'], default: 'largest' },
    { name: 'se', type: 'string', help: 'ATT standard error (default pair without replacement, hc3 with)', choices: ['pair', 'hc3', 'hc1', 'iid', 'pair_unit'] },
  ],
  async run(ctx) {
    const a = ctx.args;
    const table = await ctx.loadTable();
    const opts: PsmOptions = {
      treatment: a.options.get('treatment')!,
      covariates: listOption(a.options.get('covariates')),
      ratio: numberOption(a, 'ratio', 1)!,
      replace: a.flags.has('replace'),
      control: ctx.control,
    };
    const set = <K extends keyof PsmOptions>(k: K, v: PsmOptions[K] | undefined) => {
      if (v !== undefined) opts[k] = v;
    };
    set('id', a.options.get('id'));
    set('outcome', a.options.get('outcome'));
    set('caliper', numberOption(a, 'caliper'));
    if (a.options.get('caliper-scale') === 'ps') opts.stdCaliper = false;
    if (a.options.has('exact')) opts.exact = listOption(a.options.get('exact'));
    if (a.options.has('mahvars')) opts.mahvars = listOption(a.options.get('mahvars'));
    set('link', a.options.get('link') as PsmOptions['link']);
    set('distance', a.options.get('distance') as PsmOptions['distance']);
    set('discard', a.options.get('discard') as PsmOptions['discard']);
    set('order', a.options.get('order') as PsmOptions['order']);
    set('se', a.options.get('se') as PsmOptions['se']);
    set('seed', numberOption(a, 'seed'));
    const r = psm(table, opts);
    for (const w of r.warnings) ctx.warn(w.message);
    return { json: r.toJSON(), render: (f) => renderBalance(r, f) };
  },
};
