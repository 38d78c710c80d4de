import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStudySpec } from '../../src/studies/spec.js';
import { runStudySpec } from '../../src/studies/run.js';
import { PilotzoneError } from '../../src/errors.js';

test('runStudySpec honours cancellation (E_CANCELLED) before writing anything', async () => {
  const spec = parseStudySpec('name: c\ndesign: staggered_did\ndata: { source: embedded }\nestimators:\n  - { type: twfe, outcome: intl_express_pc }\n');
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(runStudySpec(spec, mkdtempSync(join(tmpdir(), 'pz-cancel-')), { signal: ac.signal }), (e: unknown) => e instanceof PilotzoneError && e.code === 'E_CANCELLED' && /study c/.test(e.message));
});

test('a TWFE study on a planted outcome: the truth is the mean planted effect over treated city-years', async () => {
  const spec = parseStudySpec('name: planted\ndesign: staggered_did\ndata: { source: embedded }\nderive:\n  - { name: ly, expr: "log(intl_express_pc)" }\nestimators:\n  - { type: twfe, outcome: ly }\n', 'planted.yaml');
  const o = await runStudySpec(spec, mkdtempSync(join(tmpdir(), 'pz-planted-')));
  const { loadCityPanel } = await import('../../src/data/embedded/index.js');
  const p = loadCityPanel();
  const out = p.truth.column('outcome'), eff = p.truth.numeric('effect');
  let s = 0, n = 0;
  for (let i = 0; i < p.truth.nrows; i++) if (out.kind === 'string' && out.levels[out.codes[i]!] === 'intl_express') (s += eff[i]!), n++;
  assert.equal(o.checks.length, 1);
  assert.ok(Math.abs(o.checks[0]!.truth - s / n) < 1e-12, `${o.checks[0]!.truth} vs ${s / n}`);
  assert.ok(o.checks[0]!.conf_low > 0);
});
