/**
 * Malmquist (DEAP 2.1 / FGNZ) for 300 cities x 13 years, 1 output and 2 inputs, input orientation, beside
 * the R peers' times in ../shared/validation/dea-malmquist/timings.json (Benchmarking 2.3 s, deaR 12.5 s).
 */
import { malmquist } from '../src/indicators/dea/malmquist.js';
import { simulateCityPanel } from '../test/indicators/simulate.js';
import { peerJson, printTable, timeIt, type BenchRow } from './report.js';

export async function run(_args: string[]): Promise<void> {
  const timings = peerJson('dea-malmquist', 'timings.json');
  const peer = (i: number): number | null => timings?.peers?.[i]?.median_wall_s ?? null;
  const table = simulateCityPanel(300, 13, 300013);
  const opts = { dmu: 'city', period: 'year', inputs: ['capital', 'labor'], outputs: ['gdp'], orientation: 'input' as const };
  let lps = 0;
  const t = await timeIt(() => {
    lps = malmquist(table, opts).lpCount;
  }, 5);
  // CPU time per run as well: the machine is shared, and wall time grows with its load
  const c0 = process.cpuUsage();
  for (let r = 0; r < 5; r++) malmquist(table, opts);
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 5e6;
  const rows: BenchRow[] = [
    { case: 'malmquist 300 x 13, 2 in 1 out, input', ours_s: t.median, peer: 'R Benchmarking 0.33 (lpSolveAPI)', peer_s: peer(0), note: `${lps} LPs, single thread, CPU ${cpu.toFixed(3)} s/run` },
    { case: 'malmquist 300 x 13, 2 in 1 out, input', ours_s: t.median, peer: 'R deaR 1.4.1', peer_s: peer(1), note: 'goal < 0.23 s' },
  ];
  printTable('DEA-Malmquist (DEAP 2.1 convention)', rows);
}
