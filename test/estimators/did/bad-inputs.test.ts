import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../../src/data/table.js';
import { buildDidPanel } from '../../../src/estimators/did/panel.js';
import { attGt } from '../../../src/estimators/did/att-gt.js';
import { aggte } from '../../../src/estimators/did/aggte.js';
import { simulateStaggeredPanel } from '../../../src/estimators/did/simulate.js';
import { throwsCode } from '../../helpers/errors.js';

const COLS = { outcome: 'y', unit: 'id', time: 'time', cohort: 'cohort' };
const base = () => simulateStaggeredPanel({ units: 60, periods: [1, 2, 3, 4, 5], cohorts: [0, 3, 4], probs: [0.4, 0.3, 0.3], tau: () => 1, seed: 2 });

function rowsOf(t: Table): Record<string, number>[] {
  return t.toObjects() as Record<string, number>[];
}


test('cohort not constant within a unit: E_COHORT_VARIES naming the column and the unit', () => {
  const rows = rowsOf(base());
  rows[7]!.cohort = 4; // unit 2 (rows 5..9) now has two cohorts
  throwsCode(() => buildDidPanel(Table.fromObjects(rows), COLS), 'E_COHORT_VARIES', '"cohort"');
});

test('units treated in the first period are dropped with W_TREATED_FIRST_PERIOD (did); all of them -> E_NO_GROUPS', () => {
  const rows = rowsOf(base());
  for (const r of rows) if (r.id! <= 3) r.cohort = 1;
  const p = buildDidPanel(Table.fromObjects(rows), COLS);
  assert.equal(p.removed.treatedFirstPeriodUnits, 3);
  assert.ok(p.warnings.some((w) => w.code === 'W_TREATED_FIRST_PERIOD'));
  const all = rowsOf(base()).map((r) => ({ ...r, cohort: r.cohort === 0 ? 0 : 1 }));
  throwsCode(() => attGt(buildDidPanel(Table.fromObjects(all), COLS)), 'E_NO_GROUPS', '"cohort"');
});

test('no never-treated units with control = never: E_NO_NEVER_TREATED with a hint; not-yet works and warns', () => {
  const rows = rowsOf(base()).map((r) => ({ ...r, cohort: r.cohort === 0 ? 5 : r.cohort }));
  const p = buildDidPanel(Table.fromObjects(rows), COLS);
  assert.throws(() => attGt(p, { control: 'never' }), (e: any) => e.code === 'E_NO_NEVER_TREATED' && /notyet/.test(e.hint));
  const r = attGt(p, { control: 'notyet' });
  assert.ok(r.warnings.some((w) => w.code === 'W_NO_NEVER_TREATED'));
  assert.ok(r.rows().every((x) => x.time < 5 && x.group !== 5), 'last cohort only a comparison; periods >= 5 dropped');
});

test('a cohort with no pre-treatment period (after anticipation) is dropped with W_NO_PRE_PERIOD', () => {
  const r = attGt(buildDidPanel(base(), COLS), { anticipation: 2 });
  assert.ok(r.warnings.some((w) => w.code === 'W_NO_PRE_PERIOD' && w.message.includes('cohort 3')));
  assert.ok(r.rows().every((x) => x.group !== 3));
});

test('unbalanced panel: units with missing periods are dropped and counted (W_UNBALANCED); missing outcomes too', () => {
  const rows = rowsOf(base());
  rows.splice(12, 1); // unit 3 loses one period
  rows[0]!.y = NaN; // unit 1 loses its first outcome
  const p = buildDidPanel(Table.fromObjects(rows), COLS);
  assert.equal(p.removed.unbalancedUnits, 2);
  assert.equal(p.removed.missingRows, 1);
  assert.equal(p.n, 58);
  assert.ok(p.warnings.some((w) => w.code === 'W_UNBALANCED' && w.message.includes('2 unit')));
  assert.ok(attGt(p).rows().length > 0);
});

test('duplicate (unit, time) rows: E_DUPLICATE_ROW; cohort that is not a period: E_COHORT_NOT_PERIOD', () => {
  const rows = rowsOf(base());
  rows.push({ ...rows[3]! });
  throwsCode(() => buildDidPanel(Table.fromObjects(rows), COLS), 'E_DUPLICATE_ROW', 'unit "1"');
  const r2 = rowsOf(base()).map((r) => (r.id === 4 ? { ...r, cohort: 3.5 } : r));
  throwsCode(() => buildDidPanel(Table.fromObjects(r2), COLS), 'E_COHORT_NOT_PERIOD', '3.5');
});

test('missing columns, non-numeric time, bad options: named errors', () => {
  throwsCode(() => buildDidPanel(base(), { ...COLS, outcome: 'lemp' }), 'E_MISSING_COLUMN', '"lemp"');
  const rows = rowsOf(base()).map((r, i) => ({ ...r, time: i === 4 ? 'five' : r.time }));
  throwsCode(() => buildDidPanel(Table.fromObjects(rows as any), COLS), 'E_NON_NUMERIC', '"time"');
  const p = buildDidPanel(base(), COLS);
  throwsCode(() => attGt(p, { control: 'nevertreated' as any }), 'E_OPTION', 'control');
  throwsCode(() => attGt(p, { method: 'ols' as any }), 'E_OPTION', 'method');
  throwsCode(() => attGt(p, { anticipation: -1 }), 'E_OPTION', 'anticipation');
  throwsCode(() => attGt(p, { cluster: true }), 'E_OPTION', 'cluster');
  throwsCode(() => aggte(attGt(p), 'event' as any), 'E_OPTION', 'type');
  throwsCode(() => attGt(p, { bootstrap: { seed: 1, iterations: 1 } }), 'E_OPTION', 'iterations');
});

test('an ATT(g,t) that cannot be estimated is NA with W_ATT_GT_NA; aggte refuses (E_ATT_GT_NA) unless naRm', () => {
  // covariate constant among the never treated and cohort 4 -> the outcome regression is singular
  const rows = rowsOf(base()).map((r) => ({ ...r, x: r.cohort === 3 ? r.x : 1 }));
  const res = attGt(buildDidPanel(Table.fromObjects(rows), { ...COLS, covariates: ['x'] }), { method: 'reg' });
  assert.ok(res.warnings.some((w) => w.code === 'W_ATT_GT_NA'));
  throwsCode(() => aggte(res, 'simple'), 'E_ATT_GT_NA', 'ATT(');
  assert.ok(Number.isFinite(aggte(res, 'simple', { naRm: true }).fit.overall.estimate));
});

test('a never-treated group smaller than covariates + 5 units with control = never: E_NEVER_TREATED_TOO_SMALL (did); small cohorts warn', () => {
  const rows = rowsOf(base());
  const never = [...new Set(rows.filter((r) => r.cohort === 0).map((r) => r.id))];
  const keepNever = new Set(never.slice(0, 3));
  const r2 = rows.map((r) => (r.cohort === 0 && !keepNever.has(r.id) ? { ...r, cohort: 4 } : r));
  throwsCode(() => attGt(buildDidPanel(Table.fromObjects(r2), COLS)), 'E_NEVER_TREATED_TOO_SMALL', '3 never-treated');
  assert.ok(attGt(buildDidPanel(Table.fromObjects(r2), COLS), { control: 'notyet' }).rows().length > 0);
  const r3 = rowsOf(base()).map((r) => (r.cohort === 3 && r.id! > 10 ? { ...r, cohort: 4 } : r));
  const res = attGt(buildDidPanel(Table.fromObjects(r3), COLS));
  assert.ok(res.warnings.some((w) => w.code === 'W_SMALL_GROUP' && w.message.includes('3')));
});
