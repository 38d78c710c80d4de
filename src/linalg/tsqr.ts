/**
 * Streaming ("tall-skinny") Householder QR: the p x p triangular factor R of a tall n x p matrix, computed
 * block by block without ever storing Q or a copy of the matrix (Demmel, Grigori, Hoemmen & Langou 2012,
 * "Communication-optimal parallel and sequential QR", the sequential flat-tree variant).
 *
 * For each block B of rows, the stacked matrix [R; B] is reduced to triangular form by Householder
 * reflectors that exploit R's triangle (reflector j touches R_jj and column j of B only). The result is the
 * R factor of the whole matrix, as backward stable as a one-shot Householder QR, in O(n p^2) flops and
 * O(block * p) extra memory. Appending y as the last column gives Q'y in R's last column and the residual
 * norm in R[p-1, p-1], which is all a least-squares solve needs.
 */

/** Accumulates the R factor of rows added block by block. */
export class StreamingQR {
  /** p x p column-major upper-triangular factor (lower part zero). */
  readonly R: Float64Array;
  readonly p: number;

  constructor(p: number) {
    this.p = p;
    this.R = new Float64Array(p * p);
  }

  /** Folds in `b` rows held column-major in `B` (leading dimension `ld` >= b); `B` is overwritten. */
  addBlock(B: Float64Array, ld: number, b: number): void {
    const p = this.p;
    const R = this.R;
    for (let j = 0; j < p; j++) {
      const oj = j * ld;
      // norm of [R_jj; B[0..b, j]]
      let ssq = 0;
      for (let i = 0; i < b; i++) {
        const v = B[oj + i]!;
        ssq += v * v;
      }
      if (ssq === 0) continue; // nothing to annihilate
      const a0 = R[j * p + j]!;
      const nrm = Math.sqrt(a0 * a0 + ssq);
      const beta = a0 >= 0 ? -nrm : nrm;
      const v0 = a0 - beta;
      const tau = (beta - a0) / beta;
      const inv = 1 / v0;
      for (let i = 0; i < b; i++) B[oj + i]! *= inv;
      R[j * p + j] = beta;
      for (let c = j + 1; c < p; c++) {
        const oc = c * ld;
        let s = R[c * p + j]!;
        for (let i = 0; i < b; i++) s += B[oj + i]! * B[oc + i]!;
        s *= tau;
        R[c * p + j]! -= s;
        for (let i = 0; i < b; i++) B[oc + i]! -= s * B[oj + i]!;
      }
    }
  }
}
