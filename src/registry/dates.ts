/**
 * Calendar dates of the registry (YYYY-MM-DD strings, compared as strings) and the rule that turns an
 * approval date into the first treated year of an annual panel.
 */
import { PilotzoneError } from '../errors.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks a YYYY-MM-DD date (a real calendar day) and returns it; a bare year `YYYY` is read as its last
 * day (`2019` -> `2019-12-31`, i.e. "the policy as known at the end of 2019"). Throws `E_BAD_DATE` naming the
 * option otherwise.
 */
export function parseDate(value: string, option: string): string {
  const v = value.trim();
  if (/^\d{4}$/.test(v)) return `${v}-12-31`;
  const m = DATE_RE.exec(v);
  if (m) {
    const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d) return v;
  }
  throw new PilotzoneError('E_BAD_DATE', `option ${option}: "${value}" is not a date.`, {
    hint: 'Give a calendar date as YYYY-MM-DD (e.g. 2019-12-31) or a year (YYYY, read as its 31 December).',
    details: { option, value },
  });
}

/** Checks an `MM-DD` cut-off (e.g. `07-01`). */
export function parseMonthDay(value: string, option: string): string {
  const v = value.trim();
  const m = /^(\d{2})-(\d{2})$/.exec(v);
  if (m) {
    const mo = Number(m[1]), d = Number(m[2]);
    const dt = new Date(Date.UTC(2000, mo - 1, d)); // leap year: 02-29 allowed
    if (dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d) return v;
  }
  throw new PilotzoneError('E_BAD_DATE', `option ${option}: "${value}" is not a month-day cut-off.`, {
    hint: 'Give the cut-off as MM-DD, e.g. 07-01 (approvals on or after 1 July count from the next year).',
    details: { option, value },
  });
}

/**
 * First year an annual panel counts as treated for a policy dated `date`.
 * Default (`cutoff` undefined): the calendar year of the date, the convention of the seed papers (Foshan,
 * approved 2019-12-15, is treated from 2019 in seed 000). With `cutoff` `MM-DD`, a date on or after that day
 * of its year counts from the next year (e.g. `07-01`: approvals in the second half-year start the next year).
 */
export function treatedYear(date: string, cutoff?: string): number {
  const y = Number(date.slice(0, 4));
  if (cutoff !== undefined && date.slice(5) >= cutoff) return y + 1;
  return y;
}
