import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStudySpec, loadStudySpec } from '../../src/studies/spec.js';
import { prepareStudyData } from '../../src/studies/prepare.js';
import { StudySpecError } from '../../src/studies/spec-node.js';
import { shippedStudyPaths } from '../../src/studies/shipped.js';
import { PilotzoneError } from '../../src/errors.js';
import { repoRoot } from '../helpers/validation.js';

const base = `name: t
design: staggered_did
data:
  source: embedded
registry:
  batches: "1-3"
estimators:
  - { type: twfe, outcome: intl_express_pc }
`;

/** Asserts that `f` throws a StudySpecError with `code` located at `line`, and returns it. */
function throwsAt(f: () => unknown, code: string, line: number): StudySpecError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof StudySpecError, `expected StudySpecError, got ${(e as Error).stack}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.line, line, e.message);
    assert.match(e.message, new RegExp(`study\\.yaml:${line}:`));
    return e;
  }
  assert.fail(`expected ${code}`);
}

test('the base spec and the three shipped specs parse', () => {
  const s = parseStudySpec(base);
  assert.equal(s.design, 'staggered_did');
  assert.equal(s.estimators.length, 1);
  const names = shippedStudyPaths().map((p) => loadStudySpec(p).name);
  assert.deepEqual(names, ['foshan-scm', 'tfp-staggered-did', 'pair-sync-did']);
});

test('malformed YAML is E_SPEC_YAML with the line', () => {
  throwsAt(() => parseStudySpec('name: t\ndesign: scm\ndata: [1, 2\nestimators: []\n'), 'E_SPEC_YAML', 4);
  throwsAt(() => parseStudySpec('name: t\ndesign: scm\ndata:\n  a: 1\n b: 2\n'), 'E_SPEC_YAML', 5);
});

test('an unknown estimator is E_SPEC_UNKNOWN_ESTIMATOR with its line and the allowed list', () => {
  const e = throwsAt(() => parseStudySpec(base.replace('type: twfe', 'type: twfee')), 'E_SPEC_UNKNOWN_ESTIMATOR', 8);
  assert.match(e.hint ?? '', /twfe, event_study, att_gt/);
  // An estimator of another design is unknown here too.
  throwsAt(() => parseStudySpec(base.replace('type: twfe', 'type: synth')), 'E_SPEC_UNKNOWN_ESTIMATOR', 8);
  throwsAt(() => parseStudySpec(base + 'robustness:\n  - type: bootstrap\n'), 'E_SPEC_UNKNOWN_ROBUSTNESS', 10);
});

test('an unknown batch is E_UNKNOWN_BATCH with the line (registry and embedded panel)', () => {
  const e = throwsAt(() => parseStudySpec(base.replace('batches: "1-3"', 'batches: "1-9"')), 'E_UNKNOWN_BATCH', 6);
  assert.match(e.message, /batch "9"/);
  throwsAt(() => parseStudySpec(base.replace('  source: embedded\n', '  source: embedded\n  panel: { batches: [1, 12] }\n')), 'E_UNKNOWN_BATCH', 5);
});

test('an unknown column is E_SPEC_UNKNOWN_COLUMN with the line, once the data are loaded', async () => {
  const spec = parseStudySpec(base.replace('outcome: intl_express_pc', 'outcome: intl_expres_pc'));
  const data = await prepareStudyData(spec);
  const { runStaggeredStudy } = await import('../../src/studies/staggered-study.js');
  await assert.rejects(runStaggeredStudy(spec, data), (e: unknown) => e instanceof StudySpecError && e.code === 'E_SPEC_UNKNOWN_COLUMN' && e.line === 8 && /intl_expres_pc/.test(e.message) && /intl_express_pc/.test(e.hint ?? ''));
  // In a derived expression: the line of the expression.
  const d = parseStudySpec(base + 'derive:\n  - name: x\n    expr: "gdp / popp"\n');
  await assert.rejects(prepareStudyData(d), (e: unknown) => e instanceof StudySpecError && e.code === 'E_SPEC_UNKNOWN_COLUMN' && e.line === 11 && /popp/.test(e.message));
  // In an indicator.
  const m = parseStudySpec(base + 'indicators:\n  - type: malmquist\n    inputs: [capital_stock_pim, employes]\n    outputs: [industrial_output]\n');
  await assert.rejects(prepareStudyData(m), (e: unknown) => e instanceof StudySpecError && e.code === 'E_SPEC_UNKNOWN_COLUMN' && e.line === 11 && /employes/.test(e.message));
});

test('unknown keys, wrong types, missing sections and bad values name their line', () => {
  throwsAt(() => parseStudySpec(base.replace('  source: embedded', '  source: embedded\n  sauce: 1')), 'E_SPEC_UNKNOWN_KEY', 5);
  throwsAt(() => parseStudySpec(base.replace('{ type: twfe, outcome: intl_express_pc }', '{ type: twfe, outcome: intl_express_pc, controlz: [a] }')), 'E_SPEC_UNKNOWN_KEY', 8);
  throwsAt(() => parseStudySpec(base.replace('design: staggered_did', 'design: rdd')), 'E_SPEC_INVALID', 2);
  throwsAt(() => parseStudySpec(base.replace('estimators:\n  - { type: twfe, outcome: intl_express_pc }\n', 'estimators: []\n')), 'E_SPEC_MISSING', 7);
  throwsAt(() => parseStudySpec(base + 'sample:\n  years: [2019, 2011]\n'), 'E_SPEC_INVALID', 10);
  throwsAt(() => parseStudySpec(base + 'outputs:\n  tables: [md, pdf]\n'), 'E_SPEC_INVALID', 10);
  throwsAt(() => parseStudySpec(base.replace('name: t', 'name: "a/b"')), 'E_SPEC_INVALID', 1);
  throwsAt(() => parseStudySpec(base.replace('  batches: "1-3"', '  batches: "1-3"\n  as_of: "2019-13-45"')), 'E_BAD_DATE', 7);
  assert.throws(() => parseStudySpec(base.replace('  batches: "1-3"', '  batches: "1-3"\n  cutoff: "7/1"')), (e: unknown) => e instanceof StudySpecError && e.line === 7);
  throwsAt(() => parseStudySpec(base + 'outputs:\n  lang: fr\n'), 'E_SPEC_INVALID', 10);
  assert.equal(parseStudySpec(base + 'outputs:\n  lang: zh\n').lang, 'zh');
});

test('a malformed derived expression is E_EXPR at its item', async () => {
  const d = parseStudySpec(base + 'derive:\n  - name: x\n    expr: "gdp / (pop_resident"\n');
  await assert.rejects(prepareStudyData(d), (e: unknown) => e instanceof StudySpecError && e.code === 'E_EXPR' && e.line === 11);
});

test('a missing spec file is E_DATA_FILE', () => {
  assert.throws(() => loadStudySpec(join(repoRoot, 'no-such-study.yaml')), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_DATA_FILE');
});

test('shipped specs are the files in studies/ at the repository root', () => {
  for (const p of shippedStudyPaths()) assert.ok(readFileSync(p, 'utf8').includes('SIMULATED'));
});
