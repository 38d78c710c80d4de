#!/usr/bin/env node
// Makes `npm run demo` and `npm test` work on a fresh clone: installs dependencies when they are missing,
// then builds with tsc when the build is missing or older than the sources.
import { existsSync, statSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!existsSync('node_modules/typescript')) {
  console.error('pilotzone: installing dependencies (first run)...');
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts']);
}
function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}
const built = existsSync('dist/src/cli/bin.js') ? statSync('dist/src/cli/bin.js').mtimeMs : 0;
const force = process.argv.includes('--build');
if (force || built === 0 || Math.max(newest('src'), newest('test'), newest('bench')) > built) {
  // A clean build, so that compiled tests of deleted sources cannot linger in dist/.
  if (force) rmSync('dist', { recursive: true, force: true });
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
  // tsc does not touch unchanged outputs; mark the build time.
  const now = new Date();
  utimesSync('dist/src/cli/bin.js', now, now);
}
