/**
 * Variances of feols coefficients from a fit: iid, heteroskedasticity-robust (HC1) and one- or multi-way
 * clustered (Cameron, Gelbach & Miller 2011), with fixest's small-sample corrections (fixest 0.14 `ssc()`,
 * vignette "On standard-errors") or Stata reghdfe's (see {@link SscSpec}).
 *
 * With Z the FE-demeaned regressors, e the residuals, w the weights, B = (Z'WZ)^-1:
 * - iid:      V = RSS/(n - 1) * B * kadj                   (= RSS/(n-K) B with the default kAdj)
 * - hetero:   V = B (sum_i w_i^2 e_i^2 Z_i Z_i') B * gadj_n * kadj,  gadj_n = n/(n-1)  (HC1 overall)
 * - cluster:  V = B M B * kadj * gadj, with M = sum over non-empty subsets S of the cluster dimensions of
 *             (-1)^(|S|+1) M_S, M_S = sum_g s_g s_g', s_g = sum_{i in g} w_i e_i Z_i over the groups of the
 *             intersection of S; gadj = G_min/(G_min - 1) once ('min', default) or G_S/(G_S - 1) per term
 *             ('conventional'). A multiway matrix that is not PSD gets its negative eigenvalues set to 0.
 * - kadj = (n-1)/(n-K) (kAdj); K = estimated coefficients + FE coefficients, where with kFixef 'nonnested'
 *   the FE nested in a cluster variable are left out: K = p + sum_{FE not nested} L - (#FE not nested - 1),
 *   + 1 for the absorbed intercept when every FE is nested (fixest's rule). 'none': K = p; 'full': every FE.
 *   kExact counts redundant FE coefficients exactly (connected components of the first two FE).
 * - t df: clustered: min(G) - 1 ('min') else n - K; iid and hetero: n - K.
 */
import { OptionError, PilotzoneError } from '../../errors.js';
import type { ClusterVar } from '../design.js';
import { nearestPsd } from '../../linalg/eigen.js';
import { components, countLevels, isNested } from './fe-structure.js';
import type { FeolsFit, VcovResult } from './fit.js';
import { resolveSsc, toVcovSpec, type Ssc, type SscInput, type VcovInput, type VcovSpec } from './options.js';

/** The default request: clusters of the design, else the first FE, else iid (fixest). */
export function defaultVcov(fit: FeolsFit): VcovSpec {
  if (fit.clusters.length) return { type: 'cluster', cluster: fit.clusters.map((c) => c.name) };
  if (fit.fe.length) return { type: 'cluster', cluster: [fit.fe[0]!.name] };
  return { type: 'iid' };
}

