import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run, contractValidator as validator, schemaPath } from '../helpers/cli.js';
import { validationJson, validationPath, needsValidation, relDiff } from '../helpers/validation.js';
import { readCsvRows } from '../estimators/psm/validation-csv.js';


/** The 1995 cross-section of the validation data, written to a temp CSV (the repo never holds the data). */
function temp95(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pz-iv-'));
  const p = join(dir, 'cig95.csv');
  const { header, rows } = readCsvRows(validationPath('iv-cigarettes', 'data.csv')!);
  const yi = header.indexOf('year');
  writeFileSync(p, [header.join(','), ...rows.filter((r) => r[yi] === '1995').map((r) => r.map((c) => c ?? '').join(','))].join('\n') + '\n');
  return p;
}

test('pilotzone iv --format json follows the contract and reproduces AER (over-identified spec)', { skip: !existsSync(schemaPath) || needsValidation('iv-cigarettes').skip }, async () => {
  const data = temp95();
  const R = validationJson('iv-cigarettes', 'results.json').spec2;
  const r = await run(['iv', '--data', data, '--formula', 'log(packs) ~ log(rincome) | log(rprice) ~ salestax + cigtax', '--vcov', 'hetero', '--ar-ci', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const validate = validator();
  assert.ok(validate(j), JSON.stringify((validate as any).errors));
  assert.equal(j.command, 'iv');
  const c = j.coefficients.find((x: any) => x.term === 'log(rprice)');
  assert.ok(relDiff(c.estimate, R.coefficients['log(rprice)']) < 1e-8);
  assert.ok(relDiff(c.std_error, R.se_hc1['log(rprice)']) < 1e-6);
  assert.equal(j.first_stage[0].endogenous, 'log(rprice)');
  assert.ok(relDiff(j.first_stage[0].f_stat, R.first_stage.F_hc1_wald) < 1e-8);
  assert.ok(relDiff(j.overid.sargan.statistic, R.overid.sargan.statistic) < 1e-8);
  assert.ok(typeof j.overid.statistic === 'number' && typeof j.overid.p_value === 'number');
  assert.ok(Array.isArray(j.ar_ci.intervals));
});

test('pilotzone iv text output, and named errors exit 2', { skip: needsValidation('iv-cigarettes').skip }, async () => {
  const data = temp95();
  const ok = await run(['iv', '--data', data, '--formula', 'log(packs) ~ 1 | log(rprice) ~ salestax']);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /First stage/);
  const md = await run(['iv', '--data', data, '--formula', 'log(packs) ~ 1 | log(rprice) ~ salestax', '--format', 'md']);
  assert.equal(md.code, 0, md.err);
  let r = await run(['iv', '--data', data, '--formula', 'log(packs) ~ log(rprice)', '--format', 'json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_NOT_IV/);
  r = await run(['iv', '--data', data, '--formula', 'log(packs) ~ 1 | log(rprice) ~ salestax', '--vcov', 'iid', '--cluster', 'state']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--cluster/);
});
