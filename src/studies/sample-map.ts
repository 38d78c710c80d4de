/**
 * The map of a study's sample: every unit at its registry coordinates, coloured by the batch of the zone
 * that treats it under the study's registry selection (grey when never treated), drawn with the report's
 * zone-map figure.
 */
import { cellOf, type Table } from '../data/table.js';
import { zoneMapSvg, type ZoneMapRow } from '../report/figures/zone-map.js';
import type { StudyFigure } from './output.js';

/** The sample map, or null when the table has no coordinates. */
export async function sampleMap(t: Table, unit: string, labelCities: readonly string[] = []): Promise<StudyFigure | null> {
  if (!t.has('lat') || !t.has('lon')) return null;
  const u = t.column(unit), lat = t.numeric('lat'), lon = t.numeric('lon');
  const coh = t.has('cbec_cohort') ? t.numeric('cbec_cohort') : null;
  const bat = t.has('cbec_batch') ? t.numeric('cbec_batch') : null;
  const name = t.has('name_en') ? t.column('name_en') : null;
  const rows = new Map<string, ZoneMapRow>();
  for (let i = 0; i < t.nrows; i++) {
    const key = String(cellOf(u, i));
    if (rows.has(key) || !Number.isFinite(lat[i]!) || !Number.isFinite(lon[i]!)) continue;
    const treated = coh ? coh[i]! > 0 : false;
    const b = treated && bat && bat[i]! > 0 ? bat[i]! : null;
    rows.set(key, { city: name ? String(cellOf(name, i)) : key, lon: lon[i]!, lat: lat[i]!, batch: b });
  }
  if (rows.size === 0) return null;
  const list = [...rows.values()];
  const treated = list.filter((r) => r.batch !== null).length;
  return {
    stem: 'sample-map',
    caption: `Sample: ${list.length} cities, ${treated} treated under the registry selection (coloured by batch)`,
    svg: await zoneMapSvg(list, { labelCities }),
  };
}
