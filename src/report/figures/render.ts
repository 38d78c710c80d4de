/**
 * Figures are Vega-Lite specifications (JSON with the plot data inline) rendered to SVG headless by `vega`
 * (its string renderer: no DOM, no canvas) and to PNG by `toPng` (resvg). The same spec renders
 * interactively in a browser with `vega` + `vega-lite` (tooltips are declared in every spec), which is what
 * the dashboard reuses; and the spec's `data.values` are the figure's tidy data (style guide 11: a figure
 * is data plus a renderer).
 *
 * Text widths: without a canvas, vega estimates a label's width as 0.8 em per character, which clips
 * Chinese labels (1 em each) and wastes room after Latin ones; {@link renderSvg} installs an estimator
 * that counts CJK characters as 1 em and Latin ones by class (~0.55 em), so legends and axis titles fit.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { PilotzoneError } from '../../errors.js';
import type { Lang } from '../labels.js';

/** A Vega-Lite specification as plain JSON (what the dashboard passes to `vega-embed` or `vega.View`). */
export type VlSpec = Record<string, unknown>;

/** Options every figure takes. */
export interface FigureOptions {
  /** Label language (default `en`). */
  lang?: Lang;
  /** Title above the plot (default none). */
  title?: string;
  /** Plot-area width in px (default 520). */
  width?: number;
  /** Plot-area height in px (default 300). */
  height?: number;
}

/** Font stack: a CJK font first so Chinese labels render, then common Latin fallbacks. */
export const FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "DejaVu Sans", Arial, sans-serif';

/** Palette used across figures: treated / highlight, comparison, neutral. */
export const COLORS = { treated: '#c0392b', synthetic: '#1f4e79', neutral: '#9aa5b1', accent: '#e67e22', zero: '#555555' } as const;

/** The Vega-Lite `config` shared by all figures. */
export function baseConfig(): VlSpec {
  return {
    font: FONT_STACK,
    background: 'white',
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6', domainColor: '#444', tickColor: '#444' },
    legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 400, orient: 'bottom', direction: 'horizontal' },
    title: { fontSize: 14, fontWeight: 'bold', anchor: 'start' },
  };
}

/** Top-level properties shared by all figures (size, title, config). */
export function frame(opts: FigureOptions, extra: VlSpec = {}): VlSpec {
  const s: VlSpec = { width: opts.width ?? 520, height: opts.height ?? 300, config: baseConfig(), ...extra };
  if (opts.title) s['title'] = opts.title;
  return s;
}

const CJK = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Estimated advance width of `text` in em (CJK 1 em; Latin by character class). */
export function textWidthEm(text: string): number {
  let w = 0;
  for (const ch of text) {
    if (CJK.test(ch)) w += 1;
    else if (/[ilj.,:;'|!()[\]]/.test(ch)) w += 0.3;
    else if (ch === ' ') w += 0.3;
    else if (/[mwMW@]/.test(ch)) w += 0.85;
    else if (/[A-Z0-9]/.test(ch)) w += 0.64;
    else w += 0.55;
  }
  return w;
}

let metricsInstalled = false;
function installTextMetrics(): void {
  if (metricsInstalled) return;
  const tm = (vega as unknown as { textMetrics: { width: (item: { fontSize?: number; text?: unknown }, text?: unknown) => number } }).textMetrics;
  tm.width = (item, text) => {
    const t = text ?? item.text;
    const s = Array.isArray(t) ? t.join(' ') : t == null ? '' : String(t);
    return textWidthEm(s) * (item.fontSize ?? 11);
  };
  metricsInstalled = true;
}

/** Renders a Vega-Lite spec to a standalone SVG string (headless; deterministic for the same spec). */
export async function renderSvg(spec: VlSpec): Promise<string> {
  installTextMetrics();
  let vg;
  try {
    vg = compile(spec as unknown as TopLevelSpec).spec;
  } catch (e) {
    throw new PilotzoneError('E_FIGURE', `the figure specification is invalid: ${(e as Error).message}`);
  }
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Throws a clear error when a figure gets no usable rows. */
export function requireRows(n: number, figure: string, what: string): void {
  if (n === 0) throw new PilotzoneError('E_PLOT_DATA', `${figure}: no rows with finite ${what} to plot.`, { details: { figure } });
}

/** True when `x` is a finite number. */
export function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
