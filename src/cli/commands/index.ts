/** The list of CLI commands. Each lives in its own file in this folder. */
import type { Command } from '../command.js';
import { PilotzoneError } from '../../errors.js';
import { command as feols } from './feols.js';
import { command as iv } from './iv.js';
import { command as did } from './did.js';
import { command as synth } from './synth.js';
import { command as sdid } from './sdid.js';
import { command as psm } from './psm.js';
import { command as malmquist } from './malmquist.js';
import { command as capital } from './capital.js';
import { command as index } from './index-cmd.js';
import { command as pairs } from './pairs.js';
import { command as registry } from './registry.js';
import { command as run } from './run.js';
import { command as demo } from './demo.js';

export const COMMANDS: readonly Command[] = [feols, iv, did, synth, sdid, psm, malmquist, capital, index, pairs, registry, run, demo];

export function findCommand(name: string): Command {
  const c = COMMANDS.find((x) => x.name === name);
  if (!c) {
    throw new PilotzoneError('E_UNKNOWN_COMMAND', `unknown command "${name}".`, {
      hint: `Commands: ${COMMANDS.map((x) => x.name).join(', ')}. Run \`pilotzone --help\`.`,
    });
  }
  return c;
}
