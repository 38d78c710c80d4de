/**
 * `pilotzone data`: writes the embedded data sets to a file, so that every CLI example can run without
 * data of one's own. `city-panel` is the embedded SIMULATED city panel (see docs/data.md).
 */
import type { Command } from '../command.js';
import { generateCityPanel, loadCityPanel, SIMULATED_NOTICE, DEFAULT_SEED } from '../../data/embedded/index.js';
import { writeTable } from '../../data/write/index.js';
import { OptionError } from '../../errors.js';

export const command: Command = {
  name: 'data',
  summary: 'write an embedded data set (city-panel) to a file',
  usage: 'pilotzone data city-panel --out city_panel.csv [--seed N] [--effects default|none]',
  options: [
    { name: 'out', type: 'string', help: 'file to write (csv, tsv, xlsx, dta, json, parquet)', required: true },
    { name: 'effects', type: 'string', help: 'planted pilot-zone effects', choices: ['default', 'none'], default: 'default' },
  ],
  async run(ctx) {
    const what = ctx.args.positional[0];
    if (what !== 'city-panel') throw new OptionError('data set', `unknown data set "${what ?? ''}".`, ['city-panel']);
    const seedArg = ctx.args.options.get('seed');
    const seed = seedArg === undefined ? DEFAULT_SEED : Number(seedArg);
    if (!Number.isInteger(seed)) throw new OptionError('--seed', `"${seedArg}" is not an integer.`);
    const effects = ctx.args.options.get('effects') ?? 'default';
    const panel = seed === DEFAULT_SEED && effects === 'default' ? loadCityPanel() : generateCityPanel({ seed, ...(effects === 'none' ? { effects: 'none' as const } : {}) });
    const out = ctx.args.options.get('out')!;
    await writeTable(panel.table, out);
    ctx.warn(SIMULATED_NOTICE);
    const summary = { data_set: what, file: out, rows: panel.table.nrows, columns: panel.table.ncols, seed: panel.seed, simulated: true };
    return { json: summary, render: () => `wrote ${out}: ${summary.rows} rows x ${summary.columns} columns (seed ${summary.seed}, SIMULATED)` };
  },
};
