/** Every figure type rendered once to a small PNG: the image has the SVG's size times the scale, and ink. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scmTrajectorySvg, scmGapSvg } from '../../src/report/figures/scm.js';
import { placeboGapsSvg } from '../../src/report/figures/placebo.js';
import { pValueSvg } from '../../src/report/figures/pvalues.js';
import { eventStudySvg } from '../../src/report/figures/event-study.js';
import { permutationSvg } from '../../src/report/figures/permutation.js';
import { baconSvg } from '../../src/report/figures/bacon.js';
import { commonSupportSvg } from '../../src/report/figures/common-support.js';
import { zoneMapSvg } from '../../src/report/figures/zone-map.js';
import { toPng } from '../../src/report/figures/png.js';
import * as fx from './fixtures.js';
import { readPng } from './png-reader.js';

const small = { width: 220, height: 140 };
const figures: [string, () => Promise<string>][] = [
  ['scm trajectory', () => scmTrajectorySvg(fx.scmPath, { ...small, treatmentTime: 2016, lang: 'zh' })],
  ['scm gap', () => scmGapSvg(fx.scmPath, { ...small, treatmentTime: 2016 })],
  ['placebo gaps', () => placeboGapsSvg(fx.placeboRows(), { ...small, treatmentTime: 2016 })],
  ['p-values', () => pValueSvg(fx.pValues, small)],
  ['event study', () => eventStudySvg(fx.eventRows(), small)],
  ['permutation', () => permutationSvg({ draws: fx.permutationDraws(200), actual: 0.06, pValue: 0.01 }, small)],
  ['bacon', () => baconSvg(fx.baconRows, small)],
  ['common support', () => commonSupportSvg(fx.pscores(), small)],
  ['zone map', () => zoneMapSvg(fx.mapRows(), { ...small, lang: 'zh' })],
];

for (const [name, make] of figures) {
  test(`PNG of the ${name} figure`, async () => {
    const svg = await make();
    const w = Number(/^<svg[^>]* width="([\d.]+)"/.exec(svg)![1]);
    const h = Number(/^<svg[^>]* height="([\d.]+)"/.exec(svg)![1]);
    const png = readPng(toPng(svg, { scale: 0.5 }));
    assert.equal(png.width, Math.round(w * 0.5));
    assert.equal(png.height, Math.round(h * 0.5));
    assert.ok(png.ink > 50, 'something is drawn');
  });
}
