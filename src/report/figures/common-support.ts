/**
 * PSM common support (Stata `psgraph`, R MatchIt `plot(type = "hist")`): histograms of the propensity
 * score of treated units (above the axis) and control units (mirrored below), on shared bins, so the
 * overlap region and units off support are visible at a glance. Bins are computed here (deterministic),
 * so the spec carries counts, not every unit.
 */
import { OptionError } from '../../errors.js';
import { word } from '../labels.js';
import { COLORS, finite, frame, renderSvg, requireRows, type FigureOptions, type VlSpec } from './render.js';

/** One unit's propensity score. */
export interface PscoreRow {
  pscore: number;
  treated: boolean;
}

export interface CommonSupportOptions extends FigureOptions {
  /** Number of equal-width bins over [min, max] of the scores (default 20). */
  bins?: number;
}

/** Histogram counts by group on shared bins (treated positive, control negative). */
export function commonSupportBins(rows: readonly PscoreRow[], bins = 20): { lo: number; hi: number; treated: number; control: number }[] {
  if (!Number.isInteger(bins) || bins < 1 || bins > 500) throw new OptionError('bins', `must be an integer from 1 to 500, got ${bins}.`);
  const ok = rows.filter((r) => finite(r.pscore));
  if (ok.length === 0) return [];
  let min = Infinity, max = -Infinity;
  for (const r of ok) {
    if (r.pscore < min) min = r.pscore;
    if (r.pscore > max) max = r.pscore;
  }
  if (max === min) {
    min -= 0.005;
    max += 0.005;
  }
  const w = (max - min) / bins;
  const out = Array.from({ length: bins }, (_, b) => ({ lo: min + b * w, hi: min + (b + 1) * w, treated: 0, control: 0 }));
  for (const r of ok) {
    const b = Math.min(bins - 1, Math.floor((r.pscore - min) / w));
    if (r.treated) out[b]!.treated++;
    else out[b]!.control++;
  }
  return out;
}

/** Vega-Lite spec of the common-support figure. */
export function commonSupportSpec(rows: readonly PscoreRow[], opts: CommonSupportOptions = {}): VlSpec {
  const lang = opts.lang;
  const tLabel = word('treated', lang);
  const cLabel = word('control', lang);
  const bins = commonSupportBins(rows, opts.bins ?? 20);
  requireRows(bins.length, 'common support', 'propensity scores');
  const values: VlSpec[] = [];
  for (const b of bins) {
    if (b.treated) values.push({ lo: b.lo, hi: b.hi, count: b.treated, n: b.treated, group: tLabel });
    if (b.control) values.push({ lo: b.lo, hi: b.hi, count: -b.control, n: b.control, group: cLabel });
  }
  return frame(opts, {
    layer: [
      {
        name: 'bars',
        data: { values },
        mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'lo', type: 'quantitative', title: word('pscore', lang) },
          x2: { field: 'hi' },
          y: { field: 'count', type: 'quantitative', title: word('count', lang), axis: { labelExpr: 'abs(datum.value)' } },
          y2: { datum: 0 },
          color: { field: 'group', type: 'nominal', title: null, scale: { domain: [tLabel, cLabel], range: [COLORS.treated, COLORS.synthetic] } },
          tooltip: [{ field: 'group' }, { field: 'lo', format: '.3f' }, { field: 'hi', format: '.3f' }, { field: 'n', title: word('count', lang) }],
        },
      },
      { name: 'zero', data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: COLORS.zero }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    ],
  });
}

/** SVG of {@link commonSupportSpec}. */
export async function commonSupportSvg(rows: readonly PscoreRow[], opts: CommonSupportOptions = {}): Promise<string> {
  return renderSvg(commonSupportSpec(rows, opts));
}
