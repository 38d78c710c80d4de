/**
 * Study specs: one YAML file says which data, which registry selection, which indicators to build, which
 * estimators and robustness checks to run and which outputs to write (docs/studies.md). `loadStudySpec`
 * parses and checks the spec before anything runs; every error is a {@link StudySpecError} with the line of
 * the spec (malformed YAML `E_SPEC_YAML`, unknown estimator `E_SPEC_UNKNOWN_ESTIMATOR`, unknown batch
 * `E_UNKNOWN_BATCH`, unknown key `E_SPEC_UNKNOWN_KEY`...). Column names are checked against the data once it
 * is loaded and the indicators are built (`E_SPEC_UNKNOWN_COLUMN`, also with the line).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { DataFileError, PilotzoneError } from '../errors.js';
import { parseBatches } from '../registry/batches.js';
import { parseDate, parseMonthDay } from '../registry/dates.js';
import { SpecNode, StudySpecError, type SpecSource } from './spec-node.js';

/** Study designs: each has its own estimators and robustness checks. */
export const DESIGNS = ['scm', 'staggered_did', 'pair_did'] as const;
export type Design = (typeof DESIGNS)[number];

/** Estimators each design can run (the `type` of an `estimators` item). */
export const ESTIMATORS: Readonly<Record<Design, readonly string[]>> = {
  scm: ['synth', 'sdid'],
  staggered_did: ['twfe', 'event_study', 'att_gt', 'sun_abraham', 'imputation', 'bacon'],
  pair_did: ['pair_did'],
};

/** Robustness checks each design can run (the `type` of a `robustness` item). */
export const ROBUSTNESS: Readonly<Record<Design, readonly string[]>> = {
  scm: ['placebo', 'iterative', 'leave_one_out'],
  staggered_did: ['heterogeneity', 'lag_treatment', 'drop_units', 'permutation'],
  pair_did: ['fake_timing', 'windows', 'psm', 'iv', 'terciles', 'mechanism', 'keep_weak_pairs'],
};

/** Indicator builders (the `type` of an `indicators` item). */
export const INDICATORS = ['capital', 'malmquist', 'entropy', 'growth', 'pairs'] as const;

/** Table formats and figure formats a study can write. */
export const TABLE_FORMATS = ['md', 'tex', 'csv', 'xlsx', 'docx'] as const;
export const FIGURE_FORMATS = ['svg', 'png'] as const;

/** Keys of each item type (checked at load so a typo names its line). */
const ITEM_KEYS: Record<string, readonly string[]> = {
  synth: ['type', 'outcome', 'treated', 'treat_time', 'predictors', 'exclude', 'donors', 'optimize', 'alpha', 'interval', 'placebo_fit_ratio', 'max_eval', 'label'],
  twfe: ['type', 'outcome', 'controls', 'label'],
  sdid: ['type', 'outcome', 'estimator', 'se', 'replications'],
  event_study: ['type', 'outcome', 'leads', 'lags', 'label'],
  att_gt: ['type', 'outcome', 'control_group', 'label'],
  sun_abraham: ['type', 'outcome', 'label'],
  imputation: ['type', 'outcome', 'label'],
  bacon: ['type', 'outcome'],
  permutation: ['type', 'draws'],
  pair_did: ['type', 'outcome', 'controls', 'cluster', 'label'],
  placebo: ['type', 'exclusion_thresholds'],
  iterative: ['type', 'iterations'],
  leave_one_out: ['type'],
  heterogeneity: ['type', 'by'],
  lag_treatment: ['type', 'periods'],
  drop_units: ['type', 'column', 'values', 'label'],
  fake_timing: ['type', 'shifts'],
  windows: ['type', 'years'],
  psm: ['type', 'covariates', 'caliper'],
  iv: ['type', 'instrument', 'label'],
  terciles: ['type', 'variables'],
  mechanism: ['type', 'mediators'],
  keep_weak_pairs: ['type'],
  capital: ['type', 'name', 'investment', 'depreciation', 'growth_years'],
  malmquist: ['type', 'name', 'inputs', 'outputs', 'orientation'],
  entropy: ['type', 'name', 'indicators', 'by'],
  growth: ['type', 'name', 'column'],
  pairs: ['type', 'series', 'controls', 'gravity', 'cutoff'],
};

/** A checked study spec: the top-level fields plus the nodes of each section (read by the runners). */
export interface StudySpec {
  readonly name: string;
  readonly title: string;
  readonly design: Design;
  readonly seed: number;
  readonly root: SpecNode;
  readonly data: SpecNode;
  readonly registry: SpecNode | undefined;
  readonly sample: SpecNode | undefined;
  readonly derive: readonly SpecNode[];
  readonly indicators: readonly SpecNode[];
  readonly estimators: readonly SpecNode[];
  readonly robustness: readonly SpecNode[];
  readonly tableFormats: readonly string[];
  readonly figureFormats: readonly string[];
  /** Language of the report's fixed words and regression-table labels (`outputs.lang`, default en). */
  readonly lang: 'en' | 'zh';
  /** The spec text (copied into results.json provenance). */
  readonly text: string;
  readonly file: string;
}

function sourceOf(file: string, doc: Document, lc: LineCounter): SpecSource {
  return {
    file,
    lineOf(path) {
      for (let k = path.length; k >= 0; k--) {
        const sub = path.slice(0, k);
        // The key's own line for map entries reads best ("outcome: foo" -> that line).
        const node = sub.length ? doc.getIn(sub, true) : doc.contents;
        if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
      }
      return null;
    },
  };
}

