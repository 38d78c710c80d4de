/**
 * pilotzone library API. Everything a user needs is exported from here.
 */
export * from './errors.js';
export type { RunControl } from './control.js';

// Data: tables, readers, writers, panel tools.
export * from './data/table.js';
export { readTable, readCsvText, READ_EXTENSIONS } from './data/read/index.js';
export type { ReadOptions } from './data/read/index.js';
export { writeTable, WRITE_EXTENSIONS } from './data/write/index.js';
export type { WriteOptions } from './data/write/index.js';
export * from './data/panel/index.js';

// Formula and design.
export { parseFormula } from './formula/parse.js';
export { buildDesign } from './formula/design.js';
export type { DesignOptions } from './formula/design.js';
export type { Formula, Term, Expr, FixefTerm } from './formula/ast.js';
export { FormulaError } from './formula/errors.js';
export type { Design, FixedEffect, ClusterVar, Block } from './estimators/design.js';

// Statistics.
export { Rng } from './stats/rng.js';
export * from './stats/distributions.js';

// Estimators.
export type { TidyRow, Timing, EstimationResult } from './estimators/result.js';
export { feols } from './estimators/ols/table-api.js';
export type { FeolsTableOptions } from './estimators/ols/table-api.js';
export * from './estimators/ols/index.js';

// Synthetic control, synthetic DID, staggered / pooled SCM.
export * from './estimators/scm/index.js';
export { runParallel, sharedFloat64, sharedInt32, taskRng } from './parallel/index.js';

// Staggered DID, event studies, diagnostics, robustness battery.
export * from './estimators/did/index.js';
export * from './inference/index.js';

// Matching and instruments.
export { psm, PsmResult, matchOnScore } from './estimators/psm/psm.js';
export type { PsmOptions, MatchedPair } from './estimators/psm/psm.js';
export { psmDid } from './estimators/psm/psm-did.js';
export type { PsmDidOptions, PsmDidResult } from './estimators/psm/psm-did.js';
export { balanceTable } from './estimators/psm/balance.js';
export { glmBinaryFit, PerfectSeparationError } from './stats/glm.js';
export { iv } from './estimators/iv/table-api.js';
export { ivFit, IvResult } from './estimators/iv/iv.js';
export type { IvOptions } from './estimators/iv/iv.js';

// Indicators: DEA-Malmquist, capital stock, entropy index, synchronisation, gravity, city pairs.
export * from './indicators/index.js';

// Registry and embedded data.
export * from './registry/index.js';
export * from './data/embedded/index.js';

// Studies: YAML specs, the runner, the shipped seed studies.
export * from './studies/index.js';

// Reports: tables, figures, report pages.
export * from './report/index.js';
