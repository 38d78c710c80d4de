import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nelderMead } from '../../../src/estimators/scm/nelder-mead.js';
import { regressionStart } from '../../../src/estimators/scm/fit-core.js';

test('Nelder-Mead finds the minimum of a convex quadratic and of Rosenbrock\'s function', () => {
  const q = nelderMead((x) => (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2 + (x[2]! - 0.5) ** 2, Float64Array.from([0, 0, 0]), { maxEval: 5000, reltol: 1e-14, restarts: 3 });
  assert.ok(Math.abs(q.x[0]! - 1) < 1e-5 && Math.abs(q.x[1]! + 2) < 1e-5 && Math.abs(q.x[2]! - 0.5) < 1e-5, Array.from(q.x).join());
  const r = nelderMead((x) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2, Float64Array.from([-1.2, 1]), { maxEval: 5000, reltol: 1e-14, restarts: 5 });
  assert.ok(r.value < 1e-8, `value ${r.value}`);
  assert.ok(r.evaluations <= 5000);
  const capped = nelderMead((x) => (x[0]! - 3) ** 2, Float64Array.from([0]), { maxEval: 10 });
  assert.ok(capped.evaluations <= 11);
});

test('regression start: V is proportional to the squared slopes of the window outcomes on the predictors', () => {
  // 6 units, 2 predictors, 1 window period; outcome = 1 + 3 x1 + 0 x2 exactly, so V = (1, 0).
  const x = [[0.1, 1.2], [0.5, 0.3], [0.9, 2.2], [1.4, 0.7], [2.0, 1.9], [2.6, 0.2]];
  const k = 2;
  const J = 5;
  const x1s = Float64Array.from(x[0]!);
  const X0s = Float64Array.from(x.slice(1).flat());
  const z = x.map((r) => 1 + 3 * r[0]!);
  const v = regressionStart(X0s, x1s, Float64Array.from(z.slice(1)), Float64Array.from(z.slice(0, 1)), k, J, 1)!;
  assert.ok(Math.abs(v[0]! - 1) < 1e-12 && Math.abs(v[1]!) < 1e-12, Array.from(v).join());
  // Singular X'X (fewer units than predictors + 1): no regression start, as Synth.
  assert.equal(regressionStart(Float64Array.from([1, 2, 3, 4]), Float64Array.from([0, 1]), new Float64Array(2), new Float64Array(1), 2, 2, 1), undefined);
});
