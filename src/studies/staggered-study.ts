/**
 * The `staggered_did` design (seed 001, TFP): two-way fixed effects (city and year FE, SE clustered by
 * city) with and without controls, the TWFE event study, and the heterogeneity-robust estimators beside
 * it: Callaway & Sant'Anna (2021) `att_gt` with its simple and dynamic aggregations, Sun & Abraham (2021)
 * and the imputation estimator of Borusyak, Jaravel & Spiess (2024). Robustness: region heterogeneity,
 * the outcome k periods ahead (seed 001's "lagged" dependent variable), dropping units (municipalities).
 *
 * Truth: the outcome on the panel minus the same outcome on the Y(0) twin, averaged over the treated cells
 * each estimand averages (post-treatment cells for the ATT, by event time for the event study).
 */
import type { RunControl } from '../control.js';
import { cellOf, numericColumn, type Table } from '../data/table.js';
import { PilotzoneError } from '../errors.js';
import { feols } from '../estimators/ols/table-api.js';
import { feolsTableModel } from '../estimators/ols/table-model.js';
import type { FeolsResult } from '../estimators/ols/result.js';
import { aggte, attGt, baconDecomposition, buildDidPanel, didPermutation, imputationDid, sunAbraham, twfeEventStudy, type DidPanel } from '../estimators/did/index.js';
import { baconSvg } from '../report/figures/bacon.js';
import { permutationSvg } from '../report/figures/permutation.js';
import { dataGrid, type DataValue } from '../report/datatable.js';
import { eventStudySvg, type EventStudyRow } from '../report/figures/event-study.js';
import { regressionGrid, regressionTable, type TableModel } from '../report/regtable.js';
import { check, type StudyCheck, type StudyRun, type StudySection } from './output.js';
import { requireColumns, type StudyData } from './prepare.js';
import type { SpecNode } from './spec-node.js';
import type { StudySpec } from './spec.js';
import { cellEffects, meanOver } from './truth.js';

const COHORT = 'cbec_cohort';
const TREATED = 'cbec_treated';

