/**
 * Figure structure tests: each figure is rendered from seeded plot data and checked for the right number of
 * marks (derived from the input), its labels, no NaN/undefined in the SVG, and determinism. Set
 * PILOTZONE_FIGURE_DIR to also write every SVG and PNG there for a look.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scmTrajectorySvg, scmGapSvg, scmGapSpec } from '../../src/report/figures/scm.js';
import { placeboGapsSvg } from '../../src/report/figures/placebo.js';
import { pValueSvg } from '../../src/report/figures/pvalues.js';
import { eventStudySvg, eventStudySpec } from '../../src/report/figures/event-study.js';
import { permutationSvg, permutationSpec } from '../../src/report/figures/permutation.js';
import { baconSvg } from '../../src/report/figures/bacon.js';
import { commonSupportSvg, commonSupportBins } from '../../src/report/figures/common-support.js';
import { zoneMapSvg } from '../../src/report/figures/zone-map.js';
import { specData, specDataCsv } from '../../src/report/figures/spec-data.js';
import { toPng } from '../../src/report/figures/png.js';
import { PilotzoneError } from '../../src/errors.js';
import * as fx from './fixtures.js';
import { countMarks, markGroup, svgSnapshot } from './svg-helpers.js';

const dump = process.env['PILOTZONE_FIGURE_DIR'];
function save(name: string, svg: string): void {
  if (!dump) return;
  mkdirSync(dump, { recursive: true });
  writeFileSync(`${dump}/${name}.svg`, svg);
  writeFileSync(`${dump}/${name}.png`, toPng(svg));
}

/**
 * Compares the figure's structural snapshot (see `svgSnapshot`) with `test/report/snapshots/<name>.txt`
 * (relative to the repository root, where the test runner starts). A missing snapshot is written on a
 * developer's machine (review and commit it) and is a failure under CI; UPDATE_SNAPSHOTS=1 rewrites them.
 */
function matchSnapshot(name: string, svg: string): void {
  const path = join(process.cwd(), 'test', 'report', 'snapshots', `${name}.txt`);
  const got = svgSnapshot(svg);
  if (!existsSync(path) || process.env['UPDATE_SNAPSHOTS'] === '1') {
    assert.ok(!process.env['CI'] || process.env['UPDATE_SNAPSHOTS'] === '1', `snapshot ${path} is missing`);
    mkdirSync(join(process.cwd(), 'test', 'report', 'snapshots'), { recursive: true });
    writeFileSync(path, got);
    return;
  }
  assert.equal(got, readFileSync(path, 'utf8'), `figure ${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept)`);
}

function clean(svg: string): void {
  assert.ok(svg.startsWith('<svg'), 'an SVG element');
  assert.ok(!/NaN|undefined|Infinity/.test(svg), 'no NaN / undefined / Infinity in the SVG');
  assert.ok(!/https?:\/\/(?!www\.w3\.org\/)/.test(svg), 'no external URL');
}

/** The line path of a line layer has one segment per point: count its M/L commands. */
function pathVertices(svg: string, layer: string): number {
  const d = /<path[^>]* d="([^"]+)"/.exec(markGroup(svg, layer))?.[1] ?? '';
  return (d.match(/[ML]/g) ?? []).length;
}

test('SCM trajectory: two series of 14 points, treatment line, Chinese legend', async () => {
  const svg = await scmTrajectorySvg(fx.scmPath, { treatmentTime: 2016, unit: '佛山', lang: 'zh', title: '佛山：合成控制' });
  save('scm-trajectory', svg);
  matchSnapshot('scm-trajectory', svg);
  clean(svg);
  assert.equal(countMarks(svg, 'paths'), 2, 'two lines');
  assert.equal(countMarks(svg, 'treatment'), 1);
  for (const s of ['佛山', '合成控制', '年份', '佛山：合成控制']) assert.ok(svg.includes(s), s);
  assert.equal(await scmTrajectorySvg(fx.scmPath, { treatmentTime: 2016, unit: '佛山', lang: 'zh', title: '佛山：合成控制' }), svg, 'deterministic');
});

