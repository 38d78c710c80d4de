/** Shared helpers of the indicator CLI tests: run the CLI in-process, validate against the contract schema. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';
import { repoRoot } from '../helpers/validation.js';

export const schemaPath = resolve(repoRoot, '..', 'shared', 'contracts', 'cli-json.schema.json');
export const hasSchema = existsSync(schemaPath);

/** Runs `pilotzone <argv>` in-process and captures stdout, stderr and the exit code. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => { out += s; return true; }, err: (s) => { err += s; return true; } });
  return { code, out, err };
}

/** Compiled validator of the CLI JSON contract schema. */
export function contractValidator(): ((d: unknown) => boolean) & { errors?: unknown } {
  const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
  const ajv = new (Ajv as unknown as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } })({ strict: false });
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}
