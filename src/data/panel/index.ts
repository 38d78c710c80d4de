/** Panel tools: declare unit and time, balance report, lags within unit, transforms with reports. */
export { Panel, declarePanel, type PanelKeys } from './panel.js';
export { DuplicateKeyError, MissingKeyError, NonIntegerTimeError, type DuplicatePair } from './errors.js';
export { balanceReport, formatBalanceReport, type BalanceReport, type UnitGaps } from './balance.js';
export { lag, lead, diff, shiftSource, type ShiftOptions } from './shift.js';
export { logColumn, type LogOptions, type LogReport } from './log.js';
export { deflate, type DeflateOptions } from './deflate.js';
export {
  interpolateGaps, formatInterpolationReport, type InterpolateOptions, type InterpolationReport, type InterpolationResult,
  type FilledCell, type SkippedGap,
} from './interpolate.js';
export { winsorize, type WinsorizeOptions, type WinsorizeReport, type WinsorizeGroup } from './winsorize.js';
export { standardize, type StandardizeOptions, type StandardizeReport, type StandardizeGroup } from './standardize.js';
export { panelIndex, cellRows, type PanelIndex, type PanelIndexOptions } from './keys.js';
export { requireBalanced } from './balance.js';
