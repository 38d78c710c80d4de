/**
 * From a long table and the user's options to the numbers of an SCM fit (`ScmData`): the treated unit, the
 * donor pool, periods, predictors and outcomes, with every bad input reported by a named error.
 */
import type { Table } from '../../data/table.js';
import { OptionError } from '../../errors.js';
import { sharedFloat64, sharedInt32 } from '../../parallel/shared.js';
import { TooFewDonorsError, TreatmentTimeError, UnknownUnitError } from './errors.js';
import type { ScmData, ScmFitOptions, VStart } from './fit-core.js';
import { buildPanel, outcomeMatrix } from './panel.js';
import { parsePredictor, predictorMatrix, predictorTableMatrix, type PredictorSpec } from './predictors.js';

/** Options of {@link synth}. */
export interface SynthOptions {
  /** Unit column (e.g. `state`). */
  unit: string;
  /** Period column (numeric, e.g. `year`). */
  time: string;
  /** Outcome column. */
  outcome: string;
  /** The treated unit (a value of the unit column). */
  treated: string | number;
  /** First treated period. */
  treatTime: number;
  /** Predictors: `col@a-b` (mean over a..b), `col@a` (value in a), `col` (mean over the pre-period). */
  predictors?: readonly (string | PredictorSpec)[];
  /** Predictor values computed elsewhere: a table with columns `unit, predictor, value`. */
  predictorTable?: Table;
  /** V-optimisation window [first, last] (default: the whole pre-period). */
  optimize?: readonly [number, number];
  /** Donor pool (default: every other unit). */
  donors?: readonly (string | number)[];
  /** Units to leave out of the donor pool. */
  exclude?: readonly (string | number)[];
  /** User-given predictor weights (in predictor order, or by predictor name); skips the V search. */
  customV?: readonly number[] | Readonly<Record<string, number>>;
  /** Deterministic starts of the V search (default `['equal', 'regression']`, as Synth). */
  vStarts?: readonly VStart[];
  /** Extra seeded random (Dirichlet(1)) starts of the V search (default 0). */
  randomStarts?: number;
  /** Seed for the random starts (reported; default 1). */
  seed?: number;
  /** Nelder-Mead evaluations per start (default 2000). */
  maxEval?: number;
}

/** Everything a fit and its placebos need, names included. */
export interface SynthSetup {
  readonly data: ScmData;
  /** Unit names in data order: index 0 is the treated unit, 1..J the donors. */
  readonly unitNames: readonly string[];
  readonly times: readonly number[];
  readonly treatTime: number;
  readonly predictorNames: readonly string[];
  readonly outcome: string;
  readonly optimize: readonly [number, number];
  readonly fitOptions: ScmFitOptions;
  readonly options: SynthOptions;
}

