import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regressionTable, starsFor, type TableModel } from '../../src/report/regtable.js';

const m1: TableModel = {
  depvar: 'y',
  coefficients: [
    { term: 'x', estimate: 0.5, std_error: 0.1, statistic: 5, p_value: 0.004, conf_low: 0.3, conf_high: 0.7 },
    { term: 'z_1', estimate: -1.25, std_error: 0.5, statistic: -2.5, p_value: 0.04, conf_low: -2.2, conf_high: -0.3 },
  ],
  nobs: 630,
  r2: 0.9,
  withinR2: 0.5,
  fixedEffects: ['city', 'year'],
  vcovLabel: 'Clustered (city)',
};
const m2: TableModel = { depvar: 'y', coefficients: [{ term: 'x', estimate: 0.4, std_error: 0.3, statistic: 1.33, p_value: 0.2, conf_low: -0.2, conf_high: 1 }], nobs: 630, r2: 0.8, fixedEffects: ['city'] };

test('star presets', () => {
  assert.equal(starsFor(0.004, 'stata'), '***');
  assert.equal(starsFor(0.04, 'stata'), '**');
  assert.equal(starsFor(0.07, 'stata'), '*');
  assert.equal(starsFor(0.2, 'stata'), '');
  assert.equal(starsFor(0.004, 'fixest'), '**');
  assert.equal(starsFor(0.0004, 'fixest'), '***');
  assert.equal(starsFor(null, 'stata'), '');
});

test('plain and markdown tables carry coefficients, SEs, FE rows and N', () => {
  const t = regressionTable([m1, m2], 'table');
  assert.match(t, /x\s+0\.5000\*\*\*\s+0\.4000/);
  assert.match(t, /\(0\.1000\)\s+\(0\.3000\)/);
  assert.match(t, /year FE\s+Yes\s+No/);
  assert.match(t, /N\s+630\s+630/);
  const md = regressionTable([m1], 'md');
  assert.match(md, /\| x \| 0\.5000\\\*\\\*\\\* \|/);
});

test('LaTeX is booktabs with escaped names; HTML escapes; CSV is tidy', () => {
  const tex = regressionTable([m1], 'latex');
  assert.match(tex, /\\toprule/);
  assert.match(tex, /z\\_1/);
  assert.match(tex, /0\.5000\$\^\{\*\*\*\}\$/);
  const h = regressionTable([{ ...m1, depvar: 'a<b' }], 'html');
  assert.match(h, /a&lt;b/);
  const csv = regressionTable([m1, m2], 'csv').split('\n');
  assert.equal(csv.length, 4);
  assert.equal(csv[1], '1,y,x,0.5,0.1,5,0.004,0.3,0.7');
});

test('Chinese labels', () => {
  const t = regressionTable([m1], 'table', { lang: 'zh' });
  assert.match(t, /观测值/);
  assert.match(t, /city 固定效应\s+是/);
});
