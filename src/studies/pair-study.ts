/**
 * The `pair_did` design (seed 004, regional coordination): city-pair DID of business-cycle synchronisation
 * (Cerqueira-Martins index with the Fisher-type transform) on pair and year fixed effects, SE clustered by
 * both cities of the pair (two-way), on the pairs kept by the gravity filter. Robustness: fake timing
 * (policy moved k years earlier, pre-treatment years only), windows of +/- k years around each treated
 * pair's start, PSM (logit, 1:1 nearest neighbour on the pairs' baseline characteristics) then DID on the
 * matched pairs, IV-2SLS (distance to the nearest major seaport x the CNY/USD rate), keeping the weak pairs,
 * heterogeneity by terciles, and seed 004's two-step mechanism: for each mediator (a city series such as the
 * growth of the panel's simulated institutional-innovation or factor-allocation index) its pair
 * synchronisation is built exactly as the outcome's (same pairs, same index and transform), step 1 is the
 * pair DID of that synchronisation on the policy (with its planted truth from the Y(0) twin), step 2 the
 * outcome on the policy and the mediator's synchronisation (descriptive, as in the seed: no planted truth).
 *
 * Truth: the synchronisation index on the panel minus the same index on the Y(0) twin, averaged over the
 * cells each estimate averages (policy = 1 rows of its sample). With seed 004's pair definition (one zone
 * city, one non-zone city) a common "zone cycle" of zone cities (the panel's `sync_weight`) leaves such
 * pairs' synchronisation almost unchanged, so the planted truth is close to zero: the estimates must find
 * that, not the paper's positive effect.
 */
import type { RunControl } from '../control.js';
import { cellOf, numericColumn, type Table } from '../data/table.js';
import { PilotzoneError } from '../errors.js';
import { feols } from '../estimators/ols/table-api.js';
import { feolsTableModel } from '../estimators/ols/table-model.js';
import { iv } from '../estimators/iv/table-api.js';
import { psm } from '../estimators/psm/psm.js';
import { greatCircleKm } from '../indicators/gravity.js';
import { pairPanel } from '../indicators/pairs.js';
import { cityByCode } from '../registry/cities.js';
import { dataGrid, type DataValue } from '../report/datatable.js';
import { commonSupportSvg } from '../report/figures/common-support.js';
import { regressionGrid, regressionTable, type TableModel } from '../report/regtable.js';
import { check, type StudyCheck, type StudyRun, type StudySection } from './output.js';
import { buildPairs, requireColumns, type StudyData } from './prepare.js';
import type { FeolsResult } from '../estimators/ols/result.js';
import type { ColumnRef, SpecNode } from './spec-node.js';
import type { StudySpec } from './spec.js';
import { cellEffects, meanOver } from './truth.js';

/** CNY per USD, annual averages (People's Bank of China central parity, rounded), for the IV. */
export const CNY_PER_USD: Readonly<Record<number, number>> = {
  2010: 6.7695, 2011: 6.4588, 2012: 6.3125, 2013: 6.1932, 2014: 6.1428, 2015: 6.2284, 2016: 6.6423, 2017: 6.7518, 2018: 6.6174, 2019: 6.8985, 2020: 6.8976, 2021: 6.4515, 2022: 6.7261, 2023: 7.0467,
};

/** Major seaports (city codes) for the distance-to-port instrument: Shanghai, Ningbo, Shenzhen, Guangzhou, Qingdao, Tianjin, Dalian, Xiamen. */
export const MAJOR_PORTS: readonly string[] = ['310000', '330200', '440300', '440100', '370200', '120000', '210200', '350200'];

