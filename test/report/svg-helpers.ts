/** Structure checks on vega SVG output: marks are groups `class="mark-<type> role-mark <name>_marks"`. */

/**
 * The markup of the mark groups of layer `name` (vega-lite names them `<name>_marks`; a line or area layer
 * split by colour or detail has one group per series), concatenated.
 */
export function markGroup(svg: string, name: string): string {
  const out: string[] = [];
  const opener = new RegExp(`<g class="mark-[a-z]+ role-mark ${name}_marks"`, 'g');
  let o: RegExpExecArray | null;
  while ((o = opener.exec(svg))) {
    const start = o.index;
    let depth = 0;
    const re = /<g\b|<\/g>/g;
    re.lastIndex = start;
    let m: RegExpExecArray | null;
    while ((m = re.exec(svg))) {
      depth += m[0] === '</g>' ? -1 : 1;
      if (depth === 0) break;
    }
    out.push(svg.slice(start, m ? m.index : svg.length));
  }
  return out.join('');
}

/** Number of drawn items (paths, lines, texts) in layer `name`. */
export function countMarks(svg: string, name: string): number {
  const g = markGroup(svg, name);
  return (g.match(/<(path|line|text|rect|circle)\b/g) ?? []).length;
}


/**
 * A compact, reviewable snapshot of a vega SVG: one line per mark group (type, name, number of items) and
 * then every text element's content, numbers rounded to 2 decimals (so float noise and renderer tweaks in
 * coordinates do not churn it, while a changed label, a lost mark or a wrong count does).
 */
export function svgSnapshot(svg: string): string {
  const lines: string[] = [];
  for (const m of svg.matchAll(/<g class="mark-([a-z]+) role-([a-z-]+)(?: ([A-Za-z0-9_]+))?"/g)) {
    if (m[2] !== 'mark') continue;
    lines.push(`mark ${m[1]} ${m[3] ?? ''} items=${countMarksIn(svg, m.index!)}`);
  }
  for (const m of svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)) lines.push(`text ${m[1]!.replace(/-?\d+\.\d+/g, (s) => String(Math.round(Number(s) * 100) / 100))}`);
  return lines.join('\n') + '\n';
}

function countMarksIn(svg: string, start: number): number {
  let depth = 0;
  const re = /<g\b|<\/g>/g;
  re.lastIndex = start;
  let m: RegExpExecArray | null;
  while ((m = re.exec(svg))) {
    depth += m[0] === '</g>' ? -1 : 1;
    if (depth === 0) break;
  }
  return (svg.slice(start, m ? m.index : svg.length).match(/<(path|line|text|rect|circle)\b/g) ?? []).length;
}
