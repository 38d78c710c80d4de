/**
 * fixest agreement on ../shared/validation/hdfe-sim: the city panel (with and without controls) and the
 * city-pair panel (one-way cluster by pair, two-way by city_i + city_j with G.df = "min", one-way by city_i,
 * and singletons kept with fixef.rm = "none").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Table } from '../../../src/data/table.js';
import { FeolsResult } from '../../../src/estimators/ols/result.js';
import { needsValidation, validationJson, validationPath } from '../../helpers/validation.js';
import { handDesign, readNumericCsv } from './hand-design.js';
import { compareWithFixest } from './peer-compare.js';

const CONTROLS = ['lngdp', 'lnpop', 'ind2_share', 'lnfdi', 'internet', 'lnfiscal'];

test('city panel: TWFE with and without controls, clustered by city (fixest 0.14)', needsValidation('hdfe-sim'), () => {
  const exp = validationJson('hdfe-sim', 'expected.json').city_panel;
  const t = Table.fromColumns(readNumericCsv(readFileSync(validationPath('hdfe-sim', 'city_panel.csv')!, 'utf8')));
  const r1 = FeolsResult.fit(handDesign(t, { y: 'y', x: ['treat_post', ...CONTROLS], fe: ['city_id', 'year'] }));
  compareWithFixest(r1, exp.twfe_controls_cluster_city, 'city controls');
  const r2 = FeolsResult.fit(handDesign(t, { y: 'y', x: ['treat_post'], fe: ['city_id', 'year'] }));
  compareWithFixest(r2, exp.twfe_nocontrols_cluster_city, 'city no controls');
});

test('pair panel: singletons, one-way and two-way clustering, fixef.rm = none (fixest 0.14)', needsValidation('hdfe-sim'), () => {
  const exp = validationJson('hdfe-sim', 'expected.json').pair_panel;
  const t = Table.fromColumns(readNumericCsv(readFileSync(validationPath('hdfe-sim', 'pair_panel.csv')!, 'utf8')));
  const spec = { y: 'y', x: ['policy', 'lngdp_i', 'lngdp_j', 'lnpop_i', 'lnpop_j', 'tariff'], fe: ['pair_id', 'year'], cluster: ['pair_id', 'city_i', 'city_j'] };
  const design = handDesign(t, spec);
  const r = FeolsResult.fit(design, { vcov: { type: 'cluster', cluster: ['pair_id'] } });
  assert.equal(r.fit.removed.singletons, 150);
  const lines: string[] = [];
  const show = (name: string, w: { coef: number; se: number; r2: number }) => lines.push(`${name}: coef ${w.coef.toExponential(1)}, se ${w.se.toExponential(1)}, r2 ${w.r2.toExponential(1)}`);
  show('twfe_cluster_pair', compareWithFixest(r, exp.twfe_cluster_pair, 'pair cluster'));
  show('twoway', compareWithFixest(r.vcov({ type: 'cluster', cluster: ['city_i', 'city_j'] }), exp.twfe_twoway_cluster_city_i_city_j, 'pair twoway'));
  show('city_i', compareWithFixest(r.vcov({ type: 'cluster', cluster: ['city_i'] }), exp.twfe_cluster_city_i_only, 'pair city_i'));
  const rk = FeolsResult.fit(design, { vcov: { type: 'cluster', cluster: ['pair_id'] }, fixefRm: 'none' });
  assert.equal(rk.fit.removed.singletons, 0);
  show('kept pair', compareWithFixest(rk, exp.singletons_kept_fixef_rm_none_cluster_pair, 'kept pair'));
  show('kept twoway', compareWithFixest(rk.vcov({ type: 'cluster', cluster: ['city_i', 'city_j'] }), exp.singletons_kept_fixef_rm_none_twoway_cluster, 'kept twoway'));
  console.log(lines.join('\n'));
});
