/**
 * Command-line argument parsing: `--key value`, `--key=value`, boolean `--flag`, and positional words.
 * Unknown options are an error that lists the options the command accepts.
 */
import { OptionError } from '../errors.js';

/** Declares one option of a command. */
export interface OptionSpec {
  /** Name without dashes, e.g. `data`, `cluster`. */
  name: string;
  /** `string` takes a value; `flag` takes none. */
  type: 'string' | 'flag';
  /** One line of help. */
  help: string;
  /** Allowed values (checked, listed in errors and help). */
  choices?: readonly string[];
  /** Shown in help; applied by the command itself. */
  default?: string;
  /** Must be given. */
  required?: boolean;
}

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

/** Options every analysis command accepts (see contracts/cli-json.md, "Common options"). */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'format', type: 'string', help: 'output format', choices: ['table', 'json', 'md', 'latex', 'html', 'csv'], default: 'table' },
  { name: 'out', type: 'string', help: 'write the output to this file instead of stdout' },
  { name: 'seed', type: 'string', help: 'seed for random procedures (reported in the output)' },
  { name: 'threads', type: 'string', help: 'worker threads for parallel loops (default: cores)' },
  { name: 'encoding', type: 'string', help: 'text encoding of CSV/TSV input (utf8, gbk; detected when omitted)' },
  { name: 'quiet', type: 'flag', help: 'no progress bar' },
  { name: 'help', type: 'flag', help: 'show this help' },
];

/** Parses `argv` (without the command word) against the command's option specs. */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: ParsedArgs = { positional: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--') || a === '--') {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const spec = byName.get(name);
    if (!spec) {
      throw new OptionError(`--${name}`, `is not an option of \`pilotzone ${command}\`.`, specs.map((s) => `--${s.name}`));
    }
    if (spec.type === 'flag') {
      if (eq > 0) throw new OptionError(`--${name}`, 'takes no value.');
      out.flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = a.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new OptionError(`--${name}`, 'needs a value.');
      i++;
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new OptionError(`--${name}`, `"${value}" is not allowed.`, spec.choices);
    }
    out.options.set(name, value);
  }
  if (!out.flags.has('help')) {
    for (const s of specs) {
      if (s.required && !out.options.has(s.name)) throw new OptionError(`--${s.name}`, `is required by \`pilotzone ${command}\` (${s.help}).`);
    }
  }
  return out;
}

/** Splits a comma-separated option value into trimmed non-empty parts. */
export function listOption(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Parses a numeric option, with a named error when it is not a number. */
export function numberOption(args: ParsedArgs, name: string, fallback?: number): number | undefined {
  const v = args.options.get(name);
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new OptionError(`--${name}`, `"${v}" is not a number.`);
  return x;
}

/** Renders the help text of a command. */
export function helpText(command: string, usage: string, summary: string, specs: readonly OptionSpec[]): string {
  const lines = [`pilotzone ${command}: ${summary}`, '', `usage: ${usage}`, '', 'options:'];
  for (const s of specs) {
    const arg = s.type === 'flag' ? '' : s.choices ? ` ${s.choices.join('|')}` : ' VALUE';
    const def = s.default !== undefined ? ` (default ${s.default})` : '';
    const req = s.required ? ' (required)' : '';
    lines.push(`  --${s.name}${arg}`.padEnd(36) + ` ${s.help}${def}${req}`);
  }
  return lines.join('\n');
}
