/**
 * feols: OLS with any number of fixed effects (fixest's `feols`, Berge 2018), weights, singleton removal
 * and collinearity detection. The numerical core is a pure function from a {@link Design} to a readonly
 * {@link FeolsFit}; {@link FeolsResult} adds inference and printing.
 *
 * Steps and conventions:
 * 1. Weights must be finite and >= 0 (else `E_BAD_WEIGHTS` naming the row); zero-weight rows are dropped
 *    and counted (`removed.zeroWeight`), as fixest does. y and X must be finite (`E_NON_FINITE`).
 * 2. Singletons (a FE level with one row) are removed iteratively (`fixefRm: 'singletons'`, default; reghdfe
 *    and fixest 0.14's `fixef.rm = "perfect_fit"`), or kept (`'none'`, their fit is exact).
 * 3. y and X are demeaned on the FE (`demean.ts`); without FE the intercept is an ordinary column of ones.
 * 4. Collinearity: a regressor constant within the FE (or constant, with an intercept) is dropped with
 *    reason 'fixed_effects' ('intercept'); one collinear with earlier regressors is dropped by the
 *    limited-pivoting QR with reason 'regressors' (see {@link FeolsOptions.collinTol}). If every regressor is
 *    dropped, `E_ALL_COLLINEAR` names them.
 * 5. Least squares by Householder QR with compensated iterative refinement (`src/linalg/lstsq.ts`; on
 *    small problems in double-double, exact to the last bits of the binary data: see there).
 * 6. R2 = MSS/(MSS + RSS) (MSS of the fitted values, centered when there is an intercept or FE,
 *    uncentered otherwise, as R's summary.lm); within R2 = MSS_w/(MSS_w + RSS) on the demeaned y; K (`nparams`) = coefficients + sum of FE levels -
 *    (number of FE - 1), fixest's default count.
 */
import { PilotzoneError, type Warning } from '../../errors.js';
import type { ClusterVar, Design, FixedEffect } from '../design.js';
import { solveLeastSquares } from '../../linalg/lstsq.js';
import { FixedEffectsProjector, type DemeanColumnInfo } from './demean.js';
import { recode, recodeByCounts, removeSingletons } from './fe-structure.js';
import type { CollinearTerm, FeolsFit } from './fit.js';
import { validateFeolsOptions, type FeolsOptions } from './options.js';

