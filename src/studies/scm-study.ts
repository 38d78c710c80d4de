/**
 * The `scm` design (seed 000, Foshan): synthetic control of one treated city (Abadie-Gardeazabal 2003,
 * Abadie-Diamond-Hainmueller 2010, via `synth`), donors = units never treated under the registry selection
 * (minus `exclude`), in-space placebos with a p-value per post period, conformal per-period intervals
 * (Chernozhukov, Wuthrich & Zhu 2021) for the checks against the planted truth, and seed 000's iterative
 * robustness test (its Table 2).
 *
 * Truth: the gap Y - Y(0) of the treated unit in each post period, read from the panel and its Y(0) twin.
 */
import type { RunControl } from '../control.js';
import { cellOf, type Table } from '../data/table.js';
import { PilotzoneError } from '../errors.js';
import { sdid, synth, synthInference, type SynthResult } from '../estimators/scm/index.js';
import { numericColumn } from '../data/table.js';
import { dataGrid, type DataValue } from '../report/datatable.js';
import { placeboGapsSvg } from '../report/figures/placebo.js';
import { pValueSvg } from '../report/figures/pvalues.js';
import { scmGapSvg, scmTrajectorySvg } from '../report/figures/scm.js';
import { check, type StudyCheck, type StudyRun, type StudySection } from './output.js';
import { requireColumns, type StudyData } from './prepare.js';
import type { StudySpec } from './spec.js';

