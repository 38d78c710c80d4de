/**
 * pilotzone library API. Everything a user needs is exported from here.
 */
export * from './errors.js';
export type { RunControl } from './control.js';
export * from './data/table.js';
export { readTable } from './data/read/index.js';
export type { ReadOptions } from './data/read/index.js';
export { Rng } from './stats/rng.js';
export type { TidyRow, Timing, EstimationResult } from './estimators/result.js';
export type { Design, FixedEffect, ClusterVar, Block } from './estimators/design.js';
