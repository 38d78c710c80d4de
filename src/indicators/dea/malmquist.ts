/**
 * DEA-Malmquist TFP index from a long panel table (one row per DMU and period), DEAP 2.1 convention:
 * Fare, Grosskopf, Norris & Zhang (1994) decomposition between adjacent periods (see
 * `malmquist-core.ts` for the formulas), geometric means by period, by DMU and overall (overall = geometric
 * mean of the period means, as DEAP prints it).
 */
import { OptionError, PilotzoneError, type Warning } from '../../errors.js';
import type { RunControl } from '../../control.js';
import type { Cell, Table } from '../../data/table.js';
import { cellRows, panelIndex, requireBalanced } from '../../data/panel/index.js';
import type { DeaBlock, Orientation } from './envelopment.js';
import { geometricMean, malmquistArrays, type MalmquistArrays } from './malmquist-core.js';

/** Options of {@link malmquist}. */
export interface MalmquistOptions {
  /** DMU identifier column (city, firm). */
  dmu: string;
  /** Period column (numeric years or labels sortable in natural order). */
  period: string;
  /** Input columns (strictly positive). */
  inputs: readonly string[];
  /** Output columns (strictly positive). */
  outputs: readonly string[];
  /** `input` (DEAP instruction option 0, default) or `output` (option 1). Only pech and sech depend on it. */
  orientation?: Orientation;
  /**
   * Drop DMUs that miss a period (with a `W_DROPPED_UNITS` warning naming them) instead of failing with
   * `E_UNBALANCED_PANEL`. DEAP needs a balanced panel; default false.
   */
  dropIncomplete?: boolean;
  /** Progress and cancellation. */
  control?: RunControl;
}

/** The five indices of one DMU between two adjacent periods, or their geometric means. */
export interface MalmquistIndices {
  effch: number;
  techch: number;
  pech: number;
  sech: number;
  tfpch: number;
}

/** Index row: `period` is the later period of the adjacent pair, `period_label` reads "2011-2012". */
export interface MalmquistRow extends MalmquistIndices {
  dmu: Cell;
  period: Cell;
  period_from: Cell;
  period_label: string;
}

/** Efficiencies of one DMU in one period (te <= 1 convention; cross-period values may exceed 1). */
export interface EfficiencyRow {
  dmu: Cell;
  period: Cell;
  /** CRS te against the own period's frontier. */
  crs: number;
  /** VRS te against the own period's frontier (orientation-specific). */
  vrs: number;
  /** Scale efficiency crs / vrs. */
  scale: number;
  /** CRS te against the previous period's frontier (`null` in the first period). */
  crs_prev: number | null;
  /** CRS te against the next period's frontier (`null` in the last period). */
  crs_next: number | null;
}

const KEYS = ['effch', 'techch', 'pech', 'sech', 'tfpch'] as const;

/** Result of {@link malmquist}: rows, means and efficiencies, with `toJSON()` in the CLI contract shape. */
export class MalmquistResult {
  readonly warnings: Warning[] = [];
  constructor(
    readonly orientation: Orientation,
    readonly dmus: readonly Cell[],
    readonly periods: readonly Cell[],
    readonly rows: readonly MalmquistRow[],
    readonly periodMeans: readonly (MalmquistIndices & { period: Cell; period_label: string })[],
    readonly dmuMeans: readonly (MalmquistIndices & { dmu: Cell })[],
    readonly overallMean: MalmquistIndices,
    readonly efficiency: readonly EfficiencyRow[],
    readonly lpCount: number,
  ) {}

  /** The CLI contract object (`pilotzone malmquist`), without `command` and `timing`. */
  toJSON(): Record<string, unknown> {
    return {
      orientation: this.orientation,
      rows: this.rows,
      period_means: this.periodMeans,
      dmu_means: this.dmuMeans,
      overall_mean: this.overallMean,
      efficiency: this.efficiency,
      n_dmu: this.dmus.length,
      n_period: this.periods.length,
      lp_count: this.lpCount,
      conventions:
        'DEAP 2.1 / Fare-Grosskopf-Norris-Zhang (1994): adjacent periods, contemporaneous CRS frontiers for effch/techch/tfpch, same-period VRS for pech, sech = effch/pech; te <= 1 in both orientations; means geometric (overall = geometric mean of period means).',
      warnings: this.warnings,
    };
  }

