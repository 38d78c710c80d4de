import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStudySpec } from '../../src/studies/spec.js';
import { shippedStudiesDir } from '../../src/studies/shipped.js';
import { assertReportFolder, runShipped } from './studies-helpers.js';

test('seed 000 Foshan SCM (shipped spec, one robustness iteration): the mean gap covers the planted truth; p-values by period and the iterative table are in the report', async () => {
  const o = await runShipped('foshan-scm.yaml', [['iterations: 2', 'iterations: 1'], ['max_eval: 500', 'max_eval: 200'], ['replications: 100', 'replications: 30']]);
  assert.equal(o.checks.length, 2);
  const c = o.checks[0]!;
  const sd = o.checks[1]!;
  assert.match(sd.what, /Synthetic DID/);
  assert.ok(sd.covered && Number.isFinite(sd.conf_low), `sdid: ${sd.truth} not in [${sd.conf_low}, ${sd.conf_high}]`);
  assert.equal(sd.truth, c.truth);
  assert.match(c.what, /Foshan 2019-2021/);
  // Planted: 0.30 log points at full ramp x batch 4 (0.9) x east (1.2) x city factor, ramping over 3 years.
  assert.ok(c.truth > 0.1 && c.truth < 0.4, String(c.truth));
  assert.ok(c.covered, `${c.truth} not in [${c.conf_low}, ${c.conf_high}]`);
  assert.ok(c.conf_low > 0, 'the effect is detected');
  assertReportFolder(o);
  const res = JSON.parse(readFileSync(o.results, 'utf8'));
  assert.deepEqual(res.results.periods.map((p: { year: number }) => p.year), [2019, 2020, 2021]);
  for (const p of res.results.periods) assert.ok(p.placebo_p > 0 && p.placebo_p <= 1);
  assert.equal(res.results.iterative.length, 2);
  // Seed 000's Table 1 predictors include the urbanisation rate and the marketisation index (simulated columns).
  const spec = loadStudySpec(join(shippedStudiesDir(), 'foshan-scm.yaml'));
  const balance = res.results.synth.balance as { predictor: string; treated: number; donor_mean: number }[];
  for (const p of ['urbanisation_rate', 'marketisation_index']) {
    const b = balance.find((x) => x.predictor === p);
    assert.ok(b && Number.isFinite(b.treated) && Number.isFinite(b.donor_mean), `${p} is a predictor`);
    assert.ok(spec.estimators[0]!.strList('predictors').includes(p), `${p} in the shipped spec`);
  }
  const fos = balance.find((x) => x.predictor === 'urbanisation_rate')!;
  assert.ok(fos.treated > fos.donor_mean, 'Foshan is more urbanised than the average donor');
  const weights = Object.keys(res.results.synth.weights);
  for (const code of ['440100', '440300', '440600']) assert.ok(!weights.includes(code), `${code} must not be a donor`);
  const html = readFileSync(o.report, 'utf8');
  assert.match(html, /Iterative robustness/);
  assert.match(html, /In-space placebos/);
});
