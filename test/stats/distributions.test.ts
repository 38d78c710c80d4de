import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chi2Cdf, chi2Quantile, chi2Sf, fCdf, fQuantile, fSf, normalCdf, normalQuantile, normalSf,
  tCdf, tPValueTwoSided, tQuantile, tSf,
} from '../../src/stats/distributions.js';
import { relDiff } from '../helpers/validation.js';

/**
 * Reference values computed from the definitions (regularized incomplete beta / gamma, erfc) with mpmath 1.3.0
 * at 60 significant digits, quantiles by root-finding on those definitions at 80 digits; rounded to 17
 * digits. Where R prints the same quantity it agrees (qt(0.975, 10) = 2.228138851986274,
 * qnorm(0.975) = 1.959963984540054, 2 * pt(-19.998, 69) = 2.003743e-30).
 */
const fns: Record<string, (...a: number[]) => number> = {
  tSf, tCdf, tPValueTwoSided, fSf, fCdf, chi2Sf, chi2Cdf, normalSf, normalCdf,
  tQuantileUpper: (q, df) => tQuantile(q, df, false),
  fQuantileUpper: (q, d1, d2) => fQuantile(q, d1, d2, false),
  fQuantileLower: (p, d1, d2) => fQuantile(p, d1, d2),
  chi2QuantileUpper: (q, k) => chi2Quantile(q, k, false),
  chi2QuantileLower: (p, k) => chi2Quantile(p, k),
};
const reference: [string, number[], number][] = [
  ['tSf', [2.5, 3], 4.3853323504032774e-2],
  ['tSf', [-0.1, 5], 5.3788492942266981e-1],
  ['tSf', [1e-8, 7], 4.9999999615008549e-1],
  ['tSf', [40, 5], 9.2059810858864772e-8],
  ['tSf', [1.5, 0.5], 2.5395089532405422e-1],
  ['tSf', [-7, 1.5], 9.799660699383548e-1],
  ['tSf', [3, 2.5], 3.6288047774515922e-2],
  ['tSf', [50, 30], 9.3577088296113563e-31],
  ['tSf', [1e4, 4], 2.9999998000000105e-16],
  ['tSf', [0.7, 1000], 2.4204505699630118e-1],
  ['tPValueTwoSided', [-19.998, 69], 2.0037430771827434e-30],
  ['tPValueTwoSided', [2.1, 25], 4.5984284190813845e-2],
  ['tCdf', [-19.998, 69], 1.0018715385913717e-30],
  ['tCdf', [-40, 5], 9.2059810858864772e-8],
  ['tCdf', [-2.5, 3], 4.3853323504032774e-2],
  ['tCdf', [0.3, 12], 6.1534476295587383e-1],
  ['tCdf', [-1000, 1.5], 1.1924472823393507e-5],
  ['fSf', [3.1, 3, 20], 4.992453304567878e-2],
  ['fCdf', [3.1, 3, 20], 9.5007546695432122e-1],
  ['fSf', [1e5, 3, 20], 6.4121350696154637e-42],
  ['fSf', [0.01, 4, 9], 9.9976020511441207e-1],
  ['fCdf', [0.01, 4, 9], 2.3979488558792675e-4],
  ['fSf', [200, 1, 60], 9.1471588675532826e-21],
  ['fSf', [2.2, 10, 1000], 1.5896381905361017e-2],
  ['fCdf', [2.2, 10, 1000], 9.8410361809463898e-1],
  ['fSf', [1e-6, 2, 7], 9.9999900000064286e-1],
  ['fCdf', [1e-6, 2, 7], 9.9999935714319383e-7],
  ['fSf', [1000, 5, 2.5], 2.1933541287852157e-4],
  ['fCdf', [1000, 5, 2.5], 9.9978066458712148e-1],
  ['chi2Sf', [3.84, 1], 5.0043521248705103e-2],
  ['chi2Cdf', [3.84, 1], 9.499564787512949e-1],
  ['chi2Sf', [1300, 3], 1.4717437106980103e-281],
  ['chi2Sf', [0.001, 4], 9.9999987504165886e-1],
  ['chi2Cdf', [0.001, 4], 1.2495834114479178e-7],
  ['chi2Sf', [50, 10], 2.6690834249044956e-7],
  ['chi2Cdf', [50, 10], 9.9999973309165751e-1],
  ['chi2Sf', [1e-10, 1], 9.999920211543921e-1],
  ['chi2Cdf', [1e-10, 1], 7.9788456078956729e-6],
  ['chi2Sf', [700, 0.5], 3.3773200856461543e-155],
  ['normalSf', [-1], 8.4134474606854295e-1],
  ['normalSf', [0.3], 3.8208857781104737e-1],
  ['normalSf', [5], 2.8665157187919391e-7],
  ['normalSf', [30], 4.9067139271481871e-198],
  ['normalCdf', [-37], 5.7255712225245768e-300],
  ['normalCdf', [-10], 7.6198530241605261e-24],
  ['normalCdf', [-1], 1.5865525393145705e-1],
  ['normalCdf', [0.3], 6.1791142218895263e-1],
  ['tQuantileUpper', [0.025, 10], 2.2281388519862747],
  ['tQuantileUpper', [1e-10, 3], 2.2257692846830932e+3],
  ['tQuantileUpper', [0.2, 0.7], 1.758826731403459],
  ['tQuantileUpper', [1e-100, 5], 1.5683925590993378e+20],
  ['tQuantileUpper', [0.4999, 8], 2.58599054647853e-4],
  ['tQuantileUpper', [1e-200, 4], 1.3160740129524925e+50],
  ['fQuantileUpper', [0.05, 3, 20], 3.09839121214078],
  ['fQuantileUpper', [1e-12, 2, 30], 7.9643601672028988e+1],
  ['fQuantileUpper', [0.9, 5, 7], 2.9692104029196887e-1],
  ['fQuantileLower', [1e-8, 3, 11], 3.5840957132348197e-6],
  ['fQuantileLower', [0.5, 4, 4], 1],
  ['chi2QuantileUpper', [0.05, 1], 3.8414588206941259],
  ['chi2QuantileUpper', [1e-300, 3], 1.3883367738546858e+3],
  ['chi2QuantileUpper', [0.99, 10], 2.5582121601872066],
  ['chi2QuantileUpper', [1e-20, 0.5], 8.3888193766391922e+1],
  ['chi2QuantileLower', [1e-10, 4], 2.8284404581659483e-5],
  ['chi2QuantileLower', [0.3, 2], 7.1334988787746473e-1],
];

