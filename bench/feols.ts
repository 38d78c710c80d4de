/**
 * feols benchmark (`npm run bench -- feols [--quick]`): estimation + clustered variance, data generation
 * and CSV reading excluded, beside fixest 0.14.2's medians from ../shared/validation/hdfe-big/timings.json
 * (1e6 rows x 5 regressors, 2 and 3 FE, nthreads = 1; both sessions shown, the machine was loaded) and
 * ../shared/validation/hdfe-sim/timings.json (pair panel, 149,022 rows). Each case is fitted once to warm
 * up (not counted); the note gives CPU seconds per fit (user + system), less sensitive to a loaded machine
 * than the wall-clock median.
 */
import { readFileSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { peerJson, printTable, timeIt, type BenchRow } from './report.js';
import { FeolsResult } from '../src/estimators/ols/result.js';
import { hdfeBigDesign, pairDesign, parseNumericCsv } from './_feols-data.js';

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const reps = quick ? 1 : 5;
  const rows: BenchRow[] = [];
  const big = peerJson('hdfe-big', 'timings.json');
  const peerBig = (caseName: string): { s: number | null; note: string } => {
    const r = big?.summary_median_wall_s?.find((x: any) => x.case === caseName && x.nthreads === 1);
    return r ? { s: r.session2_median, note: `fixest nthreads=1: session 2 ${r.session2_median} s, session 1 ${r.session1_median} s (loaded machine)` } : { s: null, note: '' };
  };
  const nUnit = quick ? 10000 : 100000;
  for (const industry of [false, true]) {
    const d = hdfeBigDesign(nUnit, industry);
    const dataMiB = (d.y.byteLength + d.x.X.byteLength + d.fe.reduce((s, f) => s + f.ids.byteLength, 0)) / 2 ** 20;
    let res: FeolsResult | undefined;
    const fit = () => {
      res = undefined;
      res = FeolsResult.fit(d, { vcov: { type: 'cluster', cluster: ['unit'] } });
    };
    fit(); // warm-up outside the CPU count: the CPU figure is per fit of compiled code
    const c0 = process.cpuUsage();
    const t = await timeIt(fit, reps, false);
    const cpu = cpuPerRun(c0, reps);
    // typed arrays the fit keeps (demeaned X, residuals, row maps...): its memory beyond the data
    const f = res!.fit;
    const kept = (f.Z.buffer.byteLength + f.residuals.byteLength + f.rows.byteLength + f.designRows.byteLength + (f.y === d.y ? 0 : f.y.byteLength)) / 2 ** 20;
    const caseName = industry ? '1e6 rows, FE unit(1e5) + period(10) + industry(100)' : '1e6 rows, FE unit(1e5) + period(10)';
    const p = peerBig(caseName);
    rows.push({
      case: `${d.n.toExponential(0)} rows, 5 x, FE unit+period${industry ? '+industry' : ''}, cluster unit`,
      ours_s: t.median,
      peer: 'fixest 0.14.2',
      peer_s: quick ? null : p.s,
      note: `cpu ${cpu.toFixed(3)} s/run, load ${loadavg()[0]!.toFixed(1)}; ${p.note}; data ${dataMiB.toFixed(0)} MiB, fit keeps ${kept.toFixed(0)} MiB; demean iterations ${res!.fit.demean.iterations}; x1 = ${res!.coef().x1!.toFixed(4)} (se ${res!.se().x1!.toFixed(4)})`,
    });
  }
  const here = dirname(fileURLToPath(import.meta.url));
  let root = here;
  for (let i = 0; i < 6 && !existsSync(resolve(root, 'package.json')); i++) root = dirname(root);
  const csv = resolve(root, '..', 'shared', 'validation', 'hdfe-sim', 'pair_panel.csv');
  if (existsSync(csv)) {
    const d = pairDesign(parseNumericCsv(readFileSync(csv, 'utf8')));
    const sim = peerJson('hdfe-sim', 'timings.json');
    const runs = sim?.feols_pair_panel?.runs ?? [];
    for (const cl of [['pair_id'], ['city_i', 'city_j']]) {
      const fit = () => FeolsResult.fit(d, { vcov: { type: 'cluster', cluster: cl } });
      fit(); // warm-up outside the CPU count
      const c0 = process.cpuUsage();
      // 4x the repetitions: a fit takes ~50 ms, and the CPU figure is the one comparable on a loaded machine
      const t = await timeIt(fit, reps * 4, false);
      const cpu = cpuPerRun(c0, reps * 4);
      const peer = runs.find((r: any) => r.nthreads === 1 && r.cluster.replace(/\s/g, '') === `~${cl.join('+')}`);
      rows.push({ case: `pair panel 149,022 rows, 2 FE, cluster ${cl.join(' + ')}`, ours_s: t.median, peer: 'fixest 0.14.2', peer_s: peer?.median_wall_s ?? null, note: `fixest nthreads = 1; ours cpu ${cpu.toFixed(3)} s/run, load ${loadavg()[0]!.toFixed(1)}` });
    }
  }
  printTable('feols: estimation + clustered VCOV (median wall seconds)', rows);
}

/** CPU seconds (user + system) per run since `c0`: with the wall time, shows how loaded the machine was. */
function cpuPerRun(c0: NodeJS.CpuUsage, runs: number): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6 / runs;
}
