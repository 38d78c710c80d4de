import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run, contractValidator as validator, schemaPath } from '../helpers/cli.js';
import { validationJson, validationPath, needsValidation, relDiff } from '../helpers/validation.js';
import { readCsvRows } from '../estimators/psm/validation-csv.js';


/** The validation CSV copied to a temp file as plain CSV (the CLI reads files; the repo never holds the data). */
function tempCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pz-psm-'));
  const p = join(dir, 'lalonde.csv');
  const { header, rows } = readCsvRows(validationPath('psm-lalonde', 'data.csv')!);
  writeFileSync(p, [header.join(','), ...rows.map((r) => r.map((c) => c ?? '').join(','))].join('\n') + '\n');
  return p;
}

test('pilotzone psm --format json follows the contract and reproduces MatchIt (caliper run)', { skip: !existsSync(schemaPath) || needsValidation('psm-lalonde').skip }, async () => {
  const data = tempCopy();
  const r = await run(['psm', '--data', data, '--treatment', 'treat', '--covariates', 'age,educ,race,married,nodegree,re74,re75', '--id', 'id', '--outcome', 're78', '--replace', '--caliper', '0.1', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const validate = validator();
  assert.ok(validate(j), JSON.stringify((validate as any).errors));
  assert.equal(j.command, 'psm');
  const R = validationJson('psm-lalonde', 'results.json').runs.nn_replace_caliper01;
  assert.ok(relDiff(j.att.estimate, R.att_re78.point) < 1e-10);
  assert.ok(relDiff(j.att.std_error, R.att_re78.primary.std_error) < 1e-8);
  const exp = readCsvRows(validationPath('psm-lalonde', 'pairs-nn_replace_caliper01.csv')!).rows;
  assert.deepEqual(j.pairs.map((p: any) => [p.treated, p.control]), exp.map((e) => [e[0], e[1] ?? null]));
  const age = j.balance.find((b: any) => b.variable === 'age');
  assert.ok(Math.abs(age.smd_after - R.balance_after.age['Std. Mean Diff.']) < 1e-10);
  assert.ok(j.propensity.coefficients.some((c: any) => c.term === 'racehispan'));
  assert.match(r.err, /NSW|treated unit\(s\) found no control/);
});

test('pilotzone psm text formats render, and bad input exits 2 with a named error', { skip: needsValidation('psm-lalonde').skip }, async () => {
  const data = tempCopy();
  for (const f of ['table', 'md', 'csv', 'latex', 'html']) {
    const r = await run(['psm', '--data', data, '--treatment', 'treat', '--covariates', 'age,educ', '--outcome', 're78', '--format', f]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /age/);
  }
  let r = await run(['psm', '--data', data, '--treatment', 'age', '--covariates', 'educ', '--format', 'json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_TREATMENT_NOT_BINARY.*"age"/);
  r = await run(['psm', '--data', data, '--treatment', 'treat', '--covariates', 'educ', '--caliper', 'wide', '--format', 'json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--caliper/);
});
