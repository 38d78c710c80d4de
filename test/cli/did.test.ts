import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, contractErrors } from '../helpers/cli.js';
import { needsValidation, relDiff, validationJson, validationPath } from '../helpers/validation.js';

function mpdtaCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pz-did-'));
  const p = join(dir, 'mpdta.csv');
  copyFileSync(validationPath('did-mpdta', 'data.csv')!, p);
  return p;
}
const BASE = ['--unit', 'countyreal', '--time', 'year', '--outcome', 'lemp', '--cohort', 'first.treat'];

test('pilotzone did --estimator cs: contract JSON, R did numbers (dynamic, not-yet, DR with lpop)', needsValidation('did-mpdta'), async () => {
  const data = mpdtaCopy();
  const exp = validationJson('did-mpdta', 'expected.json');
  let r = await runCli(['did', '--data', data, ...BASE, '--estimator', 'cs', '--aggregate', 'dynamic', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  let j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  assert.equal(j.command, 'did');
  assert.equal(j.estimator, 'cs');
  assert.equal(j.control, 'never');
  assert.ok(j.timing.compute_s >= 0);
  const e = exp.att_gt.nevertreated_unconditional.att_gt[0];
  const row = j.att_gt.find((x: any) => x.group === e.group && x.time === e.t);
  assert.ok(relDiff(row.estimate, e.att) < 1e-10 && relDiff(row.std_error, e.se) < 1e-10);
  assert.ok(relDiff(j.aggregate.overall.estimate, exp.aggte.nevertreated_unconditional.dynamic.overall_att) < 1e-10);
  assert.ok(relDiff(j.aggregate.overall.std_error, exp.aggte.nevertreated_unconditional.dynamic.overall_se) < 1e-10);
  assert.equal(j.aggregate.by[0].event_time, -3);

  r = await runCli(['did', '--data', data, ...BASE, '--control', 'notyet', '--covariates', 'lpop', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  assert.equal(j.aggregate.type, 'simple');
  const e2 = exp.att_gt.notyettreated_dr_lpop.att_gt[5];
  const row2 = j.att_gt.find((x: any) => x.group === e2.group && x.time === e2.t);
  assert.ok(relDiff(row2.estimate, e2.att) < 1e-7);

  r = await runCli(['did', '--data', data, ...BASE, '--bootstrap', '499', '--seed', '7', '--aggregate', 'group', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  j = JSON.parse(r.stdout);
  assert.equal(j.bootstrap.seed, 7);
  assert.equal(j.bootstrap.iterations, 499);
  assert.equal(j.aggregate.uniform_band, true);
});

test('pilotzone did --estimator bacon / twfe / sa / bjs: contract JSON and peer numbers', needsValidation('did-mpdta'), async () => {
  const data = mpdtaCopy();
  const exp = validationJson('did-mpdta', 'expected.json');
  let r = await runCli(['did', '--data', data, ...BASE, '--estimator', 'bacon', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  let j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  assert.ok(relDiff(j.twfe_estimate, exp.twfe.cluster_default.coefficients.treat_post) < 1e-12);
  assert.equal(j.comparisons.length, 9);
  assert.ok(j.comparisons.some((c: any) => c.control === 'never' && c.treated === 2004));
  assert.ok(j.dcdh_weights.n_negative >= 0);

  r = await runCli(['did', '--data', data, ...BASE, '--estimator', 'twfe', '--aggregate', 'dynamic', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  assert.equal(j.command, 'did');
  assert.ok(relDiff(j.coefficients[0].estimate, exp.twfe.cluster_default.coefficients.treat_post) < 1e-10);
  const e0 = j.aggregate.by.find((b: any) => b.event_time === 0);
  assert.ok(relDiff(e0.estimate, exp.event_study_i.coefficients['rel::0']) < 1e-8);

  r = await runCli(['did', '--data', data, ...BASE, '--estimator', 'sa', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  assert.ok(relDiff(j.aggregate.overall.estimate, exp.sunab.att[0].estimate) < 1e-8);
  assert.ok(relDiff(j.aggregate.overall.std_error, exp.sunab.att[0].se) < 1e-8);

  r = await runCli(['did', '--data', data, ...BASE, '--estimator', 'bjs', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  assert.ok(Number.isFinite(j.aggregate.overall.estimate) && j.aggregate.overall.std_error > 0);
});

test('pilotzone did text formats render; bad input exits 2 with a named error', needsValidation('did-mpdta'), async () => {
  const data = mpdtaCopy();
  for (const f of ['table', 'md', 'csv', 'latex', 'html']) {
    const r = await runCli(['did', '--data', data, ...BASE, '--format', f]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2004/);
  }
  let r = await runCli(['did', '--data', data, ...BASE.slice(0, -1), 'treat_year', '--format', 'json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /E_MISSING_COLUMN.*treat_year/);
  r = await runCli(['did', '--data', data, ...BASE, '--bootstrap', '100', '--format', 'json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--seed/);
  // no never-treated units
  const dir = mkdtempSync(join(tmpdir(), 'pz-did-'));
  const p = join(dir, 'nonever.csv');
  writeFileSync(p, 'id,t,g,y\n' + [1, 2, 3, 4].flatMap((id) => [1, 2, 3].map((t) => `${id},${t},${id < 3 ? 2 : 3},${id + t}`)).join('\n') + '\n');
  r = await runCli(['did', '--data', p, '--unit', 'id', '--time', 't', '--outcome', 'y', '--cohort', 'g', '--format', 'json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /E_NO_NEVER_TREATED/);
});

test('pilotzone did robustness options: --permutations (seeded), --fake-timing, --drop-units', needsValidation('did-mpdta'), async () => {
  const data = mpdtaCopy();
  let r = await runCli(['did', '--data', data, ...BASE, '--estimator', 'twfe', '--permutations', '40', '--seed', '3', '--threads', '1', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  let j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  assert.equal(j.permutation.seed, 3);
  assert.equal(j.permutation.draws.length, 40);
  assert.ok(Math.abs(j.permutation.observed - j.coefficients[0].estimate) < 1e-9);
  r = await runCli(['did', '--data', data, ...BASE, '--fake-timing', '1', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  j = JSON.parse(r.stdout);
  assert.ok(j.att_gt.some((x: any) => x.group === 2005), 'cohort 2006 moved to 2005');
  assert.ok(!j.att_gt.some((x: any) => x.group === 2004), 'cohort 2004 moved to the first period and dropped');
  r = await runCli(['did', '--data', data, ...BASE, '--drop-units', '8001,8019', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).n_units, 498);
  r = await runCli(['did', '--data', data, ...BASE, '--drop-units', 'nowhere', '--format', 'json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /E_UNKNOWN_UNIT.*nowhere/);
});

test('pilotzone did --estimator cs event window: --min-e / --max-e restrict the dynamic rows', needsValidation('did-mpdta'), async () => {
  const r = await runCli(['did', '--data', mpdtaCopy(), ...BASE, '--aggregate', 'dynamic', '--min-e', '-1', '--max-e', '1', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.aggregate.by.map((b: any) => b.event_time), [-1, 0, 1]);
  assert.deepEqual(contractErrors(j), []);
});