/** Parses and checks a study spec given as text. `file` names it in errors. */
export function parseStudySpec(text: string, file = 'study.yaml'): StudySpec {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line ?? (e.pos ? lc.linePos(e.pos[0]).line : null);
    throw new StudySpecError('E_SPEC_YAML', file, line, `malformed YAML: ${e.message.split('\n')[0]}`, 'Check indentation, colons and brackets on that line.');
  }
  const src = sourceOf(file, doc, lc);
  const value = doc.toJS();
  const root = new SpecNode(src, value, []);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) root.fail('E_SPEC_INVALID', 'a study spec is a mapping with at least name, design, data and estimators.');
  root.allowKeys(['name', 'title', 'design', 'seed', 'data', 'registry', 'sample', 'derive', 'indicators', 'estimators', 'robustness', 'outputs', 'notes']);
  const name = root.str('name');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) root.fail('E_SPEC_INVALID', `"${name}" is not a valid study name (letters, digits, ".", "_", "-"; it names the report folder).`, 'name');
  const design = root.choice('design', DESIGNS);
  const seed = root.int('seed', 1);

  const data = root.obj('data')!;
  data.allowKeys(['source', 'panel', 'file', 'unit', 'time']);
  const source = data.choice('source', ['embedded', 'file'] as const, 'embedded');
  if (source === 'file') data.str('file');
  const panel = data.obj('panel', true);
  if (panel) {
    panel.allowKeys(['seed', 'batches', 'years', 'effects', 'cities']);
    if (panel.has('batches')) checkBatches(panel, 'batches');
    panel.range('years');
    if (panel.has('seed')) panel.int('seed');
    if (panel.has('effects')) {
      const v = panel.child('effects').value;
      if (typeof v === 'string') panel.choice('effects', ['default', 'none'] as const);
      else {
        const eff = panel.obj('effects')!;
        eff.allowKeys(['sync_weight']);
        const w = eff.num('sync_weight', 0);
        if (!(w >= 0 && w <= 1)) eff.fail('E_SPEC_INVALID', `must be in [0, 1], got ${w}.`, 'sync_weight');
      }
    }
  }

  const registry = root.obj('registry', true);
  if (registry) {
    registry.allowKeys(['batches', 'as_of', 'cutoff']);
    if (registry.has('batches')) checkBatches(registry, 'batches');
    for (const [key, check] of [['as_of', parseDate], ['cutoff', parseMonthDay]] as const) {
      if (!registry.has(key)) continue;
      try {
        check(registry.str(key), key);
      } catch (e) {
        if (e instanceof PilotzoneError) registry.fail(e.code, e.message, key, e.hint);
        throw e;
      }
    }
  }
  const sample = root.obj('sample', true);
  if (sample) {
    sample.allowKeys(['years', 'exclude', 'units', 'keep_treated']);
    sample.range('years');
    if (sample.has('units')) sample.int('units', undefined, 2);
  }

  const derive = root.items('derive');
  for (const d of derive) {
    d.allowKeys(['name', 'expr', 'label']);
    d.str('name');
    d.str('expr');
  }
  const indicators = root.items('indicators');
  for (const it of indicators) checkItem(it, INDICATORS, 'indicator', 'E_SPEC_UNKNOWN_INDICATOR');
  const estimators = root.items('estimators');
  if (!estimators.length) root.fail('E_SPEC_MISSING', 'at least one estimator is required.', 'estimators');
  for (const it of estimators) checkItem(it, ESTIMATORS[design], `estimator of a ${design} study`, 'E_SPEC_UNKNOWN_ESTIMATOR');
  const robustness = root.items('robustness');
  for (const it of robustness) checkItem(it, ROBUSTNESS[design], `robustness check of a ${design} study`, 'E_SPEC_UNKNOWN_ROBUSTNESS');

  const outputs = root.obj('outputs', true);
  let tableFormats: string[] = [...TABLE_FORMATS];
  let figureFormats: string[] = [...FIGURE_FORMATS];
  let lang: 'en' | 'zh' = 'en';
  if (outputs) {
    outputs.allowKeys(['tables', 'figures', 'lang']);
    lang = outputs.choice('lang', ['en', 'zh'] as const, 'en');
    if (outputs.has('tables')) tableFormats = checkList(outputs, 'tables', TABLE_FORMATS);
    if (outputs.has('figures')) figureFormats = checkList(outputs, 'figures', FIGURE_FORMATS);
  }
  return { name, title: root.str('title', name), design, seed, root, data, registry, sample, derive, indicators, estimators, robustness, tableFormats, figureFormats, lang, text, file };
}

/** Reads and checks a study spec file. */
export function loadStudySpec(path: string): StudySpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataFileError(path, `cannot read the study spec (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  return parseStudySpec(text, path);
}

function checkBatches(node: SpecNode, key: string): void {
  const v = node.child(key).value;
  try {
    parseBatches(typeof v === 'number' ? String(v) : Array.isArray(v) ? (v as number[]) : (v as string), key);
  } catch (e) {
    if (e instanceof PilotzoneError) node.fail(e.code, e.message, key, e.hint, e.details ?? {});
    throw e;
  }
}

function checkList(node: SpecNode, key: string, allowed: readonly string[]): string[] {
  const list = node.strList(key);
  list.forEach((f, i) => {
    if (!allowed.includes(f)) node.child(key).fail('E_SPEC_INVALID', `"${f}" is not a format here.`, i, `Allowed: ${allowed.join(', ')}.`);
  });
  return list;
}

function checkItem(it: SpecNode, allowed: readonly string[], what: string, code: string): void {
  const type = it.str('type');
  if (!allowed.includes(type)) it.fail(code, `unknown ${what} "${type}".`, 'type', `Allowed: ${allowed.join(', ')}.`, { value: type, allowed });
  it.allowKeys(ITEM_KEYS[type] ?? ['type']);
}
