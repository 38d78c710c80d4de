import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertReportFolder, runShipped } from './studies-helpers.js';

test('seed 001 TFP staggered DID (shipped spec): TWFE and the robust estimators cover the planted TFP effect', async () => {
  const o = await runShipped('tfp-staggered-did.yaml');
  const whats = o.checks.map((c) => c.what);
  for (const w of ['TWFE:', 'TWFE + controls', "Callaway-Sant'Anna", 'Sun-Abraham', 'Imputation']) assert.ok(whats.some((x) => x.includes(w)), w);
  for (const c of o.checks) {
    assert.ok(Number.isFinite(c.estimate) && Number.isFinite(c.truth), c.what);
    // The planted effect is 1.7% extra TFP growth per treated year times batch/region/city multipliers.
    assert.ok(c.truth > 0.01 && c.truth < 0.03, `${c.what}: truth ${c.truth}`);
    assert.ok(c.covered, `${c.what}: ${c.truth} not in [${c.conf_low}, ${c.conf_high}]`);
  }
  // TWFE and the imputation estimator find a significantly positive effect, as the seed does.
  for (const c of o.checks.filter((x) => /^TWFE:|Imputation/.test(x.what))) assert.ok(c.conf_low > 0, c.what);
  assertReportFolder(o);
  const res = JSON.parse(readFileSync(o.results, 'utf8'));
  const rob = res.results.robustness as { check: string }[];
  for (const w of ['region = east', 'region = west', 'region = central', 'region = northeast', '1 period(s) ahead', '2 period(s) ahead', 'without the municipalities']) assert.ok(rob.some((r) => r.check.includes(w)), w);
  assert.ok(res.results.steps.some((s: string) => /Seeded sample of 70 units/.test(s)));
  assert.ok(res.results.steps.some((s: string) => /DEA-Malmquist/.test(s)));
  assert.ok(o.notAvailable.length === 0);
});
