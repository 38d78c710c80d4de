/** Fixed-effects OLS: fit, demeaning, variances, FE recovery. */
export { feolsFit } from './feols.js';
export { FeolsResult } from './result.js';
export type { FeolsFit, VcovResult, CollinearTerm } from './fit.js';
export type { FeolsOptions, VcovSpec, VcovInput, VcovType, SscSpec, SscInput, Ssc } from './options.js';
export { resolveSsc } from './options.js';
export { computeVcov, defaultVcov } from './vcov.js';
export { demean, demeanDesign, FixedEffectsProjector } from './demean.js';
export type { FeCodes, DemeanOptions, DemeanColumnInfo, FeCoefficients } from './demean.js';
export { recoverFixef } from './fixef.js';
export type { FixefValues } from './fixef.js';
export { singletonMask, isNested, components } from './fe-structure.js';