/** Runs a `staggered_did` study on prepared data. */
export async function runStaggeredStudy(spec: StudySpec, data: StudyData, control: RunControl & { threads?: number } = {}): Promise<Omit<StudyRun, 'provenance'>> {
  const t = data.table;
  const { unit, time } = data;
  const keys = [unit, time];
  requireColumns(spec, t, [{ name: COHORT, line: spec.registry?.line ?? null, where: 'registry (treatment columns)' }], 'for a staggered DID');
  const checks: StudyCheck[] = [];
  const sections: StudySection[] = [];
  const notAvailable: StudyRun['notAvailable'] = [];
  const results: Record<string, unknown> = {};
  const D = t.numeric(TREATED);
  const eff = (outcome: string) => (data.y0 ? cellEffects(t, data.y0, keys, outcome) : null);
  const wrap = <T>(node: SpecNode, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof PilotzoneError && e.name !== 'StudySpecError') node.fail(e.code, e.message, undefined, e.hint);
      throw e;
    }
  };

  // TWFE columns.
  const twfeNodes = spec.estimators.filter((e) => e.str('type') === 'twfe');
  const models: TableModel[] = [];
  const truthRow: (string | null)[] = [];
  const twfeFits: FeolsResult[] = [];
  for (const node of twfeNodes) {
    const y = node.col('outcome');
    const controls = node.colList('controls');
    requireColumns(spec, t, [y, ...controls], 'for TWFE');
    const f = `${y.name} ~ ${TREATED}${controls.map((c) => ` + ${c.name}`).join('')} | ${unit} + ${time}`;
    const r = wrap(node, () => feols(t, f, { vcov: { cluster: [unit] } }));
    twfeFits.push(r);
    models.push(feolsTableModel(r, node.str('label', controls.length ? 'TWFE + controls' : 'TWFE')));
    const e = eff(y.name);
    const truth = e ? meanOver(e, (i) => D[i] === 1) : NaN;
    truthRow.push(Number.isFinite(truth) ? truth.toFixed(4) : null);
    const row = r.tidy().find((x) => x.term === TREATED)!;
    if (e) checks.push(check(`${node.str('label', controls.length ? 'TWFE + controls' : 'TWFE')}: effect of the zone on ${y.name}`, row.estimate, truth, row.conf_low, row.conf_high));
  }
  if (models.length) {
    const grid = regressionGrid(models, { lang: spec.lang, keep: [TREATED], indicate: { Controls: uniqueControls(twfeFits) }, extraRows: data.y0 ? [{ label: 'Planted truth', values: truthRow }] : [], title: 'Pilot zones and TFP growth: two-way fixed effects (seed 001, Table 3)' });
    sections.push({ heading: 'Baseline: two-way fixed effects', text: `City and year fixed effects, SE clustered by ${unit}. Stars: * 0.10, ** 0.05, *** 0.01.`, tables: [{ stem: 'twfe', caption: 'TWFE estimates with the planted truth', grid, csv: regressionTable(models, 'csv') }] });
    results.twfe = twfeFits.map((r) => r.toJSON());
  }

  // Staggered estimators on a balanced panel.
  const outcomeOf = (n: SpecNode) => n.col('outcome');
  const panelCache = new Map<string, DidPanel>();
  const panelFor = (node: SpecNode, tab: Table = t): DidPanel => {
    const y = outcomeOf(node);
    requireColumns(spec, tab, [y], 'for the staggered DID');
    const key = y.name + (tab === t ? '' : `#${tab.nrows}`);
    let p = panelCache.get(key);
    if (!p) {
      p = wrap(node, () => buildDidPanel(tab, { outcome: y.name, unit, time, cohort: COHORT }, { firstPeriodTreated: 'drop' }));
      panelCache.set(key, p);
    }
    return p;
  };
  const esRows: EventStudyRow[] = [];
  let baconSection: StudySection | null = null;
  const robustRows: Record<string, DataValue>[] = [];
  for (const node of spec.estimators) {
    const type = node.str('type');
    if (type === 'twfe') continue;
    const y = outcomeOf(node);
    const panel = panelFor(node);
    const e = eff(y.name);
    const et = eventTimes(t, time);
    const truthAtt = e ? meanOver(e, (i) => D[i] === 1 && inPanel(panel, t, unit, i)) : NaN;
    const truthByE = (k: number) => (e ? meanOver(e, (i) => D[i] === 1 && et[i] === k && inPanel(panel, t, unit, i)) : NaN);
    if (type === 'event_study') {
      const es = wrap(node, () => twfeEventStudy(panel, { ref: [-1], ...(node.has('leads') ? { leads: node.int('leads', undefined, 1) } : {}), ...(node.has('lags') ? { lags: node.int('lags', undefined, 1) } : {}) }));
      for (const c of es.coefficients) esRows.push({ rel_time: c.event_time, estimate: c.estimate, conf_low: c.conf_low, conf_high: c.conf_high, estimator: 'TWFE' });
      results.event_study = es.toJSON();
      robustRows.push({ estimator: 'TWFE event study: joint pre-trend test', estimate: es.pretest?.statistic ?? null, conf_low: null, conf_high: null, truth: null, covered: es.pretest ? `p = ${es.pretest.p_value.toFixed(3)}` : null });
    } else if (type === 'att_gt') {
      const cg = node.choice('control_group', ['never', 'notyet'] as const, 'never');
      const gt = wrap(node, () => attGt(panel, { control: cg }));
      const simple = aggte(gt, 'simple');
      const dyn = aggte(gt, 'dynamic');
      const row = simple.tidy()[0]!;
      const label = `Callaway-Sant'Anna (${cg === 'never' ? 'never treated' : 'not yet treated'} controls), simple ATT on ${y.name}`;
      if (e) checks.push(check(label, row.estimate, truthAtt, row.conf_low, row.conf_high));
      robustRows.push({ estimator: label, estimate: row.estimate, conf_low: row.conf_low, conf_high: row.conf_high, truth: truthAtt, covered: cov(row.conf_low, row.conf_high, truthAtt) });
      for (const r of dyn.fit.by) esRows.push({ rel_time: r.key, estimate: r.estimate, conf_low: r.conf_low, conf_high: r.conf_high, estimator: 'Callaway-Sant\'Anna' });
      results.att_gt = { simple: simple.toJSON(), dynamic: dyn.toJSON() };
      results.event_truth = [...new Set(dyn.fit.by.map((r) => r.key))].map((k) => ({ event_time: k, truth: truthByE(k) })).filter((r) => Number.isFinite(r.truth));
    } else if (type === 'sun_abraham') {
      const sa = wrap(node, () => sunAbraham(panel, {}));
      const label = `Sun-Abraham ATT on ${y.name}`;
      if (e) checks.push(check(label, sa.att.estimate, truthAtt, sa.att.conf_low, sa.att.conf_high));
      robustRows.push({ estimator: label, estimate: sa.att.estimate, conf_low: sa.att.conf_low, conf_high: sa.att.conf_high, truth: truthAtt, covered: cov(sa.att.conf_low, sa.att.conf_high, truthAtt) });
      for (const r of sa.byRelativePeriod) esRows.push({ rel_time: r.event_time, estimate: r.estimate, conf_low: r.conf_low, conf_high: r.conf_high, estimator: 'Sun-Abraham' });
      results.sun_abraham = sa.toJSON();
    } else if (type === 'bacon') {
      const keepPanel = wrap(node, () => buildDidPanel(t, { outcome: y.name, unit, time, cohort: COHORT }, { firstPeriodTreated: 'keep' }));
      const b = wrap(node, () => baconDecomposition(keepPanel));
      const rows = b.comparisons.map((c) => ({ type: c.type, estimate: c.estimate, weight: c.weight, treated: c.treated, control: c.control }));
      baconSection = {
        heading: 'Goodman-Bacon decomposition of the TWFE estimate',
        text: `The static TWFE coefficient (${b.twfeEstimate.toFixed(4)}, no controls) is the weighted mean of these 2x2 comparisons; the weight on comparisons that use already-treated cities as controls shows how much heterogeneous, dynamic effects can bias it.`,
        tables: [{ stem: 'bacon', caption: 'Bacon decomposition by comparison type', grid: dataGrid(b.byType.map((x) => ({ comparison: x.type, weight: x.weight, estimate: x.estimate })), { digits: 4, title: 'Goodman-Bacon decomposition' }) }],
        figures: [{ stem: 'bacon', caption: 'Bacon decomposition: 2x2 estimates and weights', svg: await baconSvg(rows) }],
      };
      results.bacon = b.toJSON();
    } else if (type === 'imputation') {
      const bjs = wrap(node, () => imputationDid(panel, {}));
      const o = bjs.overall;
      const label = `Imputation (Borusyak-Jaravel-Spiess) ATT on ${y.name}`;
      if (e) checks.push(check(label, o.estimate, truthAtt, o.conf_low, o.conf_high));
      robustRows.push({ estimator: label, estimate: o.estimate, conf_low: o.conf_low, conf_high: o.conf_high, truth: truthAtt, covered: cov(o.conf_low, o.conf_high, truthAtt) });
      results.imputation = bjs.toJSON();
    }
  }
  if (robustRows.length || esRows.length) {
    const truthRows = (results.event_truth as { event_time: number; truth: number }[] | undefined) ?? [];
    if (esRows.length) for (const r of truthRows) esRows.push({ rel_time: r.event_time, estimate: r.truth, conf_low: null, conf_high: null, estimator: 'Planted truth' });
    sections.push({
      heading: 'Heterogeneity-robust estimators beside TWFE',
      text: 'Each robust estimator uses never-treated cities as controls unless stated. The event study plots the TWFE leads and lags (reference period -1) with the robust dynamic effects.' + (truthRows.length ? ` Planted truth by event time (also plotted): ${truthRows.filter((r) => r.event_time >= 0).map((r) => `e=${r.event_time}: ${r.truth.toFixed(4)}`).join(', ')}.` : ''),
      tables: robustRows.length ? [{ stem: 'robust-estimators', caption: 'Robust estimators with the planted truth', grid: dataGrid(robustRows, { digits: 4, title: 'Heterogeneity-robust ATTs' }) }] : [],
      figures: esRows.length ? [{ stem: 'event-study', caption: 'Event study: TWFE and robust estimators (95% CIs)', svg: await eventStudySvg(esRows, { reference: -1, yTitle: 'Effect on TFP growth' }) }] : [],
    });
  }

  if (baconSection) sections.push(baconSection);

  // Robustness.
  const base = twfeNodes[twfeNodes.length - 1];
  const robRows: Record<string, DataValue>[] = [];
  let permSection: StudySection | null = null;
  for (const r of spec.robustness) {
    const type = r.str('type');
    if (!base) r.fail('E_SPEC_INVALID', 'robustness checks refit the last `twfe` estimator: add one.');
    const y = base.col('outcome');
    const controls = base.colList('controls').map((c) => c.name);
    const fit = (tab: Table, yname: string, x: string) => feols(tab, `${yname} ~ ${x}${controls.map((c) => ` + ${c}`).join('')} | ${unit} + ${time}`, { vcov: { cluster: [unit] } });
    if (type === 'heterogeneity') {
      const by = r.col('by');
      requireColumns(spec, t, [by], 'for heterogeneity');
      const g = t.column(by.name);
      const coh = t.numeric(COHORT);
      const levels = [...new Set(Array.from({ length: t.nrows }, (_, i) => (coh[i]! > 0 ? cellOf(g, i) : null)).filter((v) => v !== null))];
      for (const lv of levels) {
        const keep = (i: number) => coh[i] === 0 || cellOf(g, i) === lv;
        const sub = t.filter(keep);
        const subD = sub.numeric(TREATED);
        if (!subD.some((v) => v === 1)) continue;
        const res = wrap(r, () => fit(sub, y.name, TREATED));
        const row = res.tidy().find((x) => x.term === TREATED)!;
        const e = data.y0 ? cellEffects(sub, data.y0, keys, y.name) : null;
        const truth = e ? meanOver(e, (i) => subD[i] === 1) : NaN;
        robRows.push({ check: `${by.name} = ${lv}`, estimate: row.estimate, std_error: row.std_error, conf_low: row.conf_low, conf_high: row.conf_high, truth, covered: cov(row.conf_low, row.conf_high, truth), n: res.glance().nobs ?? null });
      }
    } else if (type === 'lag_treatment') {
      for (const k of r.numList('periods')) {
        if (!Number.isInteger(k) || k < 1) r.fail('E_SPEC_INVALID', `periods must be positive integers, got ${k}.`, 'periods');
        const lead = leadColumn(t, unit, time, y.name, k);
        const name = `${y.name}_lead${k}`;
        const tab = t.withColumn(numericColumn(name, lead));
        const res = wrap(r, () => fit(tab, name, TREATED));
        const row = res.tidy().find((x) => x.term === TREATED)!;
        const e = eff(y.name);
        const eLead = e ? leadArray(t, unit, time, e, k) : null;
        const truth = eLead ? meanOver(eLead, (i) => D[i] === 1) : NaN;
        robRows.push({ check: `${y.name} ${k} period(s) ahead`, estimate: row.estimate, std_error: row.std_error, conf_low: row.conf_low, conf_high: row.conf_high, truth, covered: cov(row.conf_low, row.conf_high, truth), n: res.glance().nobs ?? null });
      }
    } else if (type === 'permutation') {
      const draws = r.int('draws', 500, 10);
      const panel = panelFor(base);
      const perm = await didPermutation(panel, { draws, seed: spec.seed, ...(control.threads ? { threads: control.threads } : {}), ...(control.signal || control.onProgress ? { control } : {}) });
      permSection = {
        heading: 'Permutation test (random pseudo-treatments)',
        text: `${draws} random reassignments of the treatment cohorts across cities (seed ${perm.seed}); TWFE without controls on each. Two-sided permutation p-value ${perm.pValue.toFixed(3)} for the observed ${perm.observed.toFixed(4)}.`,
        figures: [{ stem: 'permutation', caption: 'Permutation distribution of the TWFE coefficient', svg: await permutationSvg({ draws: perm.draws, actual: perm.observed, pValue: perm.pValue }) }],
      };
      results.permutation = perm.toJSON();
    } else if (type === 'drop_units') {
      const col = r.col('column');
      requireColumns(spec, t, [col], 'for drop_units');
      const vals = new Set(r.strList('values', false));
      const c = t.column(col.name);
      const sub = t.filter((i) => !vals.has(String(cellOf(c, i))));
      const subD = sub.numeric(TREATED);
      const res = wrap(r, () => fit(sub, y.name, TREATED));
      const row = res.tidy().find((x) => x.term === TREATED)!;
      const e = data.y0 ? cellEffects(sub, data.y0, keys, y.name) : null;
      const truth = e ? meanOver(e, (i) => subD[i] === 1) : NaN;
      robRows.push({ check: r.str('label', `without ${col.name} in {${[...vals].join(', ')}}`), estimate: row.estimate, std_error: row.std_error, conf_low: row.conf_low, conf_high: row.conf_high, truth, covered: cov(row.conf_low, row.conf_high, truth), n: res.glance().nobs ?? null });
    }
  }
  if (robRows.length) {
    sections.push({ heading: 'Robustness and heterogeneity (seed 001, Tables 4-5)', text: 'Each row refits the TWFE model with controls on a subsample or a shifted outcome; the planted truth is averaged over the treated cells of that sample. Heterogeneity: treated cities of one region against all never-treated cities.', tables: [{ stem: 'robustness', caption: 'Robustness checks with the planted truth', grid: dataGrid(robRows, { digits: 4, title: 'Robustness' }) }] });
  }
  if (permSection) sections.push(permSection);
  results.robustness = robRows;
  return { name: spec.name, title: spec.title, simulated: data.panel !== null, sections, checks, notAvailable, results };
}

