/**
 * CSV read speed: our byte-level reader (type inference included) beside data.table::fread.
 *
 * Cases: (1) `../shared/validation/hdfe-sim/pair_panel.csv` (149,022 rows x 11 columns), peer figure
 * `csv_read_wall_s_fread` from that case's timings.json (fread 1.14.8, same 2-core machine class);
 * (2) a generated file of 1e6 rows x 10 columns (8 numeric columns with 4-7 decimals, an integer year and a
 * 300-level city name; seeded Rng, written to a temp dir), the issue #2 target being under 2 s.
 * (3) the generated table written to and read from .dta (no peer figure).
 * `npm run bench -- csv [rows]` (default 1000000).
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTable } from '../src/data/read/index.js';
import { writeTable } from '../src/data/write/index.js';
import type { Table } from '../src/data/table.js';
import { Rng } from '../src/stats/rng.js';
import { peerJson, printTable, timeIt, type BenchRow } from './report.js';

export async function run(args: string[]): Promise<void> {
  const nrows = args[0] ? Number(args[0]) : 1_000_000;
  const rows: BenchRow[] = [];
  const timings = peerJson('hdfe-sim', 'timings.json');
  const freadS: number | null = timings?.feols_pair_panel?.csv_read_wall_s_fread ?? null;

  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !existsSync(join(d, 'package.json')); i++) d = dirname(d);
  const pair = resolve(d, '..', 'shared', 'validation', 'hdfe-sim', 'pair_panel.csv');
  if (existsSync(pair)) {
    let shape = '';
    const c0 = process.cpuUsage();
    const t = await timeIt(async () => {
      const tb = await readTable(pair);
      shape = `${tb.nrows} x ${tb.ncols}`;
    }, 5);
    rows.push({ case: `pair_panel.csv (${shape})`, ours_s: t.median, peer: 'data.table::fread 1.14.8', peer_s: freadS, note: `median of 5; ${cpuNote(c0, 6)}` });
  }

  const dir = mkdtempSync(join(tmpdir(), 'pz-bench-csv-'));
  try {
    const path = join(dir, 'big.csv');
    writeFileSync(path, generate(nrows, 20240601));
    let shape = '';
    let table: Table | undefined;
    const c0 = process.cpuUsage();
    const t = await timeIt(async () => {
      table = await readTable(path);
      shape = `${table.nrows} x ${table.ncols}`;
    }, 3);
    rows.push({ case: `generated ${shape} (seed 20240601)`, ours_s: t.median, peer: 'target (issue #2)', peer_s: 2, note: `median of 3; file read + type inference; ${cpuNote(c0, 4)}` });
    // the same table through .dta (what most of our users keep their panels in)
    const dta = join(dir, 'big.dta');
    const w = await timeIt(() => writeTable(table!, dta), 1, false);
    rows.push({ case: `write .dta ${shape}`, ours_s: w.median, peer: '(no peer figure)', peer_s: null, note: 'format 118, narrowest exact types' });
    const r = await timeIt(() => readTable(dta), 3);
    rows.push({ case: `read .dta ${shape}`, ours_s: r.median, peer: '(no peer figure)', peer_s: null, note: 'median of 3' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable('CSV read (pilotzone readTable vs fread)', rows);
}

/** CPU seconds per run (less sensitive than wall time to other jobs on a shared machine) and the load. */
function cpuNote(start: NodeJS.CpuUsage, runs: number): string {
  const c = process.cpuUsage(start);
  return `cpu ${((c.user + c.system) / 1e6 / runs).toFixed(3)} s/run, load ${loadavg()[0]!.toFixed(1)}`;
}

/** 1e6 x 10 panel-like CSV: id, year, city (300 levels), 7 numeric columns. */
function generate(n: number, seed: number): string {
  const rng = new Rng(seed);
  const cities = Array.from({ length: 300 }, (_, k) => `city_${k}`);
  const parts: string[] = ['id,year,city,x1,x2,x3,x4,x5,x6,y\n'];
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk +=
      `${i + 1},${2000 + (i % 20)},${cities[rng.int(300)]},${rng.normal().toFixed(6)},${(rng.uniform() * 100).toFixed(4)},` +
      `${(rng.normal() * 1e3).toFixed(5)},${rng.int(1000)},${(rng.uniform()).toFixed(7)},${(rng.normal() + 10).toFixed(6)},${(rng.normal() * 5).toFixed(6)}\n`;
    if (chunk.length > 1 << 20) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}
