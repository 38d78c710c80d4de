/** `pilotzone run STUDY.yaml [...] --out DIR`: runs study specs and writes one report folder per study (src/studies). */
import type { Command, CommandContext, CommandOutput } from '../command.js';
import { numberOption } from '../args.js';
import { PilotzoneError } from '../../errors.js';
import { SIMULATED_NOTICE } from '../../data/embedded/index.js';
import { loadStudySpec, type StudySpec } from '../../studies/spec.js';
import { runStudySpec, type StudyOutcome } from '../../studies/run.js';

export const command: Command = {
  name: 'run',
  summary: 'run study specs (YAML) and write their reports',
  usage: 'pilotzone run STUDY.yaml [MORE.yaml ...] [--out DIR]',
  options: [
    { name: 'out', type: 'string', help: 'folder for the report folders (one per study)', default: 'pilotzone-report' },
    { name: 'threads', type: 'string', help: 'worker threads for placebo loops (default: cores)' },
  ],
  async run(ctx) {
    const files = ctx.args.positional;
    if (!files.length) throw new PilotzoneError('E_OPTION', '`pilotzone run` needs a study spec file.', { hint: 'Usage: pilotzone run STUDY.yaml --out DIR (see docs/studies.md; the shipped specs are in studies/).' });
    const specs = files.map((f) => loadStudySpec(f)); // check every spec before running any
    return runSpecs(ctx, specs, ctx.args.options.get('out') ?? 'pilotzone-report');
  },
};

/** Runs checked specs one after another and builds the contract output (shared with `pilotzone demo`). */
export async function runSpecs(ctx: CommandContext, specs: readonly StudySpec[], outDir: string): Promise<CommandOutput> {
  const threads = numberOption(ctx.args, 'threads');
  const outcomes: StudyOutcome[] = [];
  for (let k = 0; k < specs.length; k++) {
    ctx.control.onProgress?.(k, specs.length, specs[k]!.name);
    outcomes.push(await runStudySpec(specs[k]!, outDir, { ...ctx.control, ...(threads ? { threads } : {}) }));
  }
  ctx.control.onProgress?.(specs.length, specs.length, 'done');
  const studies = outcomes.map((o) => ({ name: o.name, report: o.report, results: o.results, checks: o.checks, not_available: o.notAvailable, seconds: Math.round(o.seconds * 100) / 100 }));
  return {
    json: { notice: SIMULATED_NOTICE, out: outDir, studies },
    render: () => renderStudies(outcomes),
  };
}

function num(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : 'n/a';
}

/** Text summary: per study, each check beside the planted truth, the missing steps and where the report is. */
export function renderStudies(outcomes: readonly StudyOutcome[]): string {
  const lines = [SIMULATED_NOTICE, ''];
  for (const o of outcomes) {
    lines.push(`${o.name} (${o.seconds.toFixed(1)} s)`);
    for (const c of o.checks) lines.push(`  ${c.what}: estimate ${num(c.estimate)} [${num(c.conf_low)}, ${num(c.conf_high)}], planted truth ${num(c.truth)} ${c.covered ? '(covered)' : '(NOT covered)'}`);
    for (const n of o.notAvailable) lines.push(`  not yet available: ${n.step}: ${n.reason}`);
    lines.push(`  report:  ${o.report}`, `  results: ${o.results}`, '');
  }
  return lines.join('\n');
}
