import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { repoRoot } from './helpers/validation.js';

/** The `npx pilotzone ...` lines of the README's command-line examples, continuation lines joined. */
function readmeCommands(): string[] {
  const md = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = md.slice(md.indexOf('## The command line'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  const joined = block.replace(/\\\n\s*/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('npx pilotzone '));
}

/** Splits a shell line into words (double quotes only, as the README uses). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2]!);
  return out;
}

test('every command-line example in the README runs and exits 0', async () => {
  const cmds = readmeCommands();
  assert.ok(cmds.length >= 6, `found ${cmds.length} examples`);
  const dir = mkdtempSync(join(tmpdir(), 'pz-readme-'));
  process.chdir(dir);
  for (const c of cmds) {
    const argv = words(c).slice(2);
    if (argv[0] === 'demo') continue; // covered by test/cli/demo.test.ts
    const r = await runCli(argv);
    assert.equal(r.code, 0, `${c}\n${r.stderr}`);
    assert.ok(r.stdout.length > 0, c);
  }
});

test('the README library examples run against the built package', async () => {
  const md = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = md.slice(md.indexOf('## The library'), md.indexOf('### Formulas'));
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.length >= 2);
  const dir = mkdtempSync(join(tmpdir(), 'pz-readme-lib-'));
  process.chdir(dir);
  const r = await runCli(['data', 'city-panel', '--out', 'city_panel.csv']);
  assert.equal(r.code, 0, r.stderr);
  // Run each block as an ES module inside the package folder, so `import ... from 'pilotzone'` resolves to
  // this package (self-reference through package.json "exports").
  const { writeFileSync, mkdirSync, rmSync } = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  const scratch = join(repoRoot, '.build', 'readme-examples');
  mkdirSync(scratch, { recursive: true });
  try {
    blocks.forEach((code, i) => {
      const file = join(scratch, `example-${i + 1}.mjs`);
      writeFileSync(file, code);
      const out = execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
      assert.ok(out.length > 0, `example ${i + 1} printed nothing`);
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
