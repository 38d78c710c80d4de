/**
 * A figure's tidy data back out of its Vega-Lite spec (every layer carries its rows in `data.values`), as
 * records or CSV: what the report offers as "download the data" and what `plotData`-style callers restyle.
 */
import { csvField } from '../tables/text-formats.js';
import type { VlSpec } from './render.js';

function layersOf(spec: VlSpec): VlSpec[] {
  const layer = spec['layer'];
  return Array.isArray(layer) ? (layer as VlSpec[]) : [spec];
}

/** Rows of layer `name`, or of the layer with the most rows when no name is given. */
export function specData(spec: VlSpec, name?: string): Record<string, unknown>[] {
  let best: Record<string, unknown>[] = [];
  for (const l of layersOf(spec)) {
    const values = (l['data'] as { values?: unknown } | undefined)?.values;
    if (!Array.isArray(values)) continue;
    if (name !== undefined) {
      if (l['name'] === name) return values as Record<string, unknown>[];
    } else if (values.length > best.length) best = values as Record<string, unknown>[];
  }
  return best;
}

/** CSV of {@link specData} (columns in order of first appearance; numbers at full precision). */
export function specDataCsv(spec: VlSpec, name?: string): string {
  const rows = specData(spec, name);
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : csvField(String(v)));
  return [cols.map(csvField).join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n');
}
