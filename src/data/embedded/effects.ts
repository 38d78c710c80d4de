/**
 * Planted pilot-zone effects of the embedded panel: heterogeneous by batch, region and city, and dynamic in
 * event time. They act only on simulated outcomes, multiplicatively: Y = Y(0) * exp(tau), tau in log points.
 *
 * For a city i of batch b in region r treated from year g, at event time e = t - g >= 0:
 * - `level` outcomes: tau = size * m_batch[b] * m_region[r] * u_i * min(1, (e + 1) / rampYears)
 * - `growth` outcomes (TFP, through industrial output): tau = size * m_batch[b] * m_region[r] * u_i * (e + 1),
 *   i.e. `size` is the extra growth rate per treated year.
 * u_i is log-normal with mean 1 and SD `cityHeterogeneitySd` (its own random stream: effects never change
 * the Y(0) draws). Before treatment (e < 0) and for never-treated cities tau = 0 (no anticipation).
 * `syncWeight`: after treatment a treated city's business cycle mixes in a common "zone cycle" with weight
 * w = syncWeight * min(1, (e + 1) / 2) (variance kept: sqrt(1 - w) c_i + sqrt(w) z), so treated
 * cities co-move more (the synchronisation channel of seed 004). Off by default: the common zone cycle also
 * shifts treated cities' levels after treatment (a realised, not planted, effect); with it on, the truth
 * table records the exact log(Y / Y(0)) of planted outcomes, and every other simulated column of treated
 * cities differs from Y(0) through the cycle.
 * The mediator series of seed 004 (`institutional_innovation`, `factor_allocation`) carry a level effect and,
 * with `diffusionWeight`, a planted rise in their co-movement with every other city (indices.ts).
 */
import { OptionError } from '../../errors.js';
import type { Region } from '../../registry/types.js';

export interface OutcomeEffect {
  /** Effect at full ramp (level) or per treated year (growth), log points. */
  readonly size: number;
  readonly kind: 'level' | 'growth';
  /** Years to reach the full level effect (level outcomes). */
  readonly rampYears: number;
  /**
   * Mediator series only (MEDIATOR_VARIABLES): after treatment the city's own cycle of the series is mixed
   * with the series' national common cycle, its weight rising from the base weight b to
   * b + (1 - b) w min(1, (e + 1) / 2), so a zone city co-moves more with every other city (seed 004's
   * demonstration / diffusion channel). Default 0.
   */
  readonly diffusionWeight?: number;
}

export interface EffectSpec {
  /** Outcome column -> effect. Allowed outcomes: PLANTABLE_OUTCOMES. */
  readonly outcomes: Readonly<Record<string, OutcomeEffect>>;
  readonly batchMultiplier: Readonly<Record<number, number>>;
  readonly regionMultiplier: Readonly<Record<Region, number>>;
  readonly cityHeterogeneitySd: number;
  readonly syncWeight: number;
}

/** Outcomes that can carry a planted effect (simulated columns only). */
export const PLANTABLE_OUTCOMES: readonly string[] = [
  'intl_express', 'express_deliveries', 'exports', 'imports', 'industrial_output', 'patents', 'retail_sales', 'fdi_used', 'fixed_investment', 'broadband_users', 'deposits', 'loans',
  'institutional_innovation', 'factor_allocation',
];

/** Outcomes that may take a `diffusionWeight` (the mediator series of seed 004, which have a national common cycle). */
export const DIFFUSION_OUTCOMES: readonly string[] = ['institutional_innovation', 'factor_allocation'];

/** The default planted effects (docs/data.md, "Planted effects"). */
export const DEFAULT_EFFECTS: EffectSpec = {
  outcomes: {
    intl_express: { size: 0.3, kind: 'level', rampYears: 3 },
    express_deliveries: { size: 0.1, kind: 'level', rampYears: 3 },
    exports: { size: 0.08, kind: 'level', rampYears: 3 },
    imports: { size: 0.06, kind: 'level', rampYears: 3 },
    industrial_output: { size: 0.017, kind: 'growth', rampYears: 1 },
    institutional_innovation: { size: 0.1, kind: 'level', rampYears: 3, diffusionWeight: 0.8 },
    factor_allocation: { size: 0.06, kind: 'level', rampYears: 3, diffusionWeight: 0.6 },
  },
  batchMultiplier: { 1: 1.4, 2: 1.2, 3: 1.0, 4: 0.9, 5: 0.7, 6: 0.6, 7: 0.5, 8: 0.5 },
  regionMultiplier: { east: 1.2, central: 1.0, west: 0.8, northeast: 0.7 },
  cityHeterogeneitySd: 0.25,
  syncWeight: 0,
};