/** Runs an `scm` study on prepared data. */
export async function runScmStudy(spec: StudySpec, data: StudyData, control: RunControl & { threads?: number } = {}): Promise<Omit<StudyRun, 'provenance'>> {
  const synthNodes = spec.estimators.filter((e) => e.str('type') === 'synth');
  if (synthNodes.length !== 1) spec.root.fail('E_SPEC_INVALID', `an scm study fits one synthetic control: give exactly one estimator of type synth (found ${synthNodes.length}).`, 'estimators');
  const est = synthNodes[0]!;
  const t = data.table;
  const outcome = est.col('outcome');
  const predRefs = est.colList('predictors', (s) => s.split('@')[0]!.trim());
  requireColumns(spec, t, [outcome, ...predRefs], 'for the synthetic control');
  const treated = est.str('treated');
  const treatTime = est.int('treat_time');
  const exclude = est.strList('exclude');
  const donorRule = est.has('donors') && typeof est.child('donors').value === 'string' ? est.choice('donors', ['never_treated', 'all'] as const) : 'never_treated';
  const donorList = donorRule === 'never_treated' ? neverTreated(t, data.unit, treated, exclude) : undefined;
  if (donorList && donorList.length < 2) est.fail('E_SPEC_INVALID', `only ${donorList.length} never-treated donor(s) remain.`, 'donors');
  const unitNames = unitNameMap(t, data.unit);
  const opts = {
    unit: data.unit,
    time: data.time,
    outcome: outcome.name,
    treated,
    treatTime,
    predictors: est.strList('predictors'),
    ...(donorList ? { donors: donorList } : {}),
    ...(exclude.length ? { exclude } : {}),
    ...(est.range('optimize') ? { optimize: est.range('optimize')! } : {}),
    seed: spec.seed,
    maxEval: est.int('max_eval', 2000, 10),
  };
  let fit: SynthResult;
  try {
    fit = synth(t, opts);
  } catch (e) {
    if (e instanceof PilotzoneError) est.fail(e.code, e.message, undefined, e.hint);
    throw e;
  }
  const placeboNode = spec.robustness.find((r) => r.str('type') === 'placebo');
  const iterNode = spec.robustness.find((r) => r.str('type') === 'iterative');
  const looNode = spec.robustness.find((r) => r.str('type') === 'leave_one_out');
  const alpha = est.num('alpha', 0.05);
  const interval = est.choice('interval', ['placebo', 'conformal'] as const, 'placebo');
  const fitRatio = est.num('placebo_fit_ratio', 5);
  await synthInference(fit, {
    placebo: true,
    ...(placeboNode && placeboNode.has('exclusion_thresholds') ? { exclusionThresholds: placeboNode.numList('exclusion_thresholds') } : {}),
    leaveOneOut: !!looNode,
    ...(interval === 'conformal' ? { conformal: { alpha } } : {}),
    iterations: iterNode ? iterNode.int('iterations', 3, 1) : 0,
    ...(control.threads ? { threads: control.threads } : {}),
    ...(control.signal || control.onProgress ? { control } : {}),
  });

  // Truth per post period from the Y(0) twin.
  const series = fit.series();
  const truthBy = new Map<number, number>();
  if (data.y0) {
    const y1 = valuesOf(t, data.unit, data.time, outcome.name, treated);
    const y0 = valuesOf(data.y0, data.unit, data.time, outcome.name, treated);
    for (const [time, v] of y1) truthBy.set(time, v - (y0.get(time) ?? NaN));
  }
  const conf = new Map<number, { confLow: number | null; confHigh: number | null }>(
    interval === 'conformal' ? (fit.conformal?.periods ?? []).map((p) => [p.time, p]) : placeboIntervals(fit, alpha, fitRatio).map((p) => [p.time, p]),
  );
  const intervalLabel = interval === 'conformal' ? `${Math.round((1 - alpha) * 100)}% conformal interval` : `${Math.round((1 - alpha) * 100)}% placebo-inversion interval`;
  const pBy = new Map((fit.placebo?.pValuesByTime ?? []).map((p) => [p.time, p.pValue]));
  const perPeriod: StudyCheck[] = [];
  const periodRows: Record<string, DataValue>[] = [];
  const name = unitNames.get(treated) ?? treated;
  for (const s of series) {
    if (s.time < treatTime) continue;
    const c = conf.get(s.time);
    const truth = truthBy.get(s.time) ?? NaN;
    if (data.y0) perPeriod.push(check(`SCM gap ${name} ${s.time} (${outcome.name}; ${intervalLabel})`, s.gap, truth, c?.confLow ?? null, c?.confHigh ?? null));
    periodRows.push({ year: s.time, treated: s.treated, synthetic: s.synthetic, gap: s.gap, conf_low: c?.confLow ?? null, conf_high: c?.confHigh ?? null, planted_truth: data.y0 ? truth : null, truth_in_ci: data.y0 ? (perPeriod[perPeriod.length - 1]?.covered ? 'yes' : 'NO') : null, placebo_p: pBy.get(s.time) ?? null });
  }
  // Headline: the mean post-period gap (the ATT on the treated city), interval from the placebos' mean gaps.
  const post = fit.setup.times.map((time, i) => [time, i] as const).filter(([time]) => time >= treatTime);
  const meanTruth = data.y0 ? post.reduce((a, [time]) => a + (truthBy.get(time) ?? NaN), 0) / post.length : NaN;
  const attInt = placeboMeanInterval(fit, alpha, fitRatio, post.map(([, i]) => i));
  const headline = check(`SCM mean post-period gap ${name} ${post[0]?.[0]}-${post[post.length - 1]?.[0]} (${outcome.name}; ${intervalLabel})`, fit.meanPostGap(), meanTruth, attInt[0], attInt[1]);
  const sections: StudySection[] = [];
  const weights = Object.entries(fit.weights()).filter(([, w]) => w > 1e-4).sort((a, b) => b[1] - a[1]);
  sections.push({
    heading: `Synthetic ${name}`,
    text: `Outcome ${outcome.name}; treated ${name} (${treated}) from ${treatTime}; ${fit.fit.donors.length} donors (${donorRule === 'never_treated' ? 'never treated under the registry selection' : 'all other units'}${exclude.length ? `, excluding ${exclude.map((c) => unitNames.get(c) ?? c).join(', ')}` : ''}). Pre-period RMSPE ${fit.fit.preRmspe.toPrecision(4)}, post ${fit.fit.postRmspe.toPrecision(4)}. Mean post-period gap ${fit.meanPostGap().toPrecision(4)}; placebo p-value (post/pre RMSPE rank) ${fit.placebo?.pValue.toPrecision(3) ?? 'n/a'}.`,
    tables: [
      { stem: 'gaps-by-period', caption: `Gap, ${intervalLabel}, planted truth and placebo p-value by post period`, grid: dataGrid(periodRows, { digits: 4, title: 'Treated minus synthetic by period' }) },
      { stem: 'donor-weights', caption: 'Donors with positive weight', grid: dataGrid(weights.map(([u, w]) => ({ donor: `${unitNames.get(u) ?? u} (${u})`, weight: w })), { digits: 4, title: 'Synthetic control weights' }) },
      { stem: 'predictor-balance', caption: 'Predictor balance (pre-period)', grid: dataGrid(fit.balance().map((b) => ({ predictor: b.predictor, treated: b.treated, synthetic: b.synthetic, donor_mean: b.donorMean, v_weight: fit.predictorWeights()[b.predictor] ?? null })), { digits: 4, title: 'Predictors: treated, synthetic, donor mean' }) },
    ],
    checks: perPeriod,
    figures: [
      { stem: 'trajectory', caption: `${name} and its synthetic control`, svg: await scmTrajectorySvg(series, { treatmentTime: treatTime, unit: name, outcome: outcome.name }) },
      { stem: 'gap', caption: 'Gap (treated minus synthetic)', svg: await scmGapSvg(series, { treatmentTime: treatTime, unit: name, outcome: outcome.name }) },
    ],
  });
  // Synthetic difference-in-differences beside the SCM (Arkhangelsky et al. 2021), same unit and donors.
  const sdidChecks: StudyCheck[] = [];
  const sdidRows: Record<string, DataValue>[] = [];
  for (const node of spec.estimators.filter((e) => e.str('type') === 'sdid')) {
    const y = node.col('outcome', true) ?? outcome;
    requireColumns(spec, t, [y], 'for sdid');
    const keep = new Set([treated, ...fit.donorNames]);
    const u = t.column(data.unit);
    const sub0 = t.filter((i) => keep.has(String(cellOf(u, i))));
    const su = sub0.column(data.unit), st = sub0.numeric(data.time);
    const sub = sub0.withColumn(numericColumn('scm_treated', Float64Array.from(st, (yr, i) => (String(cellOf(su, i)) === treated && yr >= treatTime ? 1 : 0))));
    const kind = node.choice('estimator', ['sdid', 'sc', 'did'] as const, 'sdid');
    const r = await sdid(sub, { unit: data.unit, time: data.time, outcome: y.name, treatment: 'scm_treated', estimator: kind, se: node.choice('se', ['placebo', 'jackknife', 'bootstrap', 'none'] as const, 'placebo'), replications: node.int('replications', 200, 2), seed: spec.seed, ...(control.threads ? { threads: control.threads } : {}) });
    const row = r.tidy()[0]!;
    const label = `${kind === 'sdid' ? 'Synthetic DID' : kind === 'sc' ? 'SC (synthdid)' : 'DID (synthdid)'} ATT ${name} (${y.name}; 95% interval, ${r.seMethod} SE)`;
    if (data.y0 && y.name === outcome.name) sdidChecks.push(check(label, row.estimate, meanTruth, row.conf_low, row.conf_high));
    sdidRows.push({ estimator: label, estimate: row.estimate, std_error: row.std_error, conf_low: row.conf_low, conf_high: row.conf_high, truth: data.y0 && y.name === outcome.name ? meanTruth : null });
  }
  if (sdidRows.length) {
    sections.push({ heading: 'Synthetic difference-in-differences', text: 'Arkhangelsky, Athey, Hirshberg, Imbens & Wager (2021) on the same treated city and donor pool, with unit and time weights; placebo standard errors (synthdid conventions).', tables: [{ stem: 'sdid', caption: 'Synthetic DID beside the SCM, with the planted truth', grid: dataGrid(sdidRows, { digits: 4, title: 'Synthetic DID' }) }] });
  }
  if (fit.placebo) {
    const rows = fit.placebo.units.flatMap((u) => fit.setup.times.map((time, i) => ({ unit: u.unit, time, gap: u.gap[i]!, treated: u.isTreated })));
    sections.push({
      heading: 'In-space placebos',
      text: `Every donor takes a turn as the treated unit (${fit.placebo.units.length - 1} placebos). The p-value of a period is the share of units whose |gap| / pre-RMSPE is at least the treated unit's.`,
      tables: [{ stem: 'placebo-exclusions', caption: 'Rank and p-value with placebos of poor pre-fit removed', grid: dataGrid(fit.placebo.exclusions.map((x) => ({ pre_mspe_threshold: Number.isFinite(x.threshold) ? `${x.threshold}x` : 'all', units_kept: x.unitsKept, rank: x.rank, p_value: x.pValue })), { digits: 3, title: 'Placebo exclusions' }) }],
      figures: [
        { stem: 'placebo-gaps', caption: 'Placebo gaps (treated highlighted)', svg: await placeboGapsSvg(rows, { treatmentTime: treatTime }) },
        { stem: 'p-values', caption: 'Placebo p-value by post period', svg: await pValueSvg(fit.placebo.pValuesByTime.map((p) => ({ time: p.time, p_value: p.pValue }))) },
      ],
    });
  }
  if (fit.iterative) {
    const times = fit.iterative[0]?.pValuesByTime.map((p) => p.time) ?? [];
    sections.push({
      heading: 'Iterative robustness (seed 000, Table 2)',
      text: 'Each iteration removes every donor that carried weight in the previous fit and refits; the fit is accepted when the treated pre-RMSPE is at most the median placebo pre-RMSPE.',
      tables: [
        {
          stem: 'iterative-robustness',
          caption: 'Iterative removal of donors carrying weight',
          grid: dataGrid(
            fit.iterative.map((r) => ({
              iteration: r.iteration,
              removed: r.dropped.length,
              donors_with_weight: r.positiveWeight.map((u) => unitNames.get(u) ?? u).join(', '),
              rmspe_pre: r.rmspePre,
              mean_gap: r.estimate,
              fit_ok: r.fitOk ? 'yes' : 'no',
              p_value: r.pValue,
              ...Object.fromEntries(times.map((time) => [`p_${time}`, r.pValuesByTime.find((p) => p.time === time)?.pValue ?? null])),
            })),
            { digits: 3, title: 'Iterative robustness test' },
          ),
        },
      ],
    });
  }
  if (fit.leaveOneOut) {
    sections.push({
      heading: 'Leave one out',
      tables: [{ stem: 'leave-one-out', caption: 'Refit without each donor carrying weight', grid: dataGrid(fit.leaveOneOut.map((r) => ({ dropped: r.dropped.map((u) => unitNames.get(u) ?? u).join(', '), rmspe_pre: r.rmspePre, mean_gap: r.estimate, p_value: r.pValue })), { digits: 4 }) }],
    });
  }
  return {
    name: spec.name,
    title: spec.title,
    simulated: data.panel !== null,
    sections,
    checks: data.y0 ? [headline, ...sdidChecks] : [],
    notAvailable: [],
    results: { synth: fit.toJSON(), periods: periodRows, iterative: fit.iterative ?? null, leave_one_out: fit.leaveOneOut?.map((r) => ({ ...r, gap: Array.from(r.gap) })) ?? null, warnings: fit.warnings },
  };
}

