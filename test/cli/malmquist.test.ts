import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsValidation, validationJson, validationPath } from '../helpers/validation.js';
import { contractValidator, hasSchema, runCli } from './indicators-helpers.js';

const CASE = 'dea-malmquist';

test('pilotzone malmquist --format json follows the contract and reproduces the R peers on the city panel', { skip: !hasSchema || needsValidation(CASE).skip }, async () => {
  const r = await runCli(['malmquist', '--data', validationPath(CASE, 'city-panel/data.csv')!, '--dmu', 'city', '--period', 'year', '--inputs', 'capital,labor', '--outputs', 'gdp', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const validate = contractValidator();
  assert.ok(validate(j), JSON.stringify(validate.errors));
  assert.equal(j.command, 'malmquist');
  assert.equal(j.orientation, 'input');
  const exp = validationJson(CASE, 'city-panel/expected.json');
  const rows = new Map(j.rows.map((x: any) => [`${x.dmu}|${x.period}`, x]));
  let md = 0;
  for (const e of exp.indices) for (const k of ['effch', 'techch', 'pech', 'sech', 'tfpch']) md = Math.max(md, Math.abs((rows.get(`${e.firm}|${e.period}`) as any)[k] - e[k]));
  assert.ok(md < 1e-9, String(md));
  for (const e of exp.annual_geometric_means) assert.ok(Math.abs(j.period_means.find((p: any) => p.period === e.period).tfpch - e.tfpch) < 1e-9);
  assert.equal(j.dmu_means.length, 70);
  assert.equal(j.efficiency.length, 630);
  assert.equal(j.rows[0].period_label, '2011-2012');
  assert.ok(j.timing.compute_s >= 0);
});

test('pilotzone malmquist text formats and output orientation (EG4 via --unit/--time aliases)', { skip: needsValidation(CASE).skip }, async () => {
  for (const f of ['table', 'md', 'csv', 'latex', 'html']) {
    const r = await runCli(['malmquist', '--data', validationPath(CASE, 'data.csv')!, '--unit', 'firm', '--time', 'period', '--inputs', 'x', '--outputs', 'y', '--orientation', 'output', '--format', f]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /tfpch/);
  }
  const r = await runCli(['malmquist', '--data', validationPath(CASE, 'data.csv')!, '--dmu', 'firm', '--period', 'period', '--inputs', 'x', '--outputs', 'y', '--orientation', 'output']);
  assert.match(r.out, /1\.061/); // DEAP's printed overall tfpch mean
});

test('pilotzone malmquist bad input exits 2 with a named error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pz-malm-'));
  const p = join(dir, 'bad.csv');
  writeFileSync(p, 'id,t,x,y\na,1,1,1\nb,1,0,1\na,2,1,1\nb,2,1,1\n');
  let r = await runCli(['malmquist', '--data', p, '--dmu', 'id', '--period', 't', '--inputs', 'x', '--outputs', 'y', '--format', 'json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_DEA_NONPOSITIVE.*"x"/);
  r = await runCli(['malmquist', '--data', p, '--period', 't', '--inputs', 'x', '--outputs', 'y']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_OPTION.*--dmu/);
  writeFileSync(p, 'id,t,x,y\na,1,1,1\nb,1,2,1\na,2,1,1\n');
  r = await runCli(['malmquist', '--data', p, '--dmu', 'id', '--period', 't', '--inputs', 'x', '--outputs', 'y']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_UNBALANCED_PANEL/);
});
