import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertReportFolder, runShipped } from './studies-helpers.js';

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
  // The mechanism step cannot run on the embedded panel and says so.
  assert.deepEqual(o.notAvailable.map((n) => n.step.split(' ')[0]), ['mechanism']);
  assert.match(readFileSync(o.report, 'utf8'), /Steps not yet available/);
});
