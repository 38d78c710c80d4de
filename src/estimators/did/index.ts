/** Staggered difference-in-differences: panel, Callaway-Sant'Anna, aggregations, TWFE / event study, Sun-Abraham, imputation, Bacon, dCDH weights, robustness. */
export { buildDidPanel, type DidPanel, type DidColumns, type DidPanelOptions } from './panel.js';
export { attGt, type AttGtOptions, type AttGtFit, type ControlGroup, type BasePeriod } from './att-gt.js';
export { AttGtResult, type AttGtRow } from './att-gt-result.js';
export { aggte, AggteResult, AGGREGATION_TYPES, type AggregationType, type AggteOptions, type AggteRow } from './aggte.js';
export { drdidPanel, ipwDidPanel, regDidPanel, unconditionalDid, twoByTwoDid, DID_METHODS, type DidMethod, type TwoByTwo } from './drdid.js';
export { baconDecomposition, type BaconResult, type BaconComparison, type BaconType } from './bacon.js';
export { dcdhWeights, type DcdhWeights, type DcdhCell } from './dcdh-weights.js';
export { twfeStatic, twfeEventStudy, waldTest, panelDesign, type TwfeStaticOptions, type EventStudyOptions, type EventStudyResult, type TwfeVcovOptions } from './twfe.js';
export { sunAbraham, type SunAbrahamOptions, type SunAbrahamResult } from './sun-abraham.js';
export { imputationDid, type ImputationOptions, type ImputationResult } from './imputation.js';
export { didPermutation, csPermutation, subgroupTwfe, shiftCohorts, dropUnits, subsetUnits, subgroupAtt, mechanismTable, pairAssignmentFromPolicy, type SubgroupAtt, type MechanismRow } from './robustness.js';
export { simulateStaggeredPanel, trueSimpleAtt, type StaggeredSimOptions } from './simulate.js';
