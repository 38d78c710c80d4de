import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { regressionXlsx, regressionGrid, type TableModel } from '../../src/report/regtable.js';
import { dataXlsx } from '../../src/report/datatable.js';
import { gridsToXlsx } from '../../src/report/tables/xlsx.js';
import { PilotzoneError } from '../../src/errors.js';

const m: TableModel = {
  depvar: 'ln_tfp',
  coefficients: [
    { term: 'treat', estimate: 0.0512, std_error: 0.0101, statistic: 5.07, p_value: 0.001, conf_low: 0.03, conf_high: 0.07 },
    { term: 'gdp', estimate: 0.2, std_error: 0.1, statistic: 2, p_value: 0.06, conf_low: 0, conf_high: 0.4 },
  ],
  nobs: 980,
  r2: 0.81,
  fixedEffects: ['city', 'year'],
};

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

test('regression XLSX: caption, stars, SEs in parentheses, FE Yes rows, N as a number, three-line borders', async () => {
  const wb = await load(await regressionXlsx([m, { ...m, fixedEffects: ['city'] }], { title: 'Table 2', indicate: { Controls: ['gdp'] } }));
  const ws = wb.worksheets[0]!;
  assert.equal(ws.name, 'regression');
  assert.equal(ws.getCell(1, 1).value, 'Table 2');
  const header = 2;
  assert.equal(ws.getCell(header, 2).value, '(1) ln_tfp');
  assert.equal(ws.getCell(header, 2).border.top?.style, 'medium');
  assert.equal(ws.getCell(header, 2).border.bottom?.style, 'thin');
  assert.equal(ws.getCell(header + 1, 1).value, 'treat');
  assert.equal(ws.getCell(header + 1, 2).value, '0.0512***');
  assert.equal(ws.getCell(header + 2, 2).value, '(0.0101)');
  assert.equal(ws.getCell(header + 3, 1).value, 'Controls');
  assert.equal(ws.getCell(header + 3, 1).border.top?.style, 'thin');
  assert.equal(ws.getCell(header + 5, 1).value, 'year FE');
  assert.equal(ws.getCell(header + 5, 3).value, 'No');
  assert.equal(ws.getCell(header + 6, 1).value, 'N');
  assert.equal(ws.getCell(header + 6, 2).value, 980);
  const last = header + 7;
  assert.equal(ws.getCell(last, 1).value, 'R2');
  assert.equal(ws.getCell(last, 3).border.bottom?.style, 'medium');
  assert.match(String(ws.getCell(last + 1, 1).value), /Standard errors in parentheses/);
  // no vertical rules anywhere
  for (let r = header; r <= last; r++) for (let c = 1; c <= 3; c++) assert.equal(ws.getCell(r, c).border?.left, undefined);
});

test('Chinese labels in XLSX; data tables keep numbers numeric with the table digits', async () => {
  const wb = await load(await regressionXlsx([m], { lang: 'zh' }));
  const values = wb.worksheets[0]!.getColumn(1).values.map(String);
  assert.ok(values.includes('观测值'));
  assert.ok(values.includes('city 固定效应'));
  const wb2 = await load(await dataXlsx([{ period: '2011-2012', tfp: 1.012345 }], { digits: 3, sheetName: 'Malmquist' }));
  const ws = wb2.getWorksheet('Malmquist')!;
  assert.equal(ws.getCell(2, 2).value, 1.012345);
  assert.equal(ws.getCell(2, 2).numFmt, '0.000');
  assert.equal(ws.getCell(2, 1).value, '2011-2012');
});

test('several tables, one sheet each, names made Excel-safe and unique; empty list is an error', async () => {
  const g = regressionGrid([m]);
  const wb = await load(await gridsToXlsx([{ name: 'main/results', grid: g }, { name: 'main/results', grid: g }]));
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['main_results', 'main_results_2']);
  await assert.rejects(gridsToXlsx([]), (e: PilotzoneError) => e.code === 'E_OPTION' && /sheets/.test(e.message));
});