/** Computes the variance of a fit under `input` (default {@link defaultVcov}) and small-sample `ssc`. */
export function computeVcov(fit: FeolsFit, input?: VcovInput, sscIn?: SscInput): VcovResult {
  const spec0 = input === undefined ? defaultVcov(fit) : toVcovSpec(input);
  const spec: VcovSpec = spec0.type === 'cluster' && !spec0.cluster?.length ? { ...spec0, cluster: defaultVcov(fit).cluster ?? [] } : spec0;
  if (spec.type === 'cluster' && !spec.cluster?.length) {
    throw new OptionError('vcov.cluster', 'a clustered variance needs a cluster variable, and the model has no FE or cluster to default to.');
  }
  const ssc = resolveSsc(spec.ssc ?? sscIn);
  const n = fit.n;
  const p = fit.coefNames.length;
  const clusters = spec.type === 'cluster' ? spec.cluster!.map((c) => resolveCluster(fit, c)) : [];
  for (const c of clusters) {
    if (c.nlevels < 2 && ssc.gAdj) {
      throw new PilotzoneError('E_CLUSTER_ONE_LEVEL', `cluster variable "${c.name}" has ${c.nlevels} level${c.nlevels === 1 ? '' : 's'} in the estimation sample: a clustered variance needs at least 2 clusters.`, {
        hint: 'Cluster on a variable with more levels, or use vcov "hetero".',
        details: { cluster: c.name, levels: c.nlevels },
      });
    }
  }
  // K
  const nestedFe: string[] = [];
  let nonNested = fit.fe.map((_, q) => q);
  if (ssc.kFixef === 'nonnested' && clusters.length) {
    nonNested = [];
    fit.fe.forEach((f, q) => {
      const nested = clusters.some((c) => c.name === f.name || isNested(f.ids, f.nlevels, c.ids));
      if (nested) nestedFe.push(f.name);
      else nonNested.push(q);
    });
  }
  let K: number;
  if (ssc.kFixef === 'none' || fit.fe.length === 0) K = p;
  else if (nonNested.length === 0) K = p + 1;
  else {
    const L = nonNested.reduce((s, q) => s + fit.fe[q]!.nlevels, 0);
    let redundant = nonNested.length - 1;
    if (ssc.kExact && nonNested.length >= 2) {
      const a = fit.fe[nonNested[0]!]!, b = fit.fe[nonNested[1]!]!;
      redundant = components(a.ids, a.nlevels, b.ids, b.nlevels).count + (nonNested.length - 2);
    }
    K = p + L - redundant;
  }
  const kadj = ssc.kAdj ? (n - 1) / (n - K) : 1;
  let V: Float64Array;
  let G: number | null = null;
  let tDf = n - K;
  let psdFixed = false;
  let label: string;
  const e = fit.residuals, w = fit.weights, Z = fit.Z, B = fit.bread;
  if (spec.type === 'iid') {
    const s2 = fit.rss / (n - 1);
    V = B.map((b) => b * s2 * kadj);
    label = 'IID';
  } else if (spec.type === 'hetero') {
    const M = new Float64Array(p * p);
    const s = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const u = (w ? w[i]! : 1) * e[i]!;
      for (let a = 0; a < p; a++) s[a] = Z[a * n + i]! * u;
      for (let b = 0; b < p; b++) for (let a = 0; a <= b; a++) M[b * p + a]! += s[a]! * s[b]!;
    }
    symmetrize(M, p);
    V = sandwich(B, M, p);
    const gadj = ssc.gAdj ? n / (n - 1) : 1;
    for (let t = 0; t < V.length; t++) V[t]! *= gadj * kadj;
    label = 'Heteroskedasticity-robust';
  } else {
    const nway = clusters.length;
    const M = new Float64Array(p * p);
    const Gs = clusters.map((c) => c.nlevels);
    const Gmin = Math.min(...Gs);
    for (let mask = 1; mask < 1 << nway; mask++) {
      const dims = clusters.filter((_, d) => mask & (1 << d));
      const ids = dims.length === 1 ? { ids: dims[0]!.ids, nlevels: dims[0]!.nlevels } : intersect(dims, n);
      const Ms = clusterMeat(Z, e, w, ids.ids, ids.nlevels, n, p);
      const sign = dims.length % 2 === 1 ? 1 : -1;
      const adj = ssc.gAdj && ssc.gDf === 'conventional' ? ids.nlevels / (ids.nlevels - 1) : 1;
      for (let t = 0; t < M.length; t++) M[t]! += sign * adj * Ms[t]!;
    }
    V = sandwich(B, M, p);
    const gadj = ssc.gAdj && ssc.gDf === 'min' ? Gmin / (Gmin - 1) : 1;
    if (ssc.gAdj) G = Gmin;
    for (let t = 0; t < V.length; t++) V[t]! *= gadj * kadj;
    if (nway > 1) {
      const r = nearestPsd(V, p);
      V = r.matrix;
      psdFixed = r.fixed;
    }
    if (ssc.tDf === 'min') tDf = Gmin - 1;
    label = `Clustered (${clusters.map((c) => c.name).join(' & ')})`;
  }
  return {
    spec,
    ssc,
    matrix: V,
    type: spec.type,
    label,
    clusterNames: clusters.map((c) => c.name),
    nClusters: clusters.map((c) => c.nlevels),
    K,
    G,
    tDf: Math.max(tDf, 1),
    psdFixed,
    nestedFe,
  };
}

/** Finds a cluster variable by name (design clusters, then FE) or adopts given ids. */
function resolveCluster(fit: FeolsFit, c: string | ClusterVar): ClusterVar {
  if (typeof c === 'string') {
    const found = fit.clusters.find((k) => k.name === c) ?? fit.fe.find((f) => f.name === c);
    if (found) return { name: found.name, ids: found.ids, nlevels: countLevels(found.ids, found.nlevels) };
    const avail = [...fit.clusters.map((k) => k.name), ...fit.fe.map((f) => f.name)];
    throw new OptionError('vcov.cluster', `"${c}" is neither a cluster variable of the design nor a fixed effect.`, avail.length ? avail : undefined);
  }
  let ids: Int32Array;
  if (c.ids.length === fit.n) ids = c.ids;
  else if (c.ids.length === fit.design.n) {
    ids = new Int32Array(fit.n);
    for (let t = 0; t < fit.n; t++) ids[t] = c.ids[fit.designRows[t]!]!;
  } else {
    throw new OptionError('vcov.cluster', `cluster "${c.name}" has ${c.ids.length} ids; expected ${fit.n} (estimation rows) or ${fit.design.n} (design rows).`);
  }
  // dense recode of the levels present
  const map = new Map<number, number>();
  const out = new Int32Array(fit.n);
  for (let i = 0; i < fit.n; i++) {
    const v = ids[i]!;
    if (v < 0) throw new OptionError('vcov.cluster', `cluster "${c.name}" is missing (code ${v}) at estimation row ${i + 1}.`);
    let m = map.get(v);
    if (m === undefined) {
      m = map.size;
      map.set(v, m);
    }
    out[i] = m;
  }
  return { name: c.name, ids: out, nlevels: map.size };
}