test('agrees with 60-digit references, tails included, to 1e-12 relative', () => {
  const bad: string[] = [];
  for (const [name, args, want] of reference) {
    const got = fns[name]!(...args);
    const rd = relDiff(got, want);
    if (!(rd < 1e-12)) bad.push(`${name}(${args.join(', ')}) = ${got}, want ${want} (rel ${rd.toExponential(2)})`);
  }
  assert.deepEqual(bad, []);
});

test('R reference values: qt(0.975, 10), qnorm(0.975), 2 * pt(-19.998, 69)', () => {
  assert.ok(relDiff(tQuantile(0.975, 10), 2.228138851986274) < 1e-14);
  assert.ok(relDiff(normalQuantile(0.975), 1.959963984540054) < 1e-14);
  assert.ok(relDiff(tPValueTwoSided(-19.998, 69), 2.0037430771827434e-30) < 1e-10);
});

test('t with 1 df is Cauchy and with 2 df has its closed form (cdf, sf and quantile)', () => {
  for (const x of [-1e6, -50, -3, -1, -0.2, 0, 0.4, 2, 30, 1e5]) {
    // Cauchy: cdf = 1/2 + atan(x)/pi; upper tail atan(1/x)/pi for x > 0 keeps relative accuracy.
    const cauchyLower = x < 0 ? Math.atan2(1, -x) / Math.PI : 0.5 + Math.atan(x) / Math.PI;
    assert.ok(relDiff(tCdf(x, 1), cauchyLower) < 1e-13, `tCdf(${x}, 1)`);
    assert.ok(relDiff(tSf(-x, 1), cauchyLower) < 1e-13, `tSf(${-x}, 1)`);
    // df = 2: cdf = 1/2 + x / (2 sqrt(2 + x^2)); lower tail written without cancellation.
    const s = Math.sqrt(2 + x * x);
    const two = x < 0 ? 1 / (s * (s - x)) : 0.5 + x / (2 * s);
    assert.ok(relDiff(tCdf(x, 2), two) < 1e-13, `tCdf(${x}, 2)`);
  }
  for (const q of [1e-300, 1e-20, 0.01, 0.2]) {
    assert.ok(relDiff(tQuantile(q, 1, false), 1 / Math.tan(Math.PI * q)) < 1e-12, `qt(${q}, 1)`);
    assert.ok(relDiff(tQuantile(q, 2, false), (1 - 2 * q) / Math.sqrt(2 * q * (1 - q))) < 1e-12, `qt(${q}, 2)`);
  }
  // Near the centre, round trips (1 / tan(pi q) itself is ill-conditioned at q -> 1/2).
  for (const q of [0.3, 0.4999999]) for (const df of [1, 2]) assert.ok(relDiff(tSf(tQuantile(q, df, false), df), q) < 1e-13);
  // The general (incomplete beta) path just off df = 1 and 2 agrees with the closed forms.
  assert.ok(relDiff(tQuantile(1e-8, 1 + 1e-12, false), 1 / Math.tan(Math.PI * 1e-8)) < 1e-9);
  assert.ok(relDiff(tQuantile(0.01, 2 + 1e-12, false), tQuantile(0.01, 2, false)) < 1e-9);
  assert.ok(relDiff(tSf(1e200, 1), 1 / (Math.PI * 1e200)) < 1e-13);
  // Near t = 0 the tail is 1/2 - atan(t) / pi to full precision (regression: stdlib's upper-tail flag loses
  // ~1e-10 absolute when the upper value is near 1).
  for (const t of [1e-3, 1e-7, 1e-12]) assert.ok(relDiff(tSf(t, 1), 0.5 - Math.atan(t) / Math.PI) < 1e-15, `tSf(${t}, 1)`);
});

