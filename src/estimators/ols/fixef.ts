/**
 * Recovery of the fixed-effect values after a feols fit (fixest's `fixef()`): the FE coefficients solve
 * the normal equations of r = y - X b on the FE dummies, found with the same alternating projections as the
 * demeaning (`demean.ts`, tolerance 1e-12 here).
 *
 * Normalisation (fixest's convention): the first FE keeps all its levels; in every other FE one level is
 * set to 0 as reference. With two FE the reference is the first level (in level order) of FE 2 within each
 * connected component of the FE1-FE2 graph, so a disconnected design gets one reference per component
 * (fixest's `attr(, "references")`). With three or more FE the first level of each FE after the first is 0
 * and the constant is moved into FE 1; that identifies the values only when the FE are "regular" (one
 * connected design) — otherwise only their sums (the fitted values) are meaningful. Every fitted value
 * y_i - r_i equals the sum of the FE values of row i plus X b whatever the normalisation.
 */
import { FixedEffectsProjector } from './demean.js';
import { components } from './fe-structure.js';
import type { FeolsFit } from './fit.js';

/** The values of one FE dimension. */
export interface FixefValues {
  readonly name: string;
  /** Level labels (the original values). */
  readonly levels: readonly string[];
  readonly values: Float64Array;
  /** Number of levels set to 0 as reference. */
  readonly references: number;
}

/** Recovers the FE values of a fit (empty without FE). */
export function recoverFixef(fit: FeolsFit): FixefValues[] {
  if (fit.fe.length === 0) return [];
  const n = fit.n;
  const d = fit.design;
  const r = new Float64Array(n);
  r.set(fit.y);
  fit.coefNames.forEach((name, a) => {
    const j = d.x.names.indexOf(name);
    const b = fit.coef[a]!;
    const o = j * d.n;
    for (let i = 0; i < n; i++) r[i]! -= b * d.x.X[o + fit.designRows[i]!]!;
  });
  const proj = new FixedEffectsProjector(fit.fe, n, { weights: fit.weights, tol: 1e-12 });
  const { coef } = proj.coefficients(r);
  const refs = fit.fe.map(() => 0);
  if (fit.fe.length === 2) {
    const a = fit.fe[0]!, b = fit.fe[1]!;
    const comp = components(a.ids, a.nlevels, b.ids, b.nlevels);
    const shift = new Float64Array(comp.count).fill(NaN);
    for (let m = 0; m < b.nlevels; m++) {
      const c = comp.compOfB[m]!;
      if (Number.isNaN(shift[c]!)) {
        shift[c] = coef[1]![m]!;
        refs[1]!++;
      }
    }
    for (let m = 0; m < b.nlevels; m++) coef[1]![m]! -= shift[comp.compOfB[m]!]!;
    for (let l = 0; l < a.nlevels; l++) coef[0]![l]! += shift[comp.compOfA[l]!]!;
  } else if (fit.fe.length > 2) {
    for (let q = 1; q < fit.fe.length; q++) {
      const s = coef[q]![0]!;
      for (let l = 0; l < coef[q]!.length; l++) coef[q]![l]! -= s;
      for (let l = 0; l < coef[0]!.length; l++) coef[0]![l]! += s;
      refs[q] = 1;
    }
  }
  return fit.fe.map((f, q) => ({ name: f.name, levels: f.levels, values: coef[q]!, references: refs[q]! }));
}
