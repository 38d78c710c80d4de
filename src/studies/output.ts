/**
 * Writes a study's report folder: `report.html` (one self-contained page, `buildReport`), `tables/` (each
 * table as md, tex, csv, xlsx, docx), `figures/` (svg, png) and `results.json` (every number of the report,
 * the checks against the planted truth, the spec and the provenance). Every report is labelled as simulated
 * when its data come from the embedded panel and shows the planted truth beside the estimates.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dataGrid, type DataValue } from '../report/datatable.js';
import { buildReport, type ReportSection } from '../report/html/report.js';
import { gridToHtml } from '../report/tables/text-formats.js';
import type { TableGrid } from '../report/tables/grid.js';
import { writeFigureFiles, writeTableFiles, type TableFileFormat } from '../report/write.js';
import { SIMULATED_NOTICE } from '../data/embedded/index.js';

/** One headline estimate beside the effect planted in the simulated data (the CLI contract's `checks`). */
export interface StudyCheck {
  what: string;
  estimate: number;
  truth: number;
  conf_low: number;
  conf_high: number;
  covered: boolean;
}

/** Builds a check; `covered` is whether the truth lies in [conf_low, conf_high]. */
export function check(what: string, estimate: number, truth: number, confLow: number | null, confHigh: number | null): StudyCheck {
  const lo = confLow ?? NaN, hi = confHigh ?? NaN;
  return { what, estimate, truth, conf_low: lo, conf_high: hi, covered: Number.isFinite(lo) && Number.isFinite(hi) && lo <= truth && truth <= hi };
}

export interface StudyTable {
  /** File stem under tables/. */
  stem: string;
  caption: string;
  grid: TableGrid;
  /** Tidy CSV to write instead of the grid's cells. */
  csv?: string;
}

export interface StudyFigure {
  stem: string;
  caption: string;
  svg: string;
  dataCsv?: string;
}

export interface StudySection {
  heading: string;
  text?: string;
  tables?: StudyTable[];
  figures?: StudyFigure[];
  checks?: StudyCheck[];
}

/** What a study run produced, before it is written. */
export interface StudyRun {
  name: string;
  title: string;
  simulated: boolean;
  sections: StudySection[];
  checks: StudyCheck[];
  /** Steps of the spec that could not run in this version, each with the reason. */
  notAvailable: { step: string; reason: string }[];
  /** Numbers for results.json (beyond the tables). */
  results: Record<string, unknown>;
  provenance: Record<string, string | number | boolean | null>;
}

/** Paths written by {@link writeStudyRun}. */
export interface StudyFiles {
  dir: string;
  report: string;
  results: string;
  tables: string[];
  figures: string[];
}

/** A data table of checks: estimate, interval, planted truth, covered. */
export function checksTable(checks: readonly StudyCheck[], stem = 'truth-vs-estimates'): StudyTable {
  const rows: Record<string, DataValue>[] = checks.map((c) => ({ what: c.what, estimate: c.estimate, conf_low: c.conf_low, conf_high: c.conf_high, truth: c.truth, covered: c.covered ? 'yes' : 'NO' }));
  return {
    stem,
    caption: 'Estimates beside the planted truth (SIMULATED data): 95% intervals unless stated',
    grid: dataGrid(rows, {
      columns: [{ key: 'what', label: 'Estimand' }, { key: 'estimate', label: 'Estimate' }, { key: 'conf_low', label: 'CI low' }, { key: 'conf_high', label: 'CI high' }, { key: 'truth', label: 'Planted truth' }, { key: 'covered', label: 'Truth in CI' }],
      digits: 4,
      title: 'Estimates and the planted truth',
    }),
  };
}

/** Writes the report folder `<outDir>/<run.name>/`. */
export async function writeStudyRun(run: StudyRun, outDir: string, tableFormats: readonly string[], figureFormats: readonly string[], lang: 'en' | 'zh' = 'en'): Promise<StudyFiles> {
  const dir = resolve(join(outDir, run.name));
  const tdir = join(dir, 'tables'), fdir = join(dir, 'figures');
  mkdirSync(tdir, { recursive: true });
  mkdirSync(fdir, { recursive: true });
  const tables: string[] = [], figures: string[] = [];
  const png = figureFormats.includes('png');
  const sections: ReportSection[] = [];
  if (run.notAvailable.length) {
    sections.push({ heading: 'Steps not yet available', text: run.notAvailable.map((n) => `${n.step}: ${n.reason}`).join('\n\n') });
  }
  sections.push({
    heading: 'Planted truth and estimates',
    text: (run.simulated ? `${SIMULATED_NOTICE}\n\n` : '') + `Each headline estimate is compared with the effect planted in the simulated panel: ${run.checks.filter((c) => c.covered).length} of ${run.checks.length} intervals cover the truth.`,
    tables: run.checks.length ? [{ html: gridToHtml(checksTable(run.checks).grid), caption: checksTable(run.checks).caption }] : [],
    checks: run.checks.map((c) => ({ label: `${c.what}: truth ${fmt(c.truth)} in [${fmt(c.conf_low)}, ${fmt(c.conf_high)}]`, ok: c.covered, detail: `estimate ${fmt(c.estimate)}` })),
  });
  const allTables: StudyTable[] = run.checks.length ? [checksTable(run.checks)] : [];
  for (const s of run.sections) {
    for (const t of s.tables ?? []) allTables.push(t);
    sections.push({
      heading: s.heading,
      ...(s.text ? { text: s.text } : {}),
      tables: (s.tables ?? []).map((t) => ({ html: gridToHtml(t.grid), caption: t.caption })),
      figures: (s.figures ?? []).map((f) => ({ svg: f.svg, caption: f.caption, name: f.stem, ...(f.dataCsv ? { dataCsv: f.dataCsv } : {}) })),
      ...(s.checks ? { checks: s.checks.map((c) => ({ label: c.what, ok: c.covered, detail: `estimate ${fmt(c.estimate)}, truth ${fmt(c.truth)}` })) } : {}),
    });
    for (const f of s.figures ?? []) {
      if (figureFormats.includes('svg') || png) figures.push(...writeFigureFiles(fdir, f.stem, f.svg, { png }));
    }
  }
  const fmts = tableFormats.filter((f) => f !== 'html') as TableFileFormat[];
  for (const t of allTables) tables.push(...(await writeTableFiles(tdir, t.stem, t.grid, { formats: fmts, ...(t.csv ? { csv: t.csv } : {}) })));
  const html = buildReport({ title: run.title, subtitle: run.simulated ? 'pilotzone study on the embedded SIMULATED city panel' : 'pilotzone study', sections, provenance: run.provenance, simulated: run.simulated ? SIMULATED_NOTICE : false, lang });
  const report = join(dir, 'report.html');
  writeFileSync(report, html);
  const results = join(dir, 'results.json');
  writeFileSync(results, JSON.stringify({ name: run.name, title: run.title, simulated: run.simulated, notice: run.simulated ? SIMULATED_NOTICE : null, checks: run.checks, not_available: run.notAvailable, results: run.results, provenance: run.provenance, tables, figures }, jsonSafe, 2));
  return { dir, report, results, tables, figures };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4)) : 'n/a';
}

function jsonSafe(_k: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (v instanceof Float64Array || v instanceof Int32Array) return Array.from(v);
  return v;
}
