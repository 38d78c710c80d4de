/** Staggered adoption: partially pooled SCM (Ben-Michael, Feller & Rothstein 2022). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numericColumn, Table } from '../../../src/data/table.js';
import { conformalIntervals } from '../../../src/estimators/scm/conformal.js';
import { multisynth } from '../../../src/estimators/scm/multisynth.js';
import { synth } from '../../../src/estimators/scm/synth.js';
import { Rng } from '../../../src/stats/rng.js';
import { factorPanel } from './helpers.js';

/** Factor-model panel, units u000..u005 adopting in 2010, 2010, 2012, 2012, 2014, 2014; effect 1 + 0.5 e. */
function staggered(seed: number, nUnits = 36): Table {
  const rng = new Rng(seed);
  const T = 18;
  const adopt = [2010, 2010, 2012, 2012, 2014, 2014];
  const mu = Array.from({ length: nUnits }, () => [rng.normal(), rng.normal()]);
  const lam = Array.from({ length: T }, (_, t) => [1 + 0.3 * Math.sin(t), 0.5 + 0.1 * t]);
  const unit: string[] = [];
  const time: number[] = [];
  const y: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < nUnits; i++) {
    for (let t = 0; t < T; t++) {
      const yr = 2000 + t;
      const treated = i < adopt.length && yr >= adopt[i]!;
      unit.push(`u${String(i).padStart(3, '0')}`);
      time.push(yr);
      y.push(1 + 0.05 * t + lam[t]![0]! * mu[i]![0]! + lam[t]![1]! * mu[i]![1]! + 0.1 * rng.normal() + (treated ? 1 + 0.5 * (yr - adopt[i]!) : 0));
      d.push(treated ? 1 : 0);
    }
  }
  return Table.fromColumns({ unit, time, y, d });
}

const O = { unit: 'unit', time: 'time', outcome: 'y', treatment: 'd' };

test('planted truth: ATT by event time recovers 1 + 0.5 e under staggered adoption; pre-adoption estimates are near 0', () => {
  const r = multisynth(staggered(4), { ...O, horizon: 3 });
  for (const row of r.eventStudy()) {
    const truth = row.eventTime >= 0 ? 1 + 0.5 * row.eventTime : 0;
    assert.ok(Math.abs(row.estimate - truth) < 0.25, `e = ${row.eventTime}: ${row.estimate} vs ${truth}`);
  }
  assert.ok(Math.abs(r.overall - (1 + 0.5 * 1.5)) < 0.2, `overall ${r.overall}`);
  assert.equal(r.fit.treated.length, 6);
  assert.ok(r.fit.nu >= 0 && r.fit.nu <= 1);
  for (const w of r.fit.weights) assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-9 && w.every((x) => x >= 0));
});

test('nu trades pooled against unit-level imbalance monotonically; nu = 1 minimises pooled imbalance', () => {
  const t = staggered(11);
  const fits = [0, 0.5, 1].map((nu) => multisynth(t, { ...O, nu, horizon: 2 }).fit);
  assert.ok(fits[1]!.qPool <= fits[0]!.qPool * (1 + 1e-6) && fits[2]!.qPool <= fits[1]!.qPool * (1 + 1e-6), fits.map((f) => f.qPool).join());
  assert.ok(fits[0]!.qSep <= fits[1]!.qSep * (1 + 1e-6) && fits[1]!.qSep <= fits[2]!.qSep * (1 + 1e-6), fits.map((f) => f.qSep).join());
  assert.equal(fits[0]!.qPool, fits[0]!.qPoolSep);
});

test('one treated unit without intercept: the separate fit equals the canonical SC of the conformal module', () => {
  const t = factorPanel({ nUnits: 15, nPre: 12, nPost: 3, seed: 6, effect: 1 });
  const u = t.column('unit');
  const tm = t.numeric('time');
  const d = new Float64Array(t.nrows);
  for (let i = 0; i < t.nrows; i++) d[i] = u.kind === 'string' && u.levels[u.codes[i]!] === 'u000' && tm[i]! >= 2012 ? 1 : 0;
  const m = multisynth(t.withColumn(numericColumn('d', d)), { ...O, intercept: false });
  const s = synth(t, { unit: 'unit', time: 'time', outcome: 'y', treated: 'u000', treatTime: 2012, predictors: ['y@2005'] });
  const c = conformalIntervals(s.setup.data, s.setup.times, s.fit.donors, { alpha: 0.5, gridPoints: 4 });
  c.periods.forEach((p, q) => assert.ok(Math.abs(p.estimate - m.fit.effects[0]![12 + q]!) < 1e-9, `${p.time}: ${p.estimate} vs ${m.fit.effects[0]![12 + q]}`));
});

test('jackknife over treated units; bad inputs are named errors', () => {
  const t = staggered(2, 24);
  const r = multisynth(t, { ...O, horizon: 2, se: 'jackknife' });
  assert.ok(r.jackknifeSe!.overall > 0 && r.jackknifeSe!.overall < 1, `SE ${r.jackknifeSe!.overall}`);
  assert.equal(r.tidy()[0]!.std_error, r.jackknifeSe!.overall);
  const j = r.toJSON() as any;
  assert.equal(j.by_event_time.length, r.fit.nLags + 3);
  assert.equal(j.units.length, 6);
  const dcol = t.numeric('d');
  const reversed = Float64Array.from(dcol, (v, i) => (i === 15 ? 0 : v));
  assert.throws(() => multisynth(t.withColumn(numericColumn('d', reversed)), O), (e: any) => e.code === 'E_SCM_TREATMENT_REVERSAL' && /u000/.test(e.message));
  assert.throws(() => multisynth(t.withColumn(numericColumn('d', new Float64Array(t.nrows))), O), (e: any) => e.code === 'E_SDID_NO_TREATED');
  assert.throws(() => multisynth(t, { ...O, nu: 2 }), (e: any) => e.code === 'E_OPTION' && /nu/.test(e.message));
  assert.throws(() => multisynth(t, { ...O, nLags: 40 }), (e: any) => e.code === 'E_OPTION' && /nLags/.test(e.message));
});
