/**
 * Nelder-Mead simplex minimisation with the coefficients and initial simplex of R's `optim(method =
 * "Nelder-Mead")` (reflection 1, contraction 0.5, expansion 2; first simplex = start plus 10% of its largest
 * coordinate on each axis), which is what R's Synth runs through optimx for the predictor weights V.
 * Convergence: the spread of function values across the simplex below `reltol * (|f| + reltol)`, or
 * `maxEval` evaluations. `restarts` re-runs the search from the best point with a fresh simplex while that
 * still improves (a standard cure for Nelder-Mead's premature collapse).
 */
export interface NelderMeadOptions {
  maxEval?: number;
  reltol?: number;
  restarts?: number;
}

export interface NelderMeadResult {
  x: Float64Array;
  value: number;
  evaluations: number;
  converged: boolean;
}

/** Minimises `f` from `x0`. */
export function nelderMead(f: (x: Float64Array) => number, x0: Float64Array, opts: NelderMeadOptions = {}): NelderMeadResult {
  const maxEval = opts.maxEval ?? 500;
  const reltol = opts.reltol ?? 1e-8;
  let evaluations = 0;
  let x: Float64Array = Float64Array.from(x0);
  let best = f(x);
  evaluations++;
  let converged = false;
  const restarts = opts.restarts ?? 0;
  for (let round = 0; round <= restarts && evaluations < maxEval; round++) {
    const r = nmRun(f, x, best, maxEval - evaluations, reltol);
    evaluations += r.evaluations;
    converged = r.converged;
    const improved = r.value < best - reltol * (Math.abs(best) + reltol);
    if (r.value <= best) {
      x = r.x;
      best = r.value;
    }
    if (!improved && round > 0) break;
  }
  return { x, value: best, evaluations, converged };
}

function nmRun(f: (x: Float64Array) => number, x0: Float64Array, f0: number, maxEval: number, reltol: number): NelderMeadResult {
  const n = x0.length;
  const pts: Float64Array[] = [];
  const fv = new Float64Array(n + 1);
  let size = 0;
  for (let i = 0; i < n; i++) size = Math.max(size, Math.abs(x0[i]!));
  const step = size > 0 ? 0.1 * size : 0.1;
  pts.push(Float64Array.from(x0));
  fv[0] = f0;
  let evals = 0;
  for (let j = 0; j < n; j++) {
    const p = Float64Array.from(x0);
    p[j] = p[j]! + step;
    pts.push(p);
    fv[j + 1] = f(p);
    evals++;
  }
  const centroid = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);
  const convtol = reltol * (Math.abs(f0) + reltol);
  let converged = false;
  while (evals < maxEval) {
    // order: find best (lo), worst (hi), second worst
    let lo = 0;
    let hi = 0;
    for (let i = 1; i <= n; i++) {
      if (fv[i]! < fv[lo]!) lo = i;
      if (fv[i]! > fv[hi]!) hi = i;
    }
    if (fv[hi]! <= fv[lo]! + convtol) {
      converged = true;
      break;
    }
    let hi2 = lo;
    for (let i = 0; i <= n; i++) if (i !== hi && fv[i]! > fv[hi2]!) hi2 = i;
    centroid.fill(0);
    for (let i = 0; i <= n; i++) {
      if (i === hi) continue;
      const p = pts[i]!;
      for (let k = 0; k < n; k++) centroid[k] += p[k]! / n;
    }
    const ph = pts[hi]!;
    for (let k = 0; k < n; k++) xr[k] = 2 * centroid[k]! - ph[k]!;
    const fr = f(xr);
    evals++;
    if (fr < fv[lo]!) {
      for (let k = 0; k < n; k++) xe[k] = 3 * centroid[k]! - 2 * ph[k]!;
      const fe = f(xe);
      evals++;
      if (fe < fr) {
        ph.set(xe);
        fv[hi] = fe;
      } else {
        ph.set(xr);
        fv[hi] = fr;
      }
      continue;
    }
    if (fr < fv[hi2]!) {
      ph.set(xr);
      fv[hi] = fr;
      continue;
    }
    // contraction (outside if the reflection beat the worst, inside otherwise)
    if (fr < fv[hi]!) {
      ph.set(xr);
      fv[hi] = fr;
    }
    for (let k = 0; k < n; k++) xc[k] = 0.5 * (centroid[k]! + ph[k]!);
    const fc = f(xc);
    evals++;
    if (fc < fv[hi]!) {
      ph.set(xc);
      fv[hi] = fc;
      continue;
    }
    // shrink toward the best point
    const pl = pts[lo]!;
    for (let i = 0; i <= n; i++) {
      if (i === lo) continue;
      const p = pts[i]!;
      for (let k = 0; k < n; k++) p[k] = 0.5 * (p[k]! + pl[k]!);
      fv[i] = f(p);
      evals++;
    }
  }
  let lo = 0;
  for (let i = 1; i <= n; i++) if (fv[i]! < fv[lo]!) lo = i;
  return { x: Float64Array.from(pts[lo]!), value: fv[lo]!, evaluations: evals, converged };
}
