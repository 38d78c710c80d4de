/**
 * Staggered DID benchmarks against R did 2.1.2 (../shared/validation/did-mpdta/timings.json):
 * att_gt + the four aggregations on mpdta, att_gt + dynamic on a simulated 5,000 x 10 panel (analytic and
 * with a 1,000-draw multiplier bootstrap), and the TWFE / Sun-Abraham / Bacon fits on mpdta.
 * and 500 random-assignment placebo draws of the pair-year TWFE on the hdfe-sim pair panel (149k rows);
 * 200 Callaway-Sant'Anna permutation draws on mpdta (att_gt + simple ATT per draw): the former sequential loop
 * beside `csPermutation` on 1 and 2 worker threads (and 300 draws on the simulated 5,000 x 10 panel, where threads pay off).
 * Usage: npm run bench -- did [mpdta|sim|perm|csperm]
 */
import { loadavg } from 'node:os';
import { printTable, timeIt, peerJson, type BenchRow } from './report.js';
import { readTable } from '../src/data/read/index.js';
import { validationPath } from '../test/helpers/validation.js';
import { buildDidPanel } from '../src/estimators/did/panel.js';
import { attGt } from '../src/estimators/did/att-gt.js';
import { aggte } from '../src/estimators/did/aggte.js';
import { baconDecomposition } from '../src/estimators/did/bacon.js';
import { sunAbraham } from '../src/estimators/did/sun-abraham.js';
import { twfeStatic } from '../src/estimators/did/twfe.js';
import { imputationDid } from '../src/estimators/did/imputation.js';
import { simulateStaggeredPanel } from '../src/estimators/did/simulate.js';
import { buildDesign } from '../src/formula/design.js';
import { permutationTest } from '../src/inference/permutation.js';
import { csPermutation } from '../src/estimators/did/robustness.js';
import type { DidPanel } from '../src/estimators/did/panel.js';
import { Rng } from '../src/stats/rng.js';

/** Median wall and CPU seconds after `warm` warm-up runs (the shared 2-core machine is often loaded: CPU time shows the work itself). */
async function measure(f: () => unknown, reps: number, warm = 5): Promise<{ ours_s: number; note: string }> {
  for (let i = 0; i < warm; i++) f();
  const cpu: number[] = [];
  const t = await timeIt(() => {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }, reps, false);
  cpu.sort((a, b) => a - b);
  return { ours_s: t.median, note: `cpu ${cpu[Math.floor(cpu.length / 2)]!.toFixed(4)} s; load ${loadavg()[0]!.toFixed(1)}` };
}

