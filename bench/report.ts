/** Helpers shared by the benchmarks: timing and a plain-text / Markdown table of ours vs the peer. */
import { performance } from 'node:perf_hooks';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Median wall seconds of `reps` runs of `fn` (after one warm-up run unless `warmup` is false). */
export async function timeIt(fn: () => unknown | Promise<unknown>, reps = 5, warmup = true): Promise<{ median: number; all: number[] }> {
  if (warmup) await fn();
  const all: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn();
    all.push((performance.now() - t0) / 1000);
  }
  const s = [...all].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, all };
}

export interface BenchRow {
  case: string;
  ours_s: number;
  peer: string;
  peer_s: number | null;
  note?: string;
}

/** Prints rows as a Markdown table (paste-able into an issue note), with the speed-up over the peer. */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  console.log(`\n### ${title}\n`);
  console.log('| case | pilotzone (s) | peer | peer (s) | speed-up | note |');
  console.log('| --- | ---: | --- | ---: | ---: | --- |');
  for (const r of rows) {
    const sp = r.peer_s && r.ours_s > 0 ? `${(r.peer_s / r.ours_s).toFixed(1)}x` : '';
    console.log(`| ${r.case} | ${r.ours_s.toFixed(3)} | ${r.peer} | ${r.peer_s ?? ''} | ${sp} | ${r.note ?? ''} |`);
  }
  console.log(`\nmemory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
}

/** `../shared/validation/<case>/<file>` parsed, or undefined. */
export function peerJson(caseName: string, file: string): any {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !existsSync(join(d, 'package.json')); i++) d = dirname(d);
  const p = resolve(d, '..', 'shared', 'validation', caseName, file);
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : undefined;
}
