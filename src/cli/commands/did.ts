/**
 * `pilotzone did`: staggered difference-in-differences (contract: `../shared/contracts/cli-json.md`, "did").
 * Estimators: `cs` (Callaway & Sant'Anna ATT(g,t) + one aggregation), `sa` (Sun & Abraham), `twfe` (static
 * TWFE; with `--aggregate dynamic` the TWFE event study), `bacon` (Goodman-Bacon decomposition plus the
 * de Chaisemartin & D'Haultfoeuille weights), `bjs` (Borusyak, Jaravel & Spiess imputation).
 * Robustness battery of the seed papers (issue 4) as options: `--fake-timing k`, `--permutations N` (twfe: TWFE
 * coefficient, cs: simple ATT), `--min-e/--max-e` windows, `--drop-units`, `--lag-outcome L` (twfe: L lags of
 * the outcome as controls, seed 001), `--subgroup COL` / `--terciles COL` (cs or twfe effect by subgroup and a
 * Wald test of equal effects), `--mechanism M1,M2` (two-step mechanism table, seed 004). Their results are
 * extra JSON fields (`permutation`, `lagged_outcome`, `subgroups`, `mechanism`) and extra text sections.
 */
import type { Command, CommandOutput } from '../command.js';
import { listOption, numberOption } from '../args.js';
import { OptionError } from '../../errors.js';
import { buildDidPanel, type DidColumns, type DidPanel } from '../../estimators/did/panel.js';
import { csPermutation, didPermutation, dropUnits, mechanismTable, shiftCohorts, subgroupAtt, subgroupTwfe, type SubgroupAtt } from '../../estimators/did/robustness.js';
import { renderTable, subgroupOfUnits, tercileOfUnits, withSections, type Section } from './did-robustness.js';
import { normalQuantile } from '../../stats/distributions.js';
import { attGt } from '../../estimators/did/att-gt.js';
import { aggte, type AggregationType } from '../../estimators/did/aggte.js';
import { baconDecomposition } from '../../estimators/did/bacon.js';
import { dcdhWeights } from '../../estimators/did/dcdh-weights.js';
import { twfeEventStudy, twfeStatic } from '../../estimators/did/twfe.js';
import { sunAbraham } from '../../estimators/did/sun-abraham.js';
import { imputationDid } from '../../estimators/did/imputation.js';
import type { DidMethod } from '../../estimators/did/drdid.js';

const ESTIMATORS = ['cs', 'sa', 'bjs', 'twfe', 'bacon'] as const;

const table = renderTable;

function rowsOf(objs: readonly Record<string, unknown>[], keys: readonly string[]): unknown[][] {
  return objs.map((o) => keys.map((k) => o[k]));
}

