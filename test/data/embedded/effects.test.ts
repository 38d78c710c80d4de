import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EFFECTS, generateCityPanel, loadCityPanel, plantedEffect } from '../../../src/data/embedded/index.js';
import { didInMeans, rowIndex } from './helpers.js';

const panel = loadCityPanel();
const twin = generateCityPanel({ effects: 'none' });

test('log(Y) - log(Y(0)) is exactly the truth table, and zero elsewhere', () => {
  const outcomes = [...Object.keys(DEFAULT_EFFECTS.outcomes), 'intl_express_pc'];
  const idx = rowIndex(panel.table);
  const expected = new Map<string, number>();
  for (const r of panel.truth.toObjects()) expected.set(`${r['outcome']}|${r['code']}|${r['year']}`, r['effect'] as number);
  assert.ok(expected.size > 1000);
  for (const o of outcomes) {
    const y = panel.table.numeric(o), y0 = twin.table.numeric(o);
    for (const [key, i] of idx) {
      const tau = expected.get(`${o}|${key}`) ?? 0;
      assert.ok(Math.abs(Math.log(y[i]!) - Math.log(y0[i]!) - tau) < 1e-12, `${o} ${key}`);
    }
  }
  // Outcomes without a planted effect are identical to Y(0).
  for (const o of ['patents', 'deposits', 'students', 'fixed_investment']) assert.deepEqual(panel.table.numeric(o), twin.table.numeric(o), o);
});

test('planted effects are heterogeneous by batch and dynamic in event time', () => {
  const rows = panel.truthByBatch.filter((r) => r.outcome === 'intl_express');
  const at = (b: number, e: number) => rows.find((r) => r.batch === b && r.event_time === e)!.effect;
  assert.ok(at(2, 0) < at(2, 1) && at(2, 1) < at(2, 2), 'ramps up over three years');
  assert.ok(Math.abs(at(2, 2) - at(2, 5)) < 1e-12, 'flat after the ramp');
  assert.ok(at(2, 3) > at(5, 3) && at(5, 3) > 0, 'earlier batches gain more');
  // The formula: batch-2 mean at full ramp = size * m_batch * mean(m_region * u_i).
  const tfp = panel.truthByBatch.filter((r) => r.outcome === 'industrial_output' && r.batch === 3);
  assert.ok(tfp.length >= 5);
  for (let k = 1; k < tfp.length; k++) assert.ok(Math.abs(tfp[k]!.effect / tfp[0]!.effect - (tfp[k]!.event_time + 1)) < 1e-9, 'TFP effect grows linearly');
  assert.equal(plantedEffect({ size: 0.3, kind: 'level', rampYears: 3 }, DEFAULT_EFFECTS, 4, 'east', 1, -1), 0);
  assert.ok(Math.abs(plantedEffect({ size: 0.3, kind: 'level', rampYears: 3 }, DEFAULT_EFFECTS, 4, 'east', 1, 0) - 0.3 * 0.9 * 1.2 / 3) < 1e-15);
});

test('a difference in means recovers the planted effect on international express per capita, batch by batch', () => {
  for (const batch of [2, 3, 4, 5]) {
    const est = didInMeans(panel.table, panel.table.numeric('intl_express_pc'), batch);
    const rows = panel.truthByBatch.filter((r) => r.outcome === 'intl_express_pc' && r.batch === batch);
    // Balanced panel: the truth of the post-minus-pre difference is the mean planted effect over post cells.
    const truth = rows.reduce((s, r) => s + r.effect * r.n, 0) / rows.reduce((s, r) => s + r.n, 0);
    assert.ok(Math.abs(est.estimate - truth) < 4 * est.se, `batch ${batch}: estimate ${est.estimate.toFixed(3)} (SE ${est.se.toFixed(3)}), truth ${truth.toFixed(3)}`);
    assert.ok(truth > 3 * est.se, `batch ${batch}: the effect is large enough to be seen`);
    const placebo = didInMeans(twin.table, twin.table.numeric('intl_express_pc'), batch);
    assert.ok(Math.abs(placebo.estimate) < 4 * placebo.se, `batch ${batch}: no effect in Y(0) (${placebo.estimate.toFixed(3)})`);
  }
});

