/**
 * Options of {@link feolsFit} and of variance recomputation, validated at the boundary.
 */
import type { RunControl } from '../../control.js';
import type { ClusterVar } from '../design.js';
import { OptionError } from '../../errors.js';

/** Variance types: `iid` (classical), `hetero` (White/HC1), `cluster` (one- or multi-way, Cameron-Gelbach-Miller). */
export type VcovType = 'iid' | 'hetero' | 'cluster';

/**
 * Small-sample correction, fixest's `ssc()` vocabulary (fixest 0.14 names `K.adj, K.fixef, K.exact, G.adj,
 * G.df, t.df`). Presets:
 * - `fixest` (default): kAdj true, kFixef 'nonnested', kExact false, gAdj true, gDf 'min', tDf 'min'.
 * - `stata` (reghdfe, Correia 2017 help file "Degrees-of-freedom adjustments", default `dof(all)`):
 *   the same except kExact true: the FE coefficients that are redundant are counted exactly for the first
 *   two non-nested FE (connected components of their bipartite graph, reghdfe's `firstpair`/`pairwise`), FE
 *   nested in a cluster variable count as fully redundant (`clusters`), further FE lose one level each.
 *   Clustered: V = (N-1)/(N-K) * G/(G-1) * sandwich with G the smallest cluster count and t df = G - 1;
 *   robust: N/(N-K); unadjusted: RSS/(N-K). On connected designs (the usual case) both presets coincide.
 */
export interface SscSpec {
  /** Base settings; 'custom' (as reported back by a resolved {@link Ssc}) starts from 'fixest'. */
  preset?: 'fixest' | 'stata' | 'custom';
  /** Multiply by (n-1)/(n-K). */
  kAdj?: boolean;
  /** How FE coefficients enter K: not at all, all of them, or all but those nested in a cluster variable. */
  kFixef?: 'nonnested' | 'none' | 'full';
  /** Count redundant FE coefficients exactly (connected components) instead of one per extra dimension. */
  kExact?: boolean;
  /** Multiply clustered variances by G/(G-1) (hetero: n/(n-1)). */
  gAdj?: boolean;
  /** Multiway: one G_min/(G_min-1) factor ('min') or one per term ('conventional'). */
  gDf?: 'min' | 'conventional';
  /** t degrees of freedom for clustered variances: min(G) - 1 ('min') or n - K ('conventional'). */
  tDf?: 'min' | 'conventional';
}

/** A small-sample spec, or just a preset name (`'fixest'` or `'stata'`). */
export type SscInput = SscSpec | 'fixest' | 'stata';

/** Fully resolved small-sample settings. */
export interface Ssc {
  readonly preset: 'fixest' | 'stata' | 'custom';
  readonly kAdj: boolean;
  readonly kFixef: 'nonnested' | 'none' | 'full';
  readonly kExact: boolean;
  readonly gAdj: boolean;
  readonly gDf: 'min' | 'conventional';
  readonly tDf: 'min' | 'conventional';
}

/**
 * A variance request. `cluster` names cluster variables of the design (or its FE), or gives ids directly
 * (a {@link ClusterVar} over the design's rows or over the estimation rows). Without `cluster`, type
 * 'cluster' uses the design's clusters, else the first FE (fixest's default).
 */
export interface VcovSpec {
  type: VcovType;
  cluster?: readonly (string | ClusterVar)[];
  ssc?: SscInput;
}

/** A variance request as a bare type name or a full spec. */
export type VcovInput = VcovType | VcovSpec;

