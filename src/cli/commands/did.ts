/**
 * `pilotzone did`: staggered difference-in-differences (contract: `../shared/contracts/cli-json.md`, "did").
 * Estimators: `cs` (Callaway & Sant'Anna ATT(g,t) + one aggregation), `sa` (Sun & Abraham), `twfe` (static
 * TWFE; with `--aggregate dynamic` the TWFE event study), `bacon` (Goodman-Bacon decomposition plus the
 * de Chaisemartin & D'Haultfoeuille weights), `bjs` (Borusyak, Jaravel & Spiess imputation).
 */
import type { Command, CommandOutput, TextFormat } from '../command.js';
import { listOption, numberOption } from '../args.js';
import { OptionError } from '../../errors.js';
import { buildDidPanel, type DidColumns, type DidPanel } from '../../estimators/did/panel.js';
import { didPermutation, dropUnits, shiftCohorts } from '../../estimators/did/robustness.js';
import { attGt } from '../../estimators/did/att-gt.js';
import { aggte, type AggregationType } from '../../estimators/did/aggte.js';
import { baconDecomposition } from '../../estimators/did/bacon.js';
import { dcdhWeights } from '../../estimators/did/dcdh-weights.js';
import { twfeEventStudy, twfeStatic } from '../../estimators/did/twfe.js';
import { sunAbraham } from '../../estimators/did/sun-abraham.js';
import { imputationDid } from '../../estimators/did/imputation.js';
import type { DidMethod } from '../../estimators/did/drdid.js';

const ESTIMATORS = ['cs', 'sa', 'bjs', 'twfe', 'bacon'] as const;

