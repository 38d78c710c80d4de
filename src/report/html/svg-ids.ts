/**
 * Makes element ids of an SVG unique before it is inlined in an HTML page with other SVGs: vega names its
 * clip paths `clip1`, `clip2`... in every figure, and in one HTML document the first definition would win,
 * clipping the later figures with the wrong rectangles. Every `id`, `url(#id)` and `href="#id"` gets the
 * prefix.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]!);
  if (ids.size === 0) return svg;
  const p = (id: string) => (ids.has(id) ? `${prefix}${id}` : id);
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}${p(id)}${b}`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${p(id)})`)
    .replace(/((?:xlink:)?href=")#([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}#${p(id)}${b}`);
}

/** Removes the XML declaration and DOCTYPE, which are not allowed inside HTML. */
export function stripXmlProlog(svg: string): string {
  return svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').replace(/^\s*<!DOCTYPE[^>]*>\s*/i, '');
}
