/**
 * The synthetic control family: Synth-grade SCM with placebo inference and robustness (`synth`,
 * `synthInference`, `inTimePlacebo`, `leaveOneOut`, `iterativeTest`), conformal intervals, synthetic DID and
 * its SC / DID special cases (`sdid`), and staggered adoption with partial pooling (`multisynth`).
 */
export { synth, synthInference, synthPlacebo, inTimePlacebo, leaveOneOut, iterativeTest, fitWarnings, hullDistance, type SynthInferenceOptions } from './synth.js';
export { prepareSynth, type SynthOptions, type SynthSetup } from './setup.js';
export { SynthResult, type LeaveOneOutRow, type IterationRow } from './result.js';
export { inSpacePlacebo, placeboTests, type PlaceboResult, type PlaceboUnit, type PlaceboOptions, type PeriodPValue, type PlaceboExclusion } from './placebo.js';
export { fitScmCore, regressionStart, type ScmData, type ScmFitOptions, type ScmCoreFit, type VStart } from './fit-core.js';
export { solveSimplexLs, SimplexLsWorkspace, simplexLsLoss } from './simplex-ls.js';
export { nelderMead, type NelderMeadOptions } from './nelder-mead.js';
export { parsePredictor, type PredictorSpec, type PredictorOp } from './predictors.js';
export { conformalIntervals, type ConformalOptions, type ConformalResult, type ConformalPeriod } from './conformal.js';
export { sdid, sdidPanel, sdidFromPanel, type SdidOptions, type SdidSeMethod, type SdidPanel } from './sdid.js';
export { SdidResult } from './sdid-result.js';
export { sdidEstimate, frankWolfe, noiseLevel, effectCurve, defaultSdidOpts, defaultSdidWeights, type SdidEstimator, type SdidOpts, type SdidFit } from './sdid-core.js';
export { multisynth, MultiSynthResult, type MultiSynthOptions, type MultiSynthFit } from './multisynth.js';
export { foshanLikePanel, FOSHAN_PREDICTORS, type FoshanLikeOptions } from './simulate.js';
export { renderSynth, renderSdid } from './render.js';
export * from './errors.js';