/**
 * Placebo-inversion intervals (Firpo & Possebom 2018, constant effect): under exchangeability the treated
 * gap minus the effect is distributed like the placebo gaps of the same period, so the interval is
 * [gap - q(1 - alpha/2), gap - q(alpha/2)] over the placebos whose pre-period MSPE is at most `fitRatio`
 * times the treated unit's (seed 000's exclusion rule).
 */
export function placeboIntervals(fit: SynthResult, alpha: number, fitRatio: number): { time: number; confLow: number | null; confHigh: number | null; placebos: number }[] {
  const units = fit.placebo?.units ?? [];
  const tr = units.find((u) => u.isTreated);
  if (!tr) return [];
  const keep = units.filter((u) => !u.isTreated && u.rmspePre ** 2 <= fitRatio * tr.rmspePre ** 2);
  return fit.setup.times.flatMap((time, i): { time: number; confLow: number | null; confHigh: number | null; placebos: number }[] => {
    if (time < fit.setup.treatTime) return [];
    const g = keep.map((u) => u.gap[i]!).filter(Number.isFinite).sort((a, b) => a - b);
    if (g.length < Math.ceil(2 / alpha) - 1) return [{ time, confLow: null, confHigh: null, placebos: g.length }];
    const q = (p: number) => {
      const h = (g.length - 1) * p, lo = Math.floor(h);
      return g[lo]! + (h - lo) * ((g[Math.min(lo + 1, g.length - 1)] ?? g[lo]!) - g[lo]!);
    };
    return [{ time, confLow: tr.gap[i]! - q(1 - alpha / 2), confHigh: tr.gap[i]! - q(alpha / 2), placebos: g.length }];
  });
}

