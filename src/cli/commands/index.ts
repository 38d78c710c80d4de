/**
 * The list of CLI commands. Each lives in its own file in this folder and is loaded only when run, so the
 * CLI starts fast and one command's dependencies never slow down another.
 */
import type { Command } from '../command.js';
import { PilotzoneError } from '../../errors.js';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<{ command: Command }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'feols', summary: 'OLS with any number of fixed effects and fixest-grade inference', load: () => import('./feols.js') },
  { name: 'iv', summary: 'two-stage least squares with fixed effects and weak-instrument diagnostics', load: () => import('./iv.js') },
  { name: 'did', summary: 'staggered difference-in-differences and event studies', load: () => import('./did.js') },
  { name: 'synth', summary: 'synthetic control with placebo inference', load: () => import('./synth.js') },
  { name: 'sdid', summary: 'synthetic difference-in-differences', load: () => import('./sdid.js') },
  { name: 'psm', summary: 'propensity-score matching', load: () => import('./psm.js') },
  { name: 'malmquist', summary: 'DEA-Malmquist productivity index', load: () => import('./malmquist.js') },
  { name: 'capital', summary: 'perpetual-inventory capital stock', load: () => import('./capital.js') },
  { name: 'index', summary: 'composite indices (entropy-weight method)', load: () => import('./index-cmd.js') },
  { name: 'pairs', summary: 'city-pair panel with synchronisation index and gravity strength', load: () => import('./pairs.js') },
  { name: 'registry', summary: 'pilot zones and cities: list, filter, treatment columns', load: () => import('./registry.js') },
  { name: 'data', summary: 'write an embedded data set (the simulated city panel) to a file', load: () => import('./data.js') },
  { name: 'run', summary: 'run a study spec and write its report', load: () => import('./run.js') },
  { name: 'demo', summary: 'the main job on the embedded simulated city panel', load: () => import('./demo.js') },
];

/** Loads the command called `name`, or throws a named error listing the commands. */
export async function findCommand(name: string): Promise<Command> {
  const c = COMMANDS.find((x) => x.name === name);
  if (!c) {
    throw new PilotzoneError('E_UNKNOWN_COMMAND', `unknown command "${name}".`, {
      hint: `Commands: ${COMMANDS.map((x) => x.name).join(', ')}. Run \`pilotzone --help\`.`,
    });
  }
  return (await c.load()).command;
}
