import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { parseStudySpec } from '../../src/studies/spec.js';
import { runStudySpec } from '../../src/studies/run.js';
import { assertReportFolder, runShipped } from './studies-helpers.js';

function runSpecText(text: string) {
  return runStudySpec(parseStudySpec(text, 'pair-sync-did.yaml'), mkdtempSync(joinPath(tmpdir(), 'pz-mech-')), { threads: 2 });
}

test('seed 004 pair DID (shipped spec on a 110-city panel): estimates cover the synchronisation truth; every robustness step runs', async () => {
  const o = await runShipped('pair-sync-did.yaml', [['panel: { batches: "1-4"', 'panel: { cities: 110, batches: "1-4"']]);
  assert.ok(o.checks.length >= 3);
  for (const c of o.checks) {
    assert.ok(Number.isFinite(c.estimate) && Number.isFinite(c.truth), c.what);
    assert.ok(c.covered, `${c.what}: ${c.truth} not in [${c.conf_low}, ${c.conf_high}]`);
  }
  assertReportFolder(o);
  const res = JSON.parse(readFileSync(o.results, 'utf8'));
  const rob = res.results.robustness as { check: string; truth: number | null }[];
  for (const w of ['3 years earlier', '4 years earlier', 'window +/-3', 'window +/-4', 'PSM', 'IV-2SLS', 'weak pairs kept', 'tercile 1 of human_capital', 'tercile 3 of internet']) assert.ok(rob.some((r) => r.check.includes(w)), w);
  assert.ok(rob.every((r) => r.truth === null || Number.isFinite(r.truth)));
  assert.equal(res.results.counts.cities, 110);
  // Seed 004's two-step mechanism runs on the simulated mediators, step 1 beside its planted truth.
  assert.deepEqual(o.notAvailable, []);
  const mech = res.results.mechanism as { mediator: string; sync: string; step1: { estimate: number; truth: number; conf_low: number; conf_high: number; covered: boolean; n: number }; step2: { mediator_estimate: number; n: number } }[];
  assert.deepEqual(mech.map((m) => m.mediator), ['institution', 'factor']);
  for (const m of mech) {
    assert.ok(m.step1.n > 1000 && m.step1.n === m.step2.n, 'both steps on the pair-years of the baseline');
    assert.ok(Number.isFinite(m.step1.truth) && m.step1.truth > 0, `${m.mediator}: the planted diffusion raises synchronisation (truth ${m.step1.truth})`);
    assert.equal(m.step1.covered, m.step1.conf_low <= m.step1.truth && m.step1.truth <= m.step1.conf_high);
    assert.ok(m.step1.covered, `${m.mediator}: truth ${m.step1.truth} not in [${m.step1.conf_low}, ${m.step1.conf_high}]`);
    assert.ok(Number.isFinite(m.step2.mediator_estimate));
    const c = o.checks.find((x) => x.what.includes(`synchronisation of ${m.mediator}`));
    assert.ok(c && c.truth === m.step1.truth && c.estimate === m.step1.estimate, `${m.mediator} is a headline check`);
  }
  const html = readFileSync(o.report, 'utf8');
  assert.match(html, /Mechanism: two-step test/);
  assert.match(html, /Planted truth \(step 1\)/);
  assert.doesNotMatch(html, /Steps not yet available/);
});

test('the mechanism step: its truth is the mediator synchronisation on the panel minus on the Y(0) twin, built like the outcome\'s', async () => {
  const { prepareStudyData } = await import('../../src/studies/prepare.js');
  const { cellEffects, meanOver } = await import('../../src/studies/truth.js');
  const { shippedStudiesDir } = await import('../../src/studies/shipped.js');
  const { join } = await import('node:path');
  // With the mediator growth as the pair series, the prepared pair panel's sync_t is the mediator's
  // synchronisation; its truth must equal step 1's truth of the shipped spec on the same panel.
  const text = readFileSync(join(shippedStudiesDir(), 'pair-sync-did.yaml'), 'utf8').replace('panel: { batches: "1-4"', 'panel: { cities: 60, batches: "1-4"');
  const o = await runSpecText(text);
  const mech = JSON.parse(readFileSync(o.results, 'utf8')).results.mechanism as { mediator: string; step1: { truth: number } }[];
  const alt = parseStudySpec(text.replace('series: dev_growth', 'series: institution'), 'alt.yaml');
  const d = await prepareStudyData(alt);
  const P = d.pairs!.table, P0 = d.pairsY0!.table, pol = P.numeric('policy');
  const truth = meanOver(cellEffects(P, P0, ['code_i', 'code_j', 'year'], 'sync_t'), (i) => pol[i] === 1);
  assert.ok(Math.abs(truth - mech[0]!.step1.truth) < 1e-12, `${truth} vs ${mech[0]!.step1.truth}`);
});

test('mechanism spec errors: no mediators, or a mediator not in the data, name the spec line', async () => {
  const { shippedStudiesDir } = await import('../../src/studies/shipped.js');
  const { StudySpecError } = await import('../../src/studies/spec-node.js');
  const { join } = await import('node:path');
  const text = readFileSync(join(shippedStudiesDir(), 'pair-sync-did.yaml'), 'utf8').replace('panel: { batches: "1-4"', 'panel: { cities: 30, batches: "1-4"');
  const line = text.split('\n').findIndex((l) => l.includes('type: mechanism')) + 1;
  for (const [edit, code] of [['mediators: [institution, factor]', 'E_SPEC_MISSING'], ['mediators: [institution, no_such_series]', 'E_SPEC_UNKNOWN_COLUMN']] as const) {
    const bad = text.replace('mediators: [institution, factor]', edit === 'mediators: [institution, factor]' ? 'mediators: []' : edit);
    await assert.rejects(runSpecText(bad), (e: unknown) => e instanceof StudySpecError && e.code === code && e.line === line, code);
  }
});