/** Placebo-inversion interval of the mean gap over the post periods `postIdx` (see {@link placeboIntervals}). */
export function placeboMeanInterval(fit: SynthResult, alpha: number, fitRatio: number, postIdx: readonly number[]): [number | null, number | null] {
  const units = fit.placebo?.units ?? [];
  const tr = units.find((u) => u.isTreated);
  if (!tr || !postIdx.length) return [null, null];
  const mean = (g: Float64Array) => postIdx.reduce((a, i) => a + g[i]!, 0) / postIdx.length;
  const g = units.filter((u) => !u.isTreated && u.rmspePre ** 2 <= fitRatio * tr.rmspePre ** 2).map((u) => mean(u.gap)).filter(Number.isFinite).sort((a, b) => a - b);
  if (g.length < Math.ceil(2 / alpha) - 1) return [null, null];
  const q = (p: number) => {
    const h = (g.length - 1) * p, lo = Math.floor(h);
    return g[lo]! + (h - lo) * ((g[Math.min(lo + 1, g.length - 1)] ?? g[lo]!) - g[lo]!);
  };
  const m = mean(tr.gap);
  return [m - q(1 - alpha / 2), m - q(alpha / 2)];
}

function unitNameMap(t: Table, unit: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!t.has('name_en')) return out;
  const u = t.column(unit), n = t.column('name_en');
  for (let i = 0; i < t.nrows; i++) out.set(String(cellOf(u, i)), String(cellOf(n, i)));
  return out;
}

function neverTreated(t: Table, unit: string, treated: string, exclude: readonly string[]): string[] {
  if (!t.has('cbec_cohort')) return [];
  const u = t.column(unit), c = t.numeric('cbec_cohort');
  const ex = new Set([treated, ...exclude]);
  const out = new Set<string>();
  for (let i = 0; i < t.nrows; i++) {
    const k = String(cellOf(u, i));
    if (c[i] === 0 && !ex.has(k)) out.add(k);
  }
  return [...out];
}

function valuesOf(t: Table, unit: string, time: string, col: string, which: string): Map<number, number> {
  const u = t.column(unit), tv = t.numeric(time), v = t.numeric(col);
  const out = new Map<number, number>();
  for (let i = 0; i < t.nrows; i++) if (String(cellOf(u, i)) === which) out.set(tv[i]!, v[i]!);
  return out;
}

