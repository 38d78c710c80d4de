import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateCityPanel, loadCityPanel, SIM_VARIABLES, SRC_LEVELS } from '../../../src/data/embedded/index.js';
import { repoRoot } from '../../helpers/validation.js';
import { rowIndex } from './helpers.js';

const panel = loadCityPanel();
const sharedPanel = resolve(repoRoot, '..', 'shared', 'data', 'city-stats', 'panel.csv');

test('every column has a provenance entry; mixed columns have a per-cell flag column', () => {
  const t = panel.table;
  for (const name of t.names) assert.ok(panel.provenance[name], `${name} has no provenance`);
  for (const [name, p] of Object.entries(panel.provenance)) {
    assert.ok(t.has(name), name);
    if (p.kind === 'mixed') {
      const flags = t.column(p.cellFlags!);
      assert.ok(flags.kind === 'string');
      for (const l of flags.levels) assert.ok(SRC_LEVELS.includes(l), `${name}: ${l}`);
    }
  }
  for (const v of SIM_VARIABLES) assert.equal(panel.provenance[v.name]!.kind, 'simulated', v.name);
  for (const name of ['gdp', 'pop_resident', 'avg_wage', 'employees', 'land_area_km2', 'gdp_share_tertiary']) assert.equal(panel.provenance[name]!.kind, 'mixed', name);
  assert.equal(panel.provenance['intl_express_pc']!.planted, true);
  assert.equal(panel.provenance['gdp']!.planted, undefined);
  // Mostly published: GDP 2010-2021 is published for nearly every default city.
  const src = t.column('gdp_src');
  assert.ok(src.kind === 'string');
  let pub = 0;
  for (let i = 0; i < t.nrows; i++) if (src.levels[src.codes[i]!]!.startsWith('published')) pub++;
  assert.ok(pub / t.nrows > 0.75, `${pub} of ${t.nrows} GDP cells published`);
});

test('published cells carry the published figures unchanged (checked against ../shared/data/city-stats/panel.csv)', { skip: existsSync(sharedPanel) ? false : 'shared data not found' }, () => {
  const lines = readFileSync(sharedPanel, 'utf8').split('\n').slice(1);
  const want = new Map<string, number>();
  const map: Record<string, string> = { gdp: 'gdp', avg_wage: 'avg_wage', employees_avg: 'employees', pop_registered: 'pop_registered', gdp_share_tertiary: 'gdp_share_tertiary' };
  for (const line of lines) {
    const m = /^(\d{6}),[^,]*,(\d{4}),([a-z_]+),([-\d.]+),/.exec(line);
    if (!m || !(m[3]! in map)) continue;
    want.set(`${map[m[3]!]}|${m[1]}|${m[2]}`, Number(m[4]));
  }
  const t = panel.table;
  const idx = rowIndex(t);
  let checked = 0;
  for (const col of Object.values(map)) {
    const v = t.numeric(col), src = t.column(`${col}_src`);
    assert.ok(src.kind === 'string');
    for (const [key, i] of idx) {
      const s = src.levels[src.codes[i]!]!;
      if (!s.startsWith('published')) continue;
      const [code, year] = key.split('|');
      const w = want.get(`${col}|${code}|${year}`);
      assert.notEqual(w, undefined, `${col} ${key} flagged published but not in panel.csv`);
      assert.equal(v[i], w, `${col} ${key}`);
      checked++;
    }
  }
  assert.ok(checked > 10000, `${checked} cells checked`);
  // Low-confidence cells are replaced by default and kept on request.
  assert.ok(panel.warnings.some((w) => w.code === 'W_LOW_CONFIDENCE_REPLACED'));
  const kept = generateCityPanel({ lowConfidence: 'keep' });
  const ks = kept.table.column('pop_registered_src');
  assert.ok(ks.kind === 'string' && ks.levels.includes('published:low'));
});

test('definition breaks are flagged: the 2018-2019 census revision (Tianjin -25%)', () => {
  const tianjin = panel.breaks.find((b) => b.code === '120000');
  assert.ok(tianjin, 'Tianjin 2018-2019 step');
  assert.ok(tianjin.log_change < -0.2);
  assert.ok(panel.warnings.some((w) => w.code === 'W_DEFINITION_BREAK' && w.message.includes('Tianjin')));
});

test('planted effects never touch published or mixed columns', () => {
  const y0 = generateCityPanel({ effects: 'none' });
  for (const [name, p] of Object.entries(panel.provenance)) {
    if (p.kind === 'simulated') continue;
    assert.deepEqual(panel.table.column(name), y0.table.column(name), name);
  }
});

test('simulated magnitudes are realistic: 2019 totals near the national anchors', () => {
  const t = panel.table, y = t.numeric('year');
  const total = (name: string) => t.numeric(name).reduce((s, v, i) => (y[i] === 2019 ? s + v : s), 0);
  const share = total('gdp') / 986515;
  for (const v of SIM_VARIABLES) {
    const ratio = total(v.name) / (v.anchor * share);
    // Y(0) totals match exactly; planted effects add at most ~30% (international express).
    assert.ok(ratio > 0.99 && ratio < 1.35, `${v.name}: ${ratio.toFixed(3)} of the anchor`);
  }
  assert.ok(total('pop_resident') > 120000 && total('pop_resident') < 141000, 'resident population (10,000) below the national 140 million x 10');
});
