import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, contractErrors } from '../helpers/cli.js';

test('pilotzone demo writes its report, prints contract JSON, and compares with the planted truth', async () => {
  const out = mkdtempSync(join(tmpdir(), 'pz-demo-'));
  const r = await runCli(['demo', '--out', out, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  assert.match(j.notice, /SIMULATED/);
  const s = j.studies[0];
  assert.ok(existsSync(s.report) && existsSync(s.results));
  assert.match(readFileSync(s.report, 'utf8'), /SIMULATED/);
  for (const c of s.checks) {
    assert.ok(Number.isFinite(c.estimate) && Number.isFinite(c.truth) && c.truth > 0);
    assert.equal(c.covered, c.conf_low <= c.truth && c.truth <= c.conf_high);
    // The planted effect is large and positive: TWFE must find a clearly positive effect.
    assert.ok(c.conf_low > 0);
  }
  const text = await runCli(['demo', '--out', out]);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /cbec_treated/);
  assert.match(text.stdout, /planted truth/);
});

test('pilotzone --help lists the commands', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['feols', 'synth', 'did', 'malmquist', 'psm', 'registry', 'demo']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
});
