/** Shared helpers of the study tests: run a (possibly edited) shipped spec into a temporary folder. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStudySpec } from '../../src/studies/spec.js';
import { runStudySpec, type StudyOutcome } from '../../src/studies/run.js';
import { shippedStudiesDir } from '../../src/studies/shipped.js';

/** Runs `studies/<file>` after applying text edits [from, to]; every edit must match. */
export async function runShipped(file: string, edits: readonly [string, string][] = []): Promise<StudyOutcome> {
  let text = readFileSync(join(shippedStudiesDir(), file), 'utf8');
  for (const [a, b] of edits) {
    assert.ok(text.includes(a), `edit target not found: ${a}`);
    text = text.replace(a, b);
  }
  const out = mkdtempSync(join(tmpdir(), 'pz-study-'));
  return runStudySpec(parseStudySpec(text, file), out, { threads: 2 });
}

/** Checks the report folder: report.html labelled simulated with the truth beside the estimates, every table in every format, every figure as svg and png, results.json with the checks. */
export function assertReportFolder(o: StudyOutcome, tableFormats = ['md', 'tex', 'csv', 'xlsx', 'docx']): void {
  const html = readFileSync(o.report, 'utf8');
  assert.match(html, /SIMULATED DATA/);
  assert.match(html, /Planted truth/);
  assert.ok(!/<script|https?:\/\/(?!www\.w3\.org)/.test(html.replace(/xmlns(:\w+)?="[^"]*"/g, '')), 'report.html must be self-contained');
  const tdir = join(o.files.dir, 'tables');
  const stems = new Set(readdirSync(tdir).map((f) => f.replace(/\.[^.]+$/, '')));
  assert.ok(stems.has('truth-vs-estimates'));
  for (const s of stems) for (const f of tableFormats) assert.ok(existsSync(join(tdir, `${s}.${f}`)), `${s}.${f}`);
  const figs = readdirSync(join(o.files.dir, 'figures'));
  for (const f of figs.filter((x) => x.endsWith('.svg'))) {
    assert.ok(figs.includes(f.replace(/\.svg$/, '.png')), `${f} has a png`);
    const png = readFileSync(join(o.files.dir, 'figures', f.replace(/\.svg$/, '.png')));
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  }
  // Every figure is inline in the page and every table is in it.
  assert.ok((html.match(/<svg/g) ?? []).length >= figs.filter((x) => x.endsWith('.svg')).length);
  assert.ok((html.match(/<table/g) ?? []).length >= stems.size);
  const results = JSON.parse(readFileSync(o.results, 'utf8'));
  assert.equal(results.simulated, true);
  assert.deepEqual(results.checks.map((c: { what: string }) => c.what), o.checks.map((c) => c.what));
  assert.ok(o.checks.length > 0);
  // The report says whether each interval covers the truth.
  for (const c of o.checks) assert.ok(html.includes(c.what.replace(/'/g, '&#39;')) || html.includes(c.what.replace(/'/g, '&#x27;')) || html.includes(c.what), c.what);
}