/** Runs a `pair_did` study on prepared data. */
export async function runPairStudy(spec: StudySpec, data: StudyData, _control: RunControl = {}): Promise<Omit<StudyRun, 'provenance'>> {
  if (!data.pairs) spec.root.fail('E_SPEC_MISSING', 'a pair_did study needs an indicator of type "pairs".', 'indicators');
  const P = data.pairs.table;
  const P0 = data.pairsY0?.table ?? null;
  const { unit, time } = data;
  const ui = `${unit}_i`, uj = `${unit}_j`;
  const keys = [ui, uj, time];
  const est = spec.estimators[0]!;
  const y = est.col('outcome');
  const controls = est.colList('controls');
  requireColumns(spec, P, [y, ...controls], 'in the pair panel');
  // Mechanism mediators are checked before anything is estimated.
  for (const node of spec.robustness) if (node.str('type') === 'mechanism') mechanismMediators(spec, node, data.table);
  const cluster = est.has('cluster') ? est.strList('cluster') : [ui, uj];
  const xs = controls.map((c) => ` + ${c.name}`).join('');
  const fitDid = (tab: Table, policy = 'policy') => feols(tab, `${y.name} ~ ${policy}${xs} | pair_id + ${time}`, { vcov: { cluster } });
  const truthOf = (tab: Table, policy = 'policy') => {
    if (!P0) return NaN;
    const e = cellEffects(tab, P0, keys, y.name);
    const d = tab.numeric(policy);
    return meanOver(e, (i) => d[i] === 1);
  };
  const wrap = <T>(node: SpecNode, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof PilotzoneError && e.name !== 'StudySpecError') node.fail(e.code, e.message, undefined, e.hint);
      throw e;
    }
  };
  const checks: StudyCheck[] = [];
  const sections: StudySection[] = [];
  const notAvailable: StudyRun['notAvailable'] = [];
  const results: Record<string, unknown> = { counts: data.pairs.counts, gravity_median: data.pairs.gravityMedian };

  // Baseline: without and with controls.
  const models: TableModel[] = [];
  const truthRow: (string | null)[] = [];
  const base0 = wrap(est, () => feols(P, `${y.name} ~ policy | pair_id + ${time}`, { vcov: { cluster } }));
  const base = wrap(est, () => fitDid(P));
  const truth = truthOf(P);
  for (const [r, label] of [[base0, 'pair DID'], [base, 'pair DID + pair controls']] as const) {
    models.push(feolsTableModel(r, label));
    truthRow.push(Number.isFinite(truth) ? truth.toFixed(4) : null);
    const row = r.tidy().find((x) => x.term === 'policy')!;
    if (P0) checks.push(check(`${label}: effect of the zone on ${y.name}`, row.estimate, truth, row.conf_low, row.conf_high));
  }
  results.baseline = [base0.toJSON(), base.toJSON()];
  const pc = data.pairs.counts;
  sections.push({
    heading: 'Baseline: city-pair DID (seed 004, Table 2)',
    text: `${pc.kept} pairs kept of ${pc.pairs} (${pc.bothZonesDropped} pairs of two zone cities dropped, ${pc.weakDropped} weak pairs at or below the median gravity strength dropped); ${pc.treatedPairs} treated pairs (one zone city); ${P.nrows} pair-years. Pair and year fixed effects; SE clustered two-way by the pair's cities (${cluster.join(', ')}).`,
    tables: [{ stem: 'pair-did', caption: 'Pair DID with the planted truth', grid: regressionGrid(models, { lang: spec.lang, keep: ['policy'], indicate: { 'Pair controls': controls.map((c) => c.name) }, extraRows: P0 ? [{ label: 'Planted truth', values: truthRow }] : [], title: 'Pilot zones and business-cycle synchronisation of city pairs' }), csv: regressionTable(models, 'csv') }],
  });

  // Pair start years (first year with policy = 1) for timing-based checks.
  const pid = P.numeric('pair_id'), pol = P.numeric('policy'), tr = P.numeric('treat'), yr = P.numeric(time);
  const start = new Map<number, number>();
  for (let i = 0; i < P.nrows; i++) if (pol[i] === 1) start.set(pid[i]!, Math.min(start.get(pid[i]!) ?? Infinity, yr[i]!));

  const rob: Record<string, DataValue>[] = [];
  const addRow = (label: string, tab: Table, policy = 'policy', asCheck = false) => {
    const r = fitDid(tab, policy);
    const row = r.tidy().find((x) => x.term === policy)!;
    const t0 = truthOf(tab, policy);
    rob.push({ check: label, estimate: row.estimate, std_error: row.std_error, conf_low: row.conf_low, conf_high: row.conf_high, truth: P0 ? t0 : null, covered: P0 ? covText(row.conf_low, row.conf_high, t0) : null, n: tab.nrows });
    if (asCheck && P0) checks.push(check(label, row.estimate, t0, row.conf_low, row.conf_high));
    return r;
  };
  const figures: NonNullable<StudySection['figures']> = [];
  const extraTables: NonNullable<StudySection['tables']> = [];
  for (const node of spec.robustness) {
    const type = node.str('type');
    if (type === 'fake_timing') {
      for (const k of node.numList('shifts')) {
        const keep = (i: number) => tr[i] === 0 || yr[i]! < (start.get(pid[i]!) ?? Infinity);
        const sub = P.filter(keep);
        const sp = sub.numeric('pair_id'), st = sub.numeric('treat'), sy = sub.numeric(time);
        const fake = Float64Array.from(sp, (p, i) => (st[i] === 1 && sy[i]! >= (start.get(p) ?? Infinity) - k ? 1 : 0));
        wrap(node, () => addRow(`placebo: policy ${k} years earlier (pre-treatment years)`, sub.withColumn(numericColumn('fake_policy', fake)), 'fake_policy'));
      }
    } else if (type === 'windows') {
      for (const k of node.numList('years')) {
        const sub = P.filter((i) => tr[i] === 0 || Math.abs(yr[i]! - (start.get(pid[i]!) ?? yr[i]!)) <= k);
        wrap(node, () => addRow(`window +/-${k} years around each treated pair's start`, sub));
      }
    } else if (type === 'keep_weak_pairs') {
      const ind = spec.indicators.find((n) => n.str('type') === 'pairs')!;
      const full = wrap(node, () => pairPanel(data.table.filter(completeYears(data.table, time, ind.str('series'))), { unit, time, series: ind.str('series'), zone: 'cbec_treated', controls: ind.strList('controls'), cutoff: 'none' }));
      const fullY0 = data.y0 ? pairPanel(data.y0.filter(completeYears(data.y0, time, ind.str('series'))), { unit, time, series: ind.str('series'), zone: 'cbec_treated', controls: ind.strList('controls'), cutoff: 'none' }) : null;
      const r = fitDid(full.table);
      const row = r.tidy().find((x) => x.term === 'policy')!;
      const t0 = fullY0 ? meanOver(cellEffects(full.table, fullY0.table, keys, y.name), (i) => full.table.numeric('policy')[i] === 1) : NaN;
      rob.push({ check: `weak pairs kept (no gravity cut-off): ${full.counts.kept} pairs`, estimate: row.estimate, std_error: row.std_error, conf_low: row.conf_low, conf_high: row.conf_high, truth: fullY0 ? t0 : null, covered: fullY0 ? covText(row.conf_low, row.conf_high, t0) : null, n: full.table.nrows });
    } else if (type === 'psm') {
      const covs = node.colList('covariates');
      const first = yr.reduce((a, b) => Math.min(a, b), Infinity);
      const baseRows = P.filter((i) => yr[i] === first);
      requireColumns(spec, baseRows, covs, 'for PSM (pair baseline year)');
      const m = wrap(node, () => psm(baseRows, { treatment: 'treat', covariates: covs.map((c) => c.name), id: 'pair_id', ratio: 1, ...(node.has('caliper') ? { caliper: node.num('caliper') } : {}) }));
      const keepIds = new Set<number>();
      for (const p of m.pairs) if (p.control !== null) {
        keepIds.add(Number(p.treated));
        keepIds.add(Number(p.control));
      }
      const sub = P.filter((i) => keepIds.has(pid[i]!));
      wrap(node, () => addRow(`PSM (logit, 1:1 nearest neighbour): ${keepIds.size} matched pairs`, sub, 'policy', true));
      const treatB = baseRows.numeric('treat');
      figures.push({ stem: 'psm-common-support', caption: 'Propensity scores of treated and control pairs (baseline year)', svg: await commonSupportSvg(Array.from(m.ps, (s, i) => ({ pscore: s, treated: treatB[i] === 1 }))) });
      results.psm_balance = m.balance;
      extraTables.push({ stem: 'psm-balance', caption: 'PSM balance of the baseline pair characteristics (standardised mean differences)', grid: dataGrid(m.balance.map((b) => ({ variable: b.variable, mean_treated: b.mean_treated_before, mean_control_before: b.mean_control_before, mean_control_after: b.mean_control_after, smd_before: b.smd_before, smd_after: b.smd_after })), { digits: 3, title: 'PSM balance' }) });
    } else if (type === 'iv') {
      const z = ivInstrument(P, ui, uj, time);
      const tab = P.withColumn(numericColumn('port_dist_x_fx', z));
      const r = wrap(node, () => iv(tab, `${y.name} ~ 1${xs} | pair_id + ${time} | policy ~ port_dist_x_fx`, { vcov: { cluster } }));
      const row = r.tidy().find((x) => x.term === 'policy' || x.term === 'fit_policy')!;
      const t0 = truthOf(tab);
      const f = r.glance().first_stage_f_min;
      rob.push({ check: `IV-2SLS: distance to the nearest major seaport x CNY/USD (first-stage F ${typeof f === 'number' ? f.toFixed(1) : 'n/a'})`, estimate: row.estimate, std_error: row.std_error, conf_low: row.conf_low, conf_high: row.conf_high, truth: P0 ? t0 : null, covered: P0 ? covText(row.conf_low, row.conf_high, t0) : null, n: tab.nrows });
      results.iv = r.toJSON();
    } else if (type === 'terciles') {
      const vars = node.colList('variables');
      requireColumns(spec, data.table, vars, 'for terciles (city panel)');
      for (const v of vars) {
        const score = pairBaseline(data.table, unit, time, v.name, P, ui, uj);
        const sorted = Float64Array.from(score).filter(Number.isFinite).sort();
        const q1 = sorted[Math.floor(sorted.length / 3)]!, q2 = sorted[Math.floor((2 * sorted.length) / 3)]!;
        for (const [k, lo, hi] of [[1, -Infinity, q1], [2, q1, q2], [3, q2, Infinity]] as const) {
          const sub = P.filter((i) => score[i]! > lo && score[i]! <= hi);
          wrap(node, () => addRow(`tercile ${k} of ${v.name} (pair mean, baseline)`, sub));
        }
      }
    } else if (type === 'mechanism') {
      const m = mechanismStep(spec, node, data, P, P0, { y: y.name, xs, cluster, keys, fit: (tab, f) => wrap(node, () => feols(tab, f, { vcov: { cluster } })) });
      sections.push(m.section);
      checks.push(...m.checks);
      results.mechanism = m.rows;
    }
  }
  if (rob.length) {
    sections.push({
      heading: 'Robustness and heterogeneity (seed 004, Tables 3-6)',
      text: 'Each row refits the pair DID with pair controls on another sample or another treatment timing; the planted truth is averaged over the policy = 1 cells of that sample (for the fake-timing placebos, over the fake-treated pre-treatment cells).',
      tables: [{ stem: 'robustness', caption: 'Robustness checks with the planted truth', grid: dataGrid(rob, { digits: 4, title: 'Robustness' }) }, ...extraTables],
      figures,
    });
  }
  results.robustness = rob;
  return { name: spec.name, title: spec.title, simulated: data.panel !== null, sections, checks, notAvailable, results };
}