export async function run(args: string[]): Promise<void> {
  // optional section filter: `npm run bench -- did mpdta|sim|perm|csperm`
  const want = (s: string) => args.length === 0 || args.includes(s);
  const peer = peerJson('did-mpdta', 'timings.json');
  const rows: BenchRow[] = [];
  const p = validationPath('did-mpdta', 'data.csv');
  if (p && peer && want('mpdta')) {
    const table = await readTable(p);
    const cols = { outcome: 'lemp', unit: 'countyreal', time: 'year', cohort: 'first.treat' };
    const pipeline = (covariates?: string[]) => () => {
      const res = attGt(buildDidPanel(table, { ...cols, ...(covariates ? { covariates } : {}) }));
      for (const t of ['simple', 'dynamic', 'group', 'calendar'] as const) aggte(res, t);
    };
    const m = peer.mpdta;
    rows.push({ case: 'mpdta att_gt + 4 aggte (never, analytic)', ...(await measure(pipeline(), 20)), peer: 'R did 2.1.2', peer_s: m.pipeline_nevertreated_analytic.median_wall_s });
    rows.push({ case: 'mpdta att_gt DR ~lpop + 4 aggte', ...(await measure(pipeline(['lpop']), 10)), peer: 'R did 2.1.2', peer_s: m.pipeline_nevertreated_dr_lpop_analytic.median_wall_s });
    rows.push({
      case: 'mpdta att_gt + 4 aggte, bootstrap 1000 each',
      ...(await measure(() => {
        const res = attGt(buildDidPanel(table, cols), { bootstrap: { seed: 1, iterations: 1000 } });
        for (const t of ['simple', 'dynamic', 'group', 'calendar'] as const) aggte(res, t);
      }, 5)),
      peer: 'R did 2.1.2',
      peer_s: m.pipeline_nevertreated_bootstrap.median_wall_s,
    });
    const keep = buildDidPanel(table, cols, { firstPeriodTreated: 'keep' });
    rows.push({ case: 'mpdta TWFE feols (cluster unit)', ...(await measure(() => twfeStatic(keep), 20)), peer: 'fixest 0.14.2', peer_s: m.twfe_feols.median_wall_s });
    rows.push({ case: 'mpdta Sun-Abraham + ATT', ...(await measure(() => sunAbraham(buildDidPanel(table, cols)), 20)), peer: 'fixest 0.14.2', peer_s: m.sunab.median_wall_s });
    rows.push({ case: 'mpdta Bacon decomposition', ...(await measure(() => baconDecomposition(keep), 20)), peer: 'bacondecomp 0.1.1', peer_s: m.bacon.median_wall_s });
    rows.push({ case: 'mpdta BJS imputation (+ horizons)', ...(await measure(() => imputationDid(buildDidPanel(table, cols)), 10)), peer: '', peer_s: null });
  }
  if (peer && want('sim')) {
    const s = peer.sim_5000x10;
    const years = Array.from({ length: 10 }, (_, i) => 2011 + i);
    const sim = simulateStaggeredPanel({ units: 5000, periods: years, cohorts: [0, 2013, 2015, 2017, 2019], probs: [0.4, 0.15, 0.15, 0.15, 0.15], tau: (g, t) => 0.1 + 0.05 * (t - g), seed: 20240610 });
    const cols = { outcome: 'y', unit: 'id', time: 'time', cohort: 'cohort' };
    rows.push({ case: '5000x10 att_gt + aggte dynamic (analytic)', ...(await measure(() => aggte(attGt(buildDidPanel(sim, cols)), 'dynamic'), 10)), peer: 'R did 2.1.2', peer_s: s.analytic.median_wall_s });
    rows.push({ case: '5000x10 att_gt + dynamic, bootstrap 1000', ...(await measure(() => aggte(attGt(buildDidPanel(sim, cols), { bootstrap: { seed: 1, iterations: 1000 } }), 'dynamic'), 5)), peer: 'R did 2.1.2', peer_s: s.bootstrap.median_wall_s });
  }
  const pp = validationPath('hdfe-sim', 'pair_panel.csv');
  const hpeer = peerJson('hdfe-sim', 'timings.json');
  if (pp && hpeer && want('perm')) {
    const table = await readTable(pp);
    const design = buildDesign(table, 'y ~ lngdp_i + lngdp_j + lnpop_i + lnpop_j + tariff | pair_id + year');
    // the peer's scheme: pair-level adoption year (first observed year with policy = 1) permuted across pairs
    const pid = table.numeric('pair_id'), yr = table.numeric('year'), pol = table.numeric('policy');
    const pairIndex = new Map<number, number>();
    const first: number[] = [];
    for (let r = 0; r < table.nrows; r++) {
      if (!pairIndex.has(pid[r]!)) {
        pairIndex.set(pid[r]!, pairIndex.size);
        first.push(Infinity);
      }
      const k = pairIndex.get(pid[r]!)!;
      if (pol[r] === 1) first[k] = Math.min(first[k]!, yr[r]!);
    }
    const members = Int32Array.from(design.rows, (r) => pairIndex.get(pid[r]!)!);
    const time = Float64Array.from(design.rows, (r) => yr[r]!);
    const scheme = { members: [members], time, cohort: Float64Array.from(first, (v) => (v === Infinity ? 0 : v)) };
    const perm = hpeer.permutation_placebo_pair_panel;
    for (const threads of [1, 2]) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await permutationTest(design, scheme, { draws: 500, seed: 20240500, threads });
      const wall = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      let m = 0, ss = 0;
      for (const v of res.draws) m += v / res.draws.length;
      for (const v of res.draws) ss += (v - m) ** 2 / (res.draws.length - 1);
      const peerRun = perm.runs.find((r: { nthreads: number }) => r.nthreads === threads);
      rows.push({
        case: `pair panel 149k rows: 500 permutation draws (threads ${threads})`,
        ours_s: wall,
        peer: 'fixest loop',
        peer_s: peerRun?.wall_s ?? null,
        note: `process cpu (all threads) ${((c.user + c.system) / 1e6).toFixed(2)} s; load ${loadavg()[0]!.toFixed(1)}; observed ${res.observed.toFixed(6)} (fixest ${perm.actual_policy_coef.toFixed(6)}); placebo sd ${Math.sqrt(ss).toExponential(3)} (peer ${peerRun?.placebo_coef_sd.toExponential(3)})`,
      });
    }
  }
  if (p && peer && want('csperm')) {
    const table = await readTable(p);
    const panel = buildDidPanel(table, { outcome: 'lemp', unit: 'countyreal', time: 'year', cohort: 'first.treat' });
    // R did has no permutation routine: the peer figure is 200 x (att_gt + aggte simple) medians, extrapolated
    const m = peer.mpdta;
    const rLoop = Math.round(200 * (m.attgt_nevertreated_analytic.median_wall_s + m.aggte_simple_analytic.median_wall_s) * 1000) / 1000;
    rows.push(...(await csPermRows('mpdta', panel, 200, 3, rLoop)));
    const years = Array.from({ length: 10 }, (_, i) => 2011 + i);
    const sim = simulateStaggeredPanel({ units: 5000, periods: years, cohorts: [0, 2013, 2015, 2017, 2019], probs: [0.4, 0.15, 0.15, 0.15, 0.15], tau: (g, t) => 0.1 + 0.05 * (t - g), seed: 20240610 });
    rows.push(...(await csPermRows('5000x10', buildDidPanel(sim, { outcome: 'y', unit: 'id', time: 'time', cohort: 'cohort' }), 300, 1, null)));
  }
  printTable('Staggered DID (did: Callaway-Sant\'Anna, fixest, bacondecomp)', rows);
}

