/**
 * `pilotzone malmquist`: DEA-Malmquist TFP index (DEAP 2.1 / Fare-Grosskopf-Norris-Zhang 1994), JSON per
 * contracts/cli-json.md ("malmquist"). `--unit`/`--time` are accepted for `--dmu`/`--period`.
 */
import type { Command } from '../command.js';
import { listOption } from '../args.js';
import { OptionError } from '../../errors.js';
import { malmquist } from '../../indicators/dea/malmquist.js';
import { renderRows } from '../../indicators/render-rows.js';

const IDX = ['effch', 'techch', 'pech', 'sech', 'tfpch'];

export const command: Command = {
  name: 'malmquist',
  summary: 'DEA-Malmquist productivity index (DEAP 2.1 convention)',
  usage: 'pilotzone malmquist --data F --dmu D --period P --inputs k,l --outputs y [--orientation input|output]',
  options: [
    { name: 'data', type: 'string', help: 'data file (one row per DMU and period)', required: true },
    { name: 'dmu', type: 'string', help: 'DMU identifier column (alias --unit)' },
    { name: 'period', type: 'string', help: 'period column (alias --time)' },
    { name: 'unit', type: 'string', help: 'same as --dmu' },
    { name: 'time', type: 'string', help: 'same as --period' },
    { name: 'inputs', type: 'string', help: 'input columns, comma-separated (strictly positive)', required: true },
    { name: 'outputs', type: 'string', help: 'output columns, comma-separated (strictly positive)', required: true },
    { name: 'drop-incomplete', type: 'flag', help: 'drop DMUs that miss a period (warning) instead of stopping' },
    { name: 'orientation', type: 'string', help: 'radial orientation (pech/sech depend on it)', choices: ['input', 'output'], default: 'input' },
  ],
  async run(ctx) {
    const a = ctx.args.options;
    const dmu = a.get('dmu') ?? a.get('unit');
    const period = a.get('period') ?? a.get('time');
    if (!dmu) throw new OptionError('--dmu', 'is required by `pilotzone malmquist` (the DMU identifier column).');
    if (!period) throw new OptionError('--period', 'is required by `pilotzone malmquist` (the period column).');
    const table = await ctx.loadTable();
    const result = malmquist(table, {
      dmu,
      period,
      inputs: listOption(a.get('inputs')),
      outputs: listOption(a.get('outputs')),
      orientation: (a.get('orientation') ?? 'input') as 'input' | 'output',
      dropIncomplete: ctx.args.flags.has('drop-incomplete'),
      control: ctx.control,
    });
    for (const w of result.warnings) ctx.warn(w.message);
    return {
      json: result.toJSON(),
      render(format) {
        if (format === 'csv') return renderRows(result.rows as never, ['dmu', 'period', 'period_label', ...IDX], 'csv');
        const means = [...result.periodMeans.map((p) => ({ ...p, period: p.period_label })), { period: 'mean', ...result.overallMean }];
        const title = `Malmquist index summary of annual means (${result.orientation} orientation, ${result.dmus.length} DMUs)`;
        const dmuTitle = 'Malmquist index summary of firm means';
        return [renderRows(means, ['period', ...IDX], format, title, 3, true), '', renderRows(result.dmuMeans as never, ['dmu', ...IDX], format, dmuTitle, 3, true)].join('\n');
      },
    };
  },
};