/** Fits OLS with fixed effects on a design. See the module comment for every convention. */
export function feolsFit(design: Design, options: FeolsOptions = {}): FeolsFit {
  validateFeolsOptions(options);
  const warnings: Warning[] = [];
  const n0 = design.n;
  const shape = checkShape(design);
  const present = shape.present;
  const xnames = design.x.names;
  const k0 = xnames.length;
  const icpt = design.intercept && design.fe.length === 0;
  const icptIndex = icpt ? xnames.indexOf('(Intercept)') : -1;
  if (icpt && icptIndex < 0) throw new PilotzoneError('E_DESIGN_SHAPE', 'the design says it has an intercept but no "(Intercept)" column.');

  // 1. weights, finiteness
  const keep = new Uint8Array(n0).fill(1);
  let zeroWeight = 0;
  const w0 = design.weights;
  if (w0) {
    for (let i = 0; i < n0; i++) {
      const v = w0[i]!;
      if (!(v >= 0) || v === Infinity) {
        throw new PilotzoneError('E_BAD_WEIGHTS', `weights must be finite and non-negative, but row ${design.rows[i]! + 1} has weight ${v}.`, {
          hint: 'Remove or fix the rows with negative, missing or infinite weights.',
          details: { row: design.rows[i]! + 1, value: v },
        });
      }
      if (v === 0) {
        keep[i] = 0;
        zeroWeight++;
      }
    }
    if (zeroWeight) warnings.push({ code: 'W_ZERO_WEIGHTS', message: `${zeroWeight} rows with weight 0 were removed.` });
  }
  // one cheap pass per column (x * 0 is NaN exactly when x is not finite); the row is located only on failure
  checkFinite(design.y, design.yname, design);
  for (let j = 0; j < k0; j++) if (j !== icptIndex) checkFinite(design.x.X.subarray(j * n0, (j + 1) * n0), xnames[j]!, design);

  // 2. singletons
  let singletons = 0;
  let feCounts: Int32Array[] | undefined; // level counts over the kept rows, when computed
  if (design.fe.length > 0 && (options.fixefRm ?? 'singletons') === 'singletons') {
    // level counts from the shape pass, less the zero-weight rows; the mask is updated in place
    const counts = design.fe.map((f) => shape.counts.get(f)!.slice());
    if (zeroWeight) {
      for (let i = 0; i < n0; i++) if (!keep[i]) design.fe.forEach((f, q) => counts[q]![f.ids[i]!]!--);
    }
    const m = removeSingletons(design.fe, n0, keep, counts);
    feCounts = counts;
    if (m > 0) {
      singletons = m;
      warnings.push({ code: 'W_SINGLETONS', message: `${singletons} singleton observation${singletons > 1 ? 's' : ''} removed (fixed-effect levels with a single row).` });
    }
  }
  const sel = singletons || zeroWeight ? indicesOf(keep) : identity(n0);
  const n = sel.length;
  if (n === 0) {
    throw new PilotzoneError('E_NO_ROWS', `no observation left to fit "${design.formula}" (${n0} rows: ${zeroWeight} zero weights, ${singletons} singletons removed).`, {
      hint: 'Check the weights and the fixed effects: every FE level may have a single row.',
    });
  }

  // subset
  const runs = n === n0 ? Int32Array.of(0, n0) : runsOf(sel);
  const y = take(design.y, runs, n);
  const w = w0 ? take(w0, runs, n) : undefined;
  const recoded = new Map<Int32Array, { ids: Int32Array; nlevels: number; map: Int32Array }>();
  const recodeOnce = (ids: Int32Array, nlevels: number, counts?: Int32Array) => {
    let r = recoded.get(ids);
    if (!r || r.map.length !== nlevels) {
      r = counts ? recodeByCounts(ids, counts, sel) : recode(ids, nlevels, sel);
      recoded.set(ids, r);
    }
    return r;
  };
  const fe: FixedEffect[] = design.fe.map((f, q) => {
    if (sel.length === n0 && present.get(f)! === f.nlevels) return f;
    const r = recodeOnce(f.ids, f.nlevels, feCounts?.[q]);
    const levels = f.levels.length === f.nlevels ? f.levels.filter((_, l) => r.map[l]! >= 0) : Array.from({ length: r.nlevels }, (_, l) => String(l));
    return { name: f.name, ids: r.ids, nlevels: r.nlevels, levels };
  });
  const clusters: ClusterVar[] = design.clusters.map((c) => {
    if (sel.length === n0 && present.get(c)! === c.nlevels) return c;
    const r = recodeOnce(c.ids, c.nlevels);
    return { name: c.name, ids: r.ids, nlevels: r.nlevels };
  });
  // regressors entering the QR: all columns (the intercept is an ordinary column of ones, as in R's lm:
  // centering would round the other columns and cost digits on ill-conditioned designs such as NIST's
  // Wampler5)
  const xcols = xnames.map((_, j) => j);
  const kx = xcols.length;
  // X: the design's own columns when every row is used; otherwise the kept rows gathered once, into the
  // buffer that is then demeaned in place (with FE), so a fit allocates a single n x k matrix
  let X: Float64Array;
  if (n === n0) X = design.x.X; // no copy when every row is used
  else {
    X = new Float64Array(n * kx);
    const src = design.x.X;
    for (let t = 0; t < kx; t++) gatherRuns(src, xcols[t]! * n0, runs, X.subarray(t * n, t * n + n));
  }
  const kslopes = kx - (icpt ? 1 : 0);
  const dfFe = fe.length ? fe.reduce((s, f) => s + f.nlevels, 0) - (fe.length - 1) : 0;
  const nparamsRequested = kx + dfFe;
  if (n < nparamsRequested) {
    throw new PilotzoneError('E_TOO_FEW_ROWS', `"${design.formula}" has ${nparamsRequested} parameters (${kx} coefficients${dfFe ? ` + ${dfFe} fixed-effect levels` : ''}) but only ${n} observations.`, {
      hint: 'Use fewer regressors or fixed effects, or more data.',
      details: { nobs: n, nparams: nparamsRequested },
    });
  }
  let sw = 0;
  if (w) for (let i = 0; i < n; i++) sw += w[i]!;
  else sw = n;

  // 3. demean on the FE
  let yd: Float64Array;
  let Xd: Float64Array;
  let demeanInfo = { iterations: 0, converged: true, cells: 0 };
  let exactProjection = true;
  const refNorm = new Float64Array(kx);
  for (let t = 0; t < kx; t++) refNorm[t] = wnorm(X.subarray(t * n, t * n + n), w, fe.length > 0 || icpt, sw);
  if (fe.length > 0) {
    const proj = new FixedEffectsProjector(fe, n, { weights: w, tol: options.demeanTol ?? 1e-10, maxIter: options.demeanMaxIter ?? 10000 });
    exactProjection = proj.method === 'exact' || proj.method === 'direct';
    const ry = proj.demean([y], options.control);
    yd = ry.columns[0]!;
    let rx: { X: Float64Array; info: DemeanColumnInfo[] };
    if (X === design.x.X) rx = proj.demeanMatrix(X, kx, options.control);
    else {
      // X is our own gathered copy: demean it in place
      const cols: Float64Array[] = [];
      for (let t = 0; t < kx; t++) cols.push(X.subarray(t * n, t * n + n));
      rx = { X, info: proj.demean(cols, options.control, cols).info };
    }
    Xd = rx.X;
    const all = [...ry.info, ...rx.info];
    demeanInfo = { iterations: Math.max(0, ...all.map((d) => d.iterations)), converged: all.every((d) => d.converged), cells: proj.cells };
    if (!demeanInfo.converged) {
      warnings.push({ code: 'W_DEMEAN_NOT_CONVERGED', message: `the fixed-effect demeaning did not converge in ${options.demeanMaxIter ?? 10000} iterations; estimates may be inaccurate.` });
    }
  } else {
    yd = y;
    Xd = X;
  }

  // 4. collinearity with the FE (or, with an intercept, constant columns)
  const collinTol = options.collinTol ?? (exactProjection ? 1e-10 : 1e-7);
  const collinear: CollinearTerm[] = [];
  const candidates: number[] = [];
  for (let t = 0; t < kx; t++) {
    if (t === icptIndex) {
      candidates.push(t);
      continue;
    }
    const nr = fe.length ? wnorm(Xd.subarray(t * n, t * n + n), w, false, sw) : refNorm[t]!;
    const ref = fe.length ? refNorm[t]! : wnorm(X.subarray(t * n, t * n + n), w, false, sw);
    if (icpt || fe.length ? !(nr > collinTol * ref) || ref === 0 : ref === 0) {
      collinear.push({ term: xnames[xcols[t]!]!, reason: fe.length ? 'fixed_effects' : icpt ? 'intercept' : 'regressors' });
    } else candidates.push(t);
  }
  // 5. least squares on the remaining columns
  let Xc: Float64Array;
  if (candidates.length === kx) Xc = Xd;
  else {
    Xc = new Float64Array(n * candidates.length);
    candidates.forEach((t, u) => Xc.set(Xd.subarray(t * n, t * n + n), u * n));
  }
  const ls = solveLeastSquares(Xc, n, candidates.length, yd, { weights: w, tol: collinTol });
  for (const u of ls.dropped) collinear.push({ term: xnames[xcols[candidates[u]!]!]!, reason: 'regressors' });
  // keep formula order in the report
  const order = new Map(xnames.map((nm, j) => [nm, j]));
  collinear.sort((a, b) => order.get(a.term)! - order.get(b.term)!);
  const keptT = ls.kept.map((u) => candidates[u]!); // indices into xcols
  const rank = keptT.length;
  if (kslopes > 0 && rank - (icpt && keptT.includes(icptIndex) ? 1 : 0) === 0) {
    const names = collinear.map((c) => c.term);
    throw new PilotzoneError('E_ALL_COLLINEAR', `all regressors of "${design.formula}" are collinear${fe.length ? ' with the fixed effects' : icpt ? ' with the intercept' : ''}: ${names.join(', ')}.`, {
      hint: fe.length ? 'A regressor that is constant within a fixed-effect level cannot be estimated with that fixed effect; drop it or the fixed effect.' : 'Drop the redundant regressors.',
      details: { terms: names },
    });
  }
  if (collinear.length) {
    warnings.push({
      code: 'W_COLLINEAR',
      message: `${collinear.length === 1 ? 'The variable' : 'The variables'} ${collinear.map((c) => `'${c.term}'`).join(', ')} ${collinear.length === 1 ? 'has' : 'have'} been removed because of collinearity${collinear.some((c) => c.reason === 'fixed_effects') ? ' (with the fixed effects)' : ''}.`,
    });
  }
  const p = rank;
  const coefNames: string[] = [];
  const coef = new Float64Array(p);
  const inOrder = keptT.every((t, a) => t === a);
  const Z = inOrder ? Xd.subarray(0, n * p) : new Float64Array(n * p);
  keptT.forEach((t, a) => {
    coefNames.push(xnames[xcols[t]!]!);
    coef[a] = ls.beta[ls.kept[a]!]!;
    if (!inOrder) Z.set(Xd.subarray(t * n, t * n + n), a * n);
  });
  const bread = ls.xtxInv;
  // 6. fit statistics
  const residuals = ls.residuals;
  const rss = ls.rss;
  // explained sums of squares from the fitted values (R's summary.lm: r2 = mss / (mss + rss), which avoids
  // the cancellation of 1 - rss/tss when the fit is poor)
  const centered = fe.length > 0 || icpt;
  const ym = centered ? wmean(y, w, sw) : 0;
  let mss = 0;
  for (let i = 0; i < n; i++) mss += (w ? w[i]! : 1) * (y[i]! - residuals[i]! - ym) ** 2;
  const tss = mss + rss;
  let mssWithin = NaN;
  if (fe.length > 0) {
    mssWithin = 0;
    for (let i = 0; i < n; i++) mssWithin += (w ? w[i]! : 1) * (yd[i]! - residuals[i]!) ** 2;
  }
  const tssWithin = mssWithin + rss;
  const nparams = p + dfFe;
  if (n === nparams) warnings.push({ code: 'W_NO_RESIDUAL_DF', message: `the model has as many parameters as observations (${n}): standard errors are not defined.` });
  else if (rss <= 1e-28 * Math.max(tss, 1e-300) || rss === 0) {
    warnings.push({ code: 'W_PERFECT_FIT', message: 'the model fits the data perfectly (residuals are zero up to rounding): standard errors are 0 and tests are not defined.' });
  }
  return {
    formula: design.formula,
    yname: design.yname,
    n,
    nobsOrigin: design.nobsOrigin,
    terms: xnames.slice(),
    coefNames,
    coef,
    collinear,
    intercept: icpt,
    Z,
    bread,
    residuals,
    y,
    weights: w,
    rss,
    tss,
    tssWithin,
    mss,
    mssWithin,
    sumWeights: sw,
    fe,
    clusters,
    rows: take32(design.rows, runs, n),
    designRows: sel,
    removed: { missing: design.removed.missing, zeroWeight: design.removed.zeroWeight + zeroWeight, singletons },
    dfFe,
    nparams,
    demean: demeanInfo,
    warnings,
    design,
  };
}

