/**
 * The self-contained report page: one HTML file with inline CSS and inline SVG figures, no script and no
 * external URL, so it opens offline, can be e-mailed, and archives as one file. Sections carry text,
 * tables (HTML strings from `regressionTable(..., 'html')` / `dataTable(..., 'html')`), figures (SVG
 * strings, optionally with a caption and their data as a CSV download embedded as a data: URI), and checks
 * (e.g. "planted effect inside the 95% CI": pass / fail / not applicable). A banner marks simulated data;
 * a provenance block lists the design choices, seeds, versions and data sources (style guide 12).
 */
import { PilotzoneError } from '../../errors.js';
import type { Lang } from '../labels.js';
import { htmlEscape } from '../tables/text-formats.js';
import { prefixSvgIds, stripXmlProlog } from './svg-ids.js';
import { REPORT_CSS } from './style.js';

/** A figure: the SVG plus what a reader needs around it. */
export interface ReportFigure {
  svg: string;
  caption?: string;
  /** The figure's tidy data as CSV; offered as a download link inside the page. */
  dataCsv?: string;
  /** File name stem of the download (default `figure-<n>`). */
  name?: string;
}

/** A table: HTML from the table renderers, optionally with a caption outside the table. */
export interface ReportTable {
  html: string;
  caption?: string;
}

/** One verifiable statement shown with a pass/fail mark. `ok: null` = not applicable / not run. */
export interface ReportCheck {
  label: string;
  ok: boolean | null;
  detail?: string;
}

/** One section of the page. */
export interface ReportSection {
  heading: string;
  /** Plain text; blank lines separate paragraphs. */
  text?: string;
  tables?: readonly (string | ReportTable)[];
  figures?: readonly (string | ReportFigure)[];
  checks?: readonly ReportCheck[];
}

/** Key-value facts about how the report was made (seed, versions, data source, command...). */
export type Provenance = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Everything {@link buildReport} needs. */
export interface ReportInput {
  title: string;
  subtitle?: string;
  sections: readonly ReportSection[];
  provenance?: Provenance;
  /**
   * Show the "simulated data" banner: `true` for the default wording, a string for custom wording
   * (default false).
   */
  simulated?: boolean | string;
  /** Language of fixed words (default `en`). */
  lang?: Lang;
}

