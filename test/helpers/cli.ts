/**
 * Runs the CLI in-process and checks its JSON against the contract schema
 * (`../shared/contracts/cli-json.schema.json`, draft 2020-12). Every CLI test uses these.
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
  /** Aliases of stdout / stderr. */
  out: string;
  err: string;
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
  return { code, stdout, stderr, out: stdout, err: stderr };
}

export const schemaPath = resolve(repoRoot, '..', 'shared', 'contracts', 'cli-json.schema.json');
export const hasSchema = existsSync(schemaPath);
/** node:test options that skip a test when the contract schema is absent. */
export const needsSchema = { skip: hasSchema ? (false as const) : '../shared/contracts/cli-json.schema.json not found' };

type Validate = ((x: unknown) => boolean) & { errors?: unknown };
let cached: Validate | undefined;

/** The compiled contract validator (call it, then read `.errors`). Requires the schema (see `needsSchema`). */
export function contractValidator(): Validate {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const Ajv2020 = require('ajv/dist/2020.js');
    const AjvCtor = Ajv2020.default ?? Ajv2020;
    cached = new AjvCtor({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(schemaPath, 'utf8'))) as Validate;
  }
  return cached;
}

/** Validates a parsed JSON object against the contract; returns the list of errors ([] when valid or when the schema is absent). */
export function contractErrors(json: unknown): unknown[] {
  if (!hasSchema) return [];
  const v = contractValidator();
  return v(json) ? [] : ((v.errors as unknown[]) ?? ['invalid']);
}
