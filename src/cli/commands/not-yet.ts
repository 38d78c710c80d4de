/** A command that is specified but not built yet: says so with a named error instead of failing obscurely. */
import type { Command } from '../command.js';
import { PilotzoneError } from '../../errors.js';

export function notYet(name: string, summary: string, usage: string): Command {
  return {
    name,
    summary: `${summary} (not available yet)`,
    usage,
    options: [],
    async run() {
      throw new PilotzoneError('E_NOT_IMPLEMENTED', `\`pilotzone ${name}\` is not available in this version yet.`);
    },
  };
}
