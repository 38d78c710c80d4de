/**
 * Studies: YAML specs (`spec.ts`) run from data to report folder (`run.ts`), the three designs of the seed
 * papers (`scm-study.ts`, `staggered-study.ts`, `pair-study.ts`) and the shipped specs (`shipped.ts`).
 */
export { parseStudySpec, loadStudySpec, DESIGNS, ESTIMATORS, ROBUSTNESS, INDICATORS, TABLE_FORMATS, FIGURE_FORMATS, type StudySpec, type Design } from './spec.js';
export { StudySpecError, SpecNode, type ColumnRef, type SpecSource } from './spec-node.js';
export { prepareStudyData, requireColumns, type StudyData } from './prepare.js';
export { runStudy, runStudySpec, type RunStudyOptions, type StudyOutcome } from './run.js';
export { check, checksTable, writeStudyRun, type StudyCheck, type StudyRun, type StudySection, type StudyTable, type StudyFigure, type StudyFiles } from './output.js';
export { cellEffects, meanOver } from './truth.js';
export { parseExpr, type Expr } from './expr.js';
export { placeboIntervals, placeboMeanInterval } from './scm-study.js';
export { CNY_PER_USD, MAJOR_PORTS, type PairMechanismRow } from './pair-study.js';
export { SHIPPED_STUDIES, shippedStudiesDir, shippedStudyPaths } from './shipped.js';
