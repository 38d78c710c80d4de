/**
 * Locates the peer reference cases in `../shared/validation` (beside the repository). Tests read them from
 * there and never copy the files into the project. When the folder is absent (a user's clone without
 * ../shared), the peer tests are skipped with a message; CI always has it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (works from `dist/test/helpers` and from `test/helpers`). */
export const repoRoot: string = (() => {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(d, 'package.json'))) return d;
    d = dirname(d);
  }
  return process.cwd();
})();

/** `../shared/validation` beside the repository, or undefined when it does not exist. */
export const validationRoot: string | undefined = (() => {
  const p = resolve(repoRoot, '..', 'shared', 'validation');
  return existsSync(p) ? p : undefined;
})();

/** Path of a file in a validation case, or undefined when the validation folder is absent. */
export function validationPath(caseName: string, file = ''): string | undefined {
  return validationRoot ? join(validationRoot, caseName, file) : undefined;
}

/** Parsed JSON of a validation file (undefined when absent). */
export function validationJson<T = any>(caseName: string, file: string): T | undefined {
  const p = validationPath(caseName, file);
  return p && existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as T) : undefined;
}

/** Options for node:test that skip a test when the validation case is missing. */
export function needsValidation(caseName: string): { skip: string | false } {
  const p = validationPath(caseName);
  return { skip: p && existsSync(p) ? false : `../shared/validation/${caseName} not found` };
}

/** Relative difference |a - b| / max(|b|, tiny). */
export function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}
