/** feols through the formula layer (`buildDesign`): the same numbers as the hand-built designs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Table } from '../../../src/data/table.js';
import { buildDesign } from '../../../src/formula/design.js';
import { FeolsResult } from '../../../src/estimators/ols/result.js';
import { needsValidation, validationJson, validationPath } from '../../helpers/validation.js';
import { readNumericCsv } from './hand-design.js';
import { compareWithFixest } from './peer-compare.js';

test('formula "y ~ treat_post + controls | city_id + year" through buildDesign matches fixest', needsValidation('hdfe-sim'), () => {
  const exp = validationJson('hdfe-sim', 'expected.json').city_panel;
  const t = Table.fromColumns(readNumericCsv(readFileSync(validationPath('hdfe-sim', 'city_panel.csv')!, 'utf8')));
  const d = buildDesign(t, 'y ~ treat_post + lngdp + lnpop + ind2_share + lnfdi + internet + lnfiscal | city_id + year');
  compareWithFixest(FeolsResult.fit(d), exp.twfe_controls_cluster_city, 'formula city');
});

test('formula with cluster option and i()-free event dummies on mpdta', needsValidation('did-mpdta'), () => {
  const exp = validationJson('did-mpdta', 'expected.json').twfe;
  const raw = readNumericCsv(readFileSync(validationPath('did-mpdta', 'data.csv')!, 'utf8'));
  const n = raw.year!.length;
  const tp = new Float64Array(n);
  for (let i = 0; i < n; i++) tp[i] = raw['first.treat']![i]! > 0 && raw.year![i]! >= raw['first.treat']![i]! ? 1 : 0;
  const t = Table.fromColumns({ lemp: raw.lemp!, countyreal: raw.countyreal!, year: raw.year!, treat_post: tp });
  const d = buildDesign(t, 'lemp ~ treat_post | countyreal + year', { cluster: ['countyreal'] });
  const r = FeolsResult.fit(d);
  compareWithFixest(r, exp.cluster_default, 'formula mpdta');
  compareWithFixest(r.vcov('hetero'), exp.hetero, 'formula mpdta hetero');
  const j = r.toJSON();
  assert.equal(j.formula, 'lemp ~ treat_post | countyreal + year');
  assert.deepEqual(j.vcov && (j.vcov as any).cluster, ['countyreal']);
  assert.deepEqual(j.fixed_effects, [{ name: 'countyreal', levels: 500 }, { name: 'year', levels: 5 }]);
});

test('toJSON validates against the CLI contract schema; summary prints like fixest', needsValidation('hdfe-sim'), async () => {
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  const schema = JSON.parse(readFileSync(validationPath('', '')!.replace(/validation\/?$/, 'contracts/cli-json.schema.json'), 'utf8'));
  const t = Table.fromColumns(readNumericCsv(readFileSync(validationPath('hdfe-sim', 'city_panel.csv')!, 'utf8')));
  const r = FeolsResult.fit(buildDesign(t, 'y ~ treat_post + lngdp | city_id + year'));
  const ajv = new (Ajv2020 as any)({ strict: false });
  const validate = ajv.compile(schema);
  const obj = { ...r.toJSON(), timing: { load_s: 0, compute_s: 0 } };
  assert.ok(validate(obj), JSON.stringify(validate.errors));
  const s = r.summary();
  for (const piece of ['OLS estimation, Dep. Var.: y', 'Observations: 630', 'Fixed-effects: city_id: 70,  year: 9', 'Standard-errors: Clustered (city_id)', 'treat_post', 'Within R2', 'Signif. codes']) {
    assert.ok(s.includes(piece), `summary lacks "${piece}":\n${s}`);
  }
});