function intersect(dims: readonly ClusterVar[], n: number): { ids: Int32Array; nlevels: number } {
  let cur = dims[0]!.ids;
  let L = dims[0]!.nlevels;
  for (let d = 1; d < dims.length; d++) {
    const other = dims[d]!;
    const out = new Int32Array(n);
    const cells = L * other.nlevels;
    if (cells <= 4 * n + 65536) {
      // dense table of the level pairs (codes in order of first appearance, as with the map below)
      const table = new Int32Array(cells).fill(-1);
      const oids = other.ids, Lo = other.nlevels;
      let m = 0;
      for (let i = 0; i < n; i++) {
        const key = cur[i]! * Lo + oids[i]!;
        let c = table[key]!;
        if (c < 0) table[key] = c = m++;
        out[i] = c;
      }
      cur = out;
      L = m;
      continue;
    }
    const map = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = cur[i]! * other.nlevels + other.ids[i]!;
      let m = map.get(key);
      if (m === undefined) {
        m = map.size;
        map.set(key, m);
      }
      out[i] = m;
    }
    cur = out;
    L = map.size;
  }
  return { ids: cur, nlevels: L };
}

function clusterMeat(Z: Float64Array, e: Float64Array, w: Float64Array | undefined, ids: Int32Array, G: number, n: number, p: number): Float64Array {
  const S = new Float64Array(G * p); // row-major G x p
  // two columns of Z per sweep over the rows (ids and e read p/2 times); each sum keeps the row order
  let a = 0;
  for (; a + 1 < p; a += 2) {
    const o0 = a * n, o1 = o0 + n;
    if (w) {
      for (let i = 0; i < n; i++) {
        const g = ids[i]! * p + a, wi = w[i]!, ei = e[i]!;
        S[g]! += Z[o0 + i]! * wi * ei;
        S[g + 1]! += Z[o1 + i]! * wi * ei;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const g = ids[i]! * p + a, ei = e[i]!;
        S[g]! += Z[o0 + i]! * ei;
        S[g + 1]! += Z[o1 + i]! * ei;
      }
    }
  }
  if (a < p) {
    const o = a * n;
    if (w) for (let i = 0; i < n; i++) S[ids[i]! * p + a]! += Z[o + i]! * w[i]! * e[i]!;
    else for (let i = 0; i < n; i++) S[ids[i]! * p + a]! += Z[o + i]! * e[i]!;
  }
  const M = new Float64Array(p * p);
  for (let g = 0; g < G; g++) {
    const o = g * p;
    for (let b = 0; b < p; b++) {
      const sb = S[o + b]!;
      if (sb === 0) continue;
      for (let a = 0; a <= b; a++) M[b * p + a]! += S[o + a]! * sb;
    }
  }
  symmetrize(M, p);
  return M;
}

function symmetrize(M: Float64Array, p: number): void {
  for (let b = 0; b < p; b++) for (let a = 0; a < b; a++) M[a * p + b] = M[b * p + a]!;
}

function sandwich(B: Float64Array, M: Float64Array, p: number): Float64Array {
  const T = new Float64Array(p * p);
  for (let b = 0; b < p; b++) for (let a = 0; a < p; a++) {
    let s = 0;
    for (let l = 0; l < p; l++) s += B[l * p + a]! * M[b * p + l]!;
    T[b * p + a] = s;
  }
  const V = new Float64Array(p * p);
  for (let b = 0; b < p; b++) for (let a = 0; a < p; a++) {
    let s = 0;
    for (let l = 0; l < p; l++) s += T[l * p + a]! * B[b * p + l]!;
    V[b * p + a] = s;
  }
  symmetrizeAvg(V, p);
  return V;
}

function symmetrizeAvg(V: Float64Array, p: number): void {
  for (let b = 0; b < p; b++) for (let a = 0; a < b; a++) {
    const m = 0.5 * (V[b * p + a]! + V[a * p + b]!);
    V[b * p + a] = m;
    V[a * p + b] = m;
  }
}

export type { Ssc };