function cov(lo: number | null, hi: number | null, truth: number): string | null {
  if (!Number.isFinite(truth) || lo === null || hi === null) return null;
  return lo <= truth && truth <= hi ? 'yes' : 'NO';
}

function uniqueControls(fits: readonly FeolsResult[]): string[] {
  const s = new Set<string>();
  for (const f of fits) for (const r of f.tidy()) if (r.term !== TREATED) s.add(r.term);
  return [...s];
}

function eventTimes(t: Table, time: string): Float64Array {
  const tv = t.numeric(time), g = t.numeric(COHORT);
  return Float64Array.from(tv, (y, i) => (g[i]! > 0 ? y - g[i]! : NaN));
}

/** Whether row i's unit is in the balanced DID panel (units dropped for missing data are not). */
function inPanel(panel: DidPanel, t: Table, unit: string, i: number): boolean {
  let set = unitSets.get(panel);
  if (!set) unitSets.set(panel, (set = new Set(panel.unitLabels)));
  const tv = t.numeric(String(panel.columns.time));
  return set.has(String(cellOf(t.column(unit), i))) && panel.times.includes(tv[i]!);
}
const unitSets = new WeakMap<DidPanel, Set<string>>();

function leadArray(t: Table, unit: string, time: string, v: Float64Array, k: number): Float64Array {
  const u = t.column(unit), tv = t.numeric(time);
  const map = new Map<string, number>();
  for (let i = 0; i < t.nrows; i++) map.set(`${cellOf(u, i)}|${tv[i]}`, v[i]!);
  return Float64Array.from({ length: t.nrows }, (_, i) => map.get(`${cellOf(u, i)}|${tv[i]! + k}`) ?? NaN);
}

function leadColumn(t: Table, unit: string, time: string, col: string, k: number): Float64Array {
  return leadArray(t, unit, time, t.numeric(col), k);
}
