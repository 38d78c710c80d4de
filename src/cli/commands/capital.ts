/** `pilotzone capital`: perpetual-inventory capital stock, JSON per contracts/cli-json.md ("capital"). */
import type { Command } from '../command.js';
import { numberOption } from '../args.js';
import { capitalStock } from '../../indicators/capital.js';
import { renderRows } from '../../indicators/render-rows.js';

export const command: Command = {
  name: 'capital',
  summary: 'perpetual-inventory capital stock (K_t = I_t/P_t + (1-d) K_{t-1})',
  usage: 'pilotzone capital --data F --unit U --time T --investment I [--deflator P] [--depreciation 0.06] [--growth-years 4] [--base-time 2000]',
  options: [
    { name: 'data', type: 'string', help: 'data file (one row per unit and period)', required: true },
    { name: 'unit', type: 'string', help: 'unit column', required: true },
    { name: 'time', type: 'string', help: 'time column', required: true },
    { name: 'investment', type: 'string', help: 'nominal investment column', required: true },
    { name: 'deflator', type: 'string', help: 'investment deflator column (omit when investment is real)' },
    { name: 'depreciation', type: 'string', help: 'depreciation rate d', default: '0.06' },
    { name: 'growth-years', type: 'string', help: 'first observations over which g is measured (4 = 3 growth rates)', default: '4' },
    { name: 'base-time', type: 'string', help: 'rebase the deflator to 1 in this period' },
  ],
  async run(ctx) {
    const a = ctx.args.options;
    const table = await ctx.loadTable();
    const base = a.get('base-time');
    const r = capitalStock(table, {
      unit: a.get('unit')!,
      time: a.get('time')!,
      investment: a.get('investment')!,
      deflator: a.get('deflator'),
      depreciation: numberOption(ctx.args, 'depreciation', 0.06),
      growthYears: numberOption(ctx.args, 'growth-years', 4),
      baseTime: base === undefined ? undefined : Number.isFinite(Number(base)) ? Number(base) : base,
    });
    const unit = a.get('unit')!, time = a.get('time')!;
    const rows = r.table.toObjects().map((o) => ({ unit: o[unit], time: o[time], real_investment: o.real_investment, capital_stock: o.capital_stock }));
    return {
      json: { rows, growth: r.growth, depreciation: r.depreciation, growth_years: r.growthYears, formula: 'K_t = I_t/P_t + (1-d) K_{t-1}; K_0 = (I_0/P_0)/(g+d), g = geometric mean growth of real investment over the first growth_years observations' },
      render(format) {
        return renderRows(rows, ['unit', 'time', 'real_investment', 'capital_stock'], format, `Capital stock by perpetual inventory (d = ${r.depreciation}, g over ${r.growthYears} observations)`, 2);
      },
    };
  },
};
