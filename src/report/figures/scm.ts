/**
 * Synthetic-control figures (Abadie, Diamond & Hainmueller 2010, Figures 2-3; seed 000's Foshan study):
 * the treated unit's outcome against its synthetic control, and the gap between them, with the treatment
 * date marked. Input is plain plot data (one record per period), so any SCM implementation can feed it.
 */
import { word } from '../labels.js';
import { COLORS, finite, frame, renderSvg, requireRows, type FigureOptions, type VlSpec } from './render.js';

/** One period of a synthetic-control path. */
export interface ScmPathPoint {
  time: number;
  /** Outcome of the treated unit. */
  treated: number;
  /** Outcome of its synthetic control. */
  synthetic: number;
}

export interface ScmFigureOptions extends FigureOptions {
  /** First treated period; a dashed vertical line is drawn half a period before it. */
  treatmentTime?: number;
  /** Name of the treated unit (legend), e.g. "Foshan". */
  unit?: string;
  /** Y-axis title (the outcome). */
  outcome?: string;
}

function treatmentLayer(t: number | undefined, lang: FigureOptions['lang']): VlSpec[] {
  if (t === undefined || !finite(t)) return [];
  return [
    {
      name: 'treatment',
      data: { values: [{ x: t - 0.5, label: word('treatment', lang) }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.zero },
      encoding: { x: { field: 'x', type: 'quantitative' } },
    },
  ];
}

/** Legend of line series: short strokes in the series' dash pattern. */
export const LINE_LEGEND = { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 400 } as const;

const yearAxis = (lang: FigureOptions['lang']) => ({ title: word('year', lang), format: 'd', tickMinStep: 1 });

/** Vega-Lite spec: treated vs synthetic outcome paths. */
export function scmTrajectorySpec(path: readonly ScmPathPoint[], opts: ScmFigureOptions = {}): VlSpec {
  const lang = opts.lang;
  const tLabel = opts.unit ?? word('treated', lang);
  const sLabel = word('synthetic', lang);
  const rows: VlSpec[] = [];
  for (const p of path) {
    if (!finite(p.time)) continue;
    if (finite(p.treated)) rows.push({ time: p.time, series: tLabel, value: p.treated });
    if (finite(p.synthetic)) rows.push({ time: p.time, series: sLabel, value: p.synthetic });
  }
  requireRows(rows.length, 'SCM trajectory', 'outcomes');
  return frame(opts, {
    layer: [
      {
        name: 'paths',
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 2, point: { size: 18 } },
        encoding: {
          x: { field: 'time', type: 'quantitative', axis: yearAxis(lang), scale: { zero: false } },
          y: { field: 'value', type: 'quantitative', title: opts.outcome ?? word('outcome', lang), scale: { zero: false } },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: [tLabel, sLabel], range: [COLORS.treated, COLORS.synthetic] }, legend: LINE_LEGEND },
          strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: [tLabel, sLabel], range: [[1, 0], [6, 3]] } },
          tooltip: [{ field: 'series' }, { field: 'time', format: 'd' }, { field: 'value', format: '.4g' }],
        },
      },
      ...treatmentLayer(opts.treatmentTime, lang),
    ],
  });
}

/** Vega-Lite spec: the gap (treated - synthetic) by period, with a zero line. */
export function scmGapSpec(path: readonly ScmPathPoint[], opts: ScmFigureOptions = {}): VlSpec {
  const lang = opts.lang;
  const rows = path.filter((p) => finite(p.time) && finite(p.treated) && finite(p.synthetic)).map((p) => ({ time: p.time, gap: p.treated - p.synthetic }));
  requireRows(rows.length, 'SCM gap', 'treated and synthetic outcomes');
  return frame(opts, {
    layer: [
      { name: 'zero', data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: COLORS.zero }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        name: 'gap',
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 2, color: COLORS.treated, point: { size: 18, color: COLORS.treated } },
        encoding: {
          x: { field: 'time', type: 'quantitative', axis: yearAxis(lang), scale: { zero: false } },
          y: { field: 'gap', type: 'quantitative', title: word('gap', lang) },
          tooltip: [{ field: 'time', format: 'd' }, { field: 'gap', format: '.4g' }],
        },
      },
      ...treatmentLayer(opts.treatmentTime, lang),
    ],
  });
}

/** SVG of {@link scmTrajectorySpec}. */
export async function scmTrajectorySvg(path: readonly ScmPathPoint[], opts: ScmFigureOptions = {}): Promise<string> {
  return renderSvg(scmTrajectorySpec(path, opts));
}

/** SVG of {@link scmGapSpec}. */
export async function scmGapSvg(path: readonly ScmPathPoint[], opts: ScmFigureOptions = {}): Promise<string> {
  return renderSvg(scmGapSpec(path, opts));
}
