/**
 * PSM and IV benchmarks. The peer cases (../shared/validation/psm-lalonde, iv-cigarettes) record no peer
 * timings, so the table gives ours only: the LaLonde MatchIt runs (614 units), a simulated 100,000-unit
 * matching (logit on 8 covariates, 1:1 without replacement; with replacement + caliper), the cigarette IV
 * specs (48 states), and a simulated 2SLS with two fixed effects on 200,000 rows (clustered, over-identified,
 * with Hansen J).
 * Usage: npm run bench -- psm-iv
 */
import { loadavg } from 'node:os';
import { printTable, timeIt, type BenchRow } from './report.js';
import { validationPath } from '../test/helpers/validation.js';
import { readCsvTable } from '../test/estimators/psm/validation-csv.js';
import { psm } from '../src/estimators/psm/psm.js';
import { iv } from '../src/estimators/iv/table-api.js';
import { Table, numericColumn } from '../src/data/table.js';
import { Rng } from '../src/stats/rng.js';

async function measure(f: () => unknown, reps: number): Promise<{ ours_s: number; note: string }> {
  const cpu: number[] = [];
  const t = await timeIt(() => {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }, reps);
  cpu.sort((a, b) => a - b);
  return { ours_s: t.median, note: `cpu ${cpu[Math.floor(cpu.length / 2)]!.toFixed(4)} s; load ${loadavg()[0]!.toFixed(1)}` };
}

function simPsm(n: number, p: number): { table: Table; covs: string[] } {
  const rng = new Rng(1);
  const cols: Float64Array[] = Array.from({ length: p }, () => new Float64Array(n));
  const d = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = -1.5;
    for (let j = 0; j < p; j++) {
      cols[j]![i] = rng.normal();
      eta += (0.3 / (j + 1)) * cols[j]![i]!;
    }
    d[i] = rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    y[i] = 2 * d[i]! + eta + rng.normal();
  }
  const covs = cols.map((_, j) => `x${j + 1}`);
  return { table: new Table([numericColumn('d', d), numericColumn('y', y), ...cols.map((c, j) => numericColumn(covs[j]!, c))]), covs };
}

function simIv(units: number, periods: number): Table {
  const rng = new Rng(2);
  const n = units * periods;
  const c: Record<string, Float64Array> = {};
  for (const k of ['unit', 'year', 'x', 'y', 'z1', 'z2', 'w']) c[k] = new Float64Array(n);
  for (let u = 0; u < units; u++) {
    const a = rng.normal();
    for (let t = 0; t < periods; t++) {
      const i = u * periods + t;
      const v = rng.normal();
      c.unit![i] = u;
      c.year![i] = t;
      c.z1![i] = rng.normal();
      c.z2![i] = rng.normal();
      c.w![i] = rng.normal();
      c.x![i] = a + c.z1![i]! + 0.5 * c.z2![i]! + v;
      c.y![i] = a + 0.1 * t + 2 * c.x![i]! + c.w![i]! - v + rng.normal();
    }
  }
  return new Table(Object.entries(c).map(([k, v]) => numericColumn(k, v)));
}

export async function run(_args: string[]): Promise<void> {
  const rows: BenchRow[] = [];
  const lp = validationPath('psm-lalonde', 'data.csv');
  if (lp) {
    const t = readCsvTable(lp);
    const covariates = ['age', 'educ', 'race', 'married', 'nodegree', 're74', 're75'];
    rows.push({ case: 'LaLonde nn 1:1 no replacement + balance + ATT', ...(await measure(() => psm(t, { treatment: 'treat', covariates, outcome: 're78' }), 20)), peer: 'MatchIt 4.5 (no timing recorded)', peer_s: null });
    rows.push({ case: 'LaLonde nn replace, caliper 0.1', ...(await measure(() => psm(t, { treatment: 'treat', covariates, outcome: 're78', replace: true, caliper: 0.1 }), 20)), peer: 'MatchIt 4.5 (no timing recorded)', peer_s: null });
  }
  const big = simPsm(100_000, 8);
  rows.push({ case: 'sim 100k x 8 covs, nn 1:1 no replacement', ...(await measure(() => psm(big.table, { treatment: 'd', covariates: big.covs, outcome: 'y' }), 3)), peer: '-', peer_s: null });
  rows.push({ case: 'sim 100k x 8 covs, nn 1:1 replace, caliper 0.05', ...(await measure(() => psm(big.table, { treatment: 'd', covariates: big.covs, outcome: 'y', replace: true, caliper: 0.05 }), 3)), peer: '-', peer_s: null });
  const cp = validationPath('iv-cigarettes', 'data.csv');
  if (cp) {
    const all = readCsvTable(cp);
    const yr = all.numeric('year');
    const t95 = all.filter((i) => yr[i] === 1995);
    rows.push({ case: 'cigarettes spec2 (HC1, Hansen J, AR set)', ...(await measure(() => iv(t95, 'log(packs) ~ log(rincome) | log(rprice) ~ salestax + cigtax', { vcov: 'hetero', arCi: true }), 20)), peer: 'AER ivreg (no timing recorded)', peer_s: null });
  }
  const ivt = simIv(20_000, 10);
  rows.push({ case: 'sim 200k rows, 2SLS with unit + year FE, cluster unit, 2 instruments', ...(await measure(() => iv(ivt, 'y ~ w | unit + year | x ~ z1 + z2', { cluster: 'unit' }), 3)), peer: '-', peer_s: null });
  printTable('PSM and IV', rows);
}
