/**
 * `pilotzone demo`: the README's main command. Runs the three shipped seed studies (studies/*.yaml: Foshan
 * SCM, TFP staggered DID, pair synchronisation DID) on the embedded simulated city panel and prints where
 * the reports are, each headline estimate beside the planted truth.
 */
import type { Command } from '../command.js';
import { loadStudySpec } from '../../studies/spec.js';
import { shippedStudyPaths } from '../../studies/shipped.js';
import { runSpecs } from './run.js';

export const command: Command = {
  name: 'demo',
  summary: 'run the three seed studies on the embedded simulated city panel and write their reports',
  usage: 'pilotzone demo [--out DIR]',
  options: [
    { name: 'out', type: 'string', help: 'folder for the reports', default: 'pilotzone-demo' },
    { name: 'threads', type: 'string', help: 'worker threads for placebo loops (default: cores)' },
  ],
  async run(ctx) {
    const specs = shippedStudyPaths().map((p) => loadStudySpec(p));
    return runSpecs(ctx, specs, ctx.args.options.get('out') ?? 'pilotzone-demo');
  },
};
