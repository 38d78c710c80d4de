/**
 * The three study specs shipped with pilotzone in `studies/` at the package root (seed 000 Foshan SCM,
 * seed 001 TFP staggered DID, seed 004 pair synchronisation DID), run by `pilotzone demo`. The folder is
 * found by walking up from this module (works from `src/`, `dist/src/` and any build folder);
 * `PILOTZONE_STUDIES_DIR` overrides it.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFileError } from '../errors.js';

/** File names of the shipped specs, in the order the demo runs them. */
export const SHIPPED_STUDIES: readonly string[] = ['foshan-scm.yaml', 'tfp-staggered-did.yaml', 'pair-sync-did.yaml'];

/** The package's `studies/` folder. */
export function shippedStudiesDir(): string {
  const env = process.env['PILOTZONE_STUDIES_DIR'];
  if (env) return resolve(env);
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(d, 'studies', SHIPPED_STUDIES[0]!))) return join(d, 'studies');
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  throw new DataFileError('studies/', 'the study specs shipped with pilotzone were not found.', 'Reinstall pilotzone, or set PILOTZONE_STUDIES_DIR to the folder holding foshan-scm.yaml.');
}

/** Paths of the shipped specs. */
export function shippedStudyPaths(): string[] {
  const dir = shippedStudiesDir();
  return SHIPPED_STUDIES.map((f) => join(dir, f));
}
