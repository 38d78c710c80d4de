import { test } from 'node:test';
import assert from 'node:assert/strict';
import { glmBinaryFit } from '../../../src/stats/glm.js';
import { Rng } from '../../../src/stats/rng.js';
import { PilotzoneError } from '../../../src/errors.js';
import { needsValidation, validationJson, validationPath, relDiff } from '../../helpers/validation.js';
import { readCsvTable } from './validation-csv.js';
import { covariateDesign } from '../../../src/estimators/psm/covariates.js';

function design(cols: Float64Array[]): Float64Array {
  const n = cols[0]!.length;
  const X = new Float64Array(n * cols.length);
  cols.forEach((c, j) => X.set(c, j * n));
  return X;
}

test('logit on one binary covariate reproduces the closed-form log odds ratio', () => {
  // 2x2 table: x=0: 30 of 100 treated; x=1: 60 of 80 treated
  const x: number[] = [], y: number[] = [];
  const add = (xv: number, yv: number, k: number) => { for (let i = 0; i < k; i++) { x.push(xv); y.push(yv); } };
  add(0, 1, 30); add(0, 0, 70); add(1, 1, 60); add(1, 0, 20);
  const n = x.length;
  const X = design([new Float64Array(n).fill(1), Float64Array.from(x)]);
  const f = glmBinaryFit(X, n, ['(Intercept)', 'x'], Float64Array.from(y));
  assert.ok(Math.abs(f.coef[0]! - Math.log(30 / 70)) < 1e-10);
  assert.ok(Math.abs(f.coef[1]! - (Math.log(60 / 20) - Math.log(30 / 70))) < 1e-10);
  // Woolf SE of the log odds ratio: sqrt(1/a + 1/b + 1/c + 1/d)
  // R evaluates the information at the weights of the last IRLS step (one step before the final
  // coefficients), so the SE agrees with the closed form to the convergence tolerance, not to rounding.
  assert.ok(Math.abs(f.se[1]! - Math.sqrt(1 / 30 + 1 / 70 + 1 / 60 + 1 / 20)) < 1e-6);
  assert.ok(f.converged);
});

test('intercept-only probit gives qnorm(mean); logit and probit recover planted coefficients (n = 20000, seed 11)', () => {
  const rng = new Rng(11);
  const n = 20000;
  const x1 = new Float64Array(n), x2 = new Float64Array(n), yl = new Float64Array(n), yp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = rng.normal();
    x2[i] = rng.uniform() < 0.4 ? 1 : 0;
    const eta = -0.5 + 0.8 * x1[i]! - 0.6 * x2[i]!;
    yl[i] = rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    // probit: latent normal
    yp[i] = eta + rng.normal() > 0 ? 1 : 0;
  }
  const one = new Float64Array(n).fill(1);
  const X = design([one, x1, x2]);
  const names = ['(Intercept)', 'x1', 'x2'];
  const truth = [-0.5, 0.8, -0.6];
  const fl = glmBinaryFit(X, n, names, yl, { link: 'logit' });
  const fp = glmBinaryFit(X, n, names, yp, { link: 'probit' });
  for (let j = 0; j < 3; j++) {
    assert.ok(Math.abs(fl.coef[j]! - truth[j]!) < 4 * fl.se[j]!, `logit ${names[j]}: ${fl.coef[j]} vs ${truth[j]} (se ${fl.se[j]})`);
    assert.ok(Math.abs(fp.coef[j]! - truth[j]!) < 4 * fp.se[j]!, `probit ${names[j]}: ${fp.coef[j]} vs ${truth[j]} (se ${fp.se[j]})`);
  }
  const f0 = glmBinaryFit(one, n, ['(Intercept)'], yp, { link: 'probit' });
  let m = 0;
  for (let i = 0; i < n; i++) m += yp[i]!;
  m /= n;
  // probit intercept-only MLE = qnorm(mean): check by the fitted probability
  assert.ok(Math.abs(f0.fitted[0]! - m) < 1e-10);
});

