/**
 * DEA technical efficiency of one cross-section: CCR (Charnes, Cooper & Rhodes 1978, CRS) and BCC (Banker,
 * Charnes & Cooper 1984, VRS), input or output orientation, optional second-stage slacks.
 */
import { OptionError, PilotzoneError } from '../../errors.js';
import type { Cell, Table } from '../../data/table.js';
import { cellOf } from '../../data/table.js';
import { DenseSimplex } from './simplex.js';
import { maxSlacks, type DeaBlock, type Orientation, type Rts } from './envelopment.js';
import { ownFrontierScores } from './frontier.js';

/** Options of {@link deaScores} and {@link dea}. */
export interface DeaOptions {
  /** `crs` (CCR, default) or `vrs` (BCC). */
  rts?: Rts;
  /** `input` (default) or `output`. */
  orientation?: Orientation;
  /** Also compute second-stage slacks (max sum of slacks in the data's units, as R Benchmarking `slack()`). */
  slacks?: boolean;
}

/** Scores of every unit of a block. */
export interface DeaScores {
  /** te <= 1: input theta, or 1/phi in output orientation (DEAP 2.1 convention). */
  te: Float64Array;
  /** Units that span the frontier (te = 1 within 1e-9). */
  frontier: Int32Array;
  /** Input slacks `[j * m + i]` (with `slacks: true`). */
  inputSlacks?: Float64Array;
  /** Output slacks `[j * s + r]` (with `slacks: true`). */
  outputSlacks?: Float64Array;
}

function checkOptions(options: DeaOptions): { rts: Rts; orientation: Orientation } {
  const rts = options.rts ?? 'crs';
  const orientation = options.orientation ?? 'input';
  if (rts !== 'crs' && rts !== 'vrs') throw new OptionError('rts', `"${String(rts)}" is not allowed.`, ['crs', 'vrs']);
  if (orientation !== 'input' && orientation !== 'output') throw new OptionError('orientation', `"${String(orientation)}" is not allowed.`, ['input', 'output']);
  return { rts, orientation };
}

/** DEA scores of a block of strictly positive data (unit-major arrays, see {@link DeaBlock}). */
export function deaScores(block: DeaBlock, options: DeaOptions = {}): DeaScores {
  const { rts, orientation } = checkOptions(options);
  const { n, m, s, X, Y } = block;
  const lp = new DenseSimplex(m + s + 1, n + m + s + 1);
  const own = ownFrontierScores(lp, block, rts, orientation);
  const out: DeaScores = { te: own.te, frontier: own.frontier };
  if (options.slacks) {
    const si = new Float64Array(n * m), so = new Float64Array(n * s);
    for (let j = 0; j < n; j++) {
      const sl = maxSlacks(lp, block, own.frontier, own.frontier.length, X, j * m, Y, j * s, rts, orientation, own.te[j]!);
      if (!sl) throw new Error(`DEA slack LP failed for unit ${j}`);
      si.set(sl.input, j * m);
      so.set(sl.output, j * s);
    }
    out.inputSlacks = si;
    out.outputSlacks = so;
  }
  return out;
}

/** One unit's DEA result as a plain row. */
export interface DeaRow {
  dmu: Cell;
  te: number;
  /** Slacks by column name (with `slacks: true`). */
  slacks?: Record<string, number>;
}

/**
 * DEA efficiency of each row of `table` (one row per DMU): CCR/BCC, input/output orientation. Inputs and
 * outputs must be strictly positive (`E_DEA_NONPOSITIVE`, `E_DEA_MISSING`).
 */
export function dea(table: Table, spec: { dmu: string; inputs: readonly string[]; outputs: readonly string[] } & DeaOptions): DeaRow[] {
  const n = table.nrows, m = spec.inputs.length, s = spec.outputs.length;
  if (!m) throw new OptionError('inputs', 'at least one input column is required.');
  if (!s) throw new OptionError('outputs', 'at least one output column is required.');
  const dmuCol = table.column(spec.dmu, 'dea');
  const block: DeaBlock = { n, m, s, X: new Float64Array(n * m), Y: new Float64Array(n * s) };
  const fill = (cols: readonly string[], dst: Float64Array, w: number, role: string) =>
    cols.forEach((name, c) => {
      const v = table.numeric(name, `dea ${role}`);
      for (let j = 0; j < n; j++) {
        const x = v[j]!;
        if (!(x > 0) || !Number.isFinite(x)) {
          throw new PilotzoneError(Number.isNaN(x) ? 'E_DEA_MISSING' : 'E_DEA_NONPOSITIVE', `dea: ${role} column "${name}" must be strictly positive, but row ${j + 1} is ${Number.isNaN(x) ? 'missing' : x}.`, {
            hint: 'DEA needs strictly positive inputs and outputs.',
            details: { column: name, row: j + 1, value: x },
          });
        }
        dst[j * w + c] = x;
      }
    });
  fill(spec.inputs, block.X, m, 'input');
  fill(spec.outputs, block.Y, s, 'output');
  const r = deaScores(block, spec);
  const rows: DeaRow[] = [];
  for (let j = 0; j < n; j++) {
    const row: DeaRow = { dmu: cellOf(dmuCol, j), te: r.te[j]! };
    if (r.inputSlacks && r.outputSlacks) {
      const sl: Record<string, number> = {};
      spec.inputs.forEach((name, i) => (sl[name] = r.inputSlacks![j * m + i]!));
      spec.outputs.forEach((name, k) => (sl[name] = r.outputSlacks![j * s + k]!));
      row.slacks = sl;
    }
    rows.push(row);
  }
  return rows;
}
