/**
 * In-space placebo gaps (Abadie, Diamond & Hainmueller 2010, Figure 4; seed 000): every donor's gap
 * (its outcome minus its own synthetic control) in grey, the treated unit's gap highlighted. Donors with a
 * poor pre-treatment fit are usually dropped before plotting (ADH drop pre-RMSPE above 5x the treated
 * unit's); do that upstream, this figure draws what it is given.
 */
import { word } from '../labels.js';
import { COLORS, finite, frame, renderSvg, requireRows, type FigureOptions, type VlSpec } from './render.js';

/** One unit-period gap. */
export interface PlaceboGapRow {
  unit: string;
  time: number;
  gap: number;
  /** True for the treated unit (drawn highlighted, on top). */
  treated: boolean;
}

export interface PlaceboFigureOptions extends FigureOptions {
  /** First treated period (dashed line half a period before). */
  treatmentTime?: number;
}

/** Vega-Lite spec of the placebo-gap figure. */
export function placeboGapsSpec(rows: readonly PlaceboGapRow[], opts: PlaceboFigureOptions = {}): VlSpec {
  const lang = opts.lang;
  const tLabel = word('treated', lang);
  const pLabel = word('placebo', lang);
  const values = rows
    .filter((r) => finite(r.time) && finite(r.gap))
    .map((r) => ({ unit: String(r.unit), time: r.time, gap: r.gap, role: r.treated ? tLabel : pLabel }));
  requireRows(values.length, 'placebo gaps', 'gaps');
  const enc = () => ({
    x: { field: 'time', type: 'quantitative', axis: { title: word('year', lang), format: 'd', tickMinStep: 1 }, scale: { zero: false } },
    y: { field: 'gap', type: 'quantitative', title: word('gap', lang) },
    detail: { field: 'unit' },
    color: { field: 'role', type: 'nominal', title: null, scale: { domain: [tLabel, pLabel], range: [COLORS.treated, COLORS.neutral] }, legend: { symbolType: 'stroke', symbolStrokeWidth: 2.5 } },
    tooltip: [{ field: 'unit' }, { field: 'time', format: 'd' }, { field: 'gap', format: '.4g' }],
  });
  const layers: VlSpec[] = [
    { name: 'zero', data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: COLORS.zero }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    { name: 'placebo', data: { values: values.filter((v) => v.role === pLabel) }, mark: { type: 'line', strokeWidth: 1, opacity: 0.7 }, encoding: enc() },
    { name: 'treated', data: { values: values.filter((v) => v.role === tLabel) }, mark: { type: 'line', strokeWidth: 2.5 }, encoding: enc() },
  ];
  if (opts.treatmentTime !== undefined && finite(opts.treatmentTime)) {
    layers.push({ name: 'treatment', data: { values: [{ x: opts.treatmentTime - 0.5 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.zero }, encoding: { x: { field: 'x', type: 'quantitative' } } });
  }
  return frame(opts, { layer: layers });
}

/** SVG of {@link placeboGapsSpec}. */
export async function placeboGapsSvg(rows: readonly PlaceboGapRow[], opts: PlaceboFigureOptions = {}): Promise<string> {
  return renderSvg(placeboGapsSpec(rows, opts));
}
