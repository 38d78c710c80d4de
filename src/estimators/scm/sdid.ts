/**
 * `sdid`: synthetic difference-in-differences and its special cases SC and DID (Arkhangelsky, Athey,
 * Hirshberg, Imbens & Wager 2021), from a long table with a 0/1 treatment column, matching synthdid 0.0.9
 * (see `sdid-core.ts`). Standard errors as synthdid: placebo (permute controls, the default with one treated
 * unit), bootstrap over units, jackknife over units with the weights held fixed; placebo and bootstrap
 * replications run on worker threads, each seeded from the run's seed by its index.
 */
import type { RunControl } from '../../control.js';
import type { Table } from '../../data/table.js';
import { OptionError, PilotzoneError, throwIfCancelled, type Warning } from '../../errors.js';
import { runParallel } from '../../parallel/pool.js';
import { sharedFloat64 } from '../../parallel/shared.js';
import { TooFewDonorsError } from './errors.js';
import { buildPanel, outcomeMatrix } from './panel.js';
import { contrast, defaultSdidOpts, defaultSdidWeights, effectCurve, sdidEstimate, type SdidEstimator, type SdidFit } from './sdid-core.js';
import type { SdidRepPayload } from './sdid-task.js';
import { sumNormalize } from './sdid-task.js';
import { SdidResult } from './sdid-result.js';

export type SdidSeMethod = 'placebo' | 'jackknife' | 'bootstrap' | 'none';

/** Options of {@link sdid}. */
export interface SdidOptions {
  unit: string;
  time: string;
  outcome: string;
  /** 0/1 column: 1 for treated units in treated periods (block adoption). */
  treatment: string;
  /** sdid (default), sc or did. */
  estimator?: SdidEstimator;
  /** Standard error method (default placebo). */
  se?: SdidSeMethod;
  /** Placebo / bootstrap replications (default 200, as synthdid). */
  replications?: number;
  /** Seed of the replications (default 12345; reported). */
  seed?: number;
  threads?: number;
  control?: RunControl;
}

const ESTIMATORS: readonly SdidEstimator[] = ['sdid', 'sc', 'did'];
const SE_METHODS: readonly SdidSeMethod[] = ['placebo', 'jackknife', 'bootstrap', 'none'];

/** The N x T outcome matrix (controls first, sorted; then treated units, sorted), T0 and the labels. */
export interface SdidPanel {
  Y: Float64Array;
  N: number;
  T: number;
  N0: number;
  T0: number;
  units: string[];
  times: number[];
}

/** Builds the synthdid panel from a long table (synthdid's panel.matrices). */
export function sdidPanel(table: Table, opts: Pick<SdidOptions, 'unit' | 'time' | 'outcome' | 'treatment'>): SdidPanel {
  const panel = buildPanel(table, opts.unit, opts.time);
  const d = table.numeric(opts.treatment, 'treatment');
  const T = panel.times.length;
  const nU = panel.units.length;
  const treatedUnit = new Uint8Array(nU);
  let firstTreated = Infinity;
  for (let u = 0; u < nU; u++) {
    for (let t = 0; t < T; t++) {
      const row = panel.cell[u * T + t]!;
      if (row < 0) continue;
      const v = d[row]!;
      if (v !== 0 && v !== 1 && !Number.isNaN(v)) throw new OptionError('treatment', `column "${opts.treatment}" must be 0/1, but row ${row + 1} holds ${v}.`);
      if (v === 1) {
        treatedUnit[u] = 1;
        firstTreated = Math.min(firstTreated, t);
      }
    }
  }
  if (!Number.isFinite(firstTreated)) throw new PilotzoneError('E_SDID_NO_TREATED', `column "${opts.treatment}" is never 1: there is no treated unit-period.`);
  // Block adoption: every treated unit treated from the same period to the end.
  for (let u = 0; u < nU; u++) {
    if (!treatedUnit[u]) continue;
    for (let t = 0; t < T; t++) {
      const row = panel.cell[u * T + t]!;
      const v = row < 0 ? NaN : d[row]!;
      if ((t >= firstTreated) !== (v === 1)) {
        throw new PilotzoneError('E_SDID_STAGGERED', `unit "${panel.units[u]}" is ${v === 1 ? 'treated' : 'untreated'} in ${panel.times[t]}, but synthetic DID needs every treated unit treated from ${panel.times[firstTreated]} to the end (block adoption).`, {
          hint: 'Estimate each adoption cohort separately, or use `pilotzone did` for staggered adoption.',
        });
      }
    }
  }
  if (firstTreated === 0) throw new PilotzoneError('E_SCM_TREAT_TIME', `treatment starts in the first period (${panel.times[0]}): no pre-period.`);
  const controls: number[] = [];
  const treated: number[] = [];
  for (let u = 0; u < nU; u++) (treatedUnit[u] ? treated : controls).push(u);
  if (controls.length < 2) throw new TooFewDonorsError(controls.length, 'control group');
  const order = [...controls, ...treated];
  const Y = outcomeMatrix(table, panel, opts.outcome, order);
  return { Y, N: order.length, T, N0: controls.length, T0: firstTreated, units: order.map((u) => panel.units[u]!), times: [...panel.times] };
}