export const command: Command = {
  name: 'did',
  summary: "staggered difference-in-differences: Callaway-Sant'Anna, Sun-Abraham, imputation, TWFE and event study, Bacon decomposition",
  usage: 'pilotzone did --data F --unit U --time T --outcome Y --cohort G --estimator cs|sa|bjs|twfe|bacon [--control never|notyet] [--covariates x1,x2] [--aggregate simple|dynamic|group|calendar] [--cluster C] [--permutations N --seed S] [--fake-timing k] [--drop-units a,b] [--min-e e --max-e e] [--lag-outcome L] [--subgroup COL | --terciles COL] [--mechanism M1,M2]',
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
    { name: 'permutations', type: 'string', help: 'random-assignment placebo draws (cohort sizes kept): twfe coefficient (worker threads), or cs simple ATT (att_gt refit per draw, worker threads); --threads sets the threads; needs --seed' },
    { name: 'lag-outcome', type: 'string', help: 'twfe: add L lags of the outcome as controls (the first L periods are dropped; seed 001)' },
    { name: 'subgroup', type: 'string', help: 'cs/twfe: effect by subgroup of a unit-level column (region, coastal) with a Wald test of equal effects' },
    { name: 'terciles', type: 'string', help: 'cs/twfe: effect by tercile of a numeric moderator (baseline value per unit) with a Wald test of equal effects' },
    { name: 'mechanism', type: 'string', help: 'two-step mechanism table (TWFE, seed 004) for these comma-separated mediator columns' },
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
    const nPerm = numberOption(a, 'permutations');
    const lagL = numberOption(a, 'lag-outcome');
    const subCol = a.options.get('subgroup');
    const terCol = a.options.get('terciles');
    const mediators = listOption(a.options.get('mechanism'));
    if (nPerm !== undefined && !(Number.isInteger(nPerm) && nPerm >= 1)) throw new OptionError('--permutations', `must be a positive integer number of draws, got ${nPerm}.`);
    if (nPerm !== undefined && estimator !== 'twfe' && estimator !== 'cs') throw new OptionError('--permutations', `is available with --estimator twfe or cs, not ${estimator}.`, ['twfe', 'cs']);
    if (lagL !== undefined) {
      if (estimator !== 'twfe') throw new OptionError('--lag-outcome', `is available with --estimator twfe (static TWFE with lagged outcomes as controls), not ${estimator}.`, ['twfe']);
      if (aggType === 'dynamic') throw new OptionError('--lag-outcome', 'is not available with the event study (--aggregate dynamic); use the static TWFE.');
    }
    if (subCol !== undefined && terCol !== undefined) throw new OptionError('--subgroup', 'give either --subgroup or --terciles, not both.');
    if ((subCol !== undefined || terCol !== undefined) && estimator !== 'cs' && estimator !== 'twfe') {
      throw new OptionError(subCol !== undefined ? '--subgroup' : '--terciles', `is available with --estimator cs (simple ATT) or twfe (static coefficient), not ${estimator}.`, ['cs', 'twfe']);
    }
    if (a.options.has('mechanism') && mediators.length === 0) throw new OptionError('--mechanism', 'needs at least one mediator column.');
    const needSeed = (what: string): number => {
      const seed = numberOption(a, 'seed');
      if (seed === undefined) throw new OptionError('--seed', `${what} needs a seed (--seed N), which the output reports.`);
      return seed;
    };
    const csOpts = {
      control: (a.options.get('control') ?? 'never') as 'never' | 'notyet',
      method: (a.options.get('method') ?? 'dr') as DidMethod,
      basePeriod: (a.options.get('base-period') ?? 'varying') as 'varying' | 'universal',
      anticipation,
      cluster: cluster !== undefined,
    };
    const vc = cluster !== undefined ? { vcov: 'cluster' as const } : {};

    const out = await estimate();
    const json: Record<string, unknown> = { ...out.json };
    const sections: Section[] = [];
    const perm = json.permutation as Record<string, unknown> | undefined;
    if (perm) {
      sections.push({
        title: `Permutation test (${perm.statistic === 'simple_att' ? 'simple ATT' : 'TWFE coefficient'}, random assignment, seed ${String(perm.seed)})`,
        head: ['observed', 'n_draws', 'p_value', 'p_value_plus1', 'p_value_lower', 'p_value_upper'],
        rows: [[perm.observed, perm.n_draws, perm.p_value, perm.p_value_plus1, perm.p_value_lower, perm.p_value_upper]],
      });
    }
    const lagged = json.lagged_outcome as { lags: number; first_period: number; nobs: number } | undefined;
    if (lagged) sections.push({ title: 'Lagged outcome controls', head: ['lags', 'first_period', 'nobs'], rows: [[lagged.lags, lagged.first_period, lagged.nobs]] });
    if (subCol !== undefined || terCol !== undefined) {
      const panel = prepare(buildDidPanel(t, cols, estimator === 'twfe' ? { firstPeriodTreated: 'keep' } : {}));
      let labels: string[];
      let cutpoints: [number, number] | undefined;
      if (subCol !== undefined) labels = subgroupOfUnits(t, panel, subCol);
      else ({ labels, cutpoints } = tercileOfUnits(t, panel, terCol!));
      const by = (subCol ?? terCol)!;
      let sg: SubgroupAtt;
      try {
        sg = estimator === 'cs' ? subgroupAtt(panel, labels, csOpts) : subgroupTwfe(panel, labels, { ...vc, ...(lagL !== undefined ? { laggedOutcome: lagL } : {}) });
      } catch (e) {
        if (e instanceof OptionError && (e.details as { option?: string } | undefined)?.option === 'groupOf') {
          throw new OptionError(subCol !== undefined ? '--subgroup' : '--terciles', `column "${by}" defines fewer than two subgroups of the units.`);
        }
        throw e;
      }
      const z = normalQuantile(0.975);
      const groups = sg.groups.map((g) => ({ ...g, conf_low: g.estimate - z * g.std_error, conf_high: g.estimate + z * g.std_error }));
      json.subgroups = {
        by,
        kind: subCol !== undefined ? 'column' : 'terciles',
        statistic: estimator === 'cs' ? 'simple_att' : 'twfe_coefficient',
        ...(cutpoints ? { cutpoints } : {}),
        groups,
        equality: sg.equality,
      };
      sections.push({ title: `Subgroups by ${by}${cutpoints ? ` (terciles, cut points ${cutpoints.map((c) => Number(c.toPrecision(6))).join(', ')})` : ''}`, head: ['group', 'n_units', 'estimate', 'std_error', 'conf_low', 'conf_high'], rows: rowsOf(groups, ['group', 'n_units', 'estimate', 'std_error', 'conf_low', 'conf_high']) });
      sections.push({ title: 'Wald test of equal effects across subgroups', head: ['statistic', 'df', 'p_value'], rows: [[sg.equality.statistic, sg.equality.df, sg.equality.p_value]] });
    }
    if (mediators.length) {
      const panel = prepare(buildDidPanel(t, { ...cols, covariates: mediators }, { firstPeriodTreated: 'keep' }));
      const rows = mechanismTable(panel, mediators, vc);
      json.mechanism = rows.map((r) => ({ mediator: r.mediator, on_mediator: r.onMediator, mediator_on_outcome: r.mediatorOnOutcome, direct_effect: r.directEffect }));
      sections.push({
        title: 'Mechanism (two-step TWFE): policy -> mediator; outcome on policy and mediator',
        head: ['mediator', 'on_mediator', 'se', 'mediator_on_outcome', 'se', 'direct_effect', 'se'],
        rows: rows.map((r) => [r.mediator, r.onMediator.estimate, r.onMediator.std_error, r.mediatorOnOutcome.estimate, r.mediatorOnOutcome.std_error, r.directEffect.estimate, r.directEffect.std_error]),
      });
    }
    const render = out.render;
    return { json, ...(render ? { render: (f) => withSections(render(f), sections, f) } : {}) };

    async function estimate(): Promise<CommandOutput> {

    if (estimator === 'cs') {
      const panel = prepare(buildDidPanel(t, cols));
      const bootN = numberOption(a, 'bootstrap');
      let bootstrap: { seed: number; iterations: number; weights: 'rademacher' | 'mammen' } | undefined;
      if (bootN !== undefined) bootstrap = { seed: needSeed('the multiplier bootstrap'), iterations: bootN, weights: (a.options.get('multiplier') ?? 'rademacher') as 'rademacher' | 'mammen' };
      const permSeed = nPerm !== undefined ? needSeed('the permutation test') : undefined;
      const threadsOpt = numberOption(a, 'threads');
      const res = attGt(panel, { ...csOpts, ...(bootstrap ? { bootstrap } : {}), run: ctx.control });
      const agg = aggte(res, aggType ?? 'simple', {
        naRm: a.flags.has('na-rm'),
        ...(a.options.has('min-e') ? { minE: numberOption(a, 'min-e')! } : {}),
        ...(a.options.has('max-e') ? { maxE: numberOption(a, 'max-e')! } : {}),
        ...(a.options.has('balance-e') ? { balanceE: numberOption(a, 'balance-e')! } : {}),
      });
      warnAll(res.warnings);
      const rows = res.rows();
      const permutation = nPerm !== undefined ? (await csPermutation(panel, { draws: nPerm, seed: permSeed!, att: csOpts, ...(threadsOpt !== undefined ? { threads: threadsOpt } : {}), control: ctx.control })).toJSON() : undefined;
      const json = { ...res.toJSON(), att_gt: rows, aggregate: agg.toJSON(), ...(permutation ? { permutation } : {}) };
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
    if (estimator === 'twfe') {
      const panel = prepare(buildDidPanel(t, cols, { firstPeriodTreated: 'keep' }));
      if (lagL !== undefined && !(Number.isInteger(lagL) && lagL >= 1 && lagL <= panel.T - 2)) {
        throw new OptionError('--lag-outcome', `must be an integer between 1 and ${panel.T - 2}: the panel has ${panel.T} periods, each lag drops one period per unit and two must remain; got ${lagL}.`);
      }
      const stat = twfeStatic(panel, { ...vc, ...(lagL !== undefined ? { laggedOutcome: lagL } : {}) });
      warnAll(stat.warnings);
      let permutation: Record<string, unknown> | undefined;
      if (nPerm !== undefined) {
        const seed = needSeed('the permutation test');
        const threads = numberOption(a, 'threads');
        const pr = await didPermutation(panel, { draws: nPerm, seed, ...(threads !== undefined ? { threads } : {}), control: ctx.control, ...(lagL !== undefined ? { laggedOutcome: lagL } : {}) });
        permutation = { statistic: 'twfe_coefficient', ...pr.toJSON() };
      }
      const lagged = lagL !== undefined ? { lagged_outcome: { lags: lagL, terms: Array.from({ length: lagL }, (_, l) => `l${l + 1}.${cols.outcome}`), first_period: panel.times[lagL]!, periods_dropped_per_unit: lagL, nobs: stat.fit.n } } : {};
      const base = { ...stat.toJSON(), command: 'did', estimator: 'twfe', ...lagged, ...(permutation ? { permutation } : {}) };
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
    }
  },
};
