import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, externalReferences } from '../../src/report/html/report.js';
import { prefixSvgIds } from '../../src/report/html/svg-ids.js';
import { regressionTable, type TableModel } from '../../src/report/regtable.js';
import { dataTable } from '../../src/report/datatable.js';
import { eventStudySpec, eventStudySvg } from '../../src/report/figures/event-study.js';
import { scmGapSvg } from '../../src/report/figures/scm.js';
import { specDataCsv } from '../../src/report/figures/spec-data.js';
import { PilotzoneError } from '../../src/errors.js';
import * as fx from './fixtures.js';

const m: TableModel = {
  depvar: 'ln_tfp',
  coefficients: [{ term: 'treat', estimate: 0.05, std_error: 0.01, statistic: 5, p_value: 0.001, conf_low: 0.03, conf_high: 0.07 }],
  nobs: 980,
  fixedEffects: ['city', 'year'],
};

async function sample(lang: 'en' | 'zh' = 'en') {
  return buildReport({
    title: 'TFP staggered DID <demo>',
    subtitle: 'Seed 001 on the embedded panel',
    simulated: true,
    lang,
    sections: [
      {
        heading: 'Main results',
        text: 'First paragraph.\n\nSecond & last paragraph.',
        tables: [{ html: regressionTable([m], 'html'), caption: 'TWFE' }, dataTable([{ period: '2011-2012', tfp: 1.01 }], 'html')],
        checks: [
          { label: 'Planted effect 0.05 inside the 95% CI', ok: true, detail: '[0.03, 0.07]' },
          { label: 'Pre-trends jointly zero', ok: false, detail: 'p = 0.01' },
          { label: 'Wild bootstrap', ok: null },
        ],
      },
      {
        heading: 'Figures',
        figures: [
          { svg: await eventStudySvg(fx.eventRows()), caption: 'Event study', dataCsv: specDataCsv(eventStudySpec(fx.eventRows()), 'points'), name: 'event-study' },
          await scmGapSvg(fx.scmPath, { treatmentTime: 2016 }),
        ],
      },
    ],
    provenance: { seed: 20240501, vcov: 'cluster(city)', version: '0.1.0', skipped: undefined, missing: null },
  });
}

test('report page: self-contained, every table, figure and check present, text escaped', async () => {
  const html = await sample();
  assert.deepEqual(externalReferences(html), []);
  assert.ok(!/<script|<link\b|<img\b/i.test(html), 'no script, stylesheet link or external image');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<title>TFP staggered DID &lt;demo&gt;<\/title>/);
  assert.match(html, /id="simulated-banner"[^>]*>.*Simulated data/);
  assert.equal((html.match(/<figure /g) ?? []).length, 2);
  assert.equal((html.match(/<svg\b/g) ?? []).length, 2);
  assert.equal((html.match(/<div class="table"/g) ?? []).length, 2);
  assert.match(html, /Table 1\. TWFE/);
  assert.match(html, /Figure 1\. Event study/);
  assert.match(html, /<p>Second &amp; last paragraph\.<\/p>/);
  assert.equal((html.match(/<tr class="pass">/g) ?? []).length, 1);
  assert.equal((html.match(/<tr class="fail">/g) ?? []).length, 1);
  assert.equal((html.match(/<tr class="na">/g) ?? []).length, 1);
  assert.match(html, /<dt>seed<\/dt><dd>20240501<\/dd>/);
  assert.ok(!html.includes('skipped'), 'undefined provenance entries are left out');
  assert.match(html, /download="event-study\.csv" href="data:text\/csv;charset=utf-8,rel_time%2Cx%2Cestimate/);
  assert.match(html, /<a href="#s1-main-results">Main results<\/a>/);
});

test('SVG ids are unique across inlined figures and references follow them', async () => {
  const html = await sample();
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((x) => x[1]!);
  assert.equal(new Set(ids).size, ids.length, 'no duplicate id in the page');
  for (const ref of html.matchAll(/url\(#([^)]+)\)/g)) assert.ok(ids.includes(ref[1]!), `url(#${ref[1]}) resolves`);
  assert.equal(
    prefixSvgIds('<svg><clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"/><use href="#clip1"/><a href="#other"/></svg>', 'f2-'),
    '<svg><clipPath id="f2-clip1"><rect/></clipPath><g clip-path="url(#f2-clip1)"/><use href="#f2-clip1"/><a href="#other"/></svg>',
  );
});

test('Chinese fixed words, custom banner, no banner, and the external-reference detector', async () => {
  const zh = await sample('zh');
  assert.match(zh, /<html lang="zh-CN">/);
  for (const s of ['模拟数据', '目录', '检验', '来源与设定', '表 1. TWFE', '下载图形数据']) assert.ok(zh.includes(s), s);
  const custom = buildReport({ title: 'x', sections: [{ heading: 'a' }], simulated: 'Toy numbers.' });
  assert.match(custom, /Toy numbers\./);
  const none = buildReport({ title: 'x', sections: [{ heading: 'a' }] });
  assert.ok(!none.includes('simulated-banner'));
  assert.ok(!none.includes('<nav>'), 'no contents for a single section');
  assert.deepEqual(externalReferences('<img src="https://x.org/a.png"><a href=\'//cdn.x/y\'>'), ['https://x.org/a.png', '//cdn.x/y']);
  assert.deepEqual(externalReferences('<style>@import url("http://f.css");div{background:url(http://b.png)}</style>').sort(), ['http://b.png', 'http://f.css']);
  assert.deepEqual(externalReferences('<style>@import "http://g.css";</style>'), ['http://g.css']);
  assert.deepEqual(externalReferences('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), []);
  assert.throws(() => buildReport({ title: '', sections: [] }), (e: PilotzoneError) => e.code === 'E_REPORT' && /title/.test(e.message));
});