test('chi-squared with 2 df is exponential(1/2), down to 1e-300', () => {
  for (const x of [1e-12, 0.01, 1, 7, 100, 1300]) {
    assert.ok(relDiff(chi2Sf(x, 2), Math.exp(-x / 2)) < 1e-13, `chi2Sf(${x}, 2)`);
    assert.ok(relDiff(chi2Cdf(x, 2), -Math.expm1(-x / 2)) < 1e-13, `chi2Cdf(${x}, 2)`);
  }
  for (const q of [1e-300, 1e-10, 0.5, 0.999]) assert.ok(relDiff(chi2Quantile(q, 2, false), -2 * Math.log(q)) < 1e-13);
  for (const p of [1e-300, 1e-10, 0.5]) assert.ok(relDiff(chi2Quantile(p, 2), -2 * Math.log1p(-p)) < 1e-12);
});

test('F(1, d) is t(d) squared; F(k, Infinity) is chi2(k) / k; df = Infinity for t is the normal', () => {
  for (const d of [1, 3, 12.5, 200]) {
    for (const t of [0.1, 1.7, 4, 25]) {
      assert.ok(relDiff(fSf(t * t, 1, d), tPValueTwoSided(t, d)) < 1e-12, `F(1, ${d}) at ${t}^2`);
    }
    assert.ok(relDiff(fQuantile(0.05, 1, d, false), tQuantile(0.025, d, false) ** 2) < 1e-12);
  }
  for (const k of [1, 4, 30]) {
    for (const x of [0.2, 1, 3.5]) {
      assert.ok(relDiff(fSf(x, k, Infinity), chi2Sf(k * x, k)) < 1e-15);
      // Finite but huge df2 converges to the limit at the rate 1/df2.
      const r9 = relDiff(fSf(x, k, 1e9), chi2Sf(k * x, k));
      const r12 = relDiff(fSf(x, k, 1e12), chi2Sf(k * x, k));
      assert.ok(r12 < 2e-3 * r9 + 1e-13, `F(${k}, df2) -> chi2(${k}) / ${k} at ${x}: ${r9} then ${r12}`);
    }
    assert.ok(relDiff(fQuantile(0.05, k, Infinity, false), chi2Quantile(0.05, k, false) / k) < 1e-15);
    // F(Inf, k) is k / chi2(k): P(F > x) = P(chi2 < k / x); huge finite df1 approaches it.
    for (const x of [0.5, 1.2, 4]) {
      assert.ok(relDiff(fSf(x, Infinity, k), chi2Cdf(k / x, k)) < 1e-15);
      assert.ok(relDiff(fSf(x, 1e13, k), chi2Cdf(k / x, k)) < 1e-6);
    }
    assert.ok(relDiff(fCdf(fQuantile(0.9, Infinity, k), Infinity, k), 0.9) < 1e-12);
  }
  assert.deepEqual([fCdf(0.5, Infinity, Infinity), fCdf(1, Infinity, Infinity), fSf(0.5, Infinity, Infinity), fSf(2, Infinity, Infinity)], [0, 1, 1, 0]);
  for (const x of [-8, -1.3, 0.5, 6]) {
    assert.equal(tCdf(x, Infinity), normalCdf(x));
    assert.equal(tSf(x, Infinity), normalSf(x));
    // Large finite df differs from the normal by O(1/df): checks the beta path for huge shapes.
    assert.ok(relDiff(tCdf(x, 1e12), normalCdf(x)) < (1 + x ** 4) / 1e12);
  }
  assert.equal(tQuantile(0.975, Infinity), normalQuantile(0.975));
});

