/**
 * Errors raised while reading or writing data files.
 *
 * Every one is a {@link DataFileError} (so callers can catch file problems as one class) with a specific,
 * stable `code` and `details` naming the path and, where it applies, the line, column and counts:
 *
 * | code | when |
 * | --- | --- |
 * | `E_FILE_NOT_FOUND` | the path does not exist |
 * | `E_FILE_UNREADABLE` | the path exists but cannot be read (a directory, no permission) |
 * | `E_UNSUPPORTED_FORMAT` | the extension is not one we read / write (the hint lists those we do) |
 * | `E_EMPTY_FILE` | the file holds no header row at all |
 * | `E_FIELD_COUNT` | a CSV/TSV row has more or fewer fields than the header (names the line and both counts) |
 * | `E_UNTERMINATED_QUOTE` | a quoted CSV field is still open at the end of the file (names the line where it opened) |
 * | `E_MALFORMED_FILE` | the content is not what the extension claims (bad .dta tags, invalid JSON, unreadable XLSX/Parquet) |
 * | `E_WRITE_FAILED` | the output could not be written |
 * | `E_DTA_LIMIT` | a table cannot be stored in .dta (a bad variable name, too many variables, a label too long) |
 */
import { DataFileError } from '../../errors.js';

/** A {@link DataFileError} with a specific code and structured details. */
export class DataReadError extends DataFileError {
  override readonly code: string;
  override readonly details: Record<string, unknown>;

  constructor(code: string, path: string, message: string, opts: { hint?: string; details?: Record<string, unknown> } = {}) {
    super(path, message, opts.hint);
    this.name = 'DataReadError';
    this.code = code;
    this.details = { path, ...(opts.details ?? {}) };
  }
}
