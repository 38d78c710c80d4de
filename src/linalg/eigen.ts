/**
 * Symmetric eigen-decomposition by cyclic Jacobi rotations (Golub & Van Loan, Matrix Computations, 8.5),
 * for the small k x k covariance matrices of regression output. Used to repair a multiway-clustered
 * covariance that is not positive semi-definite (Cameron, Gelbach & Miller 2011), as fixest's `vcov_fix`.
 */

/** Eigenvalues and eigenvectors (column-major k x k, column j for `values[j]`) of a symmetric matrix. */
export function symmetricEigen(S: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const A = S.slice();
  const V = new Float64Array(k * k);
  for (let i = 0; i < k; i++) V[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, tot = 0;
    for (let j = 0; j < k; j++) for (let i = 0; i < k; i++) {
      const v = A[j * k + i]! * A[j * k + i]!;
      tot += v;
      if (i !== j) off += v;
    }
    if (off <= 1e-30 * tot || off === 0) break;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = A[q * k + p]!;
        if (apq === 0) continue;
        const app = A[p * k + p]!, aqq = A[q * k + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let r = 0; r < k; r++) {
          // columns p, q of A
          const arp = A[p * k + r]!, arq = A[q * k + r]!;
          A[p * k + r] = c * arp - s * arq;
          A[q * k + r] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          // rows p, q of A
          const apr = A[r * k + p]!, aqr = A[r * k + q]!;
          A[r * k + p] = c * apr - s * aqr;
          A[r * k + q] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = V[p * k + r]!, vrq = V[q * k + r]!;
          V[p * k + r] = c * vrp - s * vrq;
          V[q * k + r] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(k);
  for (let i = 0; i < k; i++) values[i] = A[i * k + i]!;
  return { values, vectors: V };
}

/**
 * Returns S with its negative eigenvalues set to zero (Cameron, Gelbach & Miller 2011, section 2.3), or S
 * itself when it is already positive semi-definite. `fixed` tells which happened.
 */
export function nearestPsd(S: Float64Array, k: number): { matrix: Float64Array; fixed: boolean } {
  const { values, vectors } = symmetricEigen(S, k);
  let neg = false;
  for (let i = 0; i < k; i++) if (values[i]! < 0) neg = true;
  if (!neg) return { matrix: S, fixed: false };
  const out = new Float64Array(k * k);
  for (let l = 0; l < k; l++) {
    const lam = Math.max(values[l]!, 0);
    if (lam === 0) continue;
    for (let b = 0; b < k; b++) for (let a = 0; a < k; a++) out[b * k + a]! += lam * vectors[l * k + a]! * vectors[l * k + b]!;
  }
  return { matrix: out, fixed: true };
}
