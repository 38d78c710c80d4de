/**
 * Errors raised by the panel tools. Each names the columns, rows (1-based, as a spreadsheet shows them) and
 * values concerned, and says what to do next.
 */
import { PilotzoneError } from '../../errors.js';

/** One duplicated unit-time pair and the rows that carry it (1-based). */
export interface DuplicatePair {
  readonly unit: string | number;
  readonly time: number;
  readonly rows: readonly number[];
}

/** Two or more rows share a unit-time pair. Lists the first offenders (by first row) and counts the rest. */
export class DuplicateKeyError extends PilotzoneError {
  constructor(unit: string, time: string, shown: readonly DuplicatePair[], pairs: number, extraRows: number) {
    const list = shown.map((d) => `(${JSON.stringify(d.unit)}, ${d.time}) at rows ${d.rows.join(', ')}`).join('; ');
    super(
      'E_DUPLICATE_ROWS',
      `${pairs} ${unit}-${time} pair${pairs === 1 ? '' : 's'} appear${pairs === 1 ? 's' : ''} more than once ` +
        `(${extraRows} extra row${extraRows === 1 ? '' : 's'}): ${list}${pairs > shown.length ? '; ...' : ''}.`,
      {
        hint: `A panel has one row per ${unit} and ${time}. Aggregate or drop the duplicates, or declare a finer unit.`,
        details: { unit, time, pairs, extraRows, first: shown },
      },
    );
  }
}

/** The unit or time column has missing values. */
export class MissingKeyError extends PilotzoneError {
  constructor(column: string, role: 'unit' | 'time', firstRow: number, count: number) {
    super(
      'E_MISSING_KEY',
      `panel ${role} column "${column}" is missing at row ${firstRow + 1}` + (count > 1 ? ` (${count} rows in all).` : '.'),
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