function covText(lo: number | null, hi: number | null, truth: number): string | null {
  if (!Number.isFinite(truth) || lo === null || hi === null) return null;
  return lo <= truth && truth <= hi ? 'yes' : 'NO';
}

/** Keeps the years where `series` is present for every unit (the sync index needs complete series). */
function completeYears(t: Table, time: string, series: string): (i: number) => boolean {
  const tv = t.numeric(time), sv = t.numeric(series);
  const bad = new Set<number>();
  for (let i = 0; i < t.nrows; i++) if (Number.isNaN(sv[i]!)) bad.add(tv[i]!);
  return (i) => !bad.has(tv[i]!);
}

/** Per pair row: mean of the two cities' values of `col` in the first year of the city panel. */
function pairBaseline(city: Table, unit: string, time: string, col: string, P: Table, ui: string, uj: string): Float64Array {
  const u = city.column(unit), tv = city.numeric(time), v = city.numeric(col);
  const first = tv.reduce((a, b) => Math.min(a, b), Infinity);
  const map = new Map<string, number>();
  for (let i = 0; i < city.nrows; i++) if (tv[i] === first) map.set(String(cellOf(u, i)), v[i]!);
  const ci = P.column(ui), cj = P.column(uj);
  return Float64Array.from({ length: P.nrows }, (_, i) => ((map.get(String(cellOf(ci, i))) ?? NaN) + (map.get(String(cellOf(cj, i))) ?? NaN)) / 2);
}

