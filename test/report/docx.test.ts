import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regressionDocx, regressionGrid, type TableModel } from '../../src/report/regtable.js';
import { dataDocx } from '../../src/report/datatable.js';
import { gridsToDocx } from '../../src/report/tables/docx.js';
import { crc32, zip } from '../../src/report/tables/zip.js';
import { PilotzoneError } from '../../src/errors.js';
import { unzip } from './zip-reader.js';

const m: TableModel = {
  depvar: 'sync',
  coefficients: [{ term: 'both_zone', estimate: 0.031, std_error: 0.011, statistic: 2.8, p_value: 0.006, conf_low: 0.01, conf_high: 0.05 }],
  nobs: 5000,
  r2: 0.4,
  fixedEffects: ['pair', 'year'],
};
const text = (b: Uint8Array) => new TextDecoder().decode(b);

test('crc32 matches the standard check value', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('zip round-trips through an independent reader (stored and deflated entries)', () => {
  const big = 'abc'.repeat(1000);
  const files = unzip(zip([{ name: 'a.txt', data: 'x' }, { name: 'dir/b.txt', data: big }, { name: '中文.xml', data: new Uint8Array([1, 2, 3]) }]));
  assert.equal(text(files.get('a.txt')!), 'x');
  assert.equal(text(files.get('dir/b.txt')!), big);
  assert.deepEqual([...files.get('中文.xml')!], [1, 2, 3]);
});

test('DOCX package has the OOXML parts and a three-line table', () => {
  const files = unzip(regressionDocx([m, m], { title: 'Table 3 Pair DID', lang: 'zh' }));
  assert.deepEqual([...files.keys()].sort(), ['[Content_Types].xml', '_rels/.rels', 'word/_rels/document.xml.rels', 'word/document.xml', 'word/styles.xml']);
  assert.match(text(files.get('[Content_Types].xml')!), /wordprocessingml\.document\.main\+xml/);
  const doc = text(files.get('word/document.xml')!);
  const grid = regressionGrid([m, m], { lang: 'zh' });
  // one <w:tr> per header + body row, one <w:tc> per cell
  assert.equal((doc.match(/<w:tr>/g) ?? []).length, grid.rows.length + 1);
  assert.equal((doc.match(/<w:tc>/g) ?? []).length, (grid.rows.length + 1) * 3);
  // table borders: thick top and bottom, no verticals, no inside rules
  assert.match(doc, /<w:tblBorders><w:top w:val="single" w:sz="12"[^>]*\/><w:left w:val="nil"\/><w:bottom w:val="single" w:sz="12"/);
  assert.match(doc, /<w:insideH w:val="nil"\/><w:insideV w:val="nil"\/>/);
  // thin rule under the header and before sections (FE block, N)
  const thinTop = (doc.match(/<w:tcBorders><w:top w:val="single" w:sz="6"/g) ?? []).length;
  assert.equal(thinTop, grid.rows.filter((r) => r.section).length * 3);
  for (const s of ['Table 3 Pair DID', '0.0310***', '(0.0110)', '观测值', 'pair 固定效应', '括号内为标准误']) assert.ok(doc.includes(s), s);
  // balanced tags
  for (const tag of ['w:tbl', 'w:tr', 'w:tc', 'w:p']) assert.equal((doc.match(new RegExp(`<${tag}>`, 'g')) ?? []).length, (doc.match(new RegExp(`</${tag}>`, 'g')) ?? []).length, tag);
});

test('DOCX escapes XML and drops control characters; output is deterministic', () => {
  const a = dataDocx([{ name: 'a<b & "c"\u0001', v: 1 }]);
  const doc = text(unzip(a).get('word/document.xml')!);
  assert.ok(doc.includes('a&lt;b &amp; &quot;c&quot;'));
  assert.ok(!doc.includes('\u0001'));
  assert.deepEqual(dataDocx([{ name: 'x', v: 1 }]), dataDocx([{ name: 'x', v: 1 }]));
});

test('A4 portrait by default, landscape when a table is too wide for it', () => {
  const narrow = text(unzip(regressionDocx([m])).get('word/document.xml')!);
  assert.match(narrow, /<w:pgSz w:w="11906" w:h="16838"\/>/);
  const many = Array.from({ length: 9 }, (_, i) => ({ ...m, title: `Specification ${i + 1}` }));
  const wide = text(unzip(regressionDocx(many)).get('word/document.xml')!);
  assert.match(wide, /<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
});

test('several tables in one document; none is an error', () => {
  const g = regressionGrid([m], { title: 'A' });
  const doc = text(unzip(gridsToDocx([g, { ...g, title: 'B' }])).get('word/document.xml')!);
  assert.equal((doc.match(/<w:tbl>/g) ?? []).length, 2);
  assert.throws(() => gridsToDocx([]), (e: PilotzoneError) => e.code === 'E_OPTION');
});
