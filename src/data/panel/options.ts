/** Option checks shared by the panel tools (validated at the boundary; errors name the option). */
import { OptionError } from '../../errors.js';
import type { Panel } from './panel.js';

/** A positive whole number (a lag order, a window). */
export function positiveInteger(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new OptionError(option, `must be a positive whole number, got ${value}.`);
  return value;
}

/** A result column name: non-empty, and not one of the panel's key columns (that would break the panel). */
export function outputName(name: string, panel?: Panel): string {
  if (typeof name !== 'string' || name.length === 0) throw new OptionError('name', 'the new column needs a non-empty name.');
  if (panel && (name === panel.unit || name === panel.time)) {
    throw new OptionError('name', `"${name}" is the panel's ${name === panel.unit ? 'unit' : 'time'} column; choose another name.`);
  }
  return name;
}

/** A value from a fixed set. */
export function oneOf<T extends string>(option: string, value: T | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw new OptionError(option, `"${String(value)}" is not allowed.`, allowed);
  return value;
}
