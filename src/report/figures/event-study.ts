/**
 * Event-study coefficients with confidence intervals (fixest `iplot`, Stata `coefplot`; seed 001's dynamic
 * effects): a point and an interval per period relative to treatment, a zero line, a dashed line between
 * the reference period and the first treated one, and the reference period drawn as a hollow point at 0
 * when the estimates omit it (it is normalised, not estimated). Several estimators (TWFE beside
 * Callaway-Sant'Anna, Sun-Abraham...) are drawn side by side, dodged around each period.
 */
import { word } from '../labels.js';
import { COLORS, finite, frame, renderSvg, requireRows, type FigureOptions, type VlSpec } from './render.js';

/** One event-time coefficient. */
export interface EventStudyRow {
  /** Period relative to treatment (0 = first treated period). */
  rel_time: number;
  estimate: number;
  conf_low: number | null;
  conf_high: number | null;
  /** Estimator name when several are plotted (default: one series). */
  estimator?: string;
}

export interface EventStudyFigureOptions extends FigureOptions {
  /** Reference (omitted) period (default -1). */
  reference?: number;
  /** Y-axis title (default "Estimate"). */
  yTitle?: string;
  /** Horizontal width of the dodge between estimators, in periods (default 0.6). */
  dodge?: number;
}

const fmt = (x: number) => Number(x.toPrecision(4)).toString();

const PALETTE = [COLORS.synthetic, COLORS.treated, COLORS.accent, '#2e8b57', '#7d3c98', '#5d6d7e'];

/** Vega-Lite spec of the event-study figure. */
export function eventStudySpec(rows: readonly EventStudyRow[], opts: EventStudyFigureOptions = {}): VlSpec {
  const lang = opts.lang;
  const ref = opts.reference ?? -1;
  const kept = rows.filter((r) => finite(r.rel_time) && finite(r.estimate));
  requireRows(kept.length, 'event study', 'estimates');
  const names: string[] = [];
  for (const r of kept) if (!names.includes(r.estimator ?? '')) names.push(r.estimator ?? '');
  const k = names.length;
  const step = k > 1 ? (opts.dodge ?? 0.6) / k : 0;
  const values = kept.map((r) => {
    const i = names.indexOf(r.estimator ?? '');
    const v: VlSpec = { rel_time: r.rel_time, x: r.rel_time + (i - (k - 1) / 2) * step, estimate: r.estimate, estimator: r.estimator ?? word('estimate', lang) };
    if (finite(r.conf_low) && finite(r.conf_high)) {
      v['conf_low'] = r.conf_low;
      v['conf_high'] = r.conf_high;
    }
    // Pre-formatted so the tooltip and the accessible label never print NaN for a missing interval.
    v['ci'] = 'conf_low' in v ? `[${fmt(r.conf_low as number)}, ${fmt(r.conf_high as number)}]` : '';
    return v;
  });
  const series = names.map((n) => n || word('estimate', lang));
  const color = { field: 'estimator', type: 'nominal', title: null, scale: { domain: series, range: PALETTE.slice(0, Math.max(1, k)) }, legend: k > 1 ? {} : null };
  const x = { field: 'x', type: 'quantitative', axis: { title: word('relTime', lang), format: 'd', tickMinStep: 1 } };
  const hasRef = kept.some((r) => r.rel_time === ref);
  const layers: VlSpec[] = [
    { name: 'zero', data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: COLORS.zero }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    { name: 'onset', data: { values: [{ x: ref + 0.5 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.neutral }, encoding: { x: { field: 'x', type: 'quantitative' } } },
    {
      name: 'ci',
      data: { values: values.filter((v) => 'conf_low' in v) },
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: { x, y: { field: 'conf_low', type: 'quantitative', title: opts.yTitle ?? word('estimate', lang) }, y2: { field: 'conf_high' }, color },
    },
    {
      name: 'points',
      data: { values },
      mark: { type: 'point', filled: true, size: 45 },
      encoding: {
        x,
        y: { field: 'estimate', type: 'quantitative', title: opts.yTitle ?? word('estimate', lang) },
        color,
        tooltip: [{ field: 'estimator' }, { field: 'rel_time' }, { field: 'estimate', format: '.4g' }, { field: 'ci', title: word('ci', lang) }],
      },
    },
  ];
  if (!hasRef) {
    layers.push({
      name: 'reference',
      data: { values: [{ x: ref, y: 0, label: word('reference', lang) }] },
      mark: { type: 'point', filled: false, size: 55, color: COLORS.zero, strokeWidth: 1.5 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, tooltip: [{ field: 'label' }, { field: 'x', title: 'rel_time' }] },
    });
  }
  return frame(opts, { layer: layers });
}

/** SVG of {@link eventStudySpec}. */
export async function eventStudySvg(rows: readonly EventStudyRow[], opts: EventStudyFigureOptions = {}): Promise<string> {
  return renderSvg(eventStudySpec(rows, opts));
}
