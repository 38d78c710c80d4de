/**
 * Runs the CLI in-process and checks its JSON against the contract schema
 * (`../shared/contracts/cli-json.schema.json`, draft 2020-12).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { main } from '../../src/cli/main.js';
import { repoRoot } from './validation.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pilotzone <argv...>` in-process. */
export async function runCli(argv: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    out: (s) => {
      stdout += s;
      return true;
    },
    err: (s) => {
      stderr += s;
      return true;
    },
  });
  return { code, stdout, stderr };
}

const schemaPath = resolve(repoRoot, '..', 'shared', 'contracts', 'cli-json.schema.json');
let validator: ((x: unknown) => boolean) & { errors?: unknown } | undefined;

/** Validates a parsed JSON object against the contract; returns the list of errors ([] when valid or when the schema is absent). */
export function contractErrors(json: unknown): unknown[] {
  if (!existsSync(schemaPath)) return [];
  if (!validator) {
    const require = createRequire(import.meta.url);
    const Ajv2020 = require('ajv/dist/2020.js');
    const AjvCtor = Ajv2020.default ?? Ajv2020;
    const ajv = new AjvCtor({ strict: false, allErrors: true });
    validator = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  }
  return validator!(json) ? [] : ((validator!.errors as unknown[]) ?? ['invalid']);
}
