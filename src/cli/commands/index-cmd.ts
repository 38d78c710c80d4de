/**
 * `pilotzone index entropy`: entropy-weight composite index (weights pooled or per `--by` group). JSON:
 * `{ command: "index", method: "entropy", weights: [...], scores: [...] }`; `--format csv` prints the scores.
 */
import type { Command } from '../command.js';
import { listOption, numberOption } from '../args.js';
import { OptionError } from '../../errors.js';
import { entropyIndex } from '../../indicators/entropy.js';
import { renderRows } from '../../indicators/render-rows.js';

export const command: Command = {
  name: 'index',
  summary: 'composite indices (entropy-weight method)',
  usage: 'pilotzone index entropy --data F --indicators a,b,-c [--by year] [--unit U --time T] [--shift 0.0001]',
  options: [
    { name: 'data', type: 'string', help: 'data file', required: true },
    { name: 'indicators', type: 'string', help: 'indicator columns, comma-separated; a leading - marks a negative indicator', required: true },
    { name: 'by', type: 'string', help: 'compute weights per value of this column (e.g. the year); pooled when omitted' },
    { name: 'shift', type: 'string', help: 'added to min-max standardised values before the shares', default: '0.0001' },
    { name: 'score-name', type: 'string', help: 'name of the score column', default: 'score' },
    { name: 'unit', type: 'string', help: 'unit column copied into the score rows' },
    { name: 'time', type: 'string', help: 'time column copied into the score rows' },
  ],
  async run(ctx) {
    const method = ctx.args.positional[0];
    if (method !== 'entropy') throw new OptionError('method', method === undefined ? 'name the index method: `pilotzone index entropy ...`.' : `"${method}" is not a known index method.`, ['entropy']);
    const a = ctx.args.options;
    const table = await ctx.loadTable();
    const name = a.get('score-name') ?? 'score';
    const r = entropyIndex(table, { indicators: listOption(a.get('indicators')), by: a.get('by'), shift: numberOption(ctx.args, 'shift', 0.0001), scoreName: name });
    const keys = [a.get('unit'), a.get('time')].filter((k): k is string => k !== undefined);
    for (const k of keys) table.column(k, 'index entropy');
    const scores = Array.from(r.scores, (s, i) => {
      const o: Record<string, unknown> = { row: i + 1 };
      for (const k of keys) o[k] = table.get(k, i);
      o[name] = s;
      return o;
    });
    return {
      json: { method: 'entropy', shift: r.shift, pooled: a.get('by') === undefined, weights: r.weights, scores, n: table.nrows },
      render(format) {
        if (format === 'csv') return renderRows(scores, ['row', ...keys, name], 'csv');
        return renderRows(r.weights as never, ['group', 'indicator', 'direction', 'entropy', 'divergence', 'weight'], format, 'Entropy weights', 4);
      },
    };
  },
};
