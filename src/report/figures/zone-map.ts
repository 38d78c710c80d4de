/**
 * Pilot zones by batch on a map drawn from city coordinates alone (no tiles, no boundary files, so it
 * renders offline): every city as a small grey dot, zone cities as larger dots coloured by batch, on a
 * Mercator projection of their longitude/latitude. Optional labels for named cities.
 */
import { word } from '../labels.js';
import { COLORS, finite, frame, renderSvg, requireRows, type FigureOptions, type VlSpec } from './render.js';

/** One city. */
export interface ZoneMapRow {
  city: string;
  lon: number;
  lat: number;
  /** Batch of its pilot zone (1-8), or null for a city without one. */
  batch: number | null;
}

export interface ZoneMapOptions extends FigureOptions {
  /** Cities whose names are printed beside their dot. */
  labelCities?: readonly string[];
}

const BATCH_COLORS = ['#7f0000', '#c0392b', '#e67e22', '#f1c40f', '#27ae60', '#16a085', '#2980b9', '#8e44ad'];

/** Vega-Lite spec of the zone map. */
export function zoneMapSpec(rows: readonly ZoneMapRow[], opts: ZoneMapOptions = {}): VlSpec {
  const lang = opts.lang;
  const all = rows.filter((r) => finite(r.lon) && finite(r.lat));
  requireRows(all.length, 'zone map', 'coordinates');
  const bl = (b: number) => (lang === 'zh' ? `第${b}批` : `Batch ${b}`);
  const zones = all.filter((r) => r.batch !== null && finite(r.batch)).sort((a, b) => (b.batch as number) - (a.batch as number));
  const batches = [...new Set(zones.map((z) => z.batch as number))].sort((a, b) => a - b);
  const others = all.filter((r) => r.batch === null || !finite(r.batch)).map((r) => ({ city: r.city, lon: r.lon, lat: r.lat, status: word('notZone', lang) }));
  const zoneValues = zones.map((r) => ({ city: r.city, lon: r.lon, lat: r.lat, batch: bl(r.batch as number) }));
  const geo = { longitude: { field: 'lon', type: 'quantitative' }, latitude: { field: 'lat', type: 'quantitative' } };
  // A 5-degree graticule over the cities' box (rounded outwards) frames the map; it also sets the fit.
  const round = (v: number, up: boolean) => (up ? Math.ceil(v / 5 + 1e-9) : Math.floor(v / 5 - 1e-9)) * 5;
  const box = [
    [round(Math.min(...all.map((r) => r.lon)), false), round(Math.min(...all.map((r) => r.lat)), false)],
    [round(Math.max(...all.map((r) => r.lon)), true), round(Math.max(...all.map((r) => r.lat)), true)],
  ];
  const labels = new Set(opts.labelCities ?? []);
  const layers: VlSpec[] = [
    { name: 'graticule', data: { graticule: { extentMajor: box, extentMinor: box, stepMajor: [10, 10], stepMinor: [5, 5] } }, mark: { type: 'geoshape', filled: false, stroke: '#e3e3e3', strokeWidth: 0.6 } },
    { name: 'cities', data: { values: others }, mark: { type: 'circle', size: 14, color: COLORS.neutral, opacity: 0.7 }, encoding: { ...geo, tooltip: [{ field: 'city' }, { field: 'status' }] } },
    {
      name: 'zones',
      data: { values: zoneValues },
      mark: { type: 'circle', size: 40, opacity: 0.9, stroke: 'white', strokeWidth: 0.5 },
      encoding: {
        ...geo,
        color: { field: 'batch', type: 'ordinal', title: word('batch', lang), scale: { domain: batches.map(bl), range: batches.map((b) => BATCH_COLORS[(b - 1) % BATCH_COLORS.length]) }, legend: { orient: 'right', direction: 'vertical' } },
        tooltip: [{ field: 'city' }, { field: 'batch' }],
      },
    },
  ];
  if (labels.size) {
    layers.push({
      name: 'labels',
      data: { values: all.filter((r) => labels.has(r.city)).map((r) => ({ city: r.city, lon: r.lon, lat: r.lat })) },
      mark: { type: 'text', align: 'left', dx: 5, dy: -4, fontSize: 10, color: '#222' },
      encoding: { ...geo, text: { field: 'city' } },
    });
  }
  return frame({ width: 520, height: 440, ...opts }, { projection: { type: 'mercator' }, layer: layers });
}

/** SVG of {@link zoneMapSpec}. */
export async function zoneMapSvg(rows: readonly ZoneMapRow[], opts: ZoneMapOptions = {}): Promise<string> {
  return renderSvg(zoneMapSpec(rows, opts));
}
