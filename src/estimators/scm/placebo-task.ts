/**
 * Worker task of the in-space placebo loop (`runParallel`): task i refits pool unit `pool[i]` as if treated,
 * with the rest of the pool as its donors (the real treated unit is never in `pool`).
 */
import { fitScmCore, type ScmCoreFit, type ScmData, type ScmFitOptions } from './fit-core.js';

export interface PlaceboPayload {
  data: ScmData;
  /** Data indices of the units that take turns as the placebo-treated unit; the others of `pool` are donors. */
  pool: Int32Array;
  fitOptions: ScmFitOptions;
}

/** A placebo fit, or the reason it failed (kept out of the inference, with a warning). */
export type PlaceboOutcome = { ok: true; fit: ScmCoreFit } | { ok: false; unit: number; message: string };

export function runTask(payload: PlaceboPayload, index: number): PlaceboOutcome {
  const { pool } = payload;
  const unit = pool[index]!;
  const donors = new Int32Array(pool.length - 1);
  for (let i = 0, q = 0; i < pool.length; i++) if (i !== index) donors[q++] = pool[i]!;
  try {
    return { ok: true, fit: fitScmCore(payload.data, unit, donors, payload.fitOptions) };
  } catch (e) {
    return { ok: false, unit, message: (e as Error).message };
  }
}
