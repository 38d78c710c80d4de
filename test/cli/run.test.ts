import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, contractErrors } from '../helpers/cli.js';
import { shippedStudiesDir } from '../../src/studies/shipped.js';

test('pilotzone run writes the report folder and prints contract JSON with checks against the planted truth', async () => {
  const out = mkdtempSync(join(tmpdir(), 'pz-run-'));
  const r = await runCli(['run', join(shippedStudiesDir(), 'tfp-staggered-did.yaml'), '--out', out, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  assert.equal(j.command, 'run');
  assert.equal(j.studies.length, 1);
  const s = j.studies[0];
  assert.equal(s.name, 'tfp-staggered-did');
  assert.equal(s.report, join(out, 'tfp-staggered-did', 'report.html'));
  assert.ok(existsSync(s.report) && existsSync(s.results));
  for (const c of s.checks) assert.equal(c.covered, c.conf_low <= c.truth && c.truth <= c.conf_high);
  const text = await runCli(['run', join(shippedStudiesDir(), 'tfp-staggered-did.yaml'), '--out', out, '--quiet']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /SIMULATED DATA/);
  assert.match(text.stdout, /planted truth .* \(covered\)/);
  assert.match(text.stdout, /report: .*report\.html/);
});

test('pilotzone run: a bad spec exits 2 with the code and the line, before anything runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pz-run-bad-'));
  const good = join(dir, 'good.yaml');
  writeFileSync(good, 'name: g\ndesign: staggered_did\ndata: { source: embedded }\nestimators:\n  - { type: twfe, outcome: intl_express_pc }\n');
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'name: b\ndesign: staggered_did\ndata: { source: embedded }\nestimators:\n  - { type: twfe, outcome: intl_express_pc }\n  - { type: synthdid, outcome: intl_express_pc }\n');
  const r = await runCli(['run', good, bad, '--out', join(dir, 'out')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /E_SPEC_UNKNOWN_ESTIMATOR/);
  assert.match(r.stderr, /bad\.yaml:6:/);
  assert.ok(!existsSync(join(dir, 'out', 'g')), 'no study runs when one spec is bad');
  const none = await runCli(['run']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /needs a study spec/);
  const missing = await runCli(['run', join(dir, 'nope.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /E_DATA_FILE/);
});

test('pilotzone run on a data file: the same steps, no planted truth, no simulated label', async () => {
  const { loadCityPanel } = await import('../../src/data/embedded/index.js');
  const { writeCsvText } = await import('../../src/data/write/csv.js');
  const dir = mkdtempSync(join(tmpdir(), 'pz-run-file-'));
  const t = loadCityPanel().table.select(['code', 'year', 'intl_express_pc', 'gdp', 'pop_resident']);
  writeFileSync(join(dir, 'panel.csv'), writeCsvText(t));
  const spec = join(dir, 'study.yaml');
  writeFileSync(spec, `name: from-file\ndesign: staggered_did\ndata:\n  source: file\n  file: ${join(dir, 'panel.csv')}\nregistry:\n  batches: "1-7"\nderive:\n  - { name: ly, expr: "log(intl_express_pc)" }\nestimators:\n  - { type: twfe, outcome: ly }\n  - { type: att_gt, outcome: ly }\n`);
  const r = await runCli(['run', spec, '--out', join(dir, 'out'), '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  assert.deepEqual(j.studies[0].checks, []);
  const { readFileSync } = await import('node:fs');
  const res = JSON.parse(readFileSync(j.studies[0].results, 'utf8'));
  assert.equal(res.simulated, false);
  assert.ok(res.results.twfe[0].coefficients.some((c: { term: string; estimate: number }) => c.term === 'cbec_treated' && c.estimate > 0));
  assert.ok(res.results.att_gt.simple);
});
