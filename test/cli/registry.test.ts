import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run, contractValidator as validator, schemaPath } from '../helpers/cli.js';

const needsSchema = { skip: existsSync(schemaPath) ? false : '../shared/contracts/cli-json.schema.json not found' };

test('registry zones / cities / modes / treatment print contract JSON', needsSchema, async () => {
  const validate = validator();
  const dir = mkdtempSync(join(tmpdir(), 'pz-registry-'));
  const data = join(dir, 'panel.csv');
  writeFileSync(data, 'city,year\n440600,2018\n440600,2019\n110000,2017\n110000,2018\n');
  const cases: string[][] = [
    ['registry', 'zones', '--batch', '1-7', '--format', 'json'],
    ['registry', 'zones', '--as-of', '2025-12-31', '--status', 'revoked', '--format', 'json'],
    ['registry', 'cities', '--region', 'east', '--coastal', 'yes', '--format', 'json'],
    ['registry', 'modes', '--format', 'json'],
    ['registry', 'treatment', '--data', data, '--unit-code', 'city', '--time', 'year', '--batches', '1-4', '--format', 'json'],
  ];
  const outs: Record<string, any>[] = [];
  for (const argv of cases) {
    const r = await run(argv);
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
    const json = JSON.parse(r.out);
    assert.ok(validate(json), `${argv.join(' ')}: ${JSON.stringify((validate as any).errors)}`);
    assert.equal(json.command, 'registry');
    outs.push(json);
  }
  const z = outs[0]!;
  assert.equal(z.zones.length, 165);
  assert.deepEqual(z.count_by_batch, { 1: 1, 2: 12, 3: 22, 4: 24, 5: 46, 6: 27, 7: 33 });
  for (const k of ['zone_id', 'batch', 'approval_date', 'doc_no', 'city_code', 'name_zh', 'name_en', 'province', 'level', 'status', 'confidence']) assert.ok(k in z.zones[0], k);
  assert.equal(z.zones[0].name_en, 'Hangzhou');
  assert.deepEqual(outs[1]!.zones.map((x: any) => x.name_en).sort(), ['Alashankou', 'Haikou', 'Sanya']);
  for (const k of ['code', 'name_zh', 'name_en', 'province', 'region', 'coastal', 'admin_rank', 'lat', 'lon', 'cbec_batch']) assert.ok(k in outs[2]!.cities[0], k);
  const rows = outs[4]!.rows;
  assert.deepEqual(rows.map((r: any) => [r.city, r.year, r.cbec_cohort, r.cbec_treated]), [[440600, 2018, 2019, 0], [440600, 2019, 2019, 1], [110000, 2017, 2018, 0], [110000, 2018, 2018, 1]]);
});

test('registry treatment --out writes the panel with the new columns as CSV', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pz-registry-'));
  const data = join(dir, 'panel.csv');
  const outFile = join(dir, 'out.csv');
  writeFileSync(data, 'code,year,y\n330100,2014,1.5\n330100,2015,2.5\n');
  const r = await run(['registry', 'treatment', '--data', data, '--unit-code', 'code', '--time', 'year', '--format', 'csv', '--out', outFile]);
  assert.equal(r.code, 0, r.err);
  assert.equal(readFileSync(outFile, 'utf8'), 'code,year,y,cbec_cohort,cbec_treated\n330100,2014,1.5,2015,0\n330100,2015,2.5,2015,1\n');
});

test('registry bad inputs exit 2 with a named error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pz-registry-'));
  const data = join(dir, 'panel.csv');
  writeFileSync(data, 'code,year\n330100,2014\n777777,2015\n');
  const cases: [string[], string, string][] = [
    [['registry', 'zones', '--batch', '9'], 'E_UNKNOWN_BATCH', '--batch'],
    [['registry', 'zones', '--as-of', '2019-02-31'], 'E_BAD_DATE', '--as-of'],
    [['registry', 'zones', '--status', 'gone'], 'E_OPTION', '--status'],
    [['registry', 'towns'], 'E_OPTION', 'towns'],
    [['registry'], 'E_OPTION', 'subcommand'],
    [['registry', 'cities', '--region', 'south'], 'E_OPTION', 'regions'],
    [['registry', 'treatment', '--data', data, '--unit-code', 'code', '--time', 'year'], 'E_UNKNOWN_CITY', '777777'],
    [['registry', 'treatment', '--data', data, '--time', 'year'], 'E_OPTION', '--unit-code'],
    [['registry', 'treatment', '--data', data, '--unit-code', 'code', '--time', 'year', '--cutoff', '7/1'], 'E_BAD_DATE', '--cutoff'],
  ];
  for (const [argv, code, named] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.ok(r.err.includes(`[${code}]`), `${argv.join(' ')}: ${r.err}`);
    assert.ok(r.err.includes(named), `${argv.join(' ')} should name ${named}: ${r.err}`);
  }
});