test('a collinear covariate is dropped with a warning (NA coefficient, as R)', () => {
  const rng = new Rng(3);
  const n = 500;
  const x = new Float64Array(n), x2 = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    x2[i] = 2 * x[i]! + 1;
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-x[i]!)) ? 1 : 0;
  }
  const f = glmBinaryFit(design([new Float64Array(n).fill(1), x, x2]), n, ['(Intercept)', 'x', 'x2'], y);
  assert.ok(Number.isNaN(f.coef[2]!));
  assert.deepEqual(f.aliased, ['x2']);
  assert.ok(f.warnings.some((w) => w.code === 'W_COLLINEAR' && w.message.includes('x2')));
});

test('perfect separation by one covariate throws E_PERFECT_SEPARATION naming it', () => {
  const n = 40;
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = i;
    y[i] = i >= 20 ? 1 : 0;
  }
  assert.throws(
    () => glmBinaryFit(design([new Float64Array(n).fill(1), x]), n, ['(Intercept)', 'size'], y),
    (e: unknown) => e instanceof PilotzoneError && e.code === 'E_PERFECT_SEPARATION' && e.message.includes('"size"'),
  );
});

test('complete separation by a combination of covariates throws E_PERFECT_SEPARATION', () => {
  const rng = new Rng(5);
  const n = 200;
  const a = new Float64Array(n), b = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.normal();
    b[i] = rng.normal();
    y[i] = a[i]! + b[i]! > 0 ? 1 : 0; // neither a nor b alone separates
  }
  assert.throws(
    () => glmBinaryFit(design([new Float64Array(n).fill(1), a, b]), n, ['(Intercept)', 'a', 'b'], y),
    (e: unknown) => e instanceof PilotzoneError && e.code === 'E_PERFECT_SEPARATION',
  );
});

test('quasi-complete separation is a named warning, not an error', () => {
  const rng = new Rng(9);
  const n = 300;
  const x = new Float64Array(n), d = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    d[i] = rng.uniform() < 0.2 ? 1 : 0;
    y[i] = d[i] === 1 ? 1 : rng.uniform() < 1 / (1 + Math.exp(-x[i]!)) ? 1 : 0; // d = 1 => always treated
  }
  const f = glmBinaryFit(design([new Float64Array(n).fill(1), x, d]), n, ['(Intercept)', 'x', 'zone'], y);
  assert.ok(f.warnings.some((w) => w.code === 'W_QUASI_SEPARATION' && w.message.includes('zone')), JSON.stringify(f.warnings));
});

test('peer: MatchIt glm (quasibinomial) propensity coefficients and SEs on LaLonde (1e-6)', needsValidation('psm-lalonde'), () => {
  const t = readCsvTable(validationPath('psm-lalonde', 'data.csv')!);
  const res = validationJson('psm-lalonde', 'results.json');
  const pm = res.runs.nn_noreplace.propensity_model;
  const d = covariateDesign(t, 'treat', ['age', 'educ', 'race', 'married', 'nodegree', 're74', 're75']);
  const f = glmBinaryFit(d.X, d.n, d.names, Float64Array.from(d.treat), { family: 'quasibinomial' });
  assert.deepEqual([...d.names].sort(), Object.keys(pm.coefficients).sort());
  d.names.forEach((nm, j) => {
    assert.ok(relDiff(f.coef[j]!, pm.coefficients[nm]) < 1e-6, `${nm}: ${f.coef[j]} vs ${pm.coefficients[nm]}`);
    assert.ok(relDiff(f.se[j]!, pm.std_errors[nm]) < 1e-6, `se ${nm}`);
  });
  assert.ok(relDiff(f.deviance, pm.deviance) < 1e-9);
  // fitted scores as propensity.csv
  const ps = readCsvTable(validationPath('psm-lalonde', 'propensity.csv')!).numeric('ps');
  let worst = 0;
  for (let i = 0; i < d.n; i++) worst = Math.max(worst, Math.abs(f.fitted[i]! - ps[i]!));
  assert.ok(worst < 1e-9, `max |ps diff| ${worst}`);
});
