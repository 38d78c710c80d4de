/**
 * `pilotzone pairs`: the city-pair panel of seed 004 (pair treatment, synchronisation index, pair controls,
 * gravity strength and median cut-off). `--panel FILE` writes the panel (csv, parquet, dta, xlsx, json by
 * extension); `--format csv` prints it. JSON: counts, the gravity median, the columns and the first rows.
 */
import type { Command } from '../command.js';
import { listOption } from '../args.js';
import { OptionError } from '../../errors.js';
import { pairPanel, type GravityColumns } from '../../indicators/pairs.js';
import { renderRows } from '../../indicators/render-rows.js';
import { writeTable } from '../../data/write/index.js';

const GRAVITY = ['population', 'gdp', 'area', 'rank', 'lat', 'lon'] as const;

export const command: Command = {
  name: 'pairs',
  summary: 'city-pair panel with synchronisation index and gravity strength',
  usage: 'pilotzone pairs --data F --unit U --time T [--series dev] [--zone Z | --zone-since Y] [--controls log:edu,second] [--population P --gdp G --area S --rank A --lat LAT --lon LON] [--panel pairs.parquet]',
  options: [
    { name: 'data', type: 'string', help: 'city panel file (one row per city and period)', required: true },
    { name: 'unit', type: 'string', help: 'city column', required: true },
    { name: 'time', type: 'string', help: 'period column', required: true },
    { name: 'series', type: 'string', help: 'series for the Cerqueira-Martins synchronisation index (adds sync, sync_t)' },
    { name: 'zone', type: 'string', help: '0/1 column: city is a pilot zone in the period' },
    { name: 'zone-since', type: 'string', help: 'first zone period of the city (missing = never)' },
    { name: 'keep-both-zones', type: 'flag', help: 'keep pairs of two zone cities (seed 004 robustness)' },
    { name: 'controls', type: 'string', help: 'pair controls -|x_i - x_j|, comma-separated; log:x uses ln x' },
    { name: 'population', type: 'string', help: 'gravity: year-end population column' },
    { name: 'gdp', type: 'string', help: 'gravity: real GDP column' },
    { name: 'area', type: 'string', help: 'gravity: land area column' },
    { name: 'rank', type: 'string', help: 'gravity: administrative rank column (4/3/2/1)' },
    { name: 'lat', type: 'string', help: 'gravity: latitude column (decimal degrees)' },
    { name: 'lon', type: 'string', help: 'gravity: longitude column (decimal degrees)' },
    { name: 'gravity-period', type: 'string', help: 'period whose values define the gravity strength (default: mean over periods)' },
    { name: 'cutoff', type: 'string', help: 'drop pairs at or below the median gravity strength', choices: ['median', 'none'], default: 'median' },
    { name: 'panel', type: 'string', help: 'write the pair panel to this file' },
  ],
  async run(ctx) {
    const a = ctx.args.options;
    const given = GRAVITY.filter((g) => a.has(g));
    if (given.length && given.length < GRAVITY.length) {
      throw new OptionError(`--${GRAVITY.find((g) => !a.has(g))}`, `the gravity model needs all of ${GRAVITY.map((g) => `--${g}`).join(', ')}.`);
    }
    const gravity = given.length ? (Object.fromEntries(GRAVITY.map((g) => [g, a.get(g)!])) as unknown as GravityColumns) : undefined;
    const table = await ctx.loadTable();
    const gp = a.get('gravity-period');
    const r = pairPanel(table, {
      unit: a.get('unit')!,
      time: a.get('time')!,
      series: a.get('series'),
      zone: a.get('zone'),
      zoneSince: a.get('zone-since'),
      keepBothZones: ctx.args.flags.has('keep-both-zones'),
      controls: listOption(a.get('controls')),
      gravity,
      gravityPeriod: gp === undefined ? undefined : Number.isFinite(Number(gp)) ? Number(gp) : gp,
      cutoff: (a.get('cutoff') ?? 'median') as 'median' | 'none',
      control: ctx.control,
    });
    for (const w of r.warnings) ctx.warn(w.message);
    const panelPath = a.get('panel');
    if (panelPath) await writeTable(r.table, panelPath);
    const head = Array.from({ length: Math.min(20, r.table.nrows) }, (_, i) => r.table.row(i));
    return {
      json: { counts: r.counts, gravity_median: r.gravityMedian, columns: r.table.names, nrows: r.table.nrows, panel_file: panelPath ?? null, head, warnings: r.warnings },
      render(format) {
        if (format === 'csv') return renderRows(r.table.toObjects(), r.table.names, 'csv');
        const c = r.counts;
        const rows = [
          { item: 'cities', value: c.cities },
          { item: 'periods', value: c.periods },
          { item: 'unordered pairs', value: c.pairs },
          { item: 'dropped: both cities zones', value: c.bothZonesDropped },
          { item: 'dropped: gravity at or below median', value: c.weakDropped },
          { item: 'pairs kept', value: c.kept },
          { item: 'treated pairs (exactly one zone)', value: c.treatedPairs },
          { item: 'pair-period rows', value: r.table.nrows },
          { item: 'gravity median', value: r.gravityMedian },
        ];
        return renderRows(rows, ['item', 'value'], format, `City-pair panel${panelPath ? ` (written to ${panelPath})` : ''}`, 6);
      },
    };
  },
};
