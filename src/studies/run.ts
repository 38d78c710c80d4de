/**
 * `runStudy`: one study spec from YAML to report folder. Loads and checks the spec, runs the data steps
 * (`prepare.ts`), the design's estimators and robustness checks, and writes `<outDir>/<name>/` with
 * report.html, tables/, figures/ and results.json (`output.ts`).
 */
import { performance } from 'node:perf_hooks';
import type { RunControl } from '../control.js';
import { throwIfCancelled } from '../errors.js';
import { prepareStudyData } from './prepare.js';
import { writeStudyRun, type StudyCheck, type StudyFiles, type StudyRun } from './output.js';
import { loadStudySpec, type StudySpec } from './spec.js';
import { runScmStudy } from './scm-study.js';
import { runStaggeredStudy } from './staggered-study.js';
import { runPairStudy } from './pair-study.js';
import { sampleMap } from './sample-map.js';

/** Options of {@link runStudy}. */
export interface RunStudyOptions extends RunControl {
  /** Worker threads for placebo loops (default: cores). */
  threads?: number;
}

/** What one study produced: the contract entry plus the run and its timings. */
export interface StudyOutcome {
  name: string;
  report: string;
  results: string;
  checks: StudyCheck[];
  notAvailable: StudyRun['notAvailable'];
  files: StudyFiles;
  seconds: number;
}

/** Runs a parsed spec and writes its report folder under `outDir`. */
export async function runStudySpec(spec: StudySpec, outDir: string, opts: RunStudyOptions = {}): Promise<StudyOutcome> {
  const t0 = performance.now();
  throwIfCancelled(opts.signal, `study ${spec.name}`);
  const data = await prepareStudyData(spec);
  throwIfCancelled(opts.signal, `study ${spec.name}`);
  const run0 = spec.design === 'scm' ? await runScmStudy(spec, data, opts) : spec.design === 'staggered_did' ? await runStaggeredStudy(spec, data, opts) : await runPairStudy(spec, data, opts);
  throwIfCancelled(opts.signal, `study ${spec.name}`);
  const map = await sampleMap(data.table, data.unit, spec.design === 'scm' ? [mapLabel(data, spec)] : []);
  const seconds = (performance.now() - t0) / 1000;
  const run: StudyRun = {
    ...run0,
    sections: [{ heading: 'Data steps', text: data.steps.map((s, i) => `${i + 1}. ${s}`).join('\n\n'), ...(map ? { figures: [map] } : {}) }, ...run0.sections],
    provenance: {
      spec: spec.file,
      design: spec.design,
      seed: spec.seed,
      data: data.panel ? 'embedded simulated city panel' : spec.data.str('file', ''),
      panel_seed: data.panel?.seed ?? null,
      panel_years: data.panel ? `${data.panel.years.from}-${data.panel.years.to}` : null,
      panel_batches: data.panel ? data.panel.batches.join(',') : null,
      sync_weight: data.panel?.effects.syncWeight ?? null,
      truth: data.panel ? 'planted effects; derived outcomes compared with the Y(0) twin (effects: none)' : 'none (user data)',
      seconds: Math.round(seconds * 100) / 100,
      pilotzone: '0.1.0',
    },
  };
  run.results = { ...run.results, steps: data.steps, spec: spec.root.json() };
  const files = await writeStudyRun(run, outDir, spec.tableFormats, spec.figureFormats, spec.lang);
  return { name: spec.name, report: files.report, results: files.results, checks: run.checks, notAvailable: run.notAvailable, files, seconds: (performance.now() - t0) / 1000 };
}

/** English name of the SCM's treated unit (labelled on the map). */
function mapLabel(data: Awaited<ReturnType<typeof prepareStudyData>>, spec: StudySpec): string {
  const treated = spec.estimators[0]!.str('treated', '');
  const t = data.table;
  if (!t.has('name_en')) return treated;
  const u = t.column(data.unit), n = t.column('name_en');
  for (let i = 0; i < t.nrows; i++) {
    const c = u.kind === 'string' ? u.levels[u.codes[i]!] : String(u.values[i]);
    if (c === treated) return n.kind === 'string' ? n.levels[n.codes[i]!]! : treated;
  }
  return treated;
}

/** Loads `specPath` and runs it (see {@link runStudySpec}). */
export async function runStudy(specPath: string, outDir: string, opts: RunStudyOptions = {}): Promise<StudyOutcome> {
  return runStudySpec(loadStudySpec(specPath), outDir, opts);
}
