import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';
import { repoRoot, validationJson, validationPath, needsValidation, relDiff } from '../helpers/validation.js';
import { readCsvRows } from '../estimators/psm/validation-csv.js';

const schemaPath = resolve(repoRoot, '..', 'shared', 'contracts', 'cli-json.schema.json');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; return true; }, err: (s) => { err += s; return true; } });
  return { code, out, err };
}

function validator() {
  const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
  const ajv = new (Ajv as unknown as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } })({ strict: false });
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}

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
