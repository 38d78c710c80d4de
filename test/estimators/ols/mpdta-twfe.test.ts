/**
 * fixest agreement on the did `mpdta` panel (../shared/validation/did-mpdta): the TWFE blocks under every
 * small-sample convention fixest's JSON lists, and the event study with hand-built relative-time dummies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Table } from '../../../src/data/table.js';
import { FeolsResult } from '../../../src/estimators/ols/result.js';
import type { SscSpec, VcovInput } from '../../../src/estimators/ols/options.js';
import { needsValidation, validationJson, validationPath } from '../../helpers/validation.js';
import { handDesign, readNumericCsv } from './hand-design.js';
import { compareWithFixest } from './peer-compare.js';

function load(): Record<string, Float64Array> {
  const d = readNumericCsv(readFileSync(validationPath('did-mpdta', 'data.csv')!, 'utf8'));
  const n = d.year!.length;
  const tp = new Float64Array(n);
  for (let i = 0; i < n; i++) tp[i] = d['first.treat']![i]! > 0 && d.year![i]! >= d['first.treat']![i]! ? 1 : 0;
  return { ...d, treat_post: tp };
}

const CASES: Record<string, { vcov: VcovInput; ssc?: SscSpec }> = {
  cluster_default: { vcov: { type: 'cluster', cluster: ['countyreal'] } },
  cluster_K_fixef_none: { vcov: 'cluster', ssc: { kFixef: 'none' } },
  cluster_K_fixef_full: { vcov: 'cluster', ssc: { kFixef: 'full' } },
  cluster_no_K_adj: { vcov: 'cluster', ssc: { kAdj: false } },
  cluster_no_adj_at_all: { vcov: 'cluster', ssc: { kAdj: false, gAdj: false } },
  iid: { vcov: 'iid' },
  hetero: { vcov: 'hetero' },
};

test('mpdta TWFE: every ssc/vcov block of fixest 0.14 (coef 1e-8, SE 1e-6, R2 1e-8)', needsValidation('did-mpdta'), () => {
  const exp = validationJson('did-mpdta', 'expected.json').twfe;
  const table = Table.fromColumns(load());
  const design = handDesign(table, { y: 'lemp', x: ['treat_post'], fe: ['countyreal', 'year'] });
  const base = FeolsResult.fit(design);
  assert.equal(base.variance.label, 'Clustered (countyreal)', 'default vcov clusters by the first FE');
  // CI with the t(499) quantile: b -+ 1.964729 * se
  const ci = base.confint(0.95).treat_post!;
  const b = base.coef().treat_post!, se = base.se().treat_post!;
  assert.ok(Math.abs((ci[1] - b) / se - 1.9647293) < 1e-6, `t quantile ${(ci[1] - b) / se}`);
  assert.ok(Math.abs(base.pvalue().treat_post! - exp.cluster_default.p.treat_post) < 1e-10);
  for (const [name, c] of Object.entries(CASES)) {
    const r = base.vcov(c.vcov, c.ssc ?? {});
    const worst = compareWithFixest(r, exp[name], `mpdta ${name}`);
    console.log(`mpdta ${name}: worst rel. diff coef ${worst.coef.toExponential(1)}, se ${worst.se.toExponential(1)}, r2 ${worst.r2.toExponential(1)}`);
  }
});

test('mpdta: the Stata (reghdfe) preset equals fixest on this connected panel (same K, G, SEs)', needsValidation('did-mpdta'), () => {
  const exp = validationJson('did-mpdta', 'expected.json').twfe;
  const r = FeolsResult.fit(handDesign(Table.fromColumns(load()), { y: 'lemp', x: ['treat_post'], fe: ['countyreal', 'year'] }), { ssc: 'stata' });
  assert.equal(r.variance.ssc.preset, 'stata');
  compareWithFixest(r, exp.cluster_default, 'mpdta stata preset');
  compareWithFixest(r.vcov('iid'), exp.iid, 'mpdta stata iid');
});

test('mpdta event study with hand-built rel-time dummies equals fixest i(rel, ref = c(-1, -1000))', needsValidation('did-mpdta'), () => {
  const exp = validationJson('did-mpdta', 'expected.json').event_study_i;
  const d = load();
  const n = d.year!.length;
  const extra: Record<string, Float64Array> = {};
  for (const e of [-4, -3, -2, 0, 1, 2, 3]) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = d['first.treat']![i]! > 0 && d.year![i]! - d['first.treat']![i]! === e ? 1 : 0;
    extra[`rel::${e}`] = v;
  }
  const r = FeolsResult.fit(handDesign(Table.fromColumns(d), { y: 'lemp', fe: ['countyreal', 'year'], extra }));
  compareWithFixest(r, exp, 'mpdta event study');
});