/** No planted effects: the panel is Y(0) (same draws as any other effect spec with the same seed). */
export const NO_EFFECTS: EffectSpec = {
  outcomes: {},
  batchMultiplier: DEFAULT_EFFECTS.batchMultiplier,
  regionMultiplier: DEFAULT_EFFECTS.regionMultiplier,
  cityHeterogeneitySd: 0,
  syncWeight: 0,
};

/** Overrides of the default spec (multipliers merge key by key; `outcomes` replaces the default outcomes). */
export interface EffectOverrides {
  readonly outcomes?: Readonly<Record<string, OutcomeEffect>>;
  readonly batchMultiplier?: Readonly<Partial<Record<number, number>>>;
  readonly regionMultiplier?: Readonly<Partial<Record<Region, number>>>;
  readonly cityHeterogeneitySd?: number;
  readonly syncWeight?: number;
}

/** Effect option of the generator: `default`, `none`, or overrides of the default spec. */
export type EffectsOption = 'default' | 'none' | EffectOverrides;

/** Checks an effects option and merges it with the defaults. */
export function resolveEffects(opt: EffectsOption | undefined): EffectSpec {
  if (opt === undefined || opt === 'default') return DEFAULT_EFFECTS;
  if (opt === 'none') return NO_EFFECTS;
  if (typeof opt !== 'object' || opt === null) throw new OptionError('effects', `"${String(opt)}" is not an effect specification.`, ['default', 'none', '{ outcomes, batchMultiplier, regionMultiplier, cityHeterogeneitySd, syncWeight }']);
  const spec: EffectSpec = {
    outcomes: opt.outcomes ?? DEFAULT_EFFECTS.outcomes,
    batchMultiplier: { ...DEFAULT_EFFECTS.batchMultiplier, ...(opt.batchMultiplier ?? {}) } as Record<number, number>,
    regionMultiplier: { ...DEFAULT_EFFECTS.regionMultiplier, ...(opt.regionMultiplier ?? {}) } as Record<Region, number>,
    cityHeterogeneitySd: opt.cityHeterogeneitySd ?? DEFAULT_EFFECTS.cityHeterogeneitySd,
    syncWeight: opt.syncWeight ?? DEFAULT_EFFECTS.syncWeight,
  };
  for (const [name, e] of Object.entries(spec.outcomes)) {
    if (!PLANTABLE_OUTCOMES.includes(name)) throw new OptionError(`effects.outcomes.${name}`, 'is not a simulated outcome that can carry an effect (published columns never do).', PLANTABLE_OUTCOMES);
    if (!Number.isFinite(e.size)) throw new OptionError(`effects.outcomes.${name}.size`, `${e.size} is not a finite number.`);
    if (e.kind !== 'level' && e.kind !== 'growth') throw new OptionError(`effects.outcomes.${name}.kind`, `"${e.kind}" is not allowed.`, ['level', 'growth']);
    if (!(e.rampYears >= 1)) throw new OptionError(`effects.outcomes.${name}.rampYears`, `${e.rampYears} must be at least 1.`);
    if (e.diffusionWeight !== undefined) {
      if (!DIFFUSION_OUTCOMES.includes(name)) throw new OptionError(`effects.outcomes.${name}.diffusionWeight`, 'applies only to the mediator series, which have a national common cycle.', DIFFUSION_OUTCOMES);
      if (!(e.diffusionWeight >= 0 && e.diffusionWeight <= 1)) throw new OptionError(`effects.outcomes.${name}.diffusionWeight`, `${e.diffusionWeight} must be in [0, 1].`);
    }
  }
  if (!(spec.cityHeterogeneitySd >= 0)) throw new OptionError('effects.cityHeterogeneitySd', `${spec.cityHeterogeneitySd} must be >= 0.`);
  if (!(spec.syncWeight >= 0 && spec.syncWeight <= 1)) throw new OptionError('effects.syncWeight', `${spec.syncWeight} must be in [0, 1].`);
  for (const [b, m] of Object.entries(spec.batchMultiplier)) if (!Number.isFinite(m)) throw new OptionError(`effects.batchMultiplier.${b}`, `${m} is not a finite number.`);
  for (const [r, m] of Object.entries(spec.regionMultiplier)) if (!Number.isFinite(m)) throw new OptionError(`effects.regionMultiplier.${r}`, `${m} is not a finite number.`);
  return spec;
}

/** tau of one outcome for a treated city at event time e (0 when e < 0). */
export function plantedEffect(e: OutcomeEffect, spec: EffectSpec, batch: number, region: Region, u: number, eventTime: number): number {
  if (eventTime < 0) return 0;
  const m = (spec.batchMultiplier[batch] ?? 1) * (spec.regionMultiplier[region] ?? 1) * u;
  return e.kind === 'growth' ? e.size * m * (eventTime + 1) : e.size * m * Math.min(1, (eventTime + 1) / e.rampYears);
}