function table(head: readonly string[], rows: readonly (readonly unknown[])[], format: TextFormat): string {
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? String(Number(v.toPrecision(8))) : 'NA') : v === null || v === undefined ? 'NA' : String(v));
  if (format === 'csv') return [head.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n');
  if (format === 'md') return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
  if (format === 'latex') {
    return ['\\begin{tabular}{' + 'l'.repeat(head.length) + '}', '\\hline', head.join(' & ') + ' \\\\', '\\hline', ...rows.map((r) => r.map(cell).join(' & ') + ' \\\\'), '\\hline', '\\end{tabular}'].join('\n');
  }
  if (format === 'html') return ['<table>', `<tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>`, ...rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`), '</table>'].join('\n');
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => cell(r[j]).length)));
  return [head.map((h, j) => h.padStart(widths[j]!)).join('  '), ...rows.map((r) => r.map((c, j) => cell(c).padStart(widths[j]!)).join('  '))].join('\n');
}

function rowsOf(objs: readonly Record<string, unknown>[], keys: readonly string[]): unknown[][] {
  return objs.map((o) => keys.map((k) => o[k]));
}

export const command: Command = {
  name: 'did',
  summary: "staggered difference-in-differences: Callaway-Sant'Anna, Sun-Abraham, imputation, TWFE and event study, Bacon decomposition",
  usage: 'pilotzone did --data F --unit U --time T --outcome Y --cohort G --estimator cs|sa|bjs|twfe|bacon [--control never|notyet] [--covariates x1,x2] [--aggregate simple|dynamic|group|calendar] [--cluster C]',
  options: [
    { name: 'data', type: 'string', help: 'data file (long panel)', required: true },
    { name: 'unit', type: 'string', help: 'unit id column', required: true },
    { name: 'time', type: 'string', help: 'time period column (numeric)', required: true },
    { name: 'outcome', type: 'string', help: 'outcome column', required: true },
    { name: 'cohort', type: 'string', help: 'first treated period, 0 = never treated', required: true },
    { name: 'estimator', type: 'string', help: 'estimator', choices: ESTIMATORS, default: 'cs' },
    { name: 'control', type: 'string', help: 'comparison group (cs)', choices: ['never', 'notyet'], default: 'never' },
    { name: 'covariates', type: 'string', help: 'comma-separated covariates (cs: doubly robust by default)' },
    { name: 'method', type: 'string', help: 'cs 2x2 estimator with covariates', choices: ['dr', 'ipw', 'reg'], default: 'dr' },
    { name: 'aggregate', type: 'string', help: 'aggregation (cs; twfe: dynamic = event study)', choices: ['simple', 'dynamic', 'group', 'calendar'] },
    { name: 'cluster', type: 'string', help: 'cluster column (constant within unit); default: the unit' },
    { name: 'weights', type: 'string', help: 'sampling weights (constant within unit)' },
    { name: 'base-period', type: 'string', help: 'cs base period', choices: ['varying', 'universal'], default: 'varying' },
    { name: 'anticipation', type: 'string', help: 'periods of anticipation (cs, bjs)', default: '0' },
    { name: 'bootstrap', type: 'string', help: 'cs: multiplier bootstrap draws (uniform bands); needs --seed' },
    { name: 'multiplier', type: 'string', help: 'bootstrap multipliers', choices: ['rademacher', 'mammen'], default: 'rademacher' },
    { name: 'leads', type: 'string', help: 'twfe event study: bin leads at or below -leads' },
    { name: 'lags', type: 'string', help: 'twfe event study: bin lags at or above lags' },
    { name: 'ref', type: 'string', help: 'twfe event study / sa: reference relative period(s)', default: '-1' },
    { name: 'na-rm', type: 'flag', help: 'cs: drop ATT(g,t) that cannot be estimated before aggregating' },
    { name: 'min-e', type: 'string', help: 'cs dynamic: shortest event time kept (window)' },
    { name: 'max-e', type: 'string', help: 'cs: longest event time kept (window)' },
    { name: 'balance-e', type: 'string', help: 'cs dynamic: balance cohorts in event time up to e' },
    { name: 'fake-timing', type: 'string', help: 'robustness: move every adoption this many periods earlier (placebo timing)' },
    { name: 'drop-units', type: 'string', help: 'robustness: comma-separated unit ids to leave out' },
    { name: 'pretrends', type: 'string', help: 'bjs: test this many pre-adoption periods jointly (BJS Test 1)' },
    { name: 'permutations', type: 'string', help: 'twfe: random-assignment placebo draws (cohort sizes kept); needs --seed' },
  ],
  async run(ctx): Promise<CommandOutput> {
    const a = ctx.args;
    const t = await ctx.loadTable();
    const estimator = (a.options.get('estimator') ?? 'cs') as (typeof ESTIMATORS)[number];
    const cluster = a.options.get('cluster');
    const cols: DidColumns = {
      outcome: a.options.get('outcome')!,
      unit: a.options.get('unit')!,
      time: a.options.get('time')!,
      cohort: a.options.get('cohort')!,
      ...(a.options.has('covariates') ? { covariates: listOption(a.options.get('covariates')) } : {}),
      ...(cluster ? { cluster } : {}),
      ...(a.options.has('weights') ? { weights: a.options.get('weights')! } : {}),
    };
    const anticipation = numberOption(a, 'anticipation', 0)!;
    const refs = listOption(a.options.get('ref') ?? '-1').map((s) => {
      const v = Number(s);
      if (!Number.isFinite(v)) throw new OptionError('--ref', `"${s}" is not a number.`);
      return v;
    });
    const aggType = a.options.get('aggregate') as AggregationType | undefined;
    const fake = numberOption(a, 'fake-timing');
    const drop = listOption(a.options.get('drop-units'));
    const prepare = (p: DidPanel): DidPanel => {
      let q = drop.length ? dropUnits(p, drop) : p;
      if (fake !== undefined) q = shiftCohorts(q, fake);
      return q;
    };
    const warnAll = (ws: readonly { code: string; message: string }[]) => ws.forEach((w) => ctx.warn(`[${w.code}] ${w.message}`));

    if (estimator === 'cs') {
      const panel = prepare(buildDidPanel(t, cols));
      const bootN = numberOption(a, 'bootstrap');
      let bootstrap: { seed: number; iterations: number; weights: 'rademacher' | 'mammen' } | undefined;
      if (bootN !== undefined) {
        const seed = numberOption(a, 'seed');
        if (seed === undefined) throw new OptionError('--seed', 'the multiplier bootstrap needs a seed (--seed N), which the output reports.');
        bootstrap = { seed, iterations: bootN, weights: (a.options.get('multiplier') ?? 'rademacher') as 'rademacher' | 'mammen' };
      }
      const res = attGt(panel, {
        control: (a.options.get('control') ?? 'never') as 'never' | 'notyet',
        method: (a.options.get('method') ?? 'dr') as DidMethod,
        basePeriod: (a.options.get('base-period') ?? 'varying') as 'varying' | 'universal',
        anticipation,
        cluster: cluster !== undefined,
        ...(bootstrap ? { bootstrap } : {}),
        run: ctx.control,
      });
      const agg = aggte(res, aggType ?? 'simple', {
        naRm: a.flags.has('na-rm'),
        ...(a.options.has('min-e') ? { minE: numberOption(a, 'min-e')! } : {}),
        ...(a.options.has('max-e') ? { maxE: numberOption(a, 'max-e')! } : {}),
        ...(a.options.has('balance-e') ? { balanceE: numberOption(a, 'balance-e')! } : {}),
      });
      warnAll(res.warnings);
      const rows = res.rows();
      const json = { ...res.toJSON(), att_gt: rows, aggregate: agg.toJSON() };
      return {
        json,
        render: (f) =>
          f === 'table'
            ? `${res.summary()}\n\n${agg.summary()}`
            : table(['group', 'time', 'estimate', 'std_error', 'conf_low', 'conf_high'], rowsOf(rows as unknown as Record<string, unknown>[], ['group', 'time', 'estimate', 'std_error', 'conf_low', 'conf_high']), f),
      };
    }
    if (estimator === 'bacon') {
      const panel = prepare(buildDidPanel(t, cols, { firstPeriodTreated: 'keep' }));
      const b = baconDecomposition(panel);
      const w = dcdhWeights(panel);
      warnAll(b.warnings);
      const json = {
        ...b.toJSON(),
        dcdh_weights: {
          n_treated: w.nTreated,
          n_negative: w.nNegative,
          sum_negative: w.sumNegative,
          sum_positive: w.sumPositive,
          beta_fe: w.betaFe,
          sigma_fe: w.sigmaFe,
          cells: w.cells,
        },
      };
      return {
        json,
        render: (f) =>
          f === 'table'
            ? `${b.summary()}\n\nde Chaisemartin & D'Haultfoeuille weights: ${w.nNegative} of ${w.nTreated} treated observations negative, sum of negative weights ${w.sumNegative.toFixed(5)}`
            : table(['type', 'treated', 'control', 'weight', 'estimate'], rowsOf(b.comparisons as unknown as Record<string, unknown>[], ['type', 'treated', 'control', 'weight', 'estimate']), f),
      };
    }
    const vc = cluster !== undefined ? { vcov: 'cluster' as const } : {};
    if (estimator === 'twfe') {
      const panel = prepare(buildDidPanel(t, cols, { firstPeriodTreated: 'keep' }));
      const stat = twfeStatic(panel, vc);
      warnAll(stat.warnings);
      const nPerm = numberOption(a, 'permutations');
      let permutation: Record<string, unknown> | undefined;
      if (nPerm !== undefined) {
        const seed = numberOption(a, 'seed');
        if (seed === undefined) throw new OptionError('--seed', 'the permutation test needs a seed (--seed N), which the output reports.');
        const threads = numberOption(a, 'threads');
        const pr = await didPermutation(panel, { draws: nPerm, seed, ...(threads !== undefined ? { threads } : {}), control: ctx.control });
        permutation = pr.toJSON();
      }
      const base = { ...stat.toJSON(), command: 'did', estimator: 'twfe', ...(permutation ? { permutation } : {}) };
      if (aggType === 'dynamic') {
        const es = twfeEventStudy(panel, {
          ...vc,
          ref: refs,
          ...(a.options.has('leads') ? { leads: numberOption(a, 'leads')! } : {}),
          ...(a.options.has('lags') ? { lags: numberOption(a, 'lags')! } : {}),
        });
        const row = stat.tidy()[0]!;
        const json = {
          ...base,
          event_study: es.coefficients,
          pretest: es.pretest,
          event_study_fit: { ...es.feols.toJSON(), command: undefined },
          aggregate: {
            type: 'dynamic',
            overall: { estimate: row.estimate, std_error: row.std_error, conf_low: row.conf_low, conf_high: row.conf_high },
            by: es.coefficients.map((c) => ({ event_time: c.event_time, estimate: c.estimate, std_error: c.std_error, conf_low: c.conf_low, conf_high: c.conf_high, reference: c.reference })),
          },
        };
        return { json, render: (f) => (f === 'table' ? `${stat.summary()}\n\nEvent study:\n${es.feols.summary()}` : table(['event_time', 'estimate', 'std_error', 'conf_low', 'conf_high'], rowsOf(es.coefficients as unknown as Record<string, unknown>[], ['event_time', 'estimate', 'std_error', 'conf_low', 'conf_high']), f)) };
      }
      if (aggType !== undefined) throw new OptionError('--aggregate', `"${aggType}" is not available with --estimator twfe (only dynamic: the event study).`, ['dynamic']);
      return { json: base, render: (f) => (f === 'table' ? stat.summary() : table(['term', 'estimate', 'std_error', 'p_value'], rowsOf(stat.tidy() as unknown as Record<string, unknown>[], ['term', 'estimate', 'std_error', 'p_value']), f)) };
    }
    if (estimator === 'sa') {
      const panel = prepare(buildDidPanel(t, cols));
      const sa = sunAbraham(panel, { ...vc, refP: refs });
      warnAll(sa.feols.warnings);
      const json = sa.toJSON();
      return { json, render: (f) => (f === 'table' ? `${sa.feols.summary()}\n\nATT: ${sa.att.estimate} (SE ${sa.att.std_error})` : table(['term', 'estimate', 'std_error', 'p_value'], rowsOf(sa.byRelativePeriod as unknown as Record<string, unknown>[], ['term', 'estimate', 'std_error', 'p_value']), f)) };
    }
    // bjs
    const panel = prepare(buildDidPanel(t, cols));
    const bjs = imputationDid(panel, { anticipation, ...(cluster !== undefined ? { cluster: true } : {}), ...(a.options.has('pretrends') ? { pretrends: numberOption(a, 'pretrends')! } : {}) });
    warnAll(bjs.warnings);
    const json = bjs.toJSON();
    return { json, render: (f) => (f === 'table' ? bjs.summary() : table(['event_time', 'estimate', 'std_error'], rowsOf((json.aggregate as { by: Record<string, unknown>[] }).by, ['event_time', 'estimate', 'std_error']), f)) };
  },
};
