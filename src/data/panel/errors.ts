/**
 * Errors raised by the panel tools. Each names the columns, rows (1-based, as a spreadsheet shows them) and
 * values concerned, and says what to do next.
 */
import { PilotzoneError } from '../../errors.js';

/** One duplicated unit-time pair and the rows that carry it (1-based). */
export interface DuplicatePair {
  readonly unit: string | number;
  readonly time: number | string;
  readonly rows: readonly number[];
}

/**
 * Two or more rows share a unit-time pair. Lists the first offenders (by first row) and counts the rest.
 * `code` keeps the caller's error code (`E_DUPLICATE_ROWS` for `declarePanel`, `E_DUPLICATE_KEY` for the
 * indicators, `E_DUPLICATE_ROW` for did); `what` prefixes the message with the caller's name.
 */
export class DuplicateKeyError extends PilotzoneError {
  constructor(unit: string, time: string, shown: readonly DuplicatePair[], pairs: number, extraRows: number, opts: { code?: string; what?: string } = {}) {
    const list = shown.map((d) => `(${JSON.stringify(d.unit)}, ${JSON.stringify(d.time)}) at rows ${d.rows.join(', ')}`).join('; ');
    const d0 = shown[0]!;
    super(
      opts.code ?? 'E_DUPLICATE_ROWS',
      (opts.what ? `${opts.what}: ` : '') +
        `${pairs} ${unit}-${time} pair${pairs === 1 ? '' : 's'} appear${pairs === 1 ? 's' : ''} more than once ` +
        `(${extraRows} extra row${extraRows === 1 ? '' : 's'}): ${list}${pairs > shown.length ? '; ...' : ''}.`,
      {
        hint: `A panel has one row per ${unit} and ${time} (unit "${String(d0.unit)}" has rows ${d0.rows.join(', ')} for ${time} ${String(d0.time)}). ` +
          'Aggregate or drop the duplicates, or declare a finer unit.',
        details: { unit, time, pairs, extraRows, first: shown },
      },
    );
  }
}

/** The unit or time column has missing values. */
export class MissingKeyError extends PilotzoneError {
  constructor(column: string, role: 'unit' | 'time', firstRow: number, count: number, what?: string) {
    super(
      'E_MISSING_KEY',
      (what ? `${what}: ` : '') + `panel ${role} column "${column}" is missing at row ${firstRow + 1}` + (count > 1 ? ` (${count} rows in all).` : '.'),
      { hint: `Every row needs a ${role}: drop or fill those rows before declaring the panel.`, details: { column, role, row: firstRow + 1, count } },
    );
  }
}

/** The time column holds a value that is not a whole number (or is beyond the 32-bit range). */
export class NonIntegerTimeError extends PilotzoneError {
  constructor(column: string, row: number, value: number, count: number) {
    super(
      'E_NONINTEGER_TIME',
      `panel time column "${column}" must hold whole numbers (years, or period counters), but row ${row + 1} holds ${value}` +
        (count > 1 ? ` (${count} such rows).` : '.'),
      {
        hint: 'Convert dates to an integer period first (e.g. year, or year * 12 + month).',
        details: { column, row: row + 1, value, count },
      },
    );
  }
}
