/**
 * Locates and reads the data files the package ships in `data/` at the repository (package) root. They are
 * compiled from `../shared/data` by `scripts/build-data.mjs`; nothing here reads `../shared` at run time.
 * The folder is found by walking up from this module, so it works from `src/`, `dist/src/` and any build
 * folder; `PILOTZONE_DATA_DIR` overrides it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFileError } from '../errors.js';

let dataDirCache: string | undefined;

/** The package's `data/` folder. */
export function dataDir(): string {
  if (dataDirCache) return dataDirCache;
  const env = process.env['PILOTZONE_DATA_DIR'];
  if (env) return (dataDirCache = resolve(env));
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const p = join(d, 'data', 'registry', 'zones.json');
    if (existsSync(p)) return (dataDirCache = join(d, 'data'));
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  throw new DataFileError(
    'data/registry/zones.json',
    'the registry data shipped with pilotzone was not found.',
    'Reinstall pilotzone, or set PILOTZONE_DATA_DIR to the folder holding registry/zones.json.',
  );
}

const jsonCache = new Map<string, unknown>();

/** Parsed JSON of a file in `data/` (cached). */
export function readDataJson<T>(relative: string): T {
  const hit = jsonCache.get(relative);
  if (hit !== undefined) return hit as T;
  const path = join(dataDir(), relative);
  if (!existsSync(path)) throw new DataFileError(path, 'a data file shipped with pilotzone is missing.', 'Reinstall pilotzone or rebuild data/ with `node scripts/build-data.mjs`.');
  let parsed: T;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    throw new DataFileError(path, `is not valid JSON (${(e as Error).message}).`, 'Rebuild data/ with `node scripts/build-data.mjs`.');
  }
  jsonCache.set(relative, parsed);
  return parsed;
}
