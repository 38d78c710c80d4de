/**
 * `pilotzone registry zones|cities|modes|treatment`: lists and filters the CBEC pilot zones and the cities,
 * and adds registry treatment columns to a panel (contract: `contracts/cli-json.md`, "registry").
 */
import type { Command, CommandContext, CommandOutput, TextFormat } from '../command.js';
import { listOption } from '../args.js';
import { OptionError } from '../../errors.js';
import { cities, developmentModes, parseBatches, parseDate, treatmentColumns, zones, type CityFilter, type Region, type ZoneStatusFilter } from '../../registry/index.js';
import { renderRows } from '../../registry/format.js';
import { parseMonthDay } from '../../registry/dates.js';

const SUBCOMMANDS = ['zones', 'cities', 'modes', 'treatment'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const ZONE_COLUMNS = ['zone_id', 'batch', 'approval_date', 'doc_no', 'city_code', 'name_zh', 'name_en', 'province', 'level', 'status', 'confidence'];
const CITY_COLUMNS = ['code', 'name_zh', 'name_en', 'province', 'region', 'coastal', 'admin_rank', 'lat', 'lon', 'cbec_batch'];

function yesNo(ctx: CommandContext, name: string): boolean | undefined {
  const v = ctx.args.options.get(name);
  return v === undefined ? undefined : v === 'yes';
}

/** `--batch`/`--batches`, checked here so that errors name the CLI option. */
function batchesOption(ctx: CommandContext): string | undefined {
  const name = ctx.args.options.has('batches') ? 'batches' : 'batch';
  const v = ctx.args.options.get(name);
  if (v !== undefined) parseBatches(v, `--${name}`);
  return v;
}

/** `--as-of`, checked here so that errors name the CLI option. */
function asOfOption(ctx: CommandContext): string | undefined {
  const v = ctx.args.options.get('as-of');
  return v === undefined ? undefined : parseDate(v, '--as-of');
}

function listing(rows: readonly Record<string, unknown>[], columns: readonly string[], json: Record<string, unknown>): CommandOutput {
  return { json, render: (format: TextFormat) => renderRows(rows, columns, format) };
}

function runZones(ctx: CommandContext): CommandOutput {
  const asOf = asOfOption(ctx);
  const list = zones({
    ...(batchesOption(ctx) !== undefined ? { batches: batchesOption(ctx)! } : {}),
    ...(asOf !== undefined ? { asOf } : {}),
    status: (ctx.args.options.get('status') ?? 'all') as ZoneStatusFilter,
  });
  const byBatch: Record<string, number> = {};
  for (const z of list) byBatch[z.batch] = (byBatch[z.batch] ?? 0) + 1;
  return listing(list as unknown as Record<string, unknown>[], ZONE_COLUMNS, { subcommand: 'zones', as_of: asOf ?? null, count: list.length, count_by_batch: byBatch, zones: list });
}

function runCities(ctx: CommandContext): CommandOutput {
  const o = ctx.args.options;
  const filter: CityFilter = {};
  if (o.has('codes')) filter.codes = listOption(o.get('codes'));
  if (o.has('province')) filter.provinces = listOption(o.get('province'));
  if (o.has('region')) filter.regions = listOption(o.get('region')) as Region[];
  if (o.has('coastal')) filter.coastal = yesNo(ctx, 'coastal')!;
  if (o.has('pilot')) filter.pilot = yesNo(ctx, 'pilot')!;
  if (o.has('rank')) {
    filter.adminRanks = listOption(o.get('rank')).map((s) => {
      const r = Number(s);
      if (!Number.isInteger(r)) throw new OptionError('--rank', `"${s}" is not an administrative rank.`, [1, 2, 3, 4]);
      return r;
    });
  }
  if (batchesOption(ctx) !== undefined) filter.batches = batchesOption(ctx)!;
  if (o.has('search')) filter.search = o.get('search')!;
  const list = cities(filter);
  return listing(list as unknown as Record<string, unknown>[], CITY_COLUMNS, { subcommand: 'cities', count: list.length, cities: list });
}

function runModes(): CommandOutput {
  const modes = developmentModes();
  const rows = modes.map((m) => ({ ...m, cities: m.city_names.join(', ') }));
  return listing(rows, ['id', 'name_en', 'name_zh', 'cities'], { subcommand: 'modes', source: 'seed 002', modes });
}

async function runTreatment(ctx: CommandContext): Promise<CommandOutput> {
  const o = ctx.args.options;
  const unitCode = o.get('unit-code') ?? o.get('unit');
  if (unitCode === undefined) throw new OptionError('--unit-code', 'is required by `pilotzone registry treatment` (the column holding city codes or names).');
  const time = o.get('time');
  if (time === undefined) throw new OptionError('--time', 'is required by `pilotzone registry treatment` (the column holding years).');
  const table = await ctx.loadTable('data');
  const res = treatmentColumns(table, {
    unitCode,
    time,
    ...(batchesOption(ctx) !== undefined ? { batches: batchesOption(ctx)! } : {}),
    ...(o.has('as-of') ? { asOf: asOfOption(ctx)! } : {}),
    ...(o.has('cutoff') ? { cutoff: parseMonthDay(o.get('cutoff')!, '--cutoff') } : {}),
    ...(o.has('date-basis') ? { dateBasis: o.get('date-basis') as 'approval' | 'announcement' } : {}),
    partCityZones: ctx.args.flags.has('part-city-zones'),
    revocations: !ctx.args.flags.has('no-revocations'),
    unknownUnits: (o.get('unknown-units') ?? 'error') as 'error' | 'untreated',
  });
  for (const w of res.warnings) ctx.warn(w.message);
  const rows = res.table.toObjects();
  const units = res.units.map((u) => ({ unit: u.unit, code: u.code, cohort: u.cohort, batch: u.batch, spells: u.spells }));
  return {
    json: { subcommand: 'treatment', rule: res.rule, units, rows, warnings: res.warnings },
    render: (format: TextFormat) =>
      format === 'csv' ? renderRows(rows, res.table.names, 'csv') : renderRows(units, ['unit', 'code', 'cohort', 'batch'], format),
  };
}

export const command: Command = {
  name: 'registry',
  summary: 'CBEC pilot zones, cities, development modes, and treatment columns for a panel',
  usage:
    'pilotzone registry zones [--batch 1-7] [--as-of YYYY-MM-DD] [--status active|revoked|all]\n' +
    '       pilotzone registry cities [--province P] [--region R] [--coastal yes|no] [--rank 1,2] [--pilot yes|no] [--batch B] [--search S]\n' +
    '       pilotzone registry modes\n' +
    '       pilotzone registry treatment --data F --unit-code COL --time T [--batches 1-4] [--as-of DATE] [--cutoff MM-DD] [--out F --format csv]',
  options: [
    { name: 'batch', type: 'string', help: 'batches: 3, 1-4, 1,3,5-7 (default all, 1-8)' },
    { name: 'batches', type: 'string', help: 'same as --batch' },
    { name: 'as-of', type: 'string', help: 'the policy as known on this date (YYYY-MM-DD or YYYY)' },
    { name: 'status', type: 'string', help: 'zones: keep active, revoked or all', choices: ['active', 'revoked', 'all'], default: 'all' },
    { name: 'codes', type: 'string', help: 'cities: comma-separated city codes' },
    { name: 'province', type: 'string', help: 'cities: provinces (English or Chinese names, comma-separated)' },
    { name: 'region', type: 'string', help: 'cities: NBS regions (east, central, west, northeast)' },
    { name: 'coastal', type: 'string', help: 'cities: coastal or not', choices: ['yes', 'no'] },
    { name: 'rank', type: 'string', help: 'cities: administrative ranks (4 municipality ... 1 other)' },
    { name: 'pilot', type: 'string', help: 'cities: with or without a whole-city zone of batches 1-7', choices: ['yes', 'no'] },
    { name: 'search', type: 'string', help: 'cities: substring of the Chinese or English name' },
    { name: 'data', type: 'string', help: 'treatment: the panel file' },
    { name: 'unit-code', type: 'string', help: 'treatment: column with city codes (or names)' },
    { name: 'unit', type: 'string', help: 'same as --unit-code' },
    { name: 'time', type: 'string', help: 'treatment: column with years' },
    { name: 'cutoff', type: 'string', help: 'treatment: MM-DD; zones dated on/after it count from the next year (default: approval year)' },
    { name: 'date-basis', type: 'string', help: 'treatment: date a zone starts from', choices: ['approval', 'announcement'], default: 'approval' },
    { name: 'part-city-zones', type: 'flag', help: 'treatment: county-level zones (Yiwu...) treat their whole prefecture' },
    { name: 'no-revocations', type: 'flag', help: 'treatment: ignore the 2025 revocations' },
    { name: 'unknown-units', type: 'string', help: 'treatment: units matching no city', choices: ['error', 'untreated'], default: 'error' },
  ],
  async run(ctx) {
    const sub = ctx.args.positional[0] as Sub | undefined;
    if (sub === undefined || !SUBCOMMANDS.includes(sub)) {
      throw new OptionError('subcommand', sub === undefined ? '`pilotzone registry` needs a subcommand.' : `"${sub}" is not a registry subcommand.`, SUBCOMMANDS);
    }
    if (ctx.args.positional.length > 1) throw new OptionError('subcommand', `unexpected extra word "${ctx.args.positional[1]}".`, SUBCOMMANDS);
    switch (sub) {
      case 'zones':
        return runZones(ctx);
      case 'cities':
        return runCities(ctx);
      case 'modes':
        return runModes();
      case 'treatment':
        return runTreatment(ctx);
    }
  },
};