/** Validates the options against the table and builds the SCM data (arrays on SharedArrayBuffer). */
export function prepareSynth(table: Table, opts: SynthOptions): SynthSetup {
  const panel = buildPanel(table, opts.unit, opts.time);
  const treatedName = String(opts.treated);
  const uIndex = new Map(panel.units.map((u, i) => [u, i]));
  const tr = uIndex.get(treatedName);
  if (tr === undefined) throw new UnknownUnitError(treatedName, opts.unit, panel.units);
  const times = panel.times;
  const first = times[0]!;
  const last = times[times.length - 1]!;
  if (!Number.isFinite(opts.treatTime) || !(opts.treatTime > first) || opts.treatTime > last) {
    throw new TreatmentTimeError(opts.treatTime, first, last, opts.time);
  }
  const lookup = (name: string | number, role: string): number => {
    const i = uIndex.get(String(name));
    if (i === undefined) throw new UnknownUnitError(String(name), opts.unit, panel.units, role);
    return i;
  };
  let pool: number[];
  if (opts.donors && opts.donors.length) pool = [...new Set(opts.donors.map((d) => lookup(d, 'donor')))].sort((a, b) => a - b);
  else pool = panel.units.map((_, i) => i);
  const excluded = new Set((opts.exclude ?? []).map((d) => lookup(d, 'excluded unit')));
  pool = pool.filter((u) => u !== tr && !excluded.has(u));
  if (pool.length < 2) throw new TooFewDonorsError(pool.length);
  const unitIdx = [tr, ...pool];

  const preIdx: number[] = [];
  const postIdx: number[] = [];
  times.forEach((t, i) => (t < opts.treatTime ? preIdx : postIdx).push(i));
  const preEnd = times[preIdx[preIdx.length - 1]!]!;
  let optimize: [number, number];
  if (opts.optimize) {
    const [a, b] = opts.optimize;
    if (!(a <= b)) throw new OptionError('optimize', `the window ${a}-${b} ends before it starts.`);
    if (b >= opts.treatTime) throw new OptionError('optimize', `the window ${a}-${b} must end before the treatment time ${opts.treatTime}.`);
    optimize = [a, b];
  } else optimize = [first, preEnd];
  const optIdx = preIdx.filter((i) => times[i]! >= optimize[0] && times[i]! <= optimize[1]);
  if (optIdx.length === 0) throw new OptionError('optimize', `no period of the data falls in ${optimize[0]}-${optimize[1]}.`);

  const Y = outcomeMatrix(table, panel, opts.outcome, unitIdx);
  const blocks: { names: string[]; X: Float64Array }[] = [];
  const specs = (opts.predictors ?? []).map((p) => (typeof p === 'string' ? parsePredictor(p) : p));
  if (specs.length) blocks.push({ names: specs.map((s) => s.name), X: predictorMatrix(table, panel, specs, unitIdx, preEnd) });
  if (opts.predictorTable) blocks.push(predictorTableMatrix(opts.predictorTable, panel, unitIdx));
  if (blocks.length === 0) {
    // Synth needs predictors; without any, match on every outcome value of the optimisation window.
    const outSpecs = optIdx.map((i) => parsePredictor(`${opts.outcome}@${times[i]}`));
    blocks.push({ names: outSpecs.map((s) => s.name), X: predictorMatrix(table, panel, outSpecs, unitIdx, preEnd) });
  }
  const predictorNames = blocks.flatMap((b) => b.names);
  const k = predictorNames.length;
  const n = unitIdx.length;
  const X = new Float64Array(new SharedArrayBuffer(8 * n * k));
  let off = 0;
  for (const bl of blocks) {
    const kb = bl.names.length;
    for (let r = 0; r < n; r++) for (let i = 0; i < kb; i++) X[r * k + off + i] = bl.X[r * kb + i]!;
    off += kb;
  }
  const fitOptions: ScmFitOptions = {};
  if (opts.customV !== undefined) fitOptions.customV = resolveCustomV(opts.customV, predictorNames);
  if (opts.vStarts) fitOptions.starts = opts.vStarts;
  if (opts.randomStarts !== undefined) {
    if (!Number.isInteger(opts.randomStarts) || opts.randomStarts < 0) throw new OptionError('randomStarts', `must be a non-negative integer, got ${opts.randomStarts}.`);
    fitOptions.randomStarts = opts.randomStarts;
  }
  if (opts.seed !== undefined) fitOptions.seed = opts.seed;
  if (opts.maxEval !== undefined) fitOptions.maxEval = opts.maxEval;
  const data: ScmData = {
    k,
    nUnits: n,
    X,
    T: times.length,
    Y: sharedFloat64(Y),
    optIdx: sharedInt32(optIdx),
    preIdx: sharedInt32(preIdx),
    postIdx: sharedInt32(postIdx),
    predictorNames,
  };
  return {
    data,
    unitNames: unitIdx.map((u) => panel.units[u]!),
    times,
    treatTime: opts.treatTime,
    predictorNames,
    outcome: opts.outcome,
    optimize,
    fitOptions,
    options: opts,
  };
}

function resolveCustomV(cv: readonly number[] | Readonly<Record<string, number>>, names: readonly string[]): number[] {
  let v: number[];
  if (Array.isArray(cv)) {
    v = [...(cv as readonly number[])];
    if (v.length !== names.length) throw new OptionError('customV', `has ${v.length} values but there are ${names.length} predictors (${names.join(', ')}).`);
  } else {
    const rec = cv as Readonly<Record<string, number>>;
    for (const key of Object.keys(rec)) if (!names.includes(key)) throw new OptionError('customV', `"${key}" is not a predictor.`, names);
    v = names.map((nm) => rec[nm] ?? 0);
  }
  if (v.some((x) => !(x >= 0) || !Number.isFinite(x)) || !(v.reduce((a, b) => a + b, 0) > 0)) {
    throw new OptionError('customV', 'must be non-negative numbers with a positive sum.');
  }
  return v;
}
