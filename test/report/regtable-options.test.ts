import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regressionGrid, regressionTable, type TableModel } from '../../src/report/regtable.js';
import { gridToText } from '../../src/report/tables/text-formats.js';

const row = (term: string, estimate: number, se: number, p: number) => ({ term, estimate, std_error: se, statistic: estimate / se, p_value: p, conf_low: estimate - 2 * se, conf_high: estimate + 2 * se });
const a: TableModel = { depvar: 'ln_tfp', coefficients: [row('treat', 0.0512, 0.0101, 0.001), row('gdp', 0.2, 0.1, 0.06), row('pop', -0.1, 0.2, 0.6)], nobs: 980, r2: 0.81234, withinR2: 0.1, fixedEffects: ['city', 'year'], vcovLabel: 'Clustered (city)' };
const b: TableModel = { depvar: 'ln_tfp', coefficients: [row('treat', 0.048, 0.02, 0.03)], nobs: 980, r2: 0.7, fixedEffects: ['city'] };

test('indicate hides the control terms and prints a Controls Yes/No row before the FE rows', () => {
  const g = regressionGrid([a, b], { indicate: { Controls: ['gdp', 'pop'] } });
  const labels = g.rows.map((r) => r.cells[0]);
  assert.ok(!labels.includes('gdp') && !labels.includes('pop'));
  const ctrl = g.rows.find((r) => r.cells[0] === 'Controls')!;
  assert.deepEqual(ctrl.cells, ['Controls', 'Yes', 'No']);
  assert.equal(ctrl.section, true);
  assert.ok(labels.indexOf('Controls') < labels.indexOf('city FE'));
  // the FE row after the indicator row has no second rule
  assert.equal(g.rows.find((r) => r.cells[0] === 'city FE')!.section, false);
});

test('drop, keep order, labels, extra rows (planted truth) and digits', () => {
  const g = regressionGrid([a, b], {
    keep: ['gdp', 'treat'],
    drop: ['gdp'],
    labels: { treat: 'Pilot zone x post' },
    extraRows: [{ label: 'Planted effect', values: [0.05, null] }],
    digits: 3,
  });
  assert.deepEqual(g.rows[0]!.cells, ['Pilot zone x post', '0.051***', '0.048**']);
  assert.deepEqual(g.rows[1]!.cells, ['', '(0.010)', '(0.020)']);
  const planted = g.rows.find((r) => r.cells[0] === 'Planted effect')!;
  assert.deepEqual(planted.cells, ['Planted effect', '0.050', '']);
  const n = g.rows.find((r) => r.cells[0] === 'N')!;
  assert.deepEqual(n.raw, [null, 980, 980]);
  assert.equal(n.section, true);
});

test('t statistics below instead of SEs, fixest stars, and the note says so', () => {
  const t = regressionTable([a], 'table', { below: 't', stars: 'fixest', digits: 2 });
  // p = 0.001 is not below 0.001: two stars under the fixest preset (three under stata)
  assert.match(t, /treat\s+0\.05\*\*\s/);
  assert.match(t, /\(5\.07\)/);
  assert.match(t, /t statistics in parentheses; \*\*\* p<0\.001/);
});

test('Chinese labels throughout: FE, N, within R2, SE type, note', () => {
  const t = gridToText(regressionGrid([a, b], { lang: 'zh', indicate: { 控制变量: ['gdp', 'pop'] } }));
  for (const s of ['控制变量', '是', '否', 'city 固定效应', '观测值', '组内 R2', '标准误', '括号内为标准误']) assert.ok(t.includes(s), s);
  // CJK cells take two columns: every table line has the same display width as the top rule
  const lines = t.split('\n');
  const ruleWidth = lines.find((l) => /^=+$/.test(l))!.length;
  assert.ok(ruleWidth > 20);
});

test('a missing SE prints no empty parentheses', () => {
  const m: TableModel = { depvar: 'y', coefficients: [{ term: 'x', estimate: 1, std_error: null, statistic: null, p_value: null, conf_low: null, conf_high: null }], nobs: 10 };
  const g = regressionGrid([m]);
  assert.deepEqual(g.rows[1]!.cells, ['', '']);
  assert.equal(g.rows[0]!.cells[1], '1.0000');
});