/**
 * Validates lengths and code ranges in one pass per distinct id array; returns the number of levels
 * present by FE / cluster object and, for the FE, the row count of every level (singleton removal needs
 * them: no second counting pass).
 */
function checkShape(d: Design): { present: Map<object, number>; counts: Map<object, Int32Array> } {
  const n = d.n;
  const bad = (what: string, len: number) => {
    throw new PilotzoneError('E_DESIGN_SHAPE', `design of "${d.formula}": ${what} has length ${len}, expected ${n}.`);
  };
  if (d.y.length !== n) bad('y', d.y.length);
  if (d.x.X.length !== n * d.x.names.length) bad('X', d.x.X.length / Math.max(1, d.x.names.length));
  if (d.rows.length !== n) bad('rows', d.rows.length);
  if (d.weights && d.weights.length !== n) bad('weights', d.weights.length);
  const present = new Map<object, number>();
  const counts = new Map<object, Int32Array>();
  const done = new Map<Int32Array, { nlevels: number; count: number; cnt: Int32Array }>();
  for (const f of [...d.fe, ...d.clusters]) {
    if (f.ids.length !== n) bad(`"${f.name}" ids`, f.ids.length);
    let r = done.get(f.ids);
    if (!r || r.nlevels !== f.nlevels) {
      const cnt = new Int32Array(f.nlevels);
      const ids = f.ids, L = f.nlevels;
      let count = 0;
      for (let i = 0; i < n; i++) {
        const v = ids[i]!;
        if (!(v >= 0 && v < L)) {
          throw new PilotzoneError('E_DESIGN_SHAPE', `design of "${d.formula}": "${f.name}" has code ${v} at row ${d.rows[i]! + 1}, outside [0, ${L}).`);
        }
        if (cnt[v]!++ === 0) count++;
      }
      r = { nlevels: L, count, cnt };
      done.set(f.ids, r);
    }
    present.set(f, r.count);
    counts.set(f, r.cnt);
  }
  return { present, counts };
}

