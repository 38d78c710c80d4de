/** `pilotzone demo`: the main job on the embedded simulated city panel (see src/studies/twfe-demo.ts). */
import type { Command } from '../command.js';
import { runTwfeDemo } from '../../studies/twfe-demo.js';
import { SIMULATED_NOTICE } from '../../data/embedded/index.js';

export const command: Command = {
  name: 'demo',
  summary: 'run the demo study on the embedded simulated city panel and write its report',
  usage: 'pilotzone demo [--out DIR]',
  options: [{ name: 'out', type: 'string', help: 'folder for the reports', default: 'pilotzone-demo' }],
  async run(ctx) {
    const outDir = ctx.args.options.get('out') ?? 'pilotzone-demo';
    const d = runTwfeDemo(outDir);
    const study = { name: d.name, report: d.report, results: d.results, checks: d.checks };
    return {
      json: { notice: SIMULATED_NOTICE, studies: [study] },
      render: () =>
        [
          SIMULATED_NOTICE,
          '',
          d.table,
          '',
          ...d.checks.map((c) => `${c.what}: estimate ${c.estimate.toFixed(4)} [${c.conf_low.toFixed(4)}, ${c.conf_high.toFixed(4)}], planted truth ${c.truth.toFixed(4)} ${c.covered ? '(covered)' : '(NOT covered)'}`),
          '',
          `report: ${d.report}`,
          `results: ${d.results}`,
        ].join('\n'),
    };
  },
};