/** Seed 004's instrument: log distance (km) from the pair's closer city to the nearest major seaport x the year's CNY/USD rate. */
function ivInstrument(P: Table, ui: string, uj: string, time: string): Float64Array {
  const ports = MAJOR_PORTS.map((c) => cityByCode(c)).filter((c) => c !== undefined);
  const cache = new Map<string, number>();
  const dist = (code: string) => {
    let d = cache.get(code);
    if (d === undefined) {
      const c = cityByCode(code);
      d = c ? Math.min(...ports.map((p) => greatCircleKm(c.lat, c.lon, p.lat, p.lon))) : NaN;
      cache.set(code, d);
    }
    return d;
  };
  const ci = P.column(ui), cj = P.column(uj), tv = P.numeric(time);
  return Float64Array.from({ length: P.nrows }, (_, i) => Math.log(1 + Math.min(dist(String(cellOf(ci, i))), dist(String(cellOf(cj, i))))) * (CNY_PER_USD[tv[i]!] ?? NaN));
}


/** What the mechanism step needs from the baseline of the pair study. */
interface MechanismContext {
  readonly y: string;
  /** ` + control` terms of the baseline. */
  readonly xs: string;
  readonly cluster: readonly string[];
  /** Pair-year keys (city i, city j, time) to match the Y(0) twin. */
  readonly keys: readonly string[];
  readonly fit: (tab: Table, formula: string) => FeolsResult;
}

