/** `pilotzone synth` and `pilotzone sdid` end to end: contract JSON (ajv, draft 2020-12), peer numbers, formats, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractErrors, runCli } from '../helpers/cli.js';
import { needsValidation, validationJson, validationPath } from '../helpers/validation.js';

const CASE = 'scm-prop99';
const skip = needsValidation(CASE);
const dir = mkdtempSync(join(tmpdir(), 'pz-cli-synth-'));
const PRED = 'lnincome@1980-1988, retprice@1980-1988, age15to24@1980-1988, beer@1984-1988, cigsale@1975, cigsale@1980, cigsale@1988';
const base = () => ['synth', '--data', validationPath(CASE, 'data.csv')!, '--unit', 'state', '--time', 'year', '--outcome', 'cigsale', '--treated', 'California', '--treat-time', '1989', '--predictors', PRED, '--optimize', '1970-1988'];

test('synth --format json follows the contract and reproduces Synth on Prop 99 (loss, rank, p-values)', skip, async () => {
  const exp = validationJson(CASE, 'expected.json');
  const r = await runCli([...base(), '--format', 'json', '--leave-one-out', '--threads', '2']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(contractErrors(j), []);
  assert.equal(j.command, 'synth');
  assert.equal(j.treated, 'California');
  assert.equal(j.treat_time, 1989);
  assert.equal(j.weights.length, 38);
  assert.equal(j.predictor_weights.length, 7);
  assert.equal(j.predictor_weights[3].predictor, 'beer@1984-1988');
  assert.ok(j.loss <= exp.fit.loss_v_mspe * (1 + 1e-6));
  assert.ok(Math.abs(j.rmspe_pre - Math.sqrt(j.loss)) < 1e-9);
  assert.equal(j.series.length, 31);
  assert.equal(j.placebo.rank, 1);
  assert.ok(Math.abs(j.placebo.p_value - 1 / 39) < 1e-12);
  assert.equal(j.placebo.p_values_by_time.length, 12);
  assert.equal(j.placebo.units.length, 39);
  assert.ok(j.leave_one_out.length >= 5);
  for (const row of j.leave_one_out) assert.ok(Array.isArray(row.dropped) && typeof row.estimate === 'number');
  assert.equal(typeof j.timing.compute_s, 'number');
});

test('synth --v (user V), --placebo none, --placebo time, iterative test; table, md, latex, html and csv outputs', skip, async () => {
  const exp = validationJson(CASE, 'expected.json');
  const v = Object.values(exp.fit.weights_v).join(',');
  const r = JSON.parse((await runCli([...base(), '--format', 'json', '--v', v, '--placebo', 'none'])).stdout);
  assert.deepEqual(contractErrors(r), []);
  assert.equal(r.placebo, null);
  assert.ok(Math.abs(r.loss - exp.fit.w_given_v_checks.loss_v_mspe_exact_qp) < 1e-6);
  const tp = await runCli([...base(), '--format', 'json', '--placebo', 'time', '--placebo-time', '1985', '--max-eval', '300']);
  assert.equal(tp.code, 0, tp.stderr);
  const tj = JSON.parse(tp.stdout);
  assert.deepEqual(contractErrors(tj), []);
  assert.equal(tj.in_time_placebo.placebo_time, 1985);
  assert.ok(tj.in_time_placebo.warnings.some((w: { code: string }) => w.code === 'W_PLACEBO_WINDOW'));
  const cf = JSON.parse((await runCli([...base(), '--format', 'json', '--placebo', 'none', '--conformal', '--alpha', '0.1', '--max-eval', '300'])).stdout);
  assert.deepEqual(contractErrors(cf), []);
  assert.equal(cf.conformal.periods.length, 12);
  for (const p of cf.conformal.periods) assert.ok(p.conf_high < 0 && p.conf_low <= p.estimate && p.estimate <= p.conf_high, `${p.time}: ${p.conf_low}..${p.conf_high}`);
  const it = JSON.parse((await runCli([...base(), '--format', 'json', '--iterations', '1', '--max-eval', '300', '--threads', '2'])).stdout);
  assert.equal(it.iterative.length, 2);
  assert.equal(it.iterative[1].p_values_by_time.length, 12);
  for (const [fmt, re] of [['table', /Synthetic control/], ['md', /\| unit \| weight \|/], ['latex', /\\toprule/], ['html', /<table>/], ['csv', /^unit,weight/]] as const) {
    const o = await runCli([...base(), '--format', fmt, '--placebo', 'none', '--max-eval', '200']);
    assert.equal(o.code, 0, o.stderr);
    assert.match(o.stdout, re);
  }
});

test('synth bad input exits 2 with a named, one-paragraph error', skip, async () => {
  const cases: [string[], RegExp][] = [
    [['--treated', 'Atlantis'], /E_SCM_UNKNOWN_UNIT.*Atlantis/],
    [['--treat-time', '2010'], /E_SCM_TREAT_TIME.*2010/],
    [['--donors', 'Utah'], /E_SCM_FEW_DONORS/],
    [['--predictors', 'nope@1980-1988'], /column "nope" not found/],
    [['--optimize', '1970-1995'], /--optimize|optimize/],
    [['--optimize', 'x-y'], /not a period window/],
    [['--placebo', 'both'], /Allowed values: space, time, none/],
    [['--v', '1,2'], /customV.*7 predictors/],
  ];
  for (const [extra, re] of cases) {
    const args = base();
    for (let i = 0; i < extra.length; i += 2) {
      const at = args.indexOf(extra[i]!);
      if (at >= 0) args[at + 1] = extra[i + 1]!;
      else args.push(extra[i]!, extra[i + 1]!);
    }
    const r = await runCli([...args, '--placebo', args.includes('--placebo') ? args[args.indexOf('--placebo') + 1]! : 'none', '--format', 'json']);
    assert.equal(r.code, 2, `${extra.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr.replace(/\n/g, ' '), re);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(r.stdout, '');
  }
});

function prop99WithTreatment(): string {
  const src = readFileSync(validationPath(CASE, 'data.csv')!, 'utf8').trim().split('\n');
  const out = [src[0] + ',treated'];
  for (const line of src.slice(1)) {
    const [state, year] = line.split(',');
    out.push(`${line},${state === 'California' && Number(year) >= 1989 ? 1 : 0}`);
  }
  const p = join(dir, 'prop99-d.csv');
  writeFileSync(p, out.join('\n') + '\n');
  return p;
}

test('sdid --format json follows the contract and equals synthdid (1e-6) for sdid, sc and did', skip, async () => {
  const exp = validationJson(CASE, 'expected-sdid.json');
  const data = prop99WithTreatment();
  for (const est of ['sdid', 'sc', 'did']) {
    const r = await runCli(['sdid', '--data', data, '--unit', 'state', '--time', 'year', '--outcome', 'cigsale', '--treatment', 'treated', '--estimator', est, '--replications', '50', '--seed', '7', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(contractErrors(j), []);
    assert.equal(j.command, 'sdid');
    assert.equal(j.estimator, est);
    assert.ok(Math.abs(j.estimate - exp.estimates[est].estimate) < 1e-6);
    assert.ok(j.std_error > 0);
    assert.equal(j.se_method, 'placebo');
    assert.equal(j.seed, 7);
    assert.equal(j.unit_weights.length, 38);
    assert.equal(j.time_weights.length, 19);
  }
  const jk = JSON.parse((await runCli(['sdid', '--data', data, '--unit', 'state', '--time', 'year', '--outcome', 'cigsale', '--treatment', 'treated', '--se', 'jackknife', '--format', 'json'])).stdout);
  assert.equal(jk.std_error, null);
  assert.deepEqual(contractErrors(jk), []);
  const bad = await runCli(['sdid', '--data', data, '--unit', 'state', '--time', 'year', '--outcome', 'cigsale', '--treatment', 'cigsale', '--format', 'json']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /treatment.*must be 0\/1/);
  const md = await runCli(['sdid', '--data', data, '--unit', 'state', '--time', 'year', '--outcome', 'cigsale', '--treatment', 'treated', '--se', 'none', '--format', 'md']);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /\| unit \| weight \|/);
});

test('synth --predictor-table (unit,predictor,value) gives the same fit as the equivalent --predictors', skip, async () => {
  const { synth } = await import('../../src/estimators/scm/synth.js');
  const { readTable } = await import('../../src/data/read/index.js');
  const t = await readTable(validationPath(CASE, 'data.csv')!);
  const preds = PRED.split(',').map((s) => s.trim());
  const ref = synth(t, { unit: 'state', time: 'year', outcome: 'cigsale', treated: 'California', treatTime: 1989, predictors: preds, customV: [1, 1, 1, 1, 1, 1, 1] });
  const { k, X } = ref.setup.data;
  const lines = ['unit,predictor,value'];
  ref.setup.unitNames.forEach((u, r) => preds.forEach((p, i) => lines.push(`${u},${p.replace(/,/g, ';')},${X[r * k + i]}`)));
  const pt = join(dir, 'predictors.csv');
  writeFileSync(pt, lines.join('\n') + '\n');
  const args = base().filter((_, i, a) => a[i] !== '--predictors' && a[i - 1] !== '--predictors');
  const r = await runCli([...args, '--predictor-table', pt, '--v', '1,1,1,1,1,1,1', '--placebo', 'none', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.predictor_weights.map((p: { predictor: string }) => p.predictor), preds);
  j.weights.forEach((w: { unit: string; weight: number }, q: number) => assert.ok(Math.abs(w.weight - ref.fit.w[q]!) < 1e-9, w.unit));
});
