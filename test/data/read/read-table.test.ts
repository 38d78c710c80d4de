import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable, readTableDetailed, READ_EXTENSIONS } from '../../../src/data/read/index.js';
import { DataFileError, PilotzoneError } from '../../../src/errors.js';

async function errorOf(p: Promise<unknown>): Promise<PilotzoneError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof PilotzoneError, `expected a PilotzoneError, got ${e}`);
    return e;
  }
  assert.fail('expected an error');
}

const dir = mkdtempSync(join(tmpdir(), 'pz-read-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('dispatch by extension: csv, tsv, txt (detected), json; format override', async () => {
  writeFileSync(join(dir, 'a.csv'), 'x,y\n1,a\n');
  writeFileSync(join(dir, 'a.tsv'), 'x\ty\n1\ta\n');
  writeFileSync(join(dir, 'a.txt'), 'x;y\n1;a\n');
  writeFileSync(join(dir, 'a.json'), '[{"x":1,"y":"a"}]');
  writeFileSync(join(dir, 'data.dat'), 'x,y\n1,a\n');
  for (const f of ['a.csv', 'a.tsv', 'a.txt', 'a.json']) {
    assert.deepEqual((await readTable(join(dir, f))).toObjects(), [{ x: 1, y: 'a' }], f);
  }
  assert.deepEqual((await readTable(join(dir, 'data.dat'), { format: 'csv' })).toObjects(), [{ x: 1, y: 'a' }]);
});

test('readTableDetailed returns notes (GBK detected) and the format', async () => {
  writeFileSync(join(dir, 'gbk.csv'), Buffer.from([0xb3, 0xc7, 0xca, 0xd0, 0x0a, 0xba, 0xbc, 0xd6, 0xdd, 0x0a]));
  const r = await readTableDetailed(join(dir, 'gbk.csv'));
  assert.equal(r.format, 'csv');
  assert.deepEqual(r.table.toObjects(), [{ 城市: '杭州' }]);
  assert.equal(r.notes.length, 1);
  const forced = await readTable(join(dir, 'gbk.csv'), { encoding: 'gbk' });
  assert.deepEqual(forced.toObjects(), [{ 城市: '杭州' }]);
});

test('E_FILE_NOT_FOUND names the path; E_FILE_UNREADABLE for a directory', async () => {
  const e = await errorOf(readTable(join(dir, 'nope.csv')));
  assert.ok(e instanceof DataFileError);
  assert.equal(e.code, 'E_FILE_NOT_FOUND');
  assert.match(e.message, /nope\.csv: file not found/);
  const sub = join(dir, 'folder.csv');
  mkdirSync(sub);
  const d = await errorOf(readTable(sub));
  assert.equal(d.code, 'E_FILE_UNREADABLE');
  assert.match(d.message, /is a directory/);
});

test('E_UNSUPPORTED_FORMAT lists the supported extensions', async () => {
  writeFileSync(join(dir, 'a.sav'), 'x');
  const e = await errorOf(readTable(join(dir, 'a.sav')));
  assert.equal(e.code, 'E_UNSUPPORTED_FORMAT');
  assert.match(e.message, /"\.sav"/);
  for (const ext of READ_EXTENSIONS) assert.ok(e.hint!.includes(ext), ext);
  assert.equal((await errorOf(readTable(join(dir, 'a.csv'), { format: 'sas7bdat' }))).code, 'E_UNSUPPORTED_FORMAT');
});

test('malformed content per format is E_MALFORMED_FILE', async () => {
  writeFileSync(join(dir, 'bad.json'), '{"x": [1,2');
  writeFileSync(join(dir, 'bad.dta'), '<stata_dta><header><release>999</release>');
  writeFileSync(join(dir, 'bad.xlsx'), 'not a zip');
  writeFileSync(join(dir, 'bad.parquet'), 'not parquet at all');
  for (const f of ['bad.json', 'bad.dta', 'bad.xlsx', 'bad.parquet']) {
    const e = await errorOf(readTable(join(dir, f)));
    assert.equal(e.code, 'E_MALFORMED_FILE', f);
    assert.ok(e.message.includes(f), f);
  }
});
