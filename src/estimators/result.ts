/**
 * The one result surface shared by every estimator (fixest/broom conventions).
 *
 * Tables (`src/report`) and the CLI consume only these shapes, so an estimator is finished when its result
 * implements {@link EstimationResult}.
 */
import type { Warning } from '../errors.js';

/** One estimated parameter, broom-style (`tidy()`), as the CLI JSON contract names the fields. */
export interface TidyRow {
  term: string;
  estimate: number;
  std_error: number | null;
  statistic: number | null;
  p_value: number | null;
  conf_low: number | null;
  conf_high: number | null;
}

/** Seconds spent reading data and computing, as every CLI JSON object reports them. */
export interface Timing {
  load_s: number;
  compute_s: number;
}

/** What every estimator's result offers. */
export interface EstimationResult {
  /** Coefficient (or estimate) by term. */
  coef(): Record<string, number>;
  /** Standard error by term (`NaN` when not defined). */
  se(): Record<string, number>;
  /** One row per term. */
  tidy(level?: number): TidyRow[];
  /** One-row model summary (nobs, r2...). */
  glance(): Record<string, number | string | null>;
  /** Human-readable summary, like fixest's `summary()`. */
  summary(): string;
  /** Serialises to the CLI JSON contract (without `timing`, which the CLI adds). */
  toJSON(): Record<string, unknown>;
  /** Warnings collected while fitting. */
  readonly warnings: readonly Warning[];
}
