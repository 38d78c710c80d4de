/**
 * Deflating a nominal column to constant base-year prices: `real_t = nominal_t * P_base / P_t`, where `P` is
 * a price index (any base: only ratios matter). Seed 001 deflates city GDP to 2011 prices with the
 * province's GDP deflator merged onto each city; its capital stock uses the investment deflator the same way.
 *
 * `base: 'unit'` (default) takes `P_base` from the unit's own row at the base year (a provincial or city
 * index); `base: 'common'` takes one national `P_base` from the base-year rows, which must all agree. A unit
 * without a usable base-year index is an error naming it; a missing `P_t` gives a missing real value (the
 * nominal value cannot be deflated), and a non-positive index is an error.
 */
import { PilotzoneError } from '../../errors.js';
import { numericColumn, type Table } from '../table.js';
import { oneOf, outputName } from './options.js';
import type { Panel } from './panel.js';

/** Options of {@link deflate}. */
export interface DeflateOptions {
  /** New column name; default `{column}_real`. */
  name?: string;
  /** Where `P_base` comes from: each unit's base-year row (`'unit'`, default) or one common value (`'common'`). */
  base?: 'unit' | 'common';
}

/** Adds `column * P_base / P_t` with `P` = column `deflator`, at constant `baseYear` prices. */
export function deflate(panel: Panel, column: string, deflator: string, baseYear: number, opts: DeflateOptions = {}): Table {
  const mode = oneOf('base', opts.base, ['unit', 'common'], 'unit');
  const name = outputName(opts.name ?? `${column}_real`, panel);
  const x = panel.table.numeric(column, 'deflate');
  const p = panel.table.numeric(deflator, 'deflate');
  const n = x.length;
  for (let i = 0; i < n; i++) {
    if (p[i]! <= 0) {
      throw new PilotzoneError('E_DEFLATOR_NONPOSITIVE', `deflator "${deflator}" is ${p[i]} at row ${i + 1}; a price index must be positive.`, {
        details: { column: deflator, row: i + 1, value: p[i] },
      });
    }
  }
  const baseOfUnit = new Float64Array(panel.nUnits).fill(NaN);
  for (let i = 0; i < n; i++) if (panel.timeOf[i] === baseYear) baseOfUnit[panel.unitIndex[i]!] = p[i]!;
  if (mode === 'common') {
    let common = NaN;
    let from = -1;
    for (let u = 0; u < panel.nUnits; u++) {
      const b = baseOfUnit[u]!;
      if (Number.isNaN(b)) continue;
      if (Number.isNaN(common)) {
        common = b;
        from = u;
      } else if (b !== common) {
        throw new PilotzoneError('E_DEFLATOR_BASE', `base: 'common' needs one ${baseYear} value of "${deflator}", but it is ${common} for ${JSON.stringify(panel.unitLabels[from])} and ${b} for ${JSON.stringify(panel.unitLabels[u])}.`, {
          hint: "Use base: 'unit' for a regional index, or merge a single national index.",
          details: { column: deflator, baseYear },
        });
      }
    }
    if (Number.isNaN(common)) throw baseMissing(deflator, baseYear, ['(every unit)'], panel.nUnits);
    baseOfUnit.fill(common);
  } else {
    const lacking: (string | number)[] = [];
    for (let u = 0; u < panel.nUnits; u++) if (Number.isNaN(baseOfUnit[u]!)) lacking.push(panel.unitLabels[u]!);
    if (lacking.length) throw baseMissing(deflator, baseYear, lacking.slice(0, 5), lacking.length);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (x[i]! * baseOfUnit[panel.unitIndex[i]!]!) / p[i]!;
  return panel.table.withColumn(numericColumn(name, out));
}

function baseMissing(deflator: string, baseYear: number, shown: readonly (string | number)[], count: number): PilotzoneError {
  return new PilotzoneError(
    'E_DEFLATOR_BASE',
    `deflator "${deflator}" has no ${baseYear} (base year) value for ${count} unit(s): ${shown.map((s) => JSON.stringify(s)).join(', ')}${count > shown.length ? ', ...' : ''}.`,
    { hint: "Choose a base year every unit has, fill the index, or use base: 'common' with a national index.", details: { column: deflator, baseYear, count, units: shown } },
  );
}