test('quantile(cdf(x)) = x and tails are symmetric, both tails to 1e-300', () => {
  const dfs = [0.7, 1, 2, 3, 9.5, 60, 1e4];
  for (const df of dfs) {
    for (const x of [-1e4, -30, -2, -0.05, 0.3, 4, 200]) {
      const lower = tCdf(x, df);
      assert.ok(relDiff(tSf(-x, df), lower) < 1e-14, `symmetry df ${df} x ${x}`);
      if (lower > 1e-300 && lower < 0.5) assert.ok(relDiff(tQuantile(lower, df), x) < 1e-9, `qt(pt(${x}, ${df}))`);
      const upper = tSf(x, df);
      if (upper > 1e-300 && upper < 0.5) assert.ok(relDiff(tQuantile(upper, df, false), x) < 1e-9, `qt upper df ${df} x ${x}`);
    }
  }
  for (const x of [-37.5, -20, -3, -0.01, 0.5, 8]) {
    if (x < 1) assert.ok(relDiff(normalQuantile(normalCdf(x)), x) < 1e-14, `qnorm(pnorm(${x}))`);
    if (x < 1) assert.ok(relDiff(normalQuantile(normalSf(-x), false), -x) < 1e-14, `qnorm(pnorm(${-x}, upper), upper)`);
  }
  for (const p of [1e-300, 1e-100, 1e-8, 0.02, 0.5, 0.9]) {
    assert.ok(relDiff(normalCdf(normalQuantile(p)), p) < 1e-12, `qnorm(${p})`);
    assert.ok(relDiff(normalSf(normalQuantile(p, false)), p) < 1e-12, `qnorm upper(${p})`);
    for (const k of [0.5, 1, 5, 40]) {
      assert.ok(relDiff(chi2Sf(chi2Quantile(p, k, false), k), p) < 1e-10, `qchisq upper(${p}, ${k})`);
      // The lower quantile is ~ p^(2/k): skip the cases where it underflows double precision.
      if (p < 0.5 && (2 / k) * Math.log10(p) > -300) assert.ok(relDiff(chi2Cdf(chi2Quantile(p, k), k), p) < 1e-10, `qchisq(${p}, ${k})`);
    }
    for (const [d1, d2] of [[1, 5], [3, 20], [8, 2.5], [50, 300]] as const) {
      if (p > 1e-290) assert.ok(relDiff(fSf(fQuantile(p, d1, d2, false), d1, d2), p) < 1e-9, `qf upper(${p}, ${d1}, ${d2})`);
      if (p < 0.5 && (2 / d1) * Math.log10(p) > -300) assert.ok(relDiff(fCdf(fQuantile(p, d1, d2), d1, d2), p) < 1e-9, `qf(${p}, ${d1}, ${d2})`);
    }
  }
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(tQuantile(1, 5), Infinity);
  assert.equal(tQuantile(0.5, 5), 0);
});

test('NaN statistics propagate; bad df or probability is an option error', () => {
  assert.ok(Number.isNaN(tSf(NaN, 5)));
  assert.ok(Number.isNaN(fSf(NaN, 2, 5)));
  assert.ok(Number.isNaN(chi2Cdf(NaN, 2)));
  const bad: [() => number, RegExp][] = [
    [() => tCdf(1, 0), /option df/],
    [() => tQuantile(0.5, -1), /option df/],
    [() => fSf(1, NaN, 3), /option df1/],
    [() => fCdf(1, 2, 0), /option df2/],
    [() => chi2Sf(1, -2), /option df/],
    [() => tQuantile(1.2, 5), /option p/],
    [() => normalQuantile(NaN), /option p/],
    [() => chi2Quantile(-0.1, 3), /option p/],
  ];
  for (const [f, re] of bad) assert.throws(f, (e: any) => e.code === 'E_OPTION' && re.test(e.message));
});
