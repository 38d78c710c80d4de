/**
 * Benchmark runner: `npm run bench -- <name> [args]` runs `bench/<name>.ts` (compiled), whose `run(args)`
 * prints a table of our times beside the peers' figures from ../shared/validation. `npm run bench` alone
 * lists the benchmarks.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.js') && !['run.js', 'report.js'].includes(f) && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.log(`usage: npm run bench -- <name>\nbenchmarks: ${available.join(', ')}`);
  process.exit(name ? 2 : 0);
}
const mod = await import(`./${name}.js`);
await mod.run(args);