/** Estimates SDID / SC / DID with a standard error. */
export async function sdid(table: Table, options: SdidOptions): Promise<SdidResult> {
  const estimator = options.estimator ?? 'sdid';
  if (!ESTIMATORS.includes(estimator)) throw new OptionError('estimator', `"${estimator}" is not an estimator.`, ESTIMATORS);
  const seMethod = options.se ?? 'placebo';
  if (!SE_METHODS.includes(seMethod)) throw new OptionError('se', `"${seMethod}" is not a standard-error method.`, SE_METHODS);
  const reps = options.replications ?? 200;
  if (!Number.isInteger(reps) || reps < 2) throw new OptionError('replications', `must be an integer >= 2, got ${reps}.`);
  const seed = options.seed ?? 12345;
  const p = sdidPanel(table, options);
  return sdidFromPanel(p, estimator, seMethod, reps, seed, options.threads, options.control);
}

/** The estimator and its SE on a prepared panel. */
export async function sdidFromPanel(p: SdidPanel, estimator: SdidEstimator, seMethod: SdidSeMethod, reps: number, seed: number, threads?: number, control?: RunControl): Promise<SdidResult> {
  const { Y, N, T, N0, T0 } = p;
  const opts = defaultSdidOpts(estimator, Y, N, T, N0, T0);
  const fit: SdidFit = sdidEstimate(Y, N, T, N0, T0, opts, defaultSdidWeights(estimator, N0, T0));
  const warnings: Warning[] = [];
  let se = NaN;
  const N1 = N - N0;
  if (seMethod === 'placebo') {
    if (N0 <= N1) throw new PilotzoneError('E_SDID_PLACEBO', `placebo standard errors need more controls (${N0}) than treated units (${N1}).`, { hint: 'Use --se bootstrap or jackknife.' });
    se = await replicate('placebo', p, fit, reps, seed, threads, control);
  } else if (seMethod === 'bootstrap') {
    if (N1 === 1) warnings.push({ code: 'W_SE_UNDEFINED', message: 'the bootstrap standard error is not defined with a single treated unit (synthdid returns NA); use the placebo SE.' });
    else se = await replicate('bootstrap', p, fit, reps, seed, threads, control);
  } else if (seMethod === 'jackknife') {
    if (N1 === 1) warnings.push({ code: 'W_SE_UNDEFINED', message: 'the jackknife standard error is not defined with a single treated unit (synthdid returns NA); use the placebo SE.' });
    else se = jackknife(p, fit, control);
  }
  const curve = effectCurve(Y, N, T, N0, T0, fit.omega, fit.lambda);
  return new SdidResult(p, estimator, fit, se, seMethod, seMethod === 'placebo' || seMethod === 'bootstrap' ? { replications: reps, seed } : undefined, curve, warnings);
}

const TASK_URL = new URL('./sdid-task.js', import.meta.url).href;

async function replicate(kind: 'placebo' | 'bootstrap', p: SdidPanel, fit: SdidFit, reps: number, seed: number, threads?: number, control?: RunControl): Promise<number> {
  const payload: SdidRepPayload = { kind, Y: sharedFloat64(p.Y), N: p.N, T: p.T, N0: p.N0, T0: p.T0, opts: fit.opts, omega: fit.omega, lambda: fit.lambda };
  const est = await runParallel<SdidRepPayload, number>(TASK_URL, payload, reps, { seed, ...(threads !== undefined ? { threads } : {}), ...(control ? { control } : {}) });
  // synthdid: sqrt((R - 1) / R) * sd(estimates), i.e. the population sd.
  let m = 0;
  for (const e of est) m += e;
  m /= reps;
  let ss = 0;
  for (const e of est) ss += (e - m) ** 2;
  return Math.sqrt(ss / reps);
}

/** synthdid's jackknife_se with the weights held fixed (leave one unit out, renormalise omega). */
function jackknife(p: SdidPanel, fit: SdidFit, control?: RunControl): number {
  const { Y, N, T, N0, T0 } = p;
  let nonzero = 0;
  for (const w of fit.omega) if (w !== 0) nonzero++;
  if (nonzero === 1) return NaN;
  const u = new Float64Array(N);
  for (let drop = 0; drop < N; drop++) {
    throwIfCancelled(control?.signal);
    const rows: number[] = [];
    for (let i = 0; i < N; i++) if (i !== drop) rows.push(i);
    const n0 = drop < N0 ? N0 - 1 : N0;
    const Yj = new Float64Array((N - 1) * T);
    rows.forEach((i, r) => Yj.set(Y.subarray(i * T, i * T + T), r * T));
    const om = sumNormalize(Float64Array.from(rows.filter((i) => i < N0).map((i) => fit.omega[i]!)));
    u[drop] = contrast(Yj, N - 1, T, n0, T0, om, fit.lambda);
    control?.onProgress?.(drop + 1, N);
  }
  let m = 0;
  for (const x of u) m += x;
  m /= N;
  let ss = 0;
  for (const x of u) ss += (x - m) ** 2;
  // sqrt(((n - 1) / n) * (n - 1) * var(u)), var with n - 1.
  return Math.sqrt(((N - 1) / N) * ss);
}
