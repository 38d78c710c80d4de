import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toPng, findCjkFont } from '../../src/report/figures/png.js';
import { pValueSvg } from '../../src/report/figures/pvalues.js';
import { pValues } from './fixtures.js';
import { readPng } from './png-reader.js';

test('toPng renders a figure at the requested scale', async () => {
  const svg = await pValueSvg(pValues, { width: 200, height: 120 });
  const w = Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
  const h = Number(/height="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
  const png = readPng(toPng(svg, { scale: 1 }));
  assert.equal(png.width, Math.round(w));
  assert.equal(png.height, Math.round(h));
  assert.ok(png.ink > 100, 'something is drawn');
});

const cjk = findCjkFont();
test('Chinese characters render as distinct glyphs (needs a CJK font, e.g. Debian fonts-noto-cjk)', { skip: cjk ? false : 'no CJK font installed: apt-get install fonts-noto-cjk (or fonts-wqy-microhei), or set PILOTZONE_FONT' }, () => {
  const one = (ch: string) =>
    toPng(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><text x="4" y="30" font-size="28" font-family="Noto Sans CJK SC, WenQuanYi Micro Hei">${ch}</text></svg>`, { scale: 1 });
  const a = one('观'), b = one('值'), blank = one(' ');
  assert.ok(readPng(a).ink > readPng(blank).ink + 20, 'the glyph is drawn');
  assert.notDeepEqual(a, b, 'different characters are different glyphs (not tofu boxes)');
});
