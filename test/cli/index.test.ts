import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './indicators-helpers.js';

function data(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pz-index-'));
  const p = join(dir, 'ind.csv');
  writeFileSync(p, 'city,year,x1,x2,k\nA,1,1,3,5\nB,1,2,1,5\nC,1,3,2,5\n');
  return p;
}

test('pilotzone index entropy: weights and scores of the hand-computed example (equal weights, scores 0, .75, .75)', async () => {
  const r = await runCli(['index', 'entropy', '--data', data(), '--indicators', 'x1,-x2', '--shift', '0', '--unit', 'city', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.command, 'index');
  assert.equal(j.method, 'entropy');
  assert.ok(Math.abs(j.weights[0].weight - 0.5) < 1e-12);
  assert.deepEqual(j.scores.map((s: any) => s.city), ['A', 'B', 'C']);
  [0, 0.75, 0.75].forEach((v, i) => assert.ok(Math.abs(j.scores[i].score - v) < 1e-12));
  for (const f of ['table', 'md', 'csv', 'latex', 'html']) {
    const t = await runCli(['index', 'entropy', '--data', data(), '--indicators', 'x1,-x2', '--format', f]);
    assert.equal(t.code, 0, t.err);
  }
});

test('pilotzone index: unknown method, constant indicator exit 2 with named errors', async () => {
  let r = await runCli(['index', 'pca', '--data', data(), '--indicators', 'x1']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_OPTION.*pca/);
  r = await runCli(['index', 'entropy', '--data', data(), '--indicators', 'x1,k']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_CONSTANT_INDICATOR.*"k"/);
});
