import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFormula } from '../../src/formula/parse.js';
import { FormulaError } from '../../src/formula/errors.js';

test('terms, intercept, fixed effects and combinations', () => {
  const f = parseFormula('y ~ x1 + x2 + log(x3) + x1:x2 | fe1 + fe2 + fe1^fe2');
  assert.equal(f.lhsLabel, 'y');
  assert.deepEqual(f.terms.map((t) => t.label), ['x1', 'x2', 'log(x3)', 'x1:x2']);
  assert.equal(f.intercept, true);
  assert.deepEqual(f.fixef.map((x) => x.label), ['fe1', 'fe2', 'fe1^fe2']);
  assert.equal(f.iv, undefined);
});

test('no intercept: 0 + x and x - 1', () => {
  assert.equal(parseFormula('y ~ 0 + x').intercept, false);
  assert.equal(parseFormula('y ~ x - 1').intercept, false);
  assert.equal(parseFormula('y ~ 1').terms.length, 0);
  assert.equal(parseFormula('y ~ 1').intercept, true);
});

test('a*b expands to a + b + a:b; duplicates and removals', () => {
  assert.deepEqual(parseFormula('y ~ a*b').terms.map((t) => t.label), ['a', 'b', 'a:b']);
  assert.deepEqual(parseFormula('y ~ a + b + a - b').terms.map((t) => t.label), ['a']);
});

test('i() with ref vector and an interacted variable', () => {
  const f = parseFormula('lemp ~ i(rel, ref = c(-1, -1000)) | countyreal + year');
  assert.equal(f.terms[0]!.label, 'i(rel, ref = c(-1, -1000))');
  const g = parseFormula('y ~ i(period, treat, ref = 5)');
  assert.equal(g.terms[0]!.factors[0]!.kind, 'call');
});

test('IV part with and without fixed effects', () => {
  const a = parseFormula('y ~ x | fe | endog ~ z1 + z2');
  assert.deepEqual(a.fixef.map((x) => x.label), ['fe']);
  assert.deepEqual(a.iv!.endog.map((t) => t.label), ['endog']);
  assert.deepEqual(a.iv!.instruments.map((t) => t.label), ['z1', 'z2']);
  const b = parseFormula('y ~ 1 | endog ~ z');
  assert.equal(b.fixef.length, 0);
  assert.equal(b.terms.length, 0);
  assert.deepEqual(b.iv!.instruments.map((t) => t.label), ['z']);
});

test('names with dots, unicode and backticks; arithmetic in I()', () => {
  const f = parseFormula('log(y) ~ first.treat + 人口 + `gdp per cap` + I(x^2 / 3)');
  assert.deepEqual(f.terms.map((t) => t.label), ['first.treat', '人口', 'gdp per cap', 'I(x^2/3)']);
  assert.equal(f.lhsLabel, 'log(y)');
});

function errAt(text: string): { pos: number; msg: string } {
  try {
    parseFormula(text);
  } catch (e) {
    assert.ok(e instanceof FormulaError, String(e));
    assert.equal(e.code, 'E_FORMULA');
    return { pos: (e.details as { position: number }).position, msg: e.describe() };
  }
  assert.fail(`no error for ${text}`);
}

test('parse errors point at the offending token', () => {
  assert.match(errAt('y x').msg, /no "~"/);
  assert.equal(errAt('y ~ x + + z').pos, 9);
  assert.match(errAt('y ~ foo(x)').msg, /unknown function "foo"/);
  assert.equal(errAt('y ~ foo(x)').pos, 5);
  assert.match(errAt('y ~ log(x').msg, /missing "\)"/);
  assert.match(errAt('y ~ x^2').msg, /I\(x\^2\)/);
  assert.match(errAt('y ~ x | fe1 * fe2').msg, /unexpected "\*" in the fixed effects/);
  assert.match(errAt('~ x').msg, /nothing on the left/);
  assert.match(errAt('y ~ ').msg, /nothing on the right/);
  assert.match(errAt('y ~ x $ z').msg, /unexpected character "\$"/);
  assert.match(errAt('').msg, /empty/);
});
