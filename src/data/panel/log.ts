/**
 * Natural logarithm of a column (`ln_x`, the outcome and control transform of the pilot-zone papers).
 *
 * Non-positive values have no logarithm. By default they are an error (`E_LOG_NONPOSITIVE`, naming the
 * first rows and the count), because a silent NaN would quietly drop observations from every later model.
 * With `nonPositive: 'missing'` they become missing values and the report counts them; with `shift` the
 * log is of `x + shift` (e.g. `log(1 + patents)`), stated in the report.
 */
import { OptionError, PilotzoneError } from '../../errors.js';
import { numericColumn, type Table } from '../table.js';
import { oneOf, outputName } from './options.js';

/** Options of {@link logColumn}. */
export interface LogOptions {
  /** New column name; default `ln_{column}`. */
  name?: string;
  /** What to do with values <= 0 (after `shift`): `'error'` (default) or `'missing'`. */
  nonPositive?: 'error' | 'missing';
  /** Constant added before taking the log; default 0. */
  shift?: number;
}

/** What {@link logColumn} reports. */
export interface LogReport {
  readonly column: string;
  readonly name: string;
  readonly shift: number;
  /** Values <= 0 after shifting, set to missing (only with `nonPositive: 'missing'`). */
  readonly nonPositive: number;
  /** First such rows, 1-based (at most 5). */
  readonly nonPositiveRows: readonly number[];
  /** Values already missing. */
  readonly missing: number;
}

/** Adds `ln(x + shift)` of numeric `column`. */
export function logColumn(table: Table, column: string, opts: LogOptions = {}): { table: Table; report: LogReport } {
  const mode = oneOf('nonPositive', opts.nonPositive, ['error', 'missing'], 'error');
  const shift = opts.shift ?? 0;
  if (!Number.isFinite(shift)) throw new OptionError('shift', `must be a finite number, got ${shift}.`);
  const name = outputName(opts.name ?? `ln_${column}`);
  const x = table.numeric(column, 'log');
  const out = new Float64Array(x.length);
  let bad = 0;
  let missing = 0;
  const rows: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i]! + shift;
    if (Number.isNaN(v)) {
      missing++;
      out[i] = NaN;
    } else if (v <= 0) {
      bad++;
      if (rows.length < 5) rows.push(i + 1);
      out[i] = NaN;
    } else out[i] = Math.log(v);
  }
  if (bad && mode === 'error') {
    throw new PilotzoneError(
      'E_LOG_NONPOSITIVE',
      `column "${column}"${shift ? ` + ${shift}` : ''} has ${bad} value(s) <= 0, which have no logarithm (rows ${rows.join(', ')}${bad > rows.length ? ', ...' : ''}).`,
      {
        hint: "Pass nonPositive: 'missing' to treat them as missing (they are then counted in the report), or a shift such as 1 for counts.",
        details: { column, count: bad, rows, shift },
      },
    );
  }
  return { table: table.withColumn(numericColumn(name, out)), report: { column, name, shift, nonPositive: bad, nonPositiveRows: rows, missing } };
}
