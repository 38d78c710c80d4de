import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTableFiles, writeFigureFiles } from '../../src/report/write.js';
import { regressionGrid, regressionTable, type TableModel } from '../../src/report/regtable.js';
import { pValueSvg } from '../../src/report/figures/pvalues.js';
import { PilotzoneError } from '../../src/errors.js';
import { pValues } from './fixtures.js';

const m: TableModel = { depvar: 'y', coefficients: [{ term: 'x', estimate: 1, std_error: 0.5, statistic: 2, p_value: 0.05, conf_low: 0, conf_high: 2 }], nobs: 100 };

test('a table in every format and a figure as SVG + PNG land in the folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pz-report-'));
  try {
    const paths = await writeTableFiles(join(dir, 'tables'), 'main', regressionGrid([m]), { formats: ['md', 'tex', 'csv', 'html', 'txt', 'xlsx', 'docx'], csv: regressionTable([m], 'csv') });
    assert.equal(paths.length, 7);
    assert.match(readFileSync(join(dir, 'tables', 'main.tex'), 'utf8'), /\\toprule/);
    assert.match(readFileSync(join(dir, 'tables', 'main.csv'), 'utf8'), /^model,depvar,term/);
    assert.equal(readFileSync(join(dir, 'tables', 'main.xlsx')).subarray(0, 2).toString(), 'PK');
    assert.equal(readFileSync(join(dir, 'tables', 'main.docx')).subarray(0, 2).toString(), 'PK');
    const figs = writeFigureFiles(join(dir, 'figures'), 'p', await pValueSvg(pValues, { width: 160, height: 100 }), { scale: 1 });
    assert.deepEqual(figs.map((p) => p.slice(-5)), ['p.svg', 'p.png'].map((s) => s.padStart(5, '/')));
    assert.deepEqual([...readFileSync(figs[1]!).subarray(1, 4)], [0x50, 0x4e, 0x47]);
    await assert.rejects(writeTableFiles(dir, 'x', regressionGrid([m]), { formats: ['pdf' as never] }), (e: PilotzoneError) => e.code === 'E_OPTION' && /pdf/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