/** Throws `E_NON_FINITE` naming the first non-finite value of v (one multiply-add per value when all are finite). */
function checkFinite(v: Float64Array, name: string, d: Design): void {
  // x * 0 is NaN iff x is NaN or +-Inf; four independent sums keep the adds pipelined
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  const m = v.length - (v.length % 4);
  for (let i = 0; i < m; i += 4) {
    a0 += v[i]! * 0;
    a1 += v[i + 1]! * 0;
    a2 += v[i + 2]! * 0;
    a3 += v[i + 3]! * 0;
  }
  for (let i = m; i < v.length; i++) a0 += v[i]! * 0;
  if (a0 + a1 + a2 + a3 === 0) return;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!)) {
      throw new PilotzoneError('E_NON_FINITE', `"${name}" is ${v[i]} at row ${d.rows[i]! + 1}: the model needs finite values.`, {
        hint: 'Infinite values usually come from log(0) or a division by zero; filter those rows or transform differently.',
        details: { column: name, row: d.rows[i]! + 1, value: String(v[i]) },
      });
    }
  }
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function indicesOf(mask: Uint8Array): Int32Array {
  let c = 0;
  for (let i = 0; i < mask.length; i++) c += mask[i]!;
  const out = new Int32Array(c);
  let t = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[t++] = i;
  return out;
}

