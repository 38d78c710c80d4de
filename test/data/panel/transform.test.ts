import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Table } from '../../../src/data/table.js';
import { declarePanel, deflate, logColumn } from '../../../src/data/panel/index.js';
import { needsValidation, relDiff, validationPath } from '../../helpers/validation.js';

test('logColumn: ln(x), non-positive values are an error naming rows, or missing and counted', () => {
  const t = Table.fromColumns({ x: [1, Math.E, 0, -1, NaN, 10] });
  assert.throws(
    () => logColumn(t, 'x'),
    (e: any) => e.code === 'E_LOG_NONPOSITIVE' && /"x" has 2 value\(s\) <= 0/.test(e.message) && /rows 3, 4/.test(e.message),
  );
  const { table, report } = logColumn(t, 'x', { nonPositive: 'missing' });
  const l = table.numeric('ln_x');
  assert.equal(l[0], 0);
  assert.equal(l[1], 1);
  assert.ok(Number.isNaN(l[2]!) && Number.isNaN(l[3]!) && Number.isNaN(l[4]!));
  assert.equal(l[5], Math.log(10));
  assert.deepEqual(report, { column: 'x', name: 'ln_x', shift: 0, nonPositive: 2, nonPositiveRows: [3, 4], missing: 1 });
  const s = logColumn(Table.fromColumns({ n: [0, 1, 9] }), 'n', { shift: 1, name: 'ln1p_n' });
  assert.deepEqual([...s.table.numeric('ln1p_n')], [0, Math.log(2), Math.log(10)]);
  assert.throws(() => logColumn(t, 'x', { nonPositive: 'drop' as any }), (e: any) => e.code === 'E_OPTION' && /error, missing/.test(e.hint));
  assert.throws(() => logColumn(t, 'q'), (e: any) => e.code === 'E_MISSING_COLUMN');
});

test('deflate: value * P_base / P_t with each unit its own (provincial) index, or one national index', () => {
  const t = Table.fromColumns({
    city: ['A', 'A', 'B', 'B', 'B'],
    year: [2011, 2012, 2011, 2012, 2013],
    gdp: [100, 220, 50, 120, 130],
    prov: [100, 110, 50, 60, NaN],
    nat: [1, 1.1, 1, 1.1, 1.2],
  });
  const p = declarePanel(t, { unit: 'city', time: 'year' });
  const real = deflate(p, 'gdp', 'prov', 2011).numeric('gdp_real');
  assert.deepEqual([...real].slice(0, 4), [100, (220 * 100) / 110, 50, (120 * 50) / 60]);
  assert.ok(Number.isNaN(real[4]!)); // no index for B 2013
  const nat = deflate(p, 'gdp', 'nat', 2012, { base: 'common', name: 'gdp12' }).numeric('gdp12');
  [100 * 1.1, 220, 50 * 1.1, 120, (130 * 1.1) / 1.2].forEach((w, i) => assert.ok(relDiff(nat[i]!, w) < 1e-15, `row ${i + 1}`));
});

test('deflate bad inputs: base year absent for a unit, disagreeing national index, non-positive index', () => {
  const t = Table.fromColumns({ city: ['A', 'A', 'B'], year: [2011, 2012, 2012], v: [1, 2, 3], p: [1, 2, 3], z: [1, 0, 2] });
  const p = declarePanel(t, { unit: 'city', time: 'year' });
  assert.throws(() => deflate(p, 'v', 'p', 2011), (e: any) => e.code === 'E_DEFLATOR_BASE' && /no 2011 \(base year\) value for 1 unit\(s\): "B"/.test(e.message));
  assert.throws(() => deflate(p, 'v', 'p', 2012, { base: 'common' }), (e: any) => e.code === 'E_DEFLATOR_BASE' && /2 for "A" and 3 for "B"/.test(e.message));
  assert.throws(() => deflate(p, 'v', 'z', 2011), (e: any) => e.code === 'E_DEFLATOR_NONPOSITIVE' && /row 2/.test(e.message));
  assert.throws(() => deflate(p, 'v', 'nope', 2011), (e: any) => e.code === 'E_MISSING_COLUMN');
  assert.throws(() => deflate(p, 'v', 'p', 2012, { base: 'national' as any }), (e: any) => e.code === 'E_OPTION');
});

/** The four-column numeric CSVs of the city-panel case (quoted city id, then numbers). */
function readSimpleCsv(path: string): Table {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = head!.split(',').map((s) => s.replace(/"/g, ''));
  const cols: Record<string, (string | number)[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) {
    line.split(',').forEach((f, j) => cols[names[j]!]!.push(j === 0 ? f.replace(/"/g, '') : Number(f)));
  }
  return Table.fromColumns(cols as Record<string, string[] | number[]>);
}

test('deflate reproduces the peer real investment (dea-malmquist/city-panel, 2000 = 1)', needsValidation('dea-malmquist'), () => {
  const inputs = readSimpleCsv(validationPath('dea-malmquist', 'city-panel/pim_inputs.csv')!);
  const expected = readSimpleCsv(validationPath('dea-malmquist', 'city-panel/pim_expected.csv')!);
  const p = declarePanel(inputs, { unit: 'city', time: 'year' });
  const real = deflate(p, 'investment_nominal', 'price_index', 2000).numeric('investment_nominal_real');
  const want = new Map<string, number>();
  for (let i = 0; i < expected.nrows; i++) want.set(`${expected.get('city', i)}|${expected.get('year', i)}`, expected.get('real_investment', i) as number);
  let worst = 0;
  for (let i = 0; i < inputs.nrows; i++) {
    const w = want.get(`${inputs.get('city', i)}|${inputs.get('year', i)}`);
    assert.ok(w !== undefined);
    worst = Math.max(worst, relDiff(real[i]!, w));
  }
  assert.equal(inputs.nrows, 1400);
  // The expected file carries 15 significant digits.
  assert.ok(worst < 5e-15, `max relative difference ${worst}`);
});
