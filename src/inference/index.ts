/** Resampling inference shared by the estimators: multiplier bootstrap (did) and randomisation (permutation) tests (TWFE and Callaway-Sant'Anna). */
export { multiplierBootstrap, quantileType1, type MultiplierBootstrapOptions, type MultiplierBootstrapResult, type MultiplierWeights } from './multiplier-bootstrap.js';
export { permutationTest, type PermutationOptions, type PermutationResult, type AssignmentScheme } from './permutation.js';
export { SchurTwoWayProjector, assignmentColumn } from './permutation-core.js';
export { csPermutationDraws, csPermutationWork, MIN_PARALLEL_WORK, type CsPermutationDrawOptions } from './cs-permutation.js';