  /** Plain-text summary: period means and the overall mean, as DEAP's "malmquist index summary of annual means". */
  summary(): string {
    const f = (x: number) => x.toFixed(3).padStart(8);
    const lines = [`Malmquist index summary (${this.orientation} orientation, ${this.dmus.length} DMUs, ${this.periods.length} periods)`, '', '  period       effch  techch    pech    sech   tfpch'];
    for (const p of this.periodMeans) lines.push(`  ${p.period_label.padEnd(10)} ${KEYS.map((k) => f(p[k])).join('')}`);
    lines.push(`  ${'mean'.padEnd(10)} ${KEYS.map((k) => f(this.overallMean[k])).join('')}`);
    return lines.join('\n');
  }
}

/**
 * DEA-Malmquist TFP index (DEAP 2.1 / FGNZ 1994) of a balanced panel. Inputs and outputs must be strictly
 * positive (DEAP's requirement): zero, negative or missing values are named errors, as are a DMU missing a
 * period (`E_UNBALANCED_PANEL`) and duplicate (DMU, period) rows (`E_DUPLICATE_KEY`).
 */
export function malmquist(table: Table, options: MalmquistOptions): MalmquistResult {
  const { dmu, period } = options;
  const orientation = options.orientation ?? 'input';
  if (orientation !== 'input' && orientation !== 'output') throw new OptionError('orientation', `"${String(orientation)}" is not allowed.`, ['input', 'output']);
  if (!options.inputs.length) throw new OptionError('inputs', 'at least one input column is required.');
  if (!options.outputs.length) throw new OptionError('outputs', 'at least one output column is required.');
  let keys = panelIndex(table, dmu, period, { what: 'malmquist', allowStringTime: true, unitOrder: 'appearance', duplicateCode: 'E_DUPLICATE_KEY' });
  const warnings: Warning[] = [];
  if (options.dropIncomplete) {
    const T0 = keys.times.length;
    const incomplete = new Set<number>();
    for (let u = 0; u < keys.unitLabels.length; u++) if (keys.unitStart[u + 1]! - keys.unitStart[u]! < T0) incomplete.add(u);
    if (incomplete.size) {
      const names = [...incomplete].map((u) => keys.unitLabels[u]);
      warnings.push({ code: 'W_DROPPED_UNITS', message: `malmquist: ${names.length} DMU(s) miss a period and were dropped: ${names.slice(0, 10).map((x) => JSON.stringify(x)).join(', ')}${names.length > 10 ? ', ...' : ''}.` });
      const unitOf = keys.unitOf;
      table = table.filter((i) => !incomplete.has(unitOf[i]!));
      keys = panelIndex(table, dmu, period, { what: 'malmquist', allowStringTime: true, unitOrder: 'appearance', duplicateCode: 'E_DUPLICATE_KEY' });
    }
  }
  requireBalanced(keys, 'the Malmquist index', dmu, period);
  const T = keys.times.length, n = keys.unitLabels.length;
  const rowOf = cellRows(keys);
  if (n === 0) throw new PilotzoneError('E_NO_DATA', `malmquist: no DMU is observed in every period of column "${period}".`);
  if (T < 2) throw new PilotzoneError('E_TOO_FEW_PERIODS', `malmquist: column "${period}" has ${T} distinct period(s); the index compares adjacent periods and needs at least 2.`);
  const m = options.inputs.length, s = options.outputs.length;
  const blocks: DeaBlock[] = [];
  for (let t = 0; t < T; t++) blocks.push({ n, m, s, X: new Float64Array(n * m), Y: new Float64Array(n * s) });
  const fill = (cols: readonly string[], get: (b: DeaBlock) => Float64Array, width: number, role: string) => {
    cols.forEach((name, c) => {
      const v = table.numeric(name, `malmquist ${role}`);
      for (let u = 0; u < n; u++) {
        for (let t = 0; t < T; t++) {
          const row = rowOf[u * T + t]!;
          const x = v[row]!;
          if (!(x > 0) || !Number.isFinite(x)) {
            const kind = Number.isNaN(x) ? 'missing' : `${x}`;
            throw new PilotzoneError(
              Number.isNaN(x) ? 'E_DEA_MISSING' : 'E_DEA_NONPOSITIVE',
              `malmquist: ${role} column "${name}" must be strictly positive, but row ${row + 1} (${dmu} ${JSON.stringify(keys.unitLabels[u])}, ${period} ${JSON.stringify(keys.times[t])}) is ${kind}.`,
              { hint: 'DEA (as DEAP 2.1) needs strictly positive inputs and outputs: drop or fix the unit, or rescale the variable.', details: { column: name, row: row + 1, value: x } },
            );
          }
          get(blocks[t]!)[u * width + c] = x;
        }
      }
    });
  };
  fill(options.inputs, (b) => b.X, m, 'input');
  fill(options.outputs, (b) => b.Y, s, 'output');
  const a = malmquistArrays(blocks, orientation, options.control);
  const result = buildResult(a, [...keys.unitLabels], [...keys.times], orientation);
  result.warnings.push(...warnings);
  return result;
}