test('the TFP effect is recovered on the Solow residual of industrial output', () => {
  const t = panel.table, q = t.numeric('industrial_output'), k = t.numeric('capital_stock_pim'), l = t.numeric('employees');
  const tfp = q.map((x, i) => x / (k[i]! ** 0.4 * l[i]! ** 0.6));
  for (const batch of [2, 3, 5]) {
    const est = didInMeans(t, tfp, batch);
    const rows = panel.truthByBatch.filter((r) => r.outcome === 'industrial_output' && r.batch === batch);
    const truth = rows.reduce((s, r) => s + r.effect * r.n, 0) / rows.reduce((s, r) => s + r.n, 0);
    assert.ok(Math.abs(est.estimate - truth) < 4 * est.se, `batch ${batch}: ${est.estimate.toFixed(4)} vs ${truth.toFixed(4)} (SE ${est.se.toFixed(4)})`);
  }
});

test('custom effects: zero effects reproduce Y(0); a bigger effect is planted as specified', () => {
  const zero = generateCityPanel({ effects: { outcomes: {} } });
  assert.deepEqual(zero.table.numeric('intl_express'), twin.table.numeric('intl_express'));
  assert.equal(zero.truth.nrows, 0);
  const big = generateCityPanel({ effects: { outcomes: { patents: { size: 0.5, kind: 'level', rampYears: 1 } }, cityHeterogeneitySd: 0, batchMultiplier: { 4: 1 }, regionMultiplier: { east: 1 } } });
  const idx = rowIndex(big.table);
  const i = idx.get('440600|2020')!; // Foshan, batch 4, east, treated from 2019
  assert.ok(Math.abs(Math.log(big.table.numeric('patents')[i]! / twin.table.numeric('patents')[i]!) - 0.5) < 1e-12);
  assert.deepEqual(big.table.numeric('intl_express'), twin.table.numeric('intl_express'));
});

test('synchronisation option: treated cities co-move more after treatment, and the truth stays exact', () => {
  const sync = generateCityPanel({ effects: { syncWeight: 0.8 } });
  const idx = rowIndex(sync.table);
  const expected = new Map<string, number>();
  for (const r of sync.truth.toObjects()) if (r['outcome'] === 'exports') expected.set(`${r['code']}|${r['year']}`, r['effect'] as number);
  const y = sync.table.numeric('exports'), y0 = twin.table.numeric('exports');
  for (const [key, i] of idx) assert.ok(Math.abs(Math.log(y[i]! / y0[i]!) - (expected.get(key) ?? 0)) < 1e-12, key);
  // Co-movement: mean pairwise correlation of demeaned log fixed investment (cycle loading 1.2, no planted
  // effect) among batch-2 cities over 2017-2023, when their cycles are mixed with the common zone cycle.
  const corr = (p: typeof sync) => {
    const t = p.table, b = t.numeric('cbec_batch'), yr = t.numeric('year'), v = t.numeric('fixed_investment');
    const code = t.column('code');
    assert.ok(code.kind === 'string');
    const series = new Map<number, number[]>();
    for (let i = 0; i < t.nrows; i++) if (b[i] === 2 && yr[i]! >= 2017) (series.get(code.codes[i]!) ?? series.set(code.codes[i]!, []).get(code.codes[i]!)!).push(Math.log(v[i]!));
    const cen = [...series.values()].map((x) => {
      const m = x.reduce((a, z) => a + z, 0) / x.length;
      return x.map((z) => z - m);
    });
    let s = 0, n = 0;
    for (let a = 0; a < cen.length; a++) for (let c = a + 1; c < cen.length; c++) {
      const xa = cen[a]!, xc = cen[c]!;
      const num = xa.reduce((acc, z, k) => acc + z * xc[k]!, 0);
      const den = Math.sqrt(xa.reduce((acc, z) => acc + z * z, 0) * xc.reduce((acc, z) => acc + z * z, 0));
      s += num / den;
      n++;
    }
    return s / n;
  };
  assert.ok(corr(sync) > corr(twin), `synchronised ${corr(sync).toFixed(3)} vs Y(0) ${corr(twin).toFixed(3)}`);
});
