/**
 * Test helper: the *exact* least-squares solution of a small problem given in doubles, by integer
 * arithmetic (BigInt), rounded to the nearest double at the end. Every double is a dyadic rational, so
 * scaling X and y by one power of two makes them integers; the Gram system is then solved by fraction-free
 * Gauss-Jordan elimination (Bareiss 1968), every division exact. Used by the NIST StRD test to know the
 * best LRE any double-precision solver can reach on the binary-rounded data (the certified values are for
 * the decimal data, which doubles cannot hold exactly).
 */

export interface ExactLeastSquares {
  coefficients: number[];
  stdErrors: number[];
  residualSd: number;
  /** 1 - RSS/TSS, centered when `intercept` (as NIST certifies), uncentered otherwise. */
  rSquared: number;
}

/** Number of binary fraction digits of a finite double (v * 2^s is an integer). */
function fractionBits(v: number): number {
  let s = 0;
  while (!Number.isInteger(v * 2 ** s)) s++;
  return s;
}

const abs = (a: bigint): bigint => (a < 0n ? -a : a);

/** p / q (q > 0) to the nearest double, via a 30-significant-digit decimal (parseFloat rounds correctly). */
export function ratioToNumber(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  const neg = p < 0n !== q < 0n;
  const a = abs(p), b = abs(q);
  const e = a.toString().length - b.toString().length;
  const shift = 30 - e;
  const N = shift >= 0 ? (a * 10n ** BigInt(shift)) / b : a / (b * 10n ** BigInt(-shift));
  return (neg ? -1 : 1) * Number.parseFloat(`${N}e${-shift}`);
}

function isqrt(v: bigint): bigint {
  if (v < 2n) return v;
  let x = BigInt(Math.floor(Math.sqrt(Number(v)))) || 1n; // a float start, then Newton (exact floor)
  if (!(x > 0n)) x = 1n << BigInt(v.toString(2).length >> 1);
  for (;;) {
    const y = (x + v / x) >> 1n;
    if (y >= x && x * x <= v && (x + 1n) * (x + 1n) > v) return x;
    x = y;
  }
}

/** sqrt(p / q) (p >= 0, q > 0) to the nearest double. */
export function sqrtRatioToNumber(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  const e = p.toString().length - q.toString().length;
  const m = Math.ceil((60 - e) / 2); // sqrt(p/q * 10^(2m)) has ~30 digits
  const N = m >= 0 ? isqrt((p * 10n ** BigInt(2 * m)) / q) : isqrt(p / (q * 10n ** BigInt(-2 * m)));
  return Number.parseFloat(`${N}e${-m}`);
}

/**
 * Exact OLS of y on the columns of X (given as arrays of doubles; include a column of ones for an
 * intercept). Throws if the Gram matrix is singular.
 */
export function exactLeastSquares(cols: readonly ArrayLike<number>[], y: ArrayLike<number>, intercept: boolean): ExactLeastSquares {
  const n = y.length, k = cols.length;
  let S = fractionBits(0);
  for (const c of [...cols, y]) for (let i = 0; i < n; i++) S = Math.max(S, fractionBits(c[i]!));
  const scale = 2 ** S; // exact; values stay far below 2^1023 for the NIST data
  const toInt = (v: number): bigint => BigInt(v * scale);
  const Xi = cols.map((c) => Array.from({ length: n }, (_, i) => toInt(c[i]!)));
  const yi = Array.from({ length: n }, (_, i) => toInt(y[i]!));
  // augmented [G | X'y | I], k x (2k + 1)
  const A: bigint[][] = [];
  for (let a = 0; a < k; a++) {
    const row: bigint[] = [];
    for (let b = 0; b < k; b++) {
      let s = 0n;
      for (let i = 0; i < n; i++) s += Xi[a]![i]! * Xi[b]![i]!;
      row.push(s);
    }
    let s = 0n;
    for (let i = 0; i < n; i++) s += Xi[a]![i]! * yi[i]!;
    row.push(s);
    for (let b = 0; b < k; b++) row.push(a === b ? 1n : 0n);
    A.push(row);
  }
  // fraction-free Gauss-Jordan: after step t every entry is a minor, so the division by the previous pivot
  // is exact; at the end the left block is det * I and the right block det * G^-1 [X'y | I]
  let prev = 1n;
  const m = 2 * k + 1;
  for (let t = 0; t < k; t++) {
    const piv = A[t]![t]!;
    if (piv === 0n) throw new Error('exactLeastSquares: singular Gram matrix (or a zero leading minor)');
    for (let i = 0; i < k; i++) {
      if (i === t) continue;
      const f = A[i]![t]!;
      for (let j = 0; j < m; j++) {
        if (j === t) continue;
        const num = piv * A[i]![j]! - f * A[t]![j]!;
        if (num % prev !== 0n) throw new Error('exactLeastSquares: inexact division (bug)');
        A[i]![j] = num / prev;
      }
      A[i]![t] = 0n;
    }
    prev = piv;
  }
  const det = prev; // every diagonal entry of the left block equals det now
  const num = A.map((row) => row[k]!); // det * beta
  // det * residual (scaled by 2^S): det y - X (det beta)
  let rss2 = 0n; // sum (det r)^2, scaled by 2^(2S)
  for (let i = 0; i < n; i++) {
    let s = det * yi[i]!;
    for (let a = 0; a < k; a++) s -= Xi[a]![i]! * num[a]!;
    rss2 += s * s;
  }
  // TSS (scaled by 2^(2S)): n * sum (y - mean)^2 = n sum y^2 - (sum y)^2, kept as tssN / n
  let sy = 0n, syy = 0n;
  for (let i = 0; i < n; i++) {
    sy += yi[i]!;
    syy += yi[i]! * yi[i]!;
  }
  const N = BigInt(n), df = BigInt(n - k), D2 = det * det;
  const coefficients = num.map((v) => ratioToNumber(v, det));
  // rss = rss2 / det^2 (scaled); sigma^2 = rss / df; SE_j^2 = sigma^2 (G^-1)_jj, (G^-1)_jj = A[j][k+1+j] / det
  // (G scaled by 2^(2S), rss too: the scales cancel in SE^2)
  const stdErrors = coefficients.map((_, j) => sqrtRatioToNumber(rss2 * A[j]![k + 1 + j]!, D2 * det * df));
  const residualSd = sqrtRatioToNumber(rss2, D2 * df * BigInt(scale) ** 2n);
  // 1 - RSS/TSS as one rational, rounded once; centered: TSS = (n sum y^2 - (sum y)^2) / n
  const rssP = intercept ? rss2 * N : rss2;
  const tssQ = intercept ? D2 * (N * syy - sy * sy) : D2 * syy;
  const rSquared = ratioToNumber(tssQ - rssP, tssQ);
  return { coefficients, stdErrors, residualSd, rSquared };
}
