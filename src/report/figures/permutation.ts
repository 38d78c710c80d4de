/**
 * Permutation (random pseudo-treatment) placebo density: the estimates from many random reassignments of
 * treatment, as a kernel density with the draws' rug, and the actual estimate as a vertical line with its
 * permutation p-value (seed 001/004's placebo tests; users ask for 500-1000 draws with a density and a p).
 */
import { word } from '../labels.js';
import { kde } from './kde.js';
import { COLORS, finite, frame, renderSvg, requireRows, type FigureOptions, type VlSpec } from './render.js';

/** Permutation draws and the actual estimate. */
export interface PermutationData {
  draws: ArrayLike<number>;
  actual: number;
  /** Two-sided permutation p-value, printed beside the actual line when given. */
  pValue?: number | null;
}

export interface PermutationFigureOptions extends FigureOptions {
  /** Grid points of the density curve (default 200). */
  points?: number;
  /** Kernel bandwidth (default Silverman's rule). */
  bandwidth?: number;
}

/** Vega-Lite spec of the permutation density. */
export function permutationSpec(data: PermutationData, opts: PermutationFigureOptions = {}): VlSpec {
  const lang = opts.lang;
  const d = kde(data.draws, opts.points ?? 200, opts.bandwidth);
  const curve: VlSpec[] = [];
  for (let i = 0; i < d.x.length; i++) if (finite(d.x[i]) && finite(d.density[i])) curve.push({ x: d.x[i], density: d.density[i] });
  requireRows(d.x.length && Number.isFinite(d.bandwidth) ? curve.length : 0, 'permutation density', 'draws');
  const x = { field: 'x', type: 'quantitative', title: word('placeboEstimate', lang) };
  const layers: VlSpec[] = [
    {
      name: 'density',
      data: { values: curve },
      mark: { type: 'area', line: { color: COLORS.synthetic, strokeWidth: 1.5 }, color: COLORS.synthetic, opacity: 0.25 },
      encoding: { x, y: { field: 'density', type: 'quantitative', title: word('density', lang) } },
    },
  ];
  if (finite(data.actual)) {
    const p = data.pValue;
    // Put the label on the side of the line with more room.
    const right = data.actual > (d.x[0]! + d.x[d.x.length - 1]!) / 2;
    const label = `${word('actual', lang)} = ${data.actual.toPrecision(3)}${finite(p) ? ` (p = ${p.toFixed(3)})` : ''}`;
    layers.push(
      { name: 'actual', data: { values: [{ x: data.actual, label }] }, mark: { type: 'rule', color: COLORS.treated, strokeWidth: 2, strokeDash: [5, 3] }, encoding: { x, tooltip: [{ field: 'label' }] } },
      {
        name: 'actualLabel',
        data: { values: [{ x: data.actual, label }] },
        mark: { type: 'text', align: right ? 'right' : 'left', baseline: 'top', dx: right ? -4 : 4, y: 4, color: COLORS.treated, fontSize: 11 },
        encoding: { x, text: { field: 'label' } },
      },
    );
  }
  return frame(opts, { layer: layers });
}

/** SVG of {@link permutationSpec}. */
export async function permutationSvg(data: PermutationData, opts: PermutationFigureOptions = {}): Promise<string> {
  return renderSvg(permutationSpec(data, opts));
}
