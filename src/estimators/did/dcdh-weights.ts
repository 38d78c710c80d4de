/**
 * de Chaisemartin & D'Haultfoeuille (2020) weights of the two-way fixed-effects DID coefficient: under
 * parallel trends, beta_fe = E[ sum over treated (g,t) of W_gt * Delta_gt ], with W_gt proportional to the
 * residual eps_gt of the treatment on unit and period fixed effects (their Theorem 1; Stata/R
 * `twowayfeweights`, `type = "feTR"`).
 *
 * Conventions: balanced panel (the residual is then D_it - D_i. - D_.t + D_..), one weight per treated
 * observation normalised as in the paper so that the average over treated observations is 1
 * (`weight = N_1 eps_it / sum_{D=1} eps`); `share = weight / N_1` sums to 1. Cells are (cohort, period): all
 * units of a cohort share the weight. `sigmaFe = |beta_fe| / sd(W)` is the paper's robustness measure (the
 * smallest standard deviation of the treatment effects compatible with beta_fe and ATT of opposite sign).
 */
import { PilotzoneError } from '../../errors.js';
import type { DidPanel } from './panel.js';

export interface DcdhCell {
  readonly cohort: number;
  readonly time: number;
  /** Treated observations in the cell. */
  readonly n: number;
  /** Weight of each observation (mean 1 over treated observations). */
  readonly weight: number;
  /** n x weight / N_1: the cell's share of beta_fe (sums to 1). */
  readonly share: number;
}

export interface DcdhWeights {
  readonly cells: readonly DcdhCell[];
  /** Treated observations. */
  readonly nTreated: number;
  /** Treated observations with a negative weight. */
  readonly nNegative: number;
  /** Sum of the negative shares (<= 0) and of the positive ones (sum of both = 1). */
  readonly sumNegative: number;
  readonly sumPositive: number;
  /** The TWFE coefficient of y on D with unit and period fixed effects. */
  readonly betaFe: number;
  /** |beta_fe| / sd of the weights (dCDH's sigma_fe); NaN when all weights are equal. */
  readonly sigmaFe: number;
}

/** dCDH (2020) weights of the TWFE coefficient on a balanced staggered panel. */
export function dcdhWeights(panel: DidPanel): DcdhWeights {
  const { n, T, y, times, cohort } = panel;
  const D = new Float64Array(n * T);
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) D[i * T + t] = cohort[i]! !== 0 && times[t]! >= cohort[i]! ? 1 : 0;
  const rowMean = new Float64Array(n), colMean = new Float64Array(T);
  let all = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      const d = D[i * T + t]!;
      rowMean[i] += d / T;
      colMean[t] += d / n;
      all += d;
    }
  }
  all /= n * T;
  let sEpsD = 0, sEpsY = 0, n1 = 0;
  const eps = new Float64Array(n * T);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      const e = D[i * T + t]! - rowMean[i]! - colMean[t]! + all;
      eps[i * T + t] = e;
      sEpsY += e * y[i * T + t]!;
      if (D[i * T + t]) {
        sEpsD += e;
        n1++;
      }
    }
  }
  if (n1 === 0 || !(Math.abs(sEpsD) > 1e-12)) {
    throw new PilotzoneError('E_NO_VARIATION', `dCDH weights: the treatment implied by column "${panel.columns.cohort}" has no variation left after unit and period fixed effects.`, { details: { column: panel.columns.cohort } });
  }
  const betaFe = sEpsY / sEpsD;
  const cellMap = new Map<string, { cohort: number; time: number; n: number; weight: number }>();
  let nNeg = 0, sNeg = 0, sPos = 0, ss = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      if (!D[i * T + t]) continue;
      const w = (n1 * eps[i * T + t]!) / sEpsD;
      if (w < 0) {
        nNeg++;
        sNeg += w / n1;
      } else sPos += w / n1;
      ss += (w - 1) * (w - 1);
      const key = `${cohort[i]}|${times[t]}`;
      const c = cellMap.get(key);
      if (c) c.n++;
      else cellMap.set(key, { cohort: cohort[i]!, time: times[t]!, n: 1, weight: w });
    }
  }
  const sd = Math.sqrt(ss / n1);
  const cells = [...cellMap.values()].sort((a, b) => a.cohort - b.cohort || a.time - b.time).map((c) => ({ ...c, share: (c.n * c.weight) / n1 }));
  return { cells, nTreated: n1, nNegative: nNeg, sumNegative: sNeg, sumPositive: sPos, betaFe, sigmaFe: sd > 1e-12 ? Math.abs(betaFe) / sd : NaN };
}