/** The single-thread loop csPermutation ran before the worker pool (the reference for the threaded rows). */
function sequentialCsDraws(panel: DidPanel, draws: number, seed: number): Float64Array {
  const perm = new Float64Array(panel.n), out = new Float64Array(draws);
  const root = new Rng(seed);
  for (let d = 0; d < draws; d++) {
    perm.set(panel.cohort);
    root.fork(d).shuffle(perm);
    out[d] = aggte(attGt({ ...panel, cohort: perm }, { bootstrap: false }), 'simple').fit.overall.estimate;
  }
  return out;
}

/** Median wall time of `reps` runs (after a warm-up) of `draws` CS permutation draws: sequential loop, 1 and 2 threads. */
async function csPermRows(name: string, panel: DidPanel, draws: number, reps: number, peerS: number | null): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const peerName = peerS === null ? '' : 'R did loop (extrapolated)';
  const ref = sequentialCsDraws(panel, Math.min(draws, 10), 7); // warm-up
  const cases: [string, () => Promise<Float64Array>][] = [
    ['sequential loop', async () => sequentialCsDraws(panel, draws, 7)],
    ['csPermutation threads 1', async () => (await csPermutation(panel, { draws, seed: 7, threads: 1 })).draws],
    ['csPermutation threads 2', async () => (await csPermutation(panel, { draws, seed: 7, threads: 2 })).draws],
  ];
  for (const [label, f] of cases) {
    const wall: number[] = [], cpu: number[] = [];
    let same = true;
    for (let r = 0; r < reps; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const d = await f();
      wall.push((performance.now() - t0) / 1000);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1e6);
      for (let k = 0; k < ref.length; k++) same &&= d[k] === ref[k];
    }
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    out.push({ case: `${name}: ${draws} CS permutation draws, ${label}`, ours_s: med(wall), peer: peerName, peer_s: peerS, note: `process cpu (all threads) ${med(cpu).toFixed(2)} s; load ${loadavg()[0]!.toFixed(1)}; draws ${same ? '=' : '!='} sequential` });
  }
  return out;
}
