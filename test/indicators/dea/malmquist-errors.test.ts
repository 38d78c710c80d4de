import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../../src/data/table.js';
import { malmquist } from '../../../src/indicators/dea/malmquist.js';
import { dea } from '../../../src/indicators/dea/dea.js';
import { throwsCode } from '../../helpers/errors.js';

const base = () => ({
  dmu: ['a', 'b', 'a', 'b'],
  year: [1, 1, 2, 2],
  x: [1, 2, 1.5, 2.5],
  y: [1, 1, 1.2, 1.4],
});
const opts = { dmu: 'dmu', period: 'year', inputs: ['x'], outputs: ['y'] };


test('non-positive input or output: E_DEA_NONPOSITIVE naming the column and row', () => {
  const d = base();
  d.x[2] = 0;
  throwsCode(() => malmquist(Table.fromColumns(d), opts), 'E_DEA_NONPOSITIVE', '"x"');
  const e = base();
  e.y[1] = -3;
  throwsCode(() => malmquist(Table.fromColumns(e), opts), 'E_DEA_NONPOSITIVE', 'row 2');
  throwsCode(() => dea(Table.fromColumns({ dmu: ['a', 'b'], x: [1, 0], y: [1, 1] }), { dmu: 'dmu', inputs: ['x'], outputs: ['y'] }), 'E_DEA_NONPOSITIVE', '"x"');
});

test('missing value: E_DEA_MISSING', () => {
  const d = { ...base(), y: [1, null, 1.2, 1.4] };
  throwsCode(() => malmquist(Table.fromColumns(d), opts), 'E_DEA_MISSING', '"y"');
});

test('a unit missing a period: E_UNBALANCED_PANEL naming the unit and period', () => {
  const t = Table.fromColumns({ dmu: ['a', 'b', 'a'], year: [1, 1, 2], x: [1, 2, 1], y: [1, 1, 1] });
  throwsCode(() => malmquist(t, opts), 'E_UNBALANCED_PANEL', '"b"');
});

test('dropIncomplete: a DMU missing a period is dropped with a W_DROPPED_UNITS warning naming it', () => {
  const t = Table.fromColumns({ dmu: ['a', 'b', 'c', 'a', 'c'], year: [1, 1, 1, 2, 2], x: [1, 2, 1, 1, 2], y: [1, 1, 2, 1, 1] });
  const r = malmquist(t, { ...opts, dropIncomplete: true });
  assert.deepEqual(r.dmus, ['a', 'c']);
  assert.equal(r.warnings[0]!.code, 'W_DROPPED_UNITS');
  assert.match(r.warnings[0]!.message, /"b"/);
  const none = Table.fromColumns({ dmu: ['a', 'b'], year: [1, 2], x: [1, 1], y: [1, 1] });
  throwsCode(() => malmquist(none, { ...opts, dropIncomplete: true }), 'E_NO_DATA');
});

test('duplicate (dmu, period): E_DUPLICATE_KEY; one period: E_TOO_FEW_PERIODS; bad options: E_OPTION', () => {
  const t = Table.fromColumns({ dmu: ['a', 'a', 'b', 'b'], year: [1, 1, 1, 2], x: [1, 2, 1, 1], y: [1, 1, 1, 1] });
  throwsCode(() => malmquist(t, opts), 'E_DUPLICATE_KEY', '"a"');
  const one = Table.fromColumns({ dmu: ['a', 'b'], year: [1, 1], x: [1, 2], y: [1, 1] });
  throwsCode(() => malmquist(one, opts), 'E_TOO_FEW_PERIODS');
  throwsCode(() => malmquist(Table.fromColumns(base()), { ...opts, orientation: 'sideways' as never }), 'E_OPTION', 'orientation');
  throwsCode(() => malmquist(Table.fromColumns(base()), { ...opts, inputs: ['nope'] }), 'E_MISSING_COLUMN', 'nope');
});

test('cancellation: an aborted signal stops the computation with E_CANCELLED', () => {
  const ac = new AbortController();
  ac.abort();
  throwsCode(() => malmquist(Table.fromColumns(base()), { ...opts, control: { signal: ac.signal } }), 'E_CANCELLED');
});
