import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import ExcelJS from 'exceljs';
import { readTable } from '../../../src/data/read/index.js';
import { readParquetBytes } from '../../../src/data/read/parquet.js';
import { readXlsxBytes } from '../../../src/data/read/xlsx.js';
import { readJsonText } from '../../../src/data/read/json.js';
import { writeTable, WRITE_EXTENSIONS } from '../../../src/data/write/index.js';
import { writeJsonText } from '../../../src/data/write/json.js';
import { numericColumn, stringColumn, Table, type Cell } from '../../../src/data/table.js';
import { PilotzoneError } from '../../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'pz-write-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const sample = () =>
  new Table([
    stringColumn('城市', ['杭州', null, '宁波']),
    numericColumn('year', [2015, 2016, 2017]),
    numericColumn('y', [0.1, NaN, -1234.5678901234567]),
  ]);
const rowsOf = (t: Table): Record<string, Cell>[] => t.toObjects();

test('writeTable -> readTable round trip for every writable format', async () => {
  const want = rowsOf(sample());
  for (const ext of WRITE_EXTENSIONS) {
    const path = join(dir, `t${ext}`);
    await writeTable(sample(), path);
    const back = await readTable(path);
    assert.deepEqual(rowsOf(back), want, ext);
  }
});

test('JSON: records and column orientations; booleans are 1/0; bad shapes are E_MALFORMED_FILE', () => {
  const t = sample();
  assert.deepEqual(rowsOf(readJsonText(writeJsonText(t, { orient: 'columns' }))), rowsOf(t));
  assert.equal(writeJsonText(t).startsWith('[{"城市":"杭州","year":2015,"y":0.1}'), true);
  const b = readJsonText('[{"d": true, "x": "1.5"}, {"d": false}]');
  assert.deepEqual(rowsOf(b), [{ d: 1, x: 1.5 }, { d: 0, x: null }]);
  for (const bad of ['{"a": 1}', '[1, 2]', '{"columns": {"a": [1], "b": [1, 2]}}', '[{"a": {"nested": 1}}]']) {
    try {
      readJsonText(bad);
      assert.fail(bad);
    } catch (e) {
      assert.ok(e instanceof PilotzoneError, bad);
      assert.equal(e.code, 'E_MALFORMED_FILE', bad);
    }
  }
});

test('Parquet written by hyparquet-writer directly (INT32, INT64, BOOLEAN, STRING, nulls) reads back', async () => {
  const buf = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: Int32Array.from([1, 2, 3]), type: 'INT32' },
      { name: 'big', data: [1n, 2n ** 60n, null], type: 'INT64', nullable: true },
      { name: 'flag', data: [true, false, null], type: 'BOOLEAN', nullable: true },
      { name: '城市', data: ['杭州', null, '宁波'], type: 'STRING', nullable: true },
    ],
  });
  const notes: string[] = [];
  const t = await readParquetBytes(new Uint8Array(buf), { onNote: (m) => notes.push(m) });
  assert.deepEqual(rowsOf(t), [
    { id: 1, big: 1, flag: 1, 城市: '杭州' },
    { id: 2, big: 2 ** 60, flag: 0, 城市: null },
    { id: 3, big: null, flag: null, 城市: '宁波' },
  ]);
  assert.equal(notes.length, 1);
  assert.match(notes[0]!, /beyond 2\^53/);
});

test('XLSX: sheet by name and index, dates as ISO or serial, formulas, empty rows, missing sheet error', async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('first').addRow(['x']);
  const ws = wb.addWorksheet('面板');
  ws.addRow(['城市', 'date', 'v', '']);
  ws.addRow(['杭州', new Date(Date.UTC(2015, 2, 7)), 1.5, 'z']);
  ws.addRow([]);
  ws.addRow(['宁波', new Date(Date.UTC(2016, 0, 1, 12)), { formula: 'C2*2', result: 3 }, null]);
  const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const notes: string[] = [];
  const t = await readXlsxBytes(bytes, { sheet: '面板', onNote: (m) => notes.push(m) });
  assert.deepEqual(rowsOf(t), [
    { 城市: '杭州', date: '2015-03-07', v: 1.5, V4: 'z' },
    { 城市: '宁波', date: '2016-01-01T12:00:00.000Z', v: 3, V4: null },
  ]);
  assert.match(notes[0]!, /empty name/);
  const serial = await readXlsxBytes(bytes, { sheet: 2, dates: 'serial' });
  assert.deepEqual(Array.from(serial.numeric('date')), [42070, 42370.5]);
  assert.deepEqual(rowsOf(await readXlsxBytes(bytes)), [], 'first sheet by default: header only');
  const empty = new ExcelJS.Workbook();
  empty.addWorksheet('blank');
  try {
    await readXlsxBytes(new Uint8Array((await empty.xlsx.writeBuffer()) as ArrayBuffer), { source: 'blank.xlsx' });
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof PilotzoneError);
    assert.equal(e.code, 'E_EMPTY_FILE');
    assert.match(e.message, /blank\.xlsx: worksheet "blank" has no header row/);
  }
  try {
    await readXlsxBytes(bytes, { sheet: 'nope', source: 'book.xlsx' });
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof PilotzoneError);
    assert.equal(e.code, 'E_MALFORMED_FILE');
    assert.match(e.hint!, /1 "first", 2 "面板"/);
  }
});

test('writeTable errors: E_UNSUPPORTED_FORMAT lists the formats, E_WRITE_FAILED for a missing folder', async () => {
  try {
    await writeTable(sample(), join(dir, 'out.sav'));
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof PilotzoneError);
    assert.equal(e.code, 'E_UNSUPPORTED_FORMAT');
    for (const ext of WRITE_EXTENSIONS) assert.ok(e.hint!.includes(ext));
  }
  try {
    await writeTable(sample(), join(dir, 'no', 'such', 'dir', 'out.csv'));
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof PilotzoneError);
    assert.equal(e.code, 'E_WRITE_FAILED');
    assert.match(e.hint!, /folder does not exist/);
  }
  await writeTable(sample(), join(dir, 'x.out'), { format: 'csv', csv: { bom: true } });
  assert.equal(readFileSync(join(dir, 'x.out'))[0], 0xef);
});
