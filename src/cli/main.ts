/**
 * `pilotzone` command-line entry point. Parses the command word, runs the command, prints its result in the
 * requested format (stdout), warnings and progress on stderr. A {@link PilotzoneError} prints one paragraph
 * on stderr and exits 2; any other error is a bug and prints its stack (exit 1).
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { COMMON_OPTIONS, helpText, parseArgs } from './args.js';
import type { CommandContext, TextFormat } from './command.js';
import { COMMANDS, findCommand } from './commands/index.js';
import { progressBar } from './progress.js';
import { PilotzoneError } from '../errors.js';
import { readTable } from '../data/read/index.js';

function usage(): string {
  const lines = ['usage: pilotzone <command> [options]   (pilotzone <command> --help for its options)', '', 'commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`);
  return lines.join('\n');
}

/** Runs the CLI with the given arguments; returns the exit code. Exported for tests. */
export async function main(argv: readonly string[], io = { out: (s: string) => process.stdout.write(s), err: (s: string) => process.stderr.write(s) }): Promise<number> {
  const [word, ...rest] = argv;
  if (!word || word === '--help' || word === '-h' || word === 'help') {
    io.out(usage() + '\n');
    return word ? 0 : 2;
  }
  if (word === '--version') {
    io.out('pilotzone 0.1.0\n');
    return 0;
  }
  try {
    const command = await findCommand(word);
    const specs = [...command.options, ...COMMON_OPTIONS.filter((c) => !command.options.some((o) => o.name === c.name))];
    const args = parseArgs(rest, specs, command.name);
    if (args.flags.has('help')) {
      io.out(helpText(command.name, command.usage, command.summary, specs) + '\n');
      return 0;
    }
    const format = (args.options.get('format') ?? 'table') as TextFormat | 'json';
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    let loadS = 0;
    const ctx: CommandContext = {
      args,
      control: { signal: abort.signal, onProgress: progressBar(!args.flags.has('quiet') && format !== 'json') },
      warn: (m) => io.err(`warning: ${m}\n`),
      loadTable: async (option = 'data') => {
        const path = args.options.get(option);
        if (path === undefined) throw new PilotzoneError('E_OPTION', `option --${option}: a data file is required by \`pilotzone ${command.name}\`.`);
        const t0 = performance.now();
        const enc = args.options.get('encoding');
        const table = await readTable(path, { ...(enc ? { encoding: enc } : {}), onNote: (m: string) => io.err(`note: ${m}\n`) });
        loadS += (performance.now() - t0) / 1000;
        return table;
      },
    };
    const t0 = performance.now();
    let output;
    try {
      output = await command.run(ctx);
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    const totalS = (performance.now() - t0) / 1000;
    const json = { command: command.name, ...output.json, timing: { load_s: round6(loadS), compute_s: round6(Math.max(0, totalS - loadS)) } };
    const text = format === 'json' ? JSON.stringify(json, jsonReplacer) + '\n' : (output.render ? output.render(format) : JSON.stringify(json, jsonReplacer, 2)) + '\n';
    const outPath = args.options.get('out');
    if (outPath && !['run', 'demo', 'data'].includes(command.name)) writeFileSync(outPath, text);
    else io.out(text);
    return 0;
  } catch (e) {
    if (e instanceof PilotzoneError) {
      io.err(`error [${e.code}]: ${e.describe()}\n`);
      return 2;
    }
    io.err(`internal error (please report): ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** JSON has no NaN or Infinity: a value that does not exist is `null` (contract). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