test('SCM gap: one vertex per period; gaps are treated minus synthetic', async () => {
  const svg = await scmGapSvg(fx.scmPath, { treatmentTime: 2016 });
  save('scm-gap', svg);
  clean(svg);
  assert.equal(pathVertices(svg, 'gap'), fx.scmPath.length);
  const rows = specData(scmGapSpec(fx.scmPath), 'gap');
  assert.equal(rows.length, 14);
  assert.equal(rows[7]!['gap'], fx.scmPath[7]!.treated - fx.scmPath[7]!.synthetic);
});

test('placebo gaps: one line per placebo unit plus the treated one', async () => {
  const rows = fx.placeboRows();
  const svg = await placeboGapsSvg(rows, { treatmentTime: 2016 });
  save('placebo-gaps', svg);
  clean(svg);
  const units = new Set(rows.filter((r) => !r.treated).map((r) => r.unit)).size;
  assert.equal(countMarks(svg, 'placebo'), units);
  assert.equal(countMarks(svg, 'treated'), 1);
  assert.ok(svg.includes('Placebo units') && svg.includes('Treated'));
});

test('p-value by period: one bar and one label per period, two level lines', async () => {
  const svg = await pValueSvg(fx.pValues);
  save('p-values', svg);
  matchSnapshot('p-values', svg);
  clean(svg);
  assert.equal(countMarks(svg, 'pvalues'), fx.pValues.length);
  assert.equal(countMarks(svg, 'pvalueLabels'), fx.pValues.length);
  assert.equal(countMarks(svg, 'levels'), 2);
  assert.ok(svg.includes('p = 0.05') && svg.includes('2023'));
});

test('event study: a point and an interval per estimate, reference period drawn hollow at 0', async () => {
  const rows = fx.eventRows();
  const svg = await eventStudySvg(rows);
  save('event-study', svg);
  matchSnapshot('event-study', svg);
  clean(svg);
  assert.equal(countMarks(svg, 'points'), rows.length);
  assert.equal(countMarks(svg, 'ci'), rows.length);
  assert.equal(countMarks(svg, 'reference'), 1);
  assert.ok(svg.includes('Callaway-Sant&#39;Anna') || svg.includes("Callaway-Sant'Anna"));
  const texts = [...markGroup(svg, 'points').matchAll(/aria-label="([^"]+)"/g)].length;
  assert.equal(texts, rows.length, 'every point carries an accessible label');
  // dodge: the two estimators of a period are placed symmetrically around it
  const data = specData(eventStudySpec(rows), 'points');
  const at0 = data.filter((d) => d['rel_time'] === 0).map((d) => d['x'] as number);
  assert.ok(Math.abs(at0[0]! + at0[1]!) < 1e-12 && at0[0] !== at0[1]);
});

test('event study: missing CI bounds drop the interval, not the point; the reference row is not duplicated', async () => {
  const rows = [
    { rel_time: -2, estimate: 0.01, conf_low: -0.02, conf_high: 0.04 },
    { rel_time: -1, estimate: 0, conf_low: null, conf_high: null },
    { rel_time: 0, estimate: 0.1, conf_low: Number.NaN, conf_high: 0.2 },
    { rel_time: 1, estimate: Number.NaN, conf_low: 0, conf_high: 1 },
  ];
  const svg = await eventStudySvg(rows, { lang: 'zh' });
  clean(svg);
  assert.equal(countMarks(svg, 'points'), 3);
  assert.equal(countMarks(svg, 'ci'), 1);
  assert.equal(countMarks(svg, 'reference'), 0);
  assert.ok(svg.includes('相对政策实施的期数'));
});

test('permutation density: a curve, the actual estimate and its p-value', async () => {
  const draws = fx.permutationDraws();
  const svg = await permutationSvg({ draws, actual: 0.061, pValue: 0.004 });
  save('permutation', svg);
  clean(svg);
  assert.equal(countMarks(svg, 'actual'), 1);
  assert.ok(svg.includes('Actual estimate = 0.0610 (p = 0.004)'));
  // the density integrates to ~1 over its grid (trapezoid rule)
  const curve = specData(permutationSpec({ draws, actual: 0.061 }), 'density');
  let area = 0;
  for (let i = 1; i < curve.length; i++) area += ((curve[i]!['x'] as number) - (curve[i - 1]!['x'] as number)) * ((curve[i]!['density'] as number) + (curve[i - 1]!['density'] as number)) / 2;
  assert.ok(Math.abs(area - 1) < 0.01, `area ${area}`);
});

