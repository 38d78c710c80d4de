/**
 * Errors and warnings shared by every module.
 *
 * Every error a user can cause is a {@link PilotzoneError} with a stable `code`, a message that names the
 * offending column / row / option / value, and an optional `hint` saying what to do next. The CLI prints
 * `message` (and `hint`) on stderr and exits 2; it never prints a stack trace for these.
 *
 * Warnings are for data that is kept but suspicious (an unbalanced panel, a treated unit outside the
 * donors' convex hull...): they are collected on results, printed, and never thrown.
 */

/** Base class of every user-facing error. */
export class PilotzoneError extends Error {
  /** Stable machine-readable code, e.g. `E_MISSING_COLUMN`. */
  readonly code: string;
  /** What the user can do about it. */
  readonly hint: string | undefined;
  /** Structured details (column, row, option, values...) for programmatic use and JSON output. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, opts: { hint?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'PilotzoneError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details;
  }

  /** One paragraph: message plus hint. */
  describe(): string {
    if (!this.hint) return this.message;
    return this.message.includes('\n') ? `${this.message}\n${this.hint}` : `${this.message} ${this.hint}`;
  }
}

/** A column named by the user does not exist. Lists the available columns. */
export class MissingColumnError extends PilotzoneError {
  constructor(column: string, available: readonly string[], context?: string) {
    const shown = available.slice(0, 30).join(', ') + (available.length > 30 ? `, ... (${available.length} in all)` : '');
    super('E_MISSING_COLUMN', `${context ? context + ': ' : ''}column "${column}" not found.`, {
      hint: `Available columns: ${shown}.`,
      details: { column, available },
    });
  }
}

/** A column that must be numeric holds a value that is not a number. Names the first offending row. */
export class NonNumericError extends PilotzoneError {
  constructor(column: string, row: number, value: string, count = 1) {
    super(
      'E_NON_NUMERIC',
      `column "${column}" must be numeric, but row ${row + 1} holds "${value}"` +
        (count > 1 ? ` (${count} non-numeric cells in all).` : '.'),
      {
        hint: 'Clean the column, or mark missing values as empty, NA or "." so they are read as missing.',
        details: { column, row: row + 1, value, count },
      },
    );
  }
}

/** An option has a value that is not allowed. Lists the allowed values when there is a finite set. */
export class OptionError extends PilotzoneError {
  constructor(option: string, message: string, allowed?: readonly (string | number)[]) {
    super('E_OPTION', `option ${option}: ${message}`, {
      hint: allowed ? `Allowed values: ${allowed.join(', ')}.` : undefined,
      details: { option, allowed },
    });
  }
}

/** A file could not be read or written, or its format is not what it claims. */
export class DataFileError extends PilotzoneError {
  constructor(path: string, message: string, hint?: string) {
    super('E_DATA_FILE', `${path}: ${message}`, { hint, details: { path } });
  }
}

/** The user asked a long computation to stop (AbortSignal). */
export class CancelledError extends PilotzoneError {
  constructor(what = 'computation') {
    super('E_CANCELLED', `${what} was cancelled.`);
  }
}

/** A warning kept on a result: data was used, but something about it deserves attention. */
export interface Warning {
  /** Stable code, e.g. `W_UNBALANCED`. */
  readonly code: string;
  /** Human-readable text naming the columns / units / values concerned. */
  readonly message: string;
}

/** Throws {@link CancelledError} when the signal has been aborted. Call it between units of work. */
export function throwIfCancelled(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw new CancelledError(what);
}
