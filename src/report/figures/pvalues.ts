/**
 * Placebo-based p-value by post-treatment period (seed 000's Table/Figure of p-values: the share of units
 * whose |gap| (or post/pre RMSPE ratio) in that period is at least the treated unit's; Abadie 2021 sec. 7).
 * Bars with reference lines at 0.05 and 0.10.
 */
import { word } from '../labels.js';
import { COLORS, finite, frame, renderSvg, requireRows, type FigureOptions, type VlSpec } from './render.js';

/** One period's p-value. */
export interface PValueRow {
  time: number;
  p_value: number;
}

export interface PValueFigureOptions extends FigureOptions {
  /** Significance levels drawn as dashed lines (default [0.05, 0.10]). */
  levels?: readonly number[];
}

/** Vega-Lite spec of the p-value-by-period figure. */
export function pValueSpec(rows: readonly PValueRow[], opts: PValueFigureOptions = {}): VlSpec {
  const lang = opts.lang;
  const values = rows.filter((r) => finite(r.time) && finite(r.p_value)).map((r) => ({ time: r.time, p_value: r.p_value }));
  requireRows(values.length, 'p-value by period', 'p-values');
  const levels = (opts.levels ?? [0.05, 0.1]).map((l) => ({ level: l, label: `p = ${l}` }));
  // Zoom on the informative range: p-values that matter are small; keep the level lines in view.
  const top = Math.min(1, Math.max(0.15, ...levels.map((l) => l.level * 1.5), ...values.map((v) => v.p_value * 1.1)));
  const x = { field: 'time', type: 'ordinal', title: word('year', lang), axis: { labelAngle: 0 } };
  const y = { field: 'p_value', type: 'quantitative', title: word('pValue', lang), scale: { domain: [0, top] } };
  return frame(opts, {
    layer: [
      {
        name: 'pvalues',
        data: { values },
        mark: { type: 'bar', color: COLORS.synthetic, width: { band: 0.6 } },
        encoding: { x, y, tooltip: [{ field: 'time' }, { field: 'p_value', format: '.3f' }] },
      },
      {
        name: 'pvalueLabels',
        data: { values },
        mark: { type: 'text', dy: -6, fontSize: 10, color: '#333' },
        encoding: { x, y, text: { field: 'p_value', format: '.2f' } },
      },
      { name: 'levels', data: { values: levels }, mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.treated }, encoding: { y: { field: 'level', type: 'quantitative' } } },
      {
        name: 'levelLabels',
        data: { values: levels },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, color: COLORS.treated, fontSize: 10, x: 'width' },
        encoding: { y: { field: 'level', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  });
}

/** SVG of {@link pValueSpec}. */
export async function pValueSvg(rows: readonly PValueRow[], opts: PValueFigureOptions = {}): Promise<string> {
  return renderSvg(pValueSpec(rows, opts));
}
