/** `pilotzone sdid`: synthetic difference-in-differences, SC and DID (contract: ../shared/contracts/cli-json.md, section sdid). */
import type { Command } from '../command.js';
import { numberOption } from '../args.js';
import { OptionError } from '../../errors.js';
import { sdid, type SdidSeMethod } from '../../estimators/scm/sdid.js';
import type { SdidEstimator } from '../../estimators/scm/sdid-core.js';
import { renderSdid } from '../../estimators/scm/render.js';

export const command: Command = {
  name: 'sdid',
  summary: 'synthetic difference-in-differences (Arkhangelsky et al. 2021; synthdid conventions)',
  usage: 'pilotzone sdid --data F --unit U --time T --outcome Y --treatment D [--estimator sdid|sc|did] [--se placebo|jackknife|bootstrap] [--replications N]',
  options: [
    { name: 'data', type: 'string', help: 'data file (long panel)', required: true },
    { name: 'unit', type: 'string', help: 'unit column', required: true },
    { name: 'time', type: 'string', help: 'period column (numeric)', required: true },
    { name: 'outcome', type: 'string', help: 'outcome column', required: true },
    { name: 'treatment', type: 'string', help: '0/1 column: 1 for treated units in treated periods', required: true },
    { name: 'estimator', type: 'string', help: 'estimator', choices: ['sdid', 'sc', 'did'], default: 'sdid' },
    { name: 'se', type: 'string', help: 'standard error', choices: ['placebo', 'jackknife', 'bootstrap', 'none'], default: 'placebo' },
    { name: 'replications', type: 'string', help: 'placebo / bootstrap replications', default: '200' },
  ],
  async run(ctx) {
    const a = ctx.args.options;
    const table = await ctx.loadTable();
    const reps = numberOption(ctx.args, 'replications', 200)!;
    if (!Number.isInteger(reps) || reps < 2) throw new OptionError('--replications', `must be an integer >= 2, got ${reps}.`);
    const threads = numberOption(ctx.args, 'threads');
    if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) throw new OptionError('--threads', `must be a positive integer, got ${threads}.`);
    const result = await sdid(table, {
      unit: a.get('unit')!,
      time: a.get('time')!,
      outcome: a.get('outcome')!,
      treatment: a.get('treatment')!,
      estimator: (a.get('estimator') ?? 'sdid') as SdidEstimator,
      se: (a.get('se') ?? 'placebo') as SdidSeMethod,
      replications: reps,
      seed: numberOption(ctx.args, 'seed', 12345)!,
      control: ctx.control,
      ...(threads !== undefined ? { threads } : {}),
    });
    for (const w of result.warnings) ctx.warn(`[${w.code}] ${w.message}`);
    return { json: result.toJSON(), render: (format) => renderSdid(result, format) };
  },
};