function label(a: Cell, b: Cell): string {
  return `${a}-${b}`;
}

function buildResult(a: MalmquistArrays, dmus: Cell[], periods: Cell[], orientation: Orientation): MalmquistResult {
  const { n, T } = a;
  const rows: MalmquistRow[] = [];
  for (let t = 1; t < T; t++) {
    for (let j = 0; j < n; j++) {
      const k = t * n + j;
      rows.push({ dmu: dmus[j]!, period: periods[t]!, period_from: periods[t - 1]!, period_label: label(periods[t - 1]!, periods[t]!), effch: a.effch[k]!, techch: a.techch[k]!, pech: a.pech[k]!, sech: a.sech[k]!, tfpch: a.tfpch[k]! });
    }
  }
  const arr = { effch: a.effch, techch: a.techch, pech: a.pech, sech: a.sech, tfpch: a.tfpch };
  const periodMeans = [];
  for (let t = 1; t < T; t++) {
    const o = { period: periods[t]!, period_label: label(periods[t - 1]!, periods[t]!) } as MalmquistIndices & { period: Cell; period_label: string };
    for (const key of KEYS) o[key] = geometricMean(arr[key], t * n, 1, n);
    periodMeans.push(o);
  }
  const dmuMeans = [];
  for (let j = 0; j < n; j++) {
    const o = { dmu: dmus[j]! } as MalmquistIndices & { dmu: Cell };
    for (const key of KEYS) o[key] = geometricMean(arr[key], n + j, n, T - 1);
    dmuMeans.push(o);
  }
  const overall = {} as MalmquistIndices;
  for (const key of KEYS) {
    const pm = Float64Array.from(periodMeans, (p) => p[key]);
    overall[key] = geometricMean(pm, 0, 1, pm.length);
  }
  const efficiency: EfficiencyRow[] = [];
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < n; j++) {
      const k = t * n + j;
      const crs = a.crsCurr[k]!, vrs = a.vrs[k]!;
      efficiency.push({
        dmu: dmus[j]!,
        period: periods[t]!,
        crs,
        vrs,
        scale: crs / vrs,
        crs_prev: t > 0 ? a.crsPrev[k]! : null,
        crs_next: t < T - 1 ? a.crsNext[k]! : null,
      });
    }
  }
  return new MalmquistResult(orientation, dmus, periods, rows, periodMeans, dmuMeans, overall, efficiency, a.lpCount);
}
