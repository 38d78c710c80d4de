import { test } from 'node:test';
import assert from 'node:assert/strict';
import { psm } from '../../../src/estimators/psm/psm.js';
import { Table, numericColumn, stringColumn } from '../../../src/data/table.js';
import { Rng } from '../../../src/stats/rng.js';
import { PilotzoneError } from '../../../src/errors.js';

/** Confounded data: x1, x2 raise both the chance of treatment and the outcome; the true ATT is 2. */
function confounded(seed: number, n: number): Table {
  const rng = new Rng(seed);
  const x1 = new Float64Array(n), x2 = new Float64Array(n), d = new Float64Array(n), y = new Float64Array(n);
  const region: string[] = [];
  for (let i = 0; i < n; i++) {
    x1[i] = rng.normal();
    x2[i] = rng.uniform() < 0.5 ? 1 : 0;
    region.push(['east', 'west', 'north'][rng.int(3)]!);
    const eta = -0.8 + 1.0 * x1[i]! + 0.7 * x2[i]! + (region[i] === 'east' ? 0.4 : 0);
    d[i] = rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    y[i] = 2 * d[i]! + 3 * x1[i]! + 2 * x2[i]! + (region[i] === 'east' ? 1 : 0) + rng.normal();
  }
  return new Table([numericColumn('d', d), numericColumn('x1', x1), numericColumn('x2', x2), stringColumn('region', region), numericColumn('y', y)]);
}

test('planted truth: naive difference is biased, PSM recovers ATT = 2 (seed 2024, n = 4000)', () => {
  const t = confounded(2024, 4000);
  const d = t.numeric('d'), y = t.numeric('y');
  let s1 = 0, s0 = 0, n1 = 0, n0 = 0;
  for (let i = 0; i < t.nrows; i++) d[i] ? ((s1 += y[i]!), n1++) : ((s0 += y[i]!), n0++);
  const naive = s1 / n1 - s0 / n0;
  assert.ok(naive - 2 > 1, `naive difference ${naive} should be far above 2`);
  for (const o of [{ replace: true, caliper: 0.05 }, { replace: false, caliper: 0.05 }, { replace: true, ratio: 2, caliper: 0.05 }]) {
    const r = psm(t, { treatment: 'd', covariates: ['x1', 'x2', 'region'], outcome: 'y', ...o });
    const a = r.att!;
    assert.ok(Math.abs(a.estimate - 2) < 3.5 * a.std_error, `${JSON.stringify(o)}: ATT ${a.estimate} (SE ${a.std_error})`);
    assert.ok(a.conf_low < 2 && a.conf_high > 2 || Math.abs(a.estimate - 2) < 3.5 * a.std_error);
    for (const b of r.balance) assert.ok(Math.abs(b.smd_after) < 0.1, `${b.variable} SMD after ${b.smd_after}`);
  }
});

test('exact matching keeps every pair inside its exact cell; year-style exact on a string column', () => {
  const t = confounded(5, 1500);
  const r = psm(t, { treatment: 'd', covariates: ['x1', 'x2'], exact: ['region'], outcome: 'y' });
  const reg = t.column('region');
  for (const p of r.pairs) {
    if (p.control_row === null) continue;
    assert.equal(t.get('region', p.treated_row), t.get('region', p.control_row));
  }
  assert.ok(reg.kind === 'string');
  // weights aligned with the table: matched treated weigh 1, and the controls' weights sum to their count
  const tw = r.tableWeights();
  assert.equal(tw.length, t.nrows);
  let sc = 0, nc = 0;
  const d = t.numeric('d');
  for (let i = 0; i < t.nrows; i++) if (d[i] === 0 && tw[i]! > 0) { sc += tw[i]!; nc++; }
  assert.ok(Math.abs(sc - nc) < 1e-9);
  for (const p of r.pairs) if (p.control_row !== null) assert.equal(tw[p.treated_row], 1);
});