/** One mediator's two steps. */
export interface PairMechanismRow {
  mediator: string;
  /** Pair synchronisation column of the mediator (`<mediator>_sync_t`). */
  sync: string;
  /** Step 1: policy -> mediator synchronisation, with the planted truth. */
  step1: { estimate: number; std_error: number; conf_low: number; conf_high: number; truth: number | null; covered: boolean | null; n: number };
  /** Step 2: the mediator synchronisation's coefficient in the outcome regression, and the policy's beside it. */
  step2: { mediator_estimate: number; mediator_std_error: number; policy_estimate: number; policy_std_error: number; n: number };
}

/**
 * Seed 004's two-step mechanism on the pair panel (Table 4): per mediator, build the pair synchronisation of
 * the mediator series with the same pairs and index as the outcome's (`buildPairs` with the series
 * replaced), on the panel and on its Y(0) twin; step 1 regresses it on the policy (pair and year FE, pair
 * controls, the baseline's clustering), step 2 the outcome on the policy and the mediator's synchronisation.
 * The truth of step 1 is the mediator synchronisation on the panel minus on the twin over policy = 1 cells.
 */
function mechanismStep(spec: StudySpec, node: SpecNode, data: StudyData, P: Table, P0: Table | null, c: MechanismContext): { section: StudySection; checks: StudyCheck[]; rows: PairMechanismRow[] } {
  const meds = mechanismMediators(spec, node, data.table);
  const ind = spec.indicators.find((n) => n.str('type') === 'pairs')!;
  const { unit, time } = data;
  const models: TableModel[] = [];
  const truthRow: (string | null)[] = [];
  const checks: StudyCheck[] = [];
  const rows: PairMechanismRow[] = [];
  const pol = P.numeric('policy');
  let M = P, M0 = P0;
  for (const med of meds) {
    const col = `${med.name}_sync_t`;
    const built = wrapSpec(node, () => buildPairs(spec, ind, data.table, unit, time, med).table);
    M = M.withColumn(numericColumn(col, alignColumn(M, built, c.keys, 'sync_t')));
    if (M0 && data.y0) {
      const built0 = wrapSpec(node, () => buildPairs(spec, ind, data.y0!, unit, time, med).table);
      M0 = M0.withColumn(numericColumn(col, alignColumn(M0, built0, c.keys, 'sync_t')));
    }
    const s1 = c.fit(M, `${col} ~ policy${c.xs} | pair_id + ${time}`);
    const r1 = s1.tidy().find((x) => x.term === 'policy')!;
    const truth = M0 ? meanOver(cellEffects(M, M0, c.keys, col), (i) => pol[i] === 1) : NaN;
    const s2 = c.fit(M, `${c.y} ~ policy + ${col}${c.xs} | pair_id + ${time}`);
    const t2 = s2.tidy();
    const m2 = t2.find((x) => x.term === col)!, p2 = t2.find((x) => x.term === 'policy')!;
    models.push(feolsTableModel(s1, `${col} (step 1)`), feolsTableModel(s2, `${c.y} (step 2)`));
    truthRow.push(Number.isFinite(truth) ? truth.toFixed(4) : null, null);
    const what = `mechanism step 1: effect of the zone on the synchronisation of ${med.name}`;
    if (M0) checks.push(check(what, r1.estimate, truth, r1.conf_low, r1.conf_high));
    rows.push({
      mediator: med.name,
      sync: col,
      step1: { estimate: r1.estimate, std_error: r1.std_error ?? NaN, conf_low: r1.conf_low ?? NaN, conf_high: r1.conf_high ?? NaN, truth: M0 ? truth : null, covered: M0 ? r1.conf_low !== null && r1.conf_high !== null && r1.conf_low <= truth && truth <= r1.conf_high : null, n: s1.fit.n },
      step2: { mediator_estimate: m2.estimate, mediator_std_error: m2.std_error ?? NaN, policy_estimate: p2.estimate, policy_std_error: p2.std_error ?? NaN, n: s2.fit.n },
    });
  }
  const section: StudySection = {
    heading: 'Mechanism: two-step test (seed 004, Table 4)',
    text: `For each mediator the pair synchronisation (${meds.map((m) => `${m.name}_sync_t`).join(', ')}) is built exactly as the outcome's: the same ${P.nrows} pair-years, the Cerqueira-Martins index with the Fisher-type transform. Step 1 (odd columns): the pair DID of the mediator's synchronisation on the policy, beside its planted truth (the synchronisation on the panel minus on its Y(0) twin, over policy = 1 pair-years). Step 2 (even columns): the outcome on the policy and the mediator's synchronisation; descriptive, as in the seed (in the simulation the mediators do not cause the outcome: they share the cities' business cycle), so it has no planted truth.`,
    tables: [{ stem: 'mechanism', caption: 'Two-step mechanism test with the planted truth of step 1', grid: regressionGrid(models, { lang: spec.lang, keep: ['policy', ...meds.map((m) => `${m.name}_sync_t`)], indicate: { 'Pair controls': c.xs ? c.xs.split(' + ').filter(Boolean).map((x) => x.trim()) : [] }, extraRows: M0 ? [{ label: 'Planted truth (step 1)', values: truthRow }] : [], title: 'Mechanism: institutional innovation and factor allocation' }), csv: regressionTable(models, 'csv') }],
  };
  return { section, checks, rows };
}