const T = {
  en: {
    contents: 'Contents',
    provenance: 'Provenance',
    checks: 'Checks',
    pass: 'pass',
    fail: 'fail',
    na: 'n/a',
    data: 'Download the data (CSV)',
    figure: 'Figure',
    table: 'Table',
    simulated:
      'Simulated data. The numbers in this report come from a simulated panel with planted effects; they illustrate the method and are not estimates of the real policy.',
  },
  zh: {
    contents: '目录',
    provenance: '来源与设定',
    checks: '检验',
    pass: '通过',
    fail: '未通过',
    na: '不适用',
    data: '下载图形数据（CSV）',
    figure: '图',
    table: '表',
    simulated: '模拟数据。本报告中的数字来自植入已知效应的模拟面板，仅用于演示方法，并非对真实政策效应的估计。',
  },
} as const;

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${htmlEscape(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function slug(s: string, i: number): string {
  const tail = s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `s${i + 1}${tail ? '-' + tail : ''}`;
}

function checkIcon(ok: boolean | null): string {
  return ok === true ? '&#10003;' : ok === false ? '&#10007;' : '&#8211;';
}

/** Builds the self-contained HTML page (see the module comment). */
export function buildReport(input: ReportInput): string {
  if (!input.title) throw new PilotzoneError('E_REPORT', 'buildReport: a report needs a title.', { details: { option: 'title' } });
  const t = T[input.lang === 'zh' ? 'zh' : 'en'];
  let figNo = 0;
  let tabNo = 0;
  const body: string[] = [];
  body.push(`<header><h1>${htmlEscape(input.title)}</h1>${input.subtitle ? `<p class="subtitle">${htmlEscape(input.subtitle)}</p>` : ''}</header>`);
  if (input.simulated) {
    const text = typeof input.simulated === 'string' ? input.simulated : t.simulated;
    body.push(`<div class="banner" role="note" id="simulated-banner"><strong>&#9888;</strong> ${htmlEscape(text)}</div>`);
  }
  if (input.sections.length > 1) {
    body.push(
      `<nav><h2>${t.contents}</h2><ol>${input.sections.map((s, i) => `<li><a href="#${slug(s.heading, i)}">${htmlEscape(s.heading)}</a></li>`).join('')}</ol></nav>`,
    );
  }
  input.sections.forEach((s, i) => {
    const out: string[] = [`<section id="${slug(s.heading, i)}"><h2>${htmlEscape(s.heading)}</h2>`];
    if (s.text) out.push(paragraphs(s.text));
    for (const tab of s.tables ?? []) {
      const tb = typeof tab === 'string' ? { html: tab } : tab;
      tabNo++;
      const cap = tb.caption ? `<p class="caption">${t.table} ${tabNo}. ${htmlEscape(tb.caption)}</p>` : '';
      out.push(`<div class="table" id="table-${tabNo}">${cap}${tb.html}</div>`);
    }
    for (const fig of s.figures ?? []) {
      const f: ReportFigure = typeof fig === 'string' ? { svg: fig } : fig;
      figNo++;
      const parts = [`<figure id="figure-${figNo}">`, prefixSvgIds(stripXmlProlog(f.svg), `f${figNo}-`)];
      const cap = f.caption ? `${t.figure} ${figNo}. ${htmlEscape(f.caption)}` : '';
      const link = f.dataCsv
        ? ` <a class="data" download="${htmlEscape(f.name ?? `figure-${figNo}`)}.csv" href="data:text/csv;charset=utf-8,${encodeURIComponent(f.dataCsv)}">${t.data}</a>`
        : '';
      if (cap || link) parts.push(`<figcaption>${cap}${link}</figcaption>`);
      parts.push('</figure>');
      out.push(parts.join('\n'));
    }
    if (s.checks?.length) {
      const rows = s.checks.map((c) => {
        const cls = c.ok === true ? 'pass' : c.ok === false ? 'fail' : 'na';
        const w = c.ok === true ? t.pass : c.ok === false ? t.fail : t.na;
        return `<tr class="${cls}"><td class="mark" title="${w}">${checkIcon(c.ok)}</td><td>${htmlEscape(c.label)}</td><td class="detail">${htmlEscape(c.detail ?? '')}</td></tr>`;
      });
      out.push(`<table class="checks"><caption>${t.checks}</caption><tbody>${rows.join('')}</tbody></table>`);
    }
    out.push('</section>');
    body.push(out.join('\n'));
  });
  const prov = Object.entries(input.provenance ?? {}).filter(([, v]) => v !== undefined);
  if (prov.length) {
    const items = prov.map(([k, v]) => `<dt>${htmlEscape(k)}</dt><dd>${htmlEscape(v === null ? '—' : String(v))}</dd>`).join('');
    body.push(`<section id="provenance" class="provenance"><h2>${t.provenance}</h2><dl>${items}</dl></section>`);
  }
  return [
    '<!DOCTYPE html>',
    `<html lang="${input.lang === 'zh' ? 'zh-CN' : 'en'}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlEscape(input.title)}</title>`,
    `<style>${REPORT_CSS}</style></head>`,
    '<body><main>',
    body.join('\n'),
    '</main></body></html>',
  ].join('\n');
}

/**
 * URLs in the page that a browser would fetch or navigate to (src/href/url()/@import to http(s),
 * protocol-relative or file:); empty for a self-contained page. SVG namespace declarations (`xmlns=`) are
 * never fetched and are not listed.
 */
export function externalReferences(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\b(?:src|href|xlink:href|action|poster)\s*=\s*["']?\s*((?:https?:|file:|\/\/)[^"'\s>]*)/gi)) out.push(m[1]!);
  for (const m of html.matchAll(/url\(\s*["']?\s*((?:https?:|file:|\/\/)[^"')\s]*)/gi)) out.push(m[1]!);
  for (const m of html.matchAll(/@import\s+(?:url\()?\s*["']?([^"');\s]+)/gi)) out.push(m[1]!);
  return [...new Set(out)];
}
