import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateCityPanel, loadCityPanel } from '../../src/data/embedded/index.js';
import { numericColumn } from '../../src/data/table.js';
import { cellEffects, meanOver } from '../../src/studies/truth.js';

test('panel minus Y(0) twin reproduces the stored truth table of a planted outcome exactly', () => {
  const p = loadCityPanel();
  const y0 = generateCityPanel({ effects: 'none' });
  const lg = (t: typeof p.table) => t.withColumn(numericColumn('ly', t.numeric('intl_express').map(Math.log)));
  const e = cellEffects(lg(p.table), lg(y0.table), ['code', 'year'], 'ly');
  const want = new Map<string, number>();
  const tc = p.truth.column('code'), to = p.truth.column('outcome'), ty = p.truth.numeric('year'), te = p.truth.numeric('effect');
  for (let i = 0; i < p.truth.nrows; i++) {
    if (to.kind === 'string' && to.levels[to.codes[i]!] === 'intl_express' && tc.kind === 'string') want.set(`${tc.levels[tc.codes[i]!]}|${ty[i]}`, te[i]!);
  }
  const code = p.table.column('code'), year = p.table.numeric('year');
  let n = 0;
  for (let i = 0; i < p.table.nrows; i++) {
    const k = code.kind === 'string' ? `${code.levels[code.codes[i]!]}|${year[i]}` : '';
    const w = want.get(k) ?? 0;
    assert.ok(Math.abs(e[i]! - w) < 1e-12, `${k}: ${e[i]} vs ${w}`);
    if (w !== 0) n++;
  }
  assert.ok(n > 500);
  assert.equal(meanOver(e, (i) => year[i]! < 2015), 0);
});

test('meanOver skips missing effects and returns NaN for an empty selection', () => {
  const e = Float64Array.from([1, NaN, 3]);
  assert.equal(meanOver(e, () => true), 2);
  assert.ok(Number.isNaN(meanOver(e, () => false)));
});
