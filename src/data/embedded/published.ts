/**
 * The published city statistics shipped in `data/city-stats.json` (compiled by scripts/build-data.mjs from
 * ../shared/data/city-stats: CSMAR city tables, census 2010/2020, derived land areas; see docs/data.md), as
 * city x year matrices with their confidence flags.
 */
import { readDataJson } from '../../registry/data-files.js';

interface PublishedFile {
  years: { from: number; to: number };
  variables: Record<string, { unit: string; sources: string[]; timeInvariant: boolean; codes: Record<string, { v: (number | null)[] | number; c: string }> }>;
}

/** Confidence codes in the matrices: 0 not published, 1 high, 2 medium, 3 low. */
export const CONF_NONE = 0, CONF_HIGH = 1, CONF_MEDIUM = 2, CONF_LOW = 3;
const CONF_OF: Record<string, number> = { h: CONF_HIGH, m: CONF_MEDIUM, l: CONF_LOW };

function file(): PublishedFile {
  return readDataJson<PublishedFile>('city-stats.json');
}

/** Unit and source ids of a published variable. */
export function publishedMeta(variable: string): { unit: string; sources: readonly string[] } {
  const v = file().variables[variable];
  if (!v) throw new Error(`internal: published variable ${variable} missing from data/city-stats.json`);
  return { unit: v.unit, sources: v.sources };
}

/** A city x year matrix (row-major by city: `i * nYears + t`); NaN where nothing is published. */
export interface PublishedMatrix {
  readonly values: Float64Array;
  readonly conf: Uint8Array;
}

/** Published values of a time-varying variable for the given cities and years. */
export function publishedMatrix(variable: string, codes: readonly string[], years: readonly number[]): PublishedMatrix {
  const f = file();
  const v = f.variables[variable];
  if (!v || v.timeInvariant) throw new Error(`internal: ${variable} is not a time-varying published variable`);
  const nY = years.length;
  const values = new Float64Array(codes.length * nY).fill(NaN);
  const conf = new Uint8Array(codes.length * nY);
  for (let i = 0; i < codes.length; i++) {
    const cell = v.codes[codes[i]!];
    if (!cell || !Array.isArray(cell.v)) continue;
    for (let t = 0; t < nY; t++) {
      const k = years[t]! - f.years.from;
      if (k < 0 || k >= cell.v.length) continue;
      const x = cell.v[k];
      if (x === null || x === undefined) continue;
      values[i * nY + t] = x;
      conf[i * nY + t] = CONF_OF[cell.c[k]!] ?? CONF_MEDIUM;
    }
  }
  return { values, conf };
}

/** Published value of a time-invariant variable (land area) per city: NaN when absent. */
export function publishedConstant(variable: string, codes: readonly string[]): PublishedMatrix {
  const v = file().variables[variable];
  if (!v || !v.timeInvariant) throw new Error(`internal: ${variable} is not a time-invariant published variable`);
  const values = new Float64Array(codes.length).fill(NaN);
  const conf = new Uint8Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const cell = v.codes[codes[i]!];
    if (!cell || typeof cell.v !== 'number') continue;
    values[i] = cell.v;
    conf[i] = CONF_OF[cell.c] ?? CONF_MEDIUM;
  }
  return { values, conf };
}

/** Number of years with a published value of `variable` (2010-2021 window of the source) per city code. */
export function publishedYearCount(variable: string): Map<string, number> {
  const v = file().variables[variable]!;
  const out = new Map<string, number>();
  for (const [code, cell] of Object.entries(v.codes)) {
    if (!Array.isArray(cell.v)) continue;
    let n = 0;
    for (let k = 0; k < cell.v.length; k++) if (cell.v[k] !== null && cell.c[k] !== 'l') n++;
    out.set(code, n);
  }
  return out;
}
