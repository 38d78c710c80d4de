/**
 * `pilotzone iv`: two-stage least squares with fixed effects (contract: ../shared/contracts/cli-json.md,
 * section iv): the feols object plus `first_stage`, `overid` (when over-identified), `reduced_form` and,
 * with `--ar-ci`, the Anderson-Rubin confidence set.
 */
import type { Command } from '../command.js';
import { listOption } from '../args.js';
import { iv } from '../../estimators/iv/table-api.js';
import { feolsTableModel } from '../../estimators/ols/table-model.js';
import { regressionTable } from '../../report/regtable.js';
import type { VcovType } from '../../estimators/ols/options.js';
import { OptionError } from '../../errors.js';

export const command: Command = {
  name: 'iv',
  summary: 'two-stage least squares with fixed effects, first-stage F, over-identification and Anderson-Rubin tests',
  usage: 'pilotzone iv --data F --formula "y ~ exog | fe | endog ~ z1 + z2" [--vcov iid|hetero|cluster] [--cluster C]',
  options: [
    { name: 'data', type: 'string', help: 'data file (csv, tsv, xlsx, dta, parquet, json)', required: true },
    { name: 'formula', type: 'string', help: 'model "y ~ exog | fe | endog ~ instruments" (the fe part may be left out)', required: true },
    { name: 'vcov', type: 'string', help: 'variance type (default: clustered by the first FE with FE, iid otherwise)', choices: ['iid', 'hetero', 'cluster'] },
    { name: 'cluster', type: 'string', help: 'cluster variables, comma-separated' },
    { name: 'weights', type: 'string', help: 'column of analytic weights' },
    { name: 'ssc', type: 'string', help: 'small-sample correction preset', choices: ['fixest', 'stata'], default: 'fixest' },
    { name: 'ar-ci', type: 'flag', help: 'Anderson-Rubin confidence set (one endogenous regressor)' },
    { name: 'level', type: 'string', help: 'confidence level', default: '0.95' },
    { name: 'unit', type: 'string', help: 'panel unit column (for lag()/lead()/d())' },
    { name: 'time', type: 'string', help: 'panel time column (for lag()/lead()/d())' },
  ],
  async run(ctx) {
    const a = ctx.args.options;
    const table = await ctx.loadTable();
    const cluster = listOption(a.get('cluster'));
    const vcovType = a.get('vcov') as VcovType | undefined;
    if (cluster.length && vcovType && vcovType !== 'cluster') throw new OptionError('--cluster', `clusters were given but --vcov is "${vcovType}".`);
    const level = Number(a.get('level') ?? '0.95');
    if (!(level > 0 && level < 1)) throw new OptionError('--level', `must be between 0 and 1, got "${a.get('level')}".`);
    const unit = a.get('unit'), time = a.get('time');
    if ((unit === undefined) !== (time === undefined)) throw new OptionError(unit ? '--time' : '--unit', 'give both --unit and --time, or neither.');
    const r = iv(table, a.get('formula')!, {
      ...(cluster.length ? { vcov: { type: 'cluster' as const, cluster } } : vcovType ? { vcov: vcovType } : {}),
      ...(a.get('weights') ? { weights: a.get('weights')! } : {}),
      ...(unit && time ? { panel: { unit, time } } : {}),
      ssc: { preset: (a.get('ssc') ?? 'fixest') as 'fixest' | 'stata' },
      arCi: ctx.args.flags.has('ar-ci'),
      level,
      control: ctx.control,
    });
    for (const w of r.warnings) ctx.warn(w.message);
    const { command: _c, ...json } = r.toJSON();
    return {
      json,
      render: (format) => (format === 'table' ? r.summary() : regressionTable([feolsTableModel(r.second, '2SLS')], format)),
    };
  },
};
