import { test } from 'node:test';
import assert from 'node:assert/strict';
import { psmDid } from '../../../src/estimators/psm/psm-did.js';
import { Table, numericColumn } from '../../../src/data/table.js';
import { Rng } from '../../../src/stats/rng.js';
import { buildDesign } from '../../../src/formula/design.js';
import { FeolsResult } from '../../../src/estimators/ols/result.js';
import { PilotzoneError } from '../../../src/errors.js';

/** Panel where x raises both the chance of treatment and the outcome's trend: plain TWFE DID is biased. */
function panel(seed: number, units: number, periods: number): Table {
  const rng = new Rng(seed);
  const n = units * periods;
  const id = new Float64Array(n), year = new Float64Array(n), treat = new Float64Array(n), post = new Float64Array(n), x = new Float64Array(n), y = new Float64Array(n), did = new Float64Array(n);
  const g = Array.from({ length: periods }, () => rng.normal());
  for (let u = 0; u < units; u++) {
    const xi = rng.normal();
    const ti = rng.uniform() < 1 / (1 + Math.exp(-(-0.5 + 1.5 * xi))) ? 1 : 0;
    const ai = rng.normal() + xi;
    for (let t = 0; t < periods; t++) {
      const i = u * periods + t;
      id[i] = u + 1;
      year[i] = 2010 + t;
      treat[i] = ti;
      post[i] = t >= periods / 2 ? 1 : 0;
      x[i] = xi + 0.05 * rng.normal();
      did[i] = ti * post[i]!;
      y[i] = ai + g[t]! + 0.8 * xi * t + 1.5 * did[i]! + 0.5 * rng.normal();
    }
  }
  return new Table([numericColumn('id', id), numericColumn('year', year), numericColumn('treat', treat), numericColumn('post', post), numericColumn('x', x), numericColumn('did', did), numericColumn('y', y)]);
}

test('planted truth: TWFE DID is biased by an x-specific trend; PSM-DID (pooled and year-by-year) recovers 1.5', () => {
  const t = panel(77, 800, 6);
  const naive = FeolsResult.fit(buildDesign(t, 'y ~ did | id + year', { cluster: ['id'] }));
  const nb = naive.coef().did!;
  assert.ok(Math.abs(nb - 1.5) > 8 * naive.se().did!, `naive DID ${nb} should be biased`);
  for (const matchBy of ['pooled', 'period'] as const) {
    const r = psmDid(t, { unit: 'id', time: 'year', outcome: 'y', treatment: 'treat', post: 'post', covariates: ['x'], matchBy, replace: true, caliper: 0.05 });
    const est = r.did.coef()[Object.keys(r.did.coef())[0]!]!;
    const se = r.did.se()[Object.keys(r.did.se())[0]!]!;
    assert.ok(Math.abs(est - 1.5) < 3.5 * se + 0.05, `${matchBy}: ${est} (SE ${se})`);
    assert.ok(Math.abs(est - 1.5) < Math.abs(nb - 1.5) / 3);
    assert.equal(r.matches.length, matchBy === 'pooled' ? 1 : 6);
    const j = r.toJSON();
    assert.equal(j.match_by, matchBy);
    assert.ok((j.did as any).estimate === est);
  }
});

test('PSM-DID with a given DID column and matching weights; missing post/did is a named option error', () => {
  const t = panel(5, 200, 4);
  const r = psmDid(t, { unit: 'id', time: 'year', outcome: 'y', treatment: 'treat', did: 'did', covariates: ['x'], weighted: true, replace: true });
  assert.ok(Number.isFinite(r.did.coef().did!));
  assert.throws(() => psmDid(t, { unit: 'id', time: 'year', outcome: 'y', treatment: 'treat', covariates: ['x'] }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_OPTION' && /post/.test(e.message));
});

test('year-by-year matching names the period where matching fails', () => {
  const t = panel(6, 60, 3);
  // in one year make everyone treated
  const treat = Float64Array.from(t.numeric('treat'));
  const year = t.numeric('year');
  for (let i = 0; i < treat.length; i++) if (year[i] === 2011) treat[i] = 1;
  const t2 = t.withColumn(numericColumn('treat', treat));
  assert.throws(
    () => psmDid(t2, { unit: 'id', time: 'year', outcome: 'y', treatment: 'treat', post: 'post', covariates: ['x'], matchBy: 'period' }),
    (e: unknown) => e instanceof PilotzoneError && e.code === 'E_EMPTY_GROUP' && e.message.includes('2011'),
  );
});
