import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, contractErrors } from '../helpers/cli.js';
import { needsValidation, validationPath, validationJson, relDiff } from '../helpers/validation.js';

const dir = mkdtempSync(join(tmpdir(), 'pz-cli-feols-'));
const small = join(dir, 'small.csv');
writeFileSync(small, 'id,t,y,x,g\n1,1,1.0,0.5,a\n1,2,2.1,1.5,a\n2,1,2.9,0.7,b\n2,2,4.2,2.0,b\n3,1,0.8,0.1,a\n3,2,2.2,1.1,b\n');

test('feols --format json follows the contract and matches fixest on the hdfe-sim city panel', needsValidation('hdfe-sim'), async () => {
  const r = await runCli(['feols', '--data', validationPath('hdfe-sim', 'city_panel.csv')!, '--formula', 'y ~ treat_post + lngdp + lnpop + ind2_share + lnfdi + internet + lnfiscal | city_id + year', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  const exp = validationJson('hdfe-sim', 'expected.json').city_panel.twfe_controls_cluster_city;
  const tp = j.coefficients.find((c: { term: string }) => c.term === 'treat_post');
  assert.ok(relDiff(tp.estimate, exp.coefficients.treat_post) < 1e-8);
  assert.ok(relDiff(tp.std_error, exp.se.treat_post) < 1e-6);
  assert.equal(j.vcov.type, 'cluster');
  assert.deepEqual(j.vcov.cluster, ['city_id']);
  assert.deepEqual(j.vcov.n_clusters, [70]);
  assert.deepEqual(j.fixed_effects, [{ name: 'city_id', levels: 70 }, { name: 'year', levels: 9 }]);
  assert.equal(typeof j.timing.load_s, 'number');
  assert.equal(typeof j.timing.compute_s, 'number');
});

test('feols table, md, latex, html and csv outputs', async () => {
  const base = ['feols', '--data', small, '--formula', 'y ~ x | id'];
  const t = await runCli([...base]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /OLS estimation, Dep\. Var\.: y/);
  assert.match(t.stdout, /Fixed-effects: id: 3/);
  for (const [fmt, re] of [['md', /\| x \|/], ['latex', /\\toprule/], ['html', /<table/], ['csv', /^model,depvar,term/]] as const) {
    const r = await runCli([...base, '--format', fmt]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, re);
  }
});

test('feols without FE defaults to iid; --vcov hetero; two-way cluster', async () => {
  const iid = JSON.parse((await runCli(['feols', '--data', small, '--formula', 'y ~ x', '--format', 'json'])).stdout);
  assert.equal(iid.vcov.type, 'iid');
  assert.deepEqual(iid.coefficients.map((c: { term: string }) => c.term), ['(Intercept)', 'x']);
  const het = JSON.parse((await runCli(['feols', '--data', small, '--formula', 'y ~ x', '--vcov', 'hetero', '--format', 'json'])).stdout);
  assert.equal(het.vcov.type, 'hetero');
  const tw = JSON.parse((await runCli(['feols', '--data', small, '--formula', 'y ~ x', '--cluster', 'id,g', '--format', 'json'])).stdout);
  assert.deepEqual(tw.vcov.cluster, ['id', 'g']);
  assert.deepEqual(contractErrors(tw), []);
});

test('bad input exits 2 with a one-paragraph error naming the problem', async () => {
  const cases: [string[], RegExp][] = [
    [['feols', '--data', small, '--formula', 'y ~ nope'], /column "nope" not found/],
    [['feols', '--data', join(dir, 'missing.csv'), '--formula', 'y ~ x'], /not found/],
    [['feols', '--data', small], /--formula/],
    [['feols', '--data', small, '--formula', 'y ~ x', '--vcov', 'robust'], /Allowed values: iid, hetero, cluster/],
    [['feols', '--data', small, '--formula', 'y ~ x', '--bogus', '1'], /--bogus/],
    [['feols', '--data', small, '--formula', 'y ~ x', '--cluster', 'id', '--vcov', 'iid'], /--cluster/],
    [['nocommand'], /unknown command/],
  ];
  for (const [argv, re] of cases) {
    const r = await runCli(argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
    assert.equal(r.stdout, '');
  }
});
