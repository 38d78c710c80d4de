/** `pilotzone synth`: synthetic control with placebo inference (contract: ../shared/contracts/cli-json.md, section synth). */
import type { Command } from '../command.js';
import { listOption, numberOption } from '../args.js';
import { OptionError } from '../../errors.js';
import { inTimePlacebo, synth, synthInference } from '../../estimators/scm/synth.js';
import type { SynthOptions } from '../../estimators/scm/setup.js';
import { renderSynth } from '../../estimators/scm/render.js';

function windowOption(v: string | undefined, name: string): [number, number] | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:-\s*(-?\d+(?:\.\d+)?))?\s*$/.exec(v);
  if (!m) throw new OptionError(`--${name}`, `"${v}" is not a period window: write a-b (e.g. 1970-1988).`);
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

function intOption(v: number | undefined, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < min) throw new OptionError(`--${name}`, `must be an integer >= ${min}, got ${v}.`);
  return v;
}

function alphaOption(a: number): number {
  if (!(a > 0 && a < 1)) throw new OptionError('--alpha', `must be between 0 and 1, got ${a}.`);
  return a;
}

export const command: Command = {
  name: 'synth',
  summary: 'synthetic control (Abadie et al.; R Synth conventions) with placebo inference',
  usage: 'pilotzone synth --data F --unit U --time T --outcome Y --treated UNIT --treat-time T0 --predictors "x1@1980-1988, Y@1975" [--optimize 1970-1988] [--donors a,b | --exclude a,b] [--placebo space|time|none] [--leave-one-out]',
  options: [
    { name: 'data', type: 'string', help: 'data file (long panel)', required: true },
    { name: 'unit', type: 'string', help: 'unit column', required: true },
    { name: 'time', type: 'string', help: 'period column (numeric)', required: true },
    { name: 'outcome', type: 'string', help: 'outcome column', required: true },
    { name: 'treated', type: 'string', help: 'the treated unit (a value of --unit)', required: true },
    { name: 'treat-time', type: 'string', help: 'first treated period', required: true },
    { name: 'predictors', type: 'string', help: 'comma-separated: col@a-b (mean over a..b), col@a (value in a), col (pre-period mean); optional :median|sum|min|max' },
    { name: 'predictor-table', type: 'string', help: 'file with columns unit,predictor,value (predictors computed elsewhere)' },
    { name: 'optimize', type: 'string', help: 'V-optimisation window a-b (default: the pre-period)' },
    { name: 'donors', type: 'string', help: 'donor pool, comma-separated (default: every other unit)' },
    { name: 'exclude', type: 'string', help: 'units to leave out of the donor pool, comma-separated' },
    { name: 'v', type: 'string', help: 'user predictor weights, comma-separated in predictor order (skips the V search)' },
    { name: 'placebo', type: 'string', help: 'placebo inference', choices: ['space', 'time', 'none'], default: 'space' },
    { name: 'placebo-time', type: 'string', help: 'fake treatment period of the in-time placebo (default: 3 periods early)' },
    { name: 'leave-one-out', type: 'flag', help: 'refit without each donor of positive weight' },
    { name: 'conformal', type: 'flag', help: 'conformal per-period intervals (Chernozhukov, Wuthrich & Zhu 2021)' },
    { name: 'alpha', type: 'string', help: 'miscoverage of the conformal intervals', default: '0.1' },
    { name: 'iterations', type: 'string', help: 'iterative robustness test (seed 000 Table 2): rounds of dropping weighted donors', default: '0' },
    { name: 'random-starts', type: 'string', help: 'extra seeded random starts of the V search', default: '0' },
    { name: 'max-eval', type: 'string', help: 'Nelder-Mead evaluations per V start', default: '2000' },
  ],
  async run(ctx) {
    const a = ctx.args.options;
    const table = await ctx.loadTable();
    const predictorTable = a.get('predictor-table') !== undefined ? await ctx.loadTable('predictor-table') : undefined;
    const treatTime = numberOption(ctx.args, 'treat-time')!;
    const predictors = listOption(a.get('predictors'));
    const vList = listOption(a.get('v')).map((x) => {
      const n = Number(x);
      if (!Number.isFinite(n)) throw new OptionError('--v', `"${x}" is not a number.`);
      return n;
    });
    const opts: SynthOptions = {
      unit: a.get('unit')!,
      time: a.get('time')!,
      outcome: a.get('outcome')!,
      treated: a.get('treated')!,
      treatTime,
      predictors,
      ...(predictorTable ? { predictorTable } : {}),
      ...(a.get('optimize') ? { optimize: windowOption(a.get('optimize'), 'optimize')! } : {}),
      ...(a.get('donors') ? { donors: listOption(a.get('donors')) } : {}),
      ...(a.get('exclude') ? { exclude: listOption(a.get('exclude')) } : {}),
      ...(vList.length ? { customV: vList } : {}),
      randomStarts: intOption(numberOption(ctx.args, 'random-starts', 0), 'random-starts', 0)!,
      maxEval: intOption(numberOption(ctx.args, 'max-eval', 2000), 'max-eval', 10)!,
      seed: numberOption(ctx.args, 'seed', 1)!,
    };
    const threads = intOption(numberOption(ctx.args, 'threads'), 'threads', 1);
    const placebo = a.get('placebo') ?? 'space';
    const iterations = intOption(numberOption(ctx.args, 'iterations', 0), 'iterations', 0)!;
    const result = synth(table, opts);
    await synthInference(result, {
      placebo: placebo === 'space' || iterations > 0,
      leaveOneOut: ctx.args.flags.has('leave-one-out'),
      ...(ctx.args.flags.has('conformal') ? { conformal: { alpha: alphaOption(numberOption(ctx.args, 'alpha', 0.1)!) } } : {}),
      iterations,
      control: ctx.control,
      ...(threads !== undefined ? { threads } : {}),
    });
    if (placebo !== 'space') result.placebo = iterations > 0 ? result.placebo : undefined;
    const json = result.toJSON();
    if (placebo === 'time') {
      const firstPost = result.setup.data.postIdx[0]!;
      const fake = numberOption(ctx.args, 'placebo-time') ?? result.setup.times[Math.max(1, firstPost - 3)]!;
      const f = inTimePlacebo(table, opts, fake);
      json.in_time_placebo = { placebo_time: fake, rmspe_pre: f.fit.preRmspe, rmspe_post: f.fit.postRmspe, ratio: f.fit.ratio, estimate: f.meanPostGap(), series: f.series(), warnings: f.warnings };
      if (placebo === 'time' && iterations === 0) json.placebo = null;
    }
    for (const w of result.warnings) ctx.warn(`[${w.code}] ${w.message}`);
    return { json, render: (format) => renderSynth(result, format) };
  },
};
