/**
 * Reports: regression and data tables (text, Markdown, LaTeX booktabs, HTML, CSV, XLSX, DOCX from one
 * grid), figures (Vega-Lite specs rendered to SVG headless and to PNG), and the self-contained report page.
 * Everything here takes plain records (tidy rows, plot data), never estimator classes.
 */
export { word, type Lang, type Word } from './labels.js';
export type { Align, GridRow, TableGrid } from './tables/grid.js';
export { gridToText, gridToMarkdown, gridToLatex, gridToHtml, gridToCsv, displayWidth, texEscape, htmlEscape } from './tables/text-formats.js';
export { gridToXlsx, gridsToXlsx, type XlsxSheet } from './tables/xlsx.js';
export { gridToDocx, gridsToDocx } from './tables/docx.js';
export {
  regressionTable,
  regressionGrid,
  regressionXlsx,
  regressionDocx,
  starsFor,
  starLegend,
  type TableModel,
  type TableFormat,
  type StarPreset,
  type RegTableOptions,
  type ExtraRow,
} from './regtable.js';
export { dataTable, dataGrid, dataXlsx, dataDocx, formatValue, type DataColumn, type DataTableOptions, type DataTableFormat, type DataValue } from './datatable.js';
export { renderSvg, type VlSpec, type FigureOptions, FONT_STACK } from './figures/render.js';
export { toPng, findCjkFont, type PngOptions } from './figures/png.js';
export { specData, specDataCsv } from './figures/spec-data.js';
export { interactive } from './figures/interactive.js';
export { scmTrajectorySpec, scmTrajectorySvg, scmGapSpec, scmGapSvg, type ScmPathPoint, type ScmFigureOptions } from './figures/scm.js';
export { placeboGapsSpec, placeboGapsSvg, type PlaceboGapRow, type PlaceboFigureOptions } from './figures/placebo.js';
export { pValueSpec, pValueSvg, type PValueRow, type PValueFigureOptions } from './figures/pvalues.js';
export { eventStudySpec, eventStudySvg, type EventStudyRow, type EventStudyFigureOptions } from './figures/event-study.js';
export { permutationSpec, permutationSvg, type PermutationData, type PermutationFigureOptions } from './figures/permutation.js';
export { baconSpec, baconSvg, type BaconRow } from './figures/bacon.js';
export { commonSupportSpec, commonSupportSvg, commonSupportBins, type PscoreRow, type CommonSupportOptions } from './figures/common-support.js';
export { zoneMapSpec, zoneMapSvg, type ZoneMapRow, type ZoneMapOptions } from './figures/zone-map.js';
export { kde } from './figures/kde.js';
export { buildReport, externalReferences, type ReportInput, type ReportSection, type ReportFigure, type ReportTable, type ReportCheck, type Provenance } from './html/report.js';
export { writeTableFiles, writeFigureFiles, TABLE_FILE_FORMATS, type TableFileFormat, type TableFileOptions } from './write.js';
