import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsValidation, validationPath } from '../helpers/validation.js';
import { readSimpleCsv } from '../indicators/csv-helper.js';
import { contractValidator, hasSchema, runCli } from './indicators-helpers.js';

const CASE = 'dea-malmquist';

test('pilotzone capital --format json follows the contract and matches pim_expected.csv', { skip: !hasSchema || needsValidation(CASE).skip }, async () => {
  const r = await runCli(['capital', '--data', validationPath(CASE, 'city-panel/pim_inputs.csv')!, '--unit', 'city', '--time', 'year', '--investment', 'investment_nominal', '--deflator', 'price_index', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const validate = contractValidator();
  assert.ok(validate(j), JSON.stringify(validate.errors));
  const exp = readSimpleCsv(validationPath(CASE, 'city-panel/pim_expected.csv')!);
  assert.equal(j.rows.length, exp.nrows);
  const byKey = new Map(j.rows.map((x: any) => [`${x.unit}|${x.time}`, x]));
  let mismatches = 0;
  for (let i = 0; i < exp.nrows; i++) {
    const o: any = byKey.get(`${exp.get('city', i)}|${exp.get('year', i)}`);
    if (Number(o.capital_stock.toPrecision(15)) !== exp.get('capital_stock', i)) mismatches++;
  }
  assert.equal(mismatches, 0);
  assert.equal(j.growth.length, 70);
});

test('pilotzone capital text/csv formats; bad options exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pz-cap-'));
  const p = join(dir, 'inv.csv');
  writeFileSync(p, 'id,year,inv\na,1,10\na,2,11\na,3,12.1\na,4,13.31\n');
  let r = await runCli(['capital', '--data', p, '--unit', 'id', '--time', 'year', '--investment', 'inv', '--format', 'csv']);
  assert.equal(r.code, 0, r.err);
  // g = (13.31/10)^(1/3) - 1 = 0.1, K_0 = 10 / 0.16 = 62.5 (up to rounding of 13.31/10)
  const first = r.out.split('\n')[1]!.split(',');
  assert.deepEqual(first.slice(0, 3), ['a', '1', '10']);
  assert.ok(Math.abs(Number(first[3]) - 62.5) < 1e-9);
  r = await runCli(['capital', '--data', p, '--unit', 'id', '--time', 'year', '--investment', 'inv', '--depreciation', 'abc']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_OPTION.*--depreciation/);
  r = await runCli(['capital', '--data', p, '--unit', 'id', '--time', 'year', '--investment', 'inv', '--growth-years', '9']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_PIM_SHORT/);
});