test('probit link, ratio 3, discard = both and Mahalanobis run and report their settings', () => {
  const t = confounded(8, 1200);
  const r = psm(t, { treatment: 'd', covariates: ['x1', 'x2'], link: 'probit', ratio: 3, discard: 'both', outcome: 'y', se: 'hc1' });
  assert.equal((r.toJSON().settings as any).ratio, 3);
  assert.equal(r.propensity!.link, 'probit');
  // with replacement: without it the last treated units get poor matches (treated are ~45% of units)
  const m = psm(t, { treatment: 'd', covariates: ['x1', 'x2'], distance: 'mahalanobis', replace: true, outcome: 'y' });
  assert.equal(m.order, 'data');
  assert.ok(Math.abs(m.att!.estimate - 2) < 4 * m.att!.std_error);
  const mv = psm(t, { treatment: 'd', covariates: ['x1', 'x2', 'region'], mahvars: ['x1', 'x2'], caliper: 0.2, outcome: 'y' });
  for (const p of mv.pairs) if (p.control_ps !== null) assert.ok(Math.abs(p.treated_ps - p.control_ps) <= mv.caliperWidth);
});

test('order = random is seeded and reported', () => {
  const t = confounded(9, 600);
  const a = psm(t, { treatment: 'd', covariates: ['x1', 'x2'], order: 'random', seed: 42 });
  const b = psm(t, { treatment: 'd', covariates: ['x1', 'x2'], order: 'random', seed: 42 });
  const c = psm(t, { treatment: 'd', covariates: ['x1', 'x2'], order: 'random', seed: 43 });
  assert.deepEqual(a.pairs, b.pairs);
  assert.notDeepEqual(a.pairs.map((p) => p.treated), c.pairs.map((p) => p.treated));
  assert.equal((a.toJSON().settings as any).seed, 42);
});

const isCode = (code: string, ...needles: string[]) => (e: unknown) =>
  e instanceof PilotzoneError && e.code === code && needles.every((s) => e.message.includes(s));

test('bad input: a treatment column that is not 0/1 names the column and row', () => {
  const t = Table.fromColumns({ d: [0, 1, 2, 0], x: [1, 2, 3, 4] });
  assert.throws(() => psm(t, { treatment: 'd', covariates: ['x'] }), isCode('E_TREATMENT_NOT_BINARY', '"d"', 'row 3'));
  const s = Table.fromColumns({ d: ['yes', 'no', 'no'], x: [1, 2, 3] });
  assert.throws(() => psm(s, { treatment: 'd', covariates: ['x'] }), isCode('E_TREATMENT_NOT_BINARY', '"d"', 'row 1'));
});

test('bad input: perfect separation by a covariate', () => {
  const t = Table.fromColumns({ d: [0, 0, 0, 1, 1, 1], gdp: [1, 2, 3, 10, 11, 12], x: [1, 0, 1, 0, 1, 0] });
  assert.throws(() => psm(t, { treatment: 'd', covariates: ['x', 'gdp'] }), isCode('E_PERFECT_SEPARATION', '"gdp"'));
});

test('bad input: no control inside the caliper', () => {
  const t = confounded(3, 300);
  // a caliper so narrow nothing fits (scores are continuous): 1e-12 SD
  assert.throws(() => psm(t, { treatment: 'd', covariates: ['x1'], caliper: 1e-12 }), isCode('E_NO_MATCHES', 'caliper'));
});

test('bad input: only treated units, missing column, bad options', () => {
  const t = Table.fromColumns({ d: [1, 1, 1], x: [1, 2, 3] });
  assert.throws(() => psm(t, { treatment: 'd', covariates: ['x'] }), isCode('E_EMPTY_GROUP', 'control'));
  const u = confounded(1, 100);
  assert.throws(() => psm(u, { treatment: 'd', covariates: ['nope'] }), isCode('E_MISSING_COLUMN', '"nope"'));
  assert.throws(() => psm(u, { treatment: 'd', covariates: ['x1'], ratio: 0 }), isCode('E_OPTION', 'ratio'));
  assert.throws(() => psm(u, { treatment: 'd', covariates: ['x1'], caliper: -1 }), isCode('E_OPTION', 'caliper'));
  assert.throws(() => psm(u, { treatment: 'd', covariates: ['x1'], replace: true, se: 'pair' }), isCode('E_OPTION', 'se'));
  assert.throws(() => psm(u, { treatment: 'd', covariates: [] }), isCode('E_OPTION', 'covariates'));
});

test('rows with missing values are dropped and reported, not silently', () => {
  const t = Table.fromColumns({ d: [0, 1, 0, 1, 0, 1, 0, 1, null], x: [1, 2, 1.5, 2.5, 0.5, 1.2, 3, 0.2, 1] });
  const r = psm(t, { treatment: 'd', covariates: ['x'] });
  assert.equal(r.design.missing, 1);
  assert.ok(r.warnings.some((w) => w.code === 'W_MISSING_ROWS'));
});
