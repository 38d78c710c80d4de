/**
 * Browser interaction for the same specs the reports render statically: pan and zoom on the scales (drag,
 * wheel; double-click resets) of the first layer that has quantitative x and y encodings. Tooltips are
 * already declared in every spec. The dashboard passes the result to vega-embed (or `vega.View` with the
 * compiled spec); headless rendering ignores the parameter, so the static SVG is unchanged.
 */
import type { VlSpec } from './render.js';

/** A copy of `spec` with a scale-bound interval selection (pan/zoom) on its first x/y layer. */
export function interactive(spec: VlSpec): VlSpec {
  const copy = structuredClone(spec) as VlSpec;
  const layers = Array.isArray(copy['layer']) ? (copy['layer'] as VlSpec[]) : [copy];
  const isQ = (e: unknown) => typeof e === 'object' && e !== null && (e as { type?: string }).type === 'quantitative';
  const target = layers.find((l) => {
    const enc = l['encoding'] as Record<string, unknown> | undefined;
    return enc !== undefined && isQ(enc['x']) && isQ(enc['y']);
  });
  if (target && copy['projection'] === undefined) target['params'] = [{ name: 'zoom', select: 'interval', bind: 'scales' }];
  return copy;
}
