import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataGrid, dataTable } from '../../src/report/datatable.js';
import { PilotzoneError } from '../../src/errors.js';

const balance = [
  { variable: 'ln_gdp', mean_treated: 10.51234, mean_control: 10.1, std_diff: 0.0412, n: 70 },
  { variable: 'ln_pop', mean_treated: 6.2, mean_control: 6.05, std_diff: -0.031, n: 70 },
  { variable: 'open', mean_treated: null, mean_control: 0.3, std_diff: Number.NaN, n: 70 },
];

test('records to every text format; integers without decimals, missing as empty', () => {
  const md = dataTable(balance, 'md', { title: 'Balance', notes: ['Standardised differences in percent.'] });
  assert.match(md, /\| ln_gdp \| 10\.512 \| 10\.100 \| 0\.041 \| 70 \|/);
  assert.match(md, /\| open \|  \| 0\.300 \|  \| 70 \|/);
  const tex = dataTable(balance, 'latex', { columns: [{ key: 'variable', label: 'Variable' }, { key: 'std_diff', label: 'Std. diff.', digits: 2 }] });
  assert.match(tex, /Variable & Std\. diff\. \\\\/);
  assert.match(tex, /ln\\_gdp & 0\.04 \\\\/);
  assert.match(tex, /\\begin\{tabular\}\{lc\}/);
  const csv = dataTable(balance, 'csv').split('\n');
  assert.equal(csv[0], 'variable,mean_treated,mean_control,std_diff,n');
  assert.equal(csv[1], 'ln_gdp,10.51234,10.1,0.0412,70');
  assert.equal(csv[3], 'open,,0.3,,70');
  const html = dataTable([{ a: '<b>' }], 'html');
  assert.match(html, /&lt;b&gt;/);
  assert.match(dataTable(balance, 'table'), /ln_gdp\s+10\.512/);
});

test('columns from the union of keys; sections before chosen rows', () => {
  const g = dataGrid([{ a: 1 }, { a: 2, b: 'x' }], { sectionsBefore: [1] });
  assert.deepEqual(g.header, ['a', 'b']);
  assert.equal(g.rows[1]!.section, true);
  assert.equal(g.rows[0]!.section, false);
  assert.deepEqual(g.rows[1]!.raw, [2, 'x']);
});

test('bad options name the option', () => {
  const e1 = (() => { try { dataGrid(balance, { digits: -1 }); } catch (e) { return e; } })() as PilotzoneError;
  assert.equal(e1.code, 'E_OPTION');
  assert.match(e1.message, /digits/);
  const e2 = (() => { try { dataGrid([]); } catch (e) { return e; } })() as PilotzoneError;
  assert.equal(e2.code, 'E_OPTION');
  assert.match(e2.message, /columns/);
  const e3 = (() => { try { dataTable(balance, 'pdf' as never); } catch (e) { return e; } })() as PilotzoneError;
  assert.equal(e3.code, 'E_OPTION');
  assert.match(e3.hint ?? '', /md/);
});