export interface FeolsOptions {
  /** Variance; default: clustered by the design's clusters, else by the first FE, else iid (as fixest). */
  vcov?: VcovInput;
  /** Small-sample correction (default preset 'fixest'; 'stata' for reghdfe's). */
  ssc?: SscInput;
  /** 'singletons' (default) removes rows whose FE level has one row, iteratively; 'none' keeps them. */
  fixefRm?: 'singletons' | 'none';
  /** Demeaning tolerance (see `demean.ts`), default 1e-10. */
  demeanTol?: number;
  /** Maximum demeaning iterations, default 10000. */
  demeanMaxIter?: number;
  /**
   * Collinearity tolerance: a regressor whose norm after projection on the FE and the earlier regressors
   * is below `collinTol` times its norm before that projection (centered when the model has an intercept or
   * FE) is dropped. Default 1e-10 when the FE projection is exact (no FE, one FE, or the direct solver of
   * `demean.ts`), 1e-7 when it is iterative (accurate to about 1e-10, so a tighter test could keep a
   * regressor that is collinear up to demeaning error).
   */
  collinTol?: number;
  /** Confidence level of the intervals, default 0.95. */
  level?: number;
  control?: RunControl;
}

const PRESETS: Record<'fixest' | 'stata', Omit<Ssc, 'preset'>> = {
  fixest: { kAdj: true, kFixef: 'nonnested', kExact: false, gAdj: true, gDf: 'min', tDf: 'min' },
  stata: { kAdj: true, kFixef: 'nonnested', kExact: true, gAdj: true, gDf: 'min', tDf: 'min' },
};

/** Resolves and validates a small-sample spec. */
export function resolveSsc(spec: SscInput | undefined): Ssc {
  const s: SscSpec = typeof spec === 'string' ? { preset: spec } : spec ?? {};
  const preset = s.preset === 'custom' ? 'fixest' : s.preset ?? 'fixest';
  if (preset !== 'fixest' && preset !== 'stata') throw new OptionError('ssc.preset', `unknown preset "${String(preset)}".`, ['fixest', 'stata']);
  const base = PRESETS[preset];
  const pick = <K extends keyof typeof base>(key: K, allowed: readonly unknown[]): (typeof base)[K] => {
    const v = s[key as keyof SscSpec];
    if (v === undefined) return base[key];
    if (!allowed.includes(v)) throw new OptionError(`ssc.${key}`, `invalid value ${JSON.stringify(v)}.`, allowed.map(String));
    return v as (typeof base)[K];
  };
  const r: Ssc = {
    preset,
    kAdj: pick('kAdj', [true, false]),
    kFixef: pick('kFixef', ['nonnested', 'none', 'full']),
    kExact: pick('kExact', [true, false]),
    gAdj: pick('gAdj', [true, false]),
    gDf: pick('gDf', ['min', 'conventional']),
    tDf: pick('tDf', ['min', 'conventional']),
  };
  const same = (Object.keys(base) as (keyof typeof base)[]).every((k) => base[k] === r[k]);
  return same ? r : { ...r, preset: 'custom' };
}

/** Normalises a vcov input to a spec; throws OptionError on an unknown type. */
export function toVcovSpec(v: VcovInput): VcovSpec {
  const spec: VcovSpec = typeof v === 'string' ? { type: v } : v;
  if (!spec || !['iid', 'hetero', 'cluster'].includes(spec.type)) {
    throw new OptionError('vcov', `unknown variance type ${JSON.stringify(typeof v === 'string' ? v : v?.type)}.`, ['iid', 'hetero', 'cluster']);
  }
  return spec;
}

/** Validates feols options (throws OptionError naming the option). */
export function validateFeolsOptions(o: FeolsOptions): void {
  if (o.fixefRm !== undefined && o.fixefRm !== 'singletons' && o.fixefRm !== 'none') {
    throw new OptionError('fixefRm', `invalid value ${JSON.stringify(o.fixefRm)}.`, ['singletons', 'none']);
  }
  const pos = (name: string, v: number | undefined) => {
    if (v !== undefined && !(v > 0 && Number.isFinite(v))) throw new OptionError(name, `must be a positive finite number, got ${v}.`);
  };
  pos('demeanTol', o.demeanTol);
  pos('demeanMaxIter', o.demeanMaxIter);
  pos('collinTol', o.collinTol);
  if (o.level !== undefined && !(o.level > 0 && o.level < 1)) throw new OptionError('level', `must lie strictly between 0 and 1, got ${o.level}.`);
  if (o.vcov !== undefined) toVcovSpec(o.vcov);
  resolveSsc(o.ssc);
}
