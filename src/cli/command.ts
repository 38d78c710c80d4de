/**
 * What a CLI command is. Each command lives in `src/cli/commands/<name>.ts` and is listed in
 * `src/cli/commands/index.ts`. Commands are thin: parse options, call the library, return JSON and a renderer.
 */
import type { OptionSpec, ParsedArgs } from './args.js';
import type { RunControl } from '../control.js';
import type { Table } from '../data/table.js';

/** Text formats of `--format` other than json. */
export type TextFormat = 'table' | 'md' | 'latex' | 'html' | 'csv';

export interface CommandContext {
  readonly args: ParsedArgs;
  /** Progress bar on stderr and Ctrl-C cancellation. */
  readonly control: RunControl;
  /** Prints a warning on stderr (never on stdout, which carries the result). */
  warn(message: string): void;
  /**
   * Reads the table named by `--<option>` (default `--data`), honouring `--encoding`. Time spent here is
   * reported as `timing.load_s`; everything else as `compute_s`.
   */
  loadTable(option?: string): Promise<Table>;
}

export interface CommandOutput {
  /** The contract object, without `command` and `timing` (the runner adds them). */
  readonly json: Record<string, unknown>;
  /** Renders the result as text in one of the text formats; JSON pretty-print when absent. */
  render?(format: TextFormat): string;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Command-specific options (the common ones are added by the runner). */
  readonly options: readonly OptionSpec[];
  run(ctx: CommandContext): Promise<CommandOutput>;
}