test('Bacon scatter: one point per comparison, TWFE line at the weighted mean', async () => {
  const svg = await baconSvg(fx.baconRows);
  save('bacon', svg);
  matchSnapshot('bacon', svg);
  clean(svg);
  assert.equal(countMarks(svg, 'comparisons'), fx.baconRows.length);
  const sw = fx.baconRows.reduce((a, r) => a + r.weight, 0);
  const twfe = fx.baconRows.reduce((a, r) => a + r.weight * r.estimate, 0) / sw;
  assert.ok(svg.includes(`TWFE = ${twfe.toPrecision(3)}`));
});

test('common support: shared bins, counts add up, one bar per non-empty group-bin', async () => {
  const rows = fx.pscores();
  const bins = commonSupportBins(rows, 20);
  assert.equal(bins.reduce((a, b) => a + b.treated, 0), rows.filter((r) => r.treated).length);
  assert.equal(bins.reduce((a, b) => a + b.control, 0), rows.filter((r) => !r.treated).length);
  const svg = await commonSupportSvg(rows);
  save('common-support', svg);
  clean(svg);
  assert.equal(countMarks(svg, 'bars'), bins.filter((b) => b.treated).length + bins.filter((b) => b.control).length);
  assert.throws(() => commonSupportBins(rows, 0), (e: PilotzoneError) => e.code === 'E_OPTION' && /bins/.test(e.message));
});

test('zone map: a dot per city, zones coloured by batch with a legend entry per batch', async () => {
  const rows = fx.mapRows();
  const svg = await zoneMapSvg(rows, { labelCities: ['杭州'], lang: 'zh' });
  save('zone-map', svg);
  matchSnapshot('zone-map', svg);
  clean(svg);
  assert.equal(countMarks(svg, 'zones'), rows.filter((r) => r.batch !== null).length);
  assert.equal(countMarks(svg, 'cities'), rows.filter((r) => r.batch === null).length);
  assert.equal(countMarks(svg, 'labels'), 1);
  for (let b = 1; b <= 7; b++) assert.ok(svg.includes(`第${b}批`), `batch ${b}`);
});

test('figures with no usable rows fail with E_PLOT_DATA naming the figure', async () => {
  await assert.rejects(eventStudySvg([{ rel_time: 0, estimate: Number.NaN, conf_low: null, conf_high: null }]), (e: PilotzoneError) => e.code === 'E_PLOT_DATA' && /event study/.test(e.message));
  await assert.rejects(scmGapSvg([]), (e: PilotzoneError) => e.code === 'E_PLOT_DATA');
  await assert.rejects(permutationSvg({ draws: [], actual: 1 }), (e: PilotzoneError) => e.code === 'E_PLOT_DATA' && /permutation/.test(e.message));
  await assert.rejects(zoneMapSvg([{ city: 'x', lon: Number.NaN, lat: 30, batch: 1 }]), (e: PilotzoneError) => e.code === 'E_PLOT_DATA');
});

test('figure data as CSV for the report download', () => {
  const csv = specDataCsv(eventStudySpec(fx.eventRows()), 'points').split('\n');
  assert.equal(csv[0], 'rel_time,x,estimate,estimator,conf_low,conf_high,ci');
  assert.equal(csv.length, fx.eventRows().length + 1);
});

test('interactive() adds pan/zoom to an x/y layer without changing the static rendering', async () => {
  const { interactive } = await import('../../src/report/figures/interactive.js');
  const { renderSvg } = await import('../../src/report/figures/render.js');
  const spec = eventStudySpec(fx.eventRows());
  const live = interactive(spec);
  const layers = live['layer'] as Record<string, unknown>[];
  assert.deepEqual(layers.filter((l) => l['params']).map((l) => l['name']), ['ci']);
  assert.equal((spec['layer'] as Record<string, unknown>[]).some((l) => l['params']), false, 'the input is not modified');
  assert.equal(svgSnapshot(await renderSvg(live)), svgSnapshot(await renderSvg(spec)));
});