/**
 * The kept rows as runs of consecutive row indices, `[start0, length0, start1, length1, ...]`: row removal
 * (singletons, zero weights) usually leaves long runs, which are then copied by block moves.
 */
function runsOf(sel: Int32Array): Int32Array {
  let r = 0;
  for (let t = 0; t < sel.length; t++) if (t === 0 || sel[t]! !== sel[t - 1]! + 1) r++;
  const out = new Int32Array(2 * r);
  let u = -1;
  for (let t = 0; t < sel.length; t++) {
    if (t === 0 || sel[t]! !== sel[t - 1]! + 1) {
      u++;
      out[2 * u] = sel[t]!;
    }
    out[2 * u + 1]!++;
  }
  return out;
}

/** dst[0..] = the kept rows of src (from offset `off`), copied run by run. */
function gatherRuns<T extends Float64Array | Int32Array>(src: T, off: number, runs: Int32Array, dst: T): void {
  let t = 0;
  for (let u = 0; u < runs.length; u += 2) {
    const a = off + runs[u]!, len = runs[u + 1]!;
    if (len < 8) for (let i = 0; i < len; i++) dst[t + i] = src[a + i]!;
    else dst.set(src.subarray(a, a + len) as never, t);
    t += len;
  }
}

function take(v: Float64Array, runs: Int32Array, n: number): Float64Array {
  if (n === v.length) return v;
  const out = new Float64Array(n);
  gatherRuns(v, 0, runs, out);
  return out;
}

function take32(v: Int32Array, runs: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n);
  gatherRuns(v, 0, runs, out);
  return out;
}

function wmean(v: Float64Array, w: Float64Array | undefined, sw: number): number {
  let s = 0;
  if (w) for (let i = 0; i < v.length; i++) s += w[i]! * v[i]!;
  else for (let i = 0; i < v.length; i++) s += v[i]!;
  return s / sw;
}

/** Weighted 2-norm of v (centered on its weighted mean when asked), in one pass with a shift. */
function wnorm(v: Float64Array, w: Float64Array | undefined, center: boolean, sw: number): number {
  const n = v.length;
  const x0 = center && n > 0 ? v[0]! : 0;
  let s1 = 0, s2 = 0;
  if (w) for (let i = 0; i < n; i++) {
    const d = v[i]! - x0;
    s1 += w[i]! * d;
    s2 += w[i]! * d * d;
  }
  else {
    // two interleaved pairs of sums keep the adds pipelined
    let t1 = 0, t2 = 0;
    const m = n - (n % 2);
    for (let i = 0; i < m; i += 2) {
      const d = v[i]! - x0, e = v[i + 1]! - x0;
      s1 += d;
      s2 += d * d;
      t1 += e;
      t2 += e * e;
    }
    if (m < n) {
      const d = v[m]! - x0;
      s1 += d;
      s2 += d * d;
    }
    s1 += t1;
    s2 += t2;
  }
  const ss = center ? Math.max(0, s2 - (s1 * s1) / sw) : s2;
  if (ss < Infinity && (ss > 1e-290 || ss === 0)) return Math.sqrt(ss);
  // overflow or underflow: two passes with rescaling
  const m = center ? wmean(v, w, sw) : 0;
  let mx = 0;
  for (let i = 0; i < n; i++) mx = Math.max(mx, Math.abs(v[i]! - m));
  if (mx === 0) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = (v[i]! - m) / mx;
    s += (w ? w[i]! : 1) * d * d;
  }
  return mx * Math.sqrt(s);
}
