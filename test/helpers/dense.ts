/** Slow, obviously-correct dense matrix helpers for reference computations in tests (never in src/). */

/** Inverse of a small square matrix by Gauss-Jordan elimination with partial pivoting. */
export function inv(A: number[][]): number[][] {
  const k = A.length;
  const M = A.map((r, i) => [...r, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const d = M[c]![c]!;
    for (let j = 0; j < 2 * k; j++) M[c]![j]! /= d;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = M[r]![c]!;
      for (let j = 0; j < 2 * k; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((r) => r.slice(k));
}

/** Matrix product. */
export const mul = (A: number[][], B: number[][]): number[][] => A.map((r) => B[0]!.map((_, j) => r.reduce((s, v, l) => s + v * B[l]![j]!, 0)));

/** Transpose. */
export const tr = (A: number[][]): number[][] => A[0]!.map((_, j) => A.map((r) => r[j]!));
