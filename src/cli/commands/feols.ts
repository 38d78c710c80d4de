/** `pilotzone feols`: fixed-effects OLS (contract: ../shared/contracts/cli-json.md, section feols). */
import type { Command } from '../command.js';
import { listOption } from '../args.js';
import { feols } from '../../estimators/ols/table-api.js';
import { feolsTableModel } from '../../estimators/ols/table-model.js';
import { regressionTable } from '../../report/regtable.js';
import type { VcovType } from '../../estimators/ols/options.js';
import { OptionError } from '../../errors.js';

export const command: Command = {
  name: 'feols',
  summary: 'OLS with any number of fixed effects and fixest-grade inference',
  usage: 'pilotzone feols --data F --formula "y ~ x1 + x2 | fe1 + fe2" [--vcov iid|hetero|cluster] [--cluster c1[,c2]] [--weights w]',
  options: [
    { name: 'data', type: 'string', help: 'data file (csv, tsv, xlsx, dta, parquet, json)', required: true },
    { name: 'formula', type: 'string', help: 'model, e.g. "y ~ x1 + log(x2) | city + year"', required: true },
    { name: 'vcov', type: 'string', help: 'variance type (default: clustered by the first FE with FE, iid otherwise)', choices: ['iid', 'hetero', 'cluster'] },
    { name: 'cluster', type: 'string', help: 'cluster variables, comma-separated (two for two-way clustering)' },
    { name: 'weights', type: 'string', help: 'column of analytic weights' },
    { name: 'ssc', type: 'string', help: 'small-sample correction preset', choices: ['fixest', 'stata'], default: 'fixest' },
    { name: 'fixef-rm', type: 'string', help: 'remove singleton observations', choices: ['singletons', 'none'], default: 'singletons' },
    { name: 'level', type: 'string', help: 'confidence level of the intervals', default: '0.95' },
    { name: 'unit', type: 'string', help: 'panel unit column (needed by lag()/lead()/d() in the formula)' },
    { name: 'time', type: 'string', help: 'panel time column (needed by lag()/lead()/d() in the formula)' },
    { name: 'lang', type: 'string', help: 'labels of md/latex/html tables', choices: ['en', 'zh'], default: 'en' },
  ],
  async run(ctx) {
    const a = ctx.args.options;
    const table = await ctx.loadTable();
    const cluster = listOption(a.get('cluster'));
    const vcovType = a.get('vcov') as VcovType | undefined;
    if (cluster.length && vcovType && vcovType !== 'cluster') {
      throw new OptionError('--cluster', `clusters were given but --vcov is "${vcovType}".`);
    }
    const level = Number(a.get('level') ?? '0.95');
    if (!(level > 0 && level < 1)) throw new OptionError('--level', `must be between 0 and 1, got "${a.get('level')}".`);
    const unit = a.get('unit');
    const time = a.get('time');
    if ((unit === undefined) !== (time === undefined)) throw new OptionError(unit ? '--time' : '--unit', 'give both --unit and --time, or neither.');
    const result = feols(table, a.get('formula')!, {
      ...(cluster.length ? { vcov: { type: 'cluster' as const, cluster } } : vcovType ? { vcov: vcovType } : {}),
      ...(a.get('weights') ? { weights: a.get('weights')! } : {}),
      ...(unit && time ? { panel: { unit, time } } : {}),
      ssc: { preset: (a.get('ssc') ?? 'fixest') as 'fixest' | 'stata' },
      fixefRm: (a.get('fixef-rm') ?? 'singletons') as 'singletons' | 'none',
      level,
    });
    for (const w of result.warnings) ctx.warn(w.message);
    const { command: _c, ...json } = result.toJSON();
    return {
      json,
      render: (format) => (format === 'table' ? result.summary() : regressionTable([feolsTableModel(result)], format, { lang: (a.get('lang') ?? 'en') as 'en' | 'zh' })),
    };
  },
};