/** The mediators of a `mechanism` item: at least one (`E_SPEC_MISSING`), each a column of the city panel (`E_SPEC_UNKNOWN_COLUMN`). */
function mechanismMediators(spec: StudySpec, node: SpecNode, city: Table): ColumnRef[] {
  const meds = node.colList('mediators');
  if (!meds.length) node.fail('E_SPEC_MISSING', 'mechanism needs `mediators`: city series (e.g. the growth of institutional_innovation and factor_allocation) whose pair synchronisation is built like the outcome\'s.', 'mediators');
  requireColumns(spec, city, meds, 'for the mechanism (city panel)');
  return meds;
}

/** Runs `f`, giving a library error the line of the spec item. */
function wrapSpec<T>(node: SpecNode, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PilotzoneError && e.name !== 'StudySpecError') node.fail(e.code, e.message, undefined, e.hint);
    throw e;
  }
}

/** `src[value]` on the rows of `dst`, matched by the key columns (the same pair panel gives the same row order: checked, else matched by key). */
function alignColumn(dst: Table, src: Table, keys: readonly string[], value: string): Float64Array {
  const v = src.numeric(value);
  if (src.nrows === dst.nrows && keys.every((k) => sameColumn(dst, src, k))) return Float64Array.from(v);
  const keyOf = (t: Table) => {
    const cols = keys.map((k) => t.column(k));
    return (i: number) => cols.map((col) => String(cellOf(col, i))).join('|');
  };
  const ks = keyOf(src), kd = keyOf(dst);
  const map = new Map<string, number>();
  for (let i = 0; i < src.nrows; i++) map.set(ks(i), v[i]!);
  return Float64Array.from({ length: dst.nrows }, (_, i) => map.get(kd(i)) ?? NaN);
}

function sameColumn(a: Table, b: Table, name: string): boolean {
  const ca = a.column(name), cb = b.column(name);
  for (let i = 0; i < a.nrows; i++) if (String(cellOf(ca, i)) !== String(cellOf(cb, i))) return false;
  return true;
}
