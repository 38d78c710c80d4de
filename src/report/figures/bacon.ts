/**
 * Goodman-Bacon (2021) decomposition scatter: each 2x2 DID comparison's estimate against its weight in the
 * TWFE coefficient, coloured and shaped by comparison type (treated vs never treated, earlier vs later
 * treated, later vs earlier treated — the "forbidden" one), with the TWFE estimate (the weighted mean) as
 * a horizontal line (R `bacondecomp`, Stata `bacondecomp` figure).
 */
import { word } from '../labels.js';
import { COLORS, finite, frame, renderSvg, requireRows, type FigureOptions, type VlSpec } from './render.js';

/** One 2x2 comparison. */
export interface BaconRow {
  /** Comparison type, e.g. "Treated vs never treated". */
  type: string;
  estimate: number;
  weight: number;
  /** Optional cohort labels for the tooltip. */
  treated?: string | number;
  control?: string | number;
}

/** Vega-Lite spec of the Bacon scatter. */
export function baconSpec(rows: readonly BaconRow[], opts: FigureOptions = {}): VlSpec {
  const lang = opts.lang;
  const values = rows
    .filter((r) => finite(r.estimate) && finite(r.weight))
    .map((r) => ({ type: String(r.type), estimate: r.estimate, weight: r.weight, treated: r.treated === undefined ? '' : String(r.treated), control: r.control === undefined ? '' : String(r.control) }));
  requireRows(values.length, 'Bacon decomposition', 'estimates and weights');
  let sw = 0, swe = 0, maxWeight = 0;
  for (const v of values) {
    sw += v.weight;
    swe += v.weight * v.estimate;
    if (v.weight > maxWeight) maxWeight = v.weight;
  }
  const layers: VlSpec[] = [
    { name: 'zero', data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: COLORS.neutral }, encoding: { y: { field: 'y', type: 'quantitative' } } },
  ];
  if (sw > 0) {
    const label = `TWFE = ${(swe / sw).toPrecision(3)}`;
    layers.push(
      { name: 'overall', data: { values: [{ y: swe / sw, label }] }, mark: { type: 'rule', color: COLORS.treated, strokeDash: [5, 3] }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      { name: 'overallLabel', data: { values: [{ y: swe / sw, label }] }, mark: { type: 'text', align: 'right', dy: -6, x: 'width', color: COLORS.treated, fontSize: 11 }, encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } } },
    );
  }
  layers.push({
    name: 'comparisons',
    data: { values },
    mark: { type: 'point', filled: true, size: 60, opacity: 0.85 },
    encoding: {
      x: { field: 'weight', type: 'quantitative', title: word('weight', lang), scale: { domain: [0, maxWeight * 1.08] } },
      y: { field: 'estimate', type: 'quantitative', title: word('estimate', lang), scale: { padding: 12 } },
      color: { field: 'type', type: 'nominal', title: word('comparison', lang), scale: { range: [COLORS.synthetic, COLORS.accent, COLORS.treated, '#2e8b57'] } },
      shape: { field: 'type', type: 'nominal', title: word('comparison', lang) },
      tooltip: [{ field: 'type' }, { field: 'treated' }, { field: 'control' }, { field: 'estimate', format: '.4g' }, { field: 'weight', format: '.4f' }],
    },
  });
  return frame(opts, { layer: layers });
}

/** SVG of {@link baconSpec}. */
export async function baconSvg(rows: readonly BaconRow[], opts: FigureOptions = {}): Promise<string> {
  return renderSvg(baconSpec(rows, opts));
}
