/**
 * Balance report of a panel: how many units and periods, which unit-period cells are absent, and which
 * units have interior gaps (absent years between their first and last observation, where lags are missing
 * and `interpolateGaps` would fill). Like Stata's `xtdescribe` / `xtset` summary, as data plus a text.
 */
import { PilotzoneError } from '../../errors.js';
import type { PanelIndex } from './keys.js';
import type { Panel } from './panel.js';

/** One unit that is not observed in every period. */
export interface UnitGaps {
  readonly unit: string | number;
  /** First and last time the unit is observed. */
  readonly first: number;
  readonly last: number;
  /** Number of rows of the unit. */
  readonly observed: number;
  /** Panel periods (times observed for some unit) at which this unit has no row. */
  readonly missing: readonly number[];
  /** Whole-number times strictly between `first` and `last` without a row (gaps for lags and interpolation). */
  readonly interior: readonly number[];
}

/** What {@link balanceReport} returns. */
export interface BalanceReport {
  readonly unit: string;
  readonly time: string;
  /** Number of units, of distinct periods observed, and of rows. */
  readonly units: number;
  readonly periods: number;
  readonly rows: number;
  readonly firstPeriod: number | null;
  readonly lastPeriod: number | null;
  /** Every unit has a row for every period. */
  readonly balanced: boolean;
  /** `units * periods - rows`: absent unit-period cells. */
  readonly missingCells: number;
  /** Whole-number times between the first and last period at which no unit is observed. */
  readonly timesWithoutData: readonly number[];
  /** Units with an absent period or an interior gap, in unit order. */
  readonly unitsWithGaps: readonly UnitGaps[];
  /** Count of units with interior gaps. */
  readonly unitsWithInteriorGaps: number;
  /** Rows per unit: minimum, maximum, mean. */
  readonly rowsPerUnit: { readonly min: number; readonly max: number; readonly mean: number };
}

/**
 * Counts units, periods and absent cells, and lists every unit with gaps (O(n + units * periods) for the
 * lists; the counts alone are O(n)). The period set is the distinct times observed in the panel.
 */
export function balanceReport(panel: Panel): BalanceReport {
  const { order, unitStart, timeOf, times } = panel;
  const U = panel.nUnits;
  const P = times.length;
  const periodIndex = new Map<number, number>();
  times.forEach((t, k) => periodIndex.set(t, k));
  const unitsWithGaps: UnitGaps[] = [];
  let interiorUnits = 0;
  let min = Infinity;
  let max = 0;
  const seen = new Uint8Array(P);
  for (let u = 0; u < U; u++) {
    const a = unitStart[u]!;
    const b = unitStart[u + 1]!;
    const m = b - a;
    if (m < min) min = m;
    if (m > max) max = m;
    const first = timeOf[order[a]!]!;
    const last = timeOf[order[b - 1]!]!;
    const hasInterior = last - first + 1 > m;
    if (hasInterior) interiorUnits++;
    if (m === P && !hasInterior) continue;
    seen.fill(0);
    for (let j = a; j < b; j++) seen[periodIndex.get(timeOf[order[j]!]!)!] = 1;
    const missing: number[] = [];
    for (let k = 0; k < P; k++) if (!seen[k]) missing.push(times[k]!);
    const interior: number[] = [];
    if (hasInterior) {
      for (let j = a + 1; j < b; j++) {
        const t0 = timeOf[order[j - 1]!]!;
        const t1 = timeOf[order[j]!]!;
        for (let t = t0 + 1; t < t1; t++) interior.push(t);
      }
    }
    unitsWithGaps.push({ unit: panel.unitLabels[u]!, first, last, observed: m, missing, interior });
  }
  const timesWithoutData: number[] = [];
  for (let k = 1; k < P; k++) for (let t = times[k - 1]! + 1; t < times[k]!; t++) timesWithoutData.push(t);
  const rows = panel.nrows;
  return {
    unit: panel.unit,
    time: panel.time,
    units: U,
    periods: P,
    rows,
    firstPeriod: P ? times[0]! : null,
    lastPeriod: P ? times[P - 1]! : null,
    balanced: rows === U * P,
    missingCells: U * P - rows,
    timesWithoutData,
    unitsWithGaps,
    unitsWithInteriorGaps: interiorUnits,
    rowsPerUnit: { min: U ? min : 0, max, mean: U ? rows / U : 0 },
  };
}

/** Printable summary of a {@link BalanceReport}; lists at most `maxUnits` units with gaps. */
export function formatBalanceReport(r: BalanceReport, opts: { maxUnits?: number } = {}): string {
  const maxUnits = opts.maxUnits ?? 10;
  const lines: string[] = [];
  const span = r.firstPeriod === null ? 'no periods' : `${r.firstPeriod}-${r.lastPeriod}`;
  lines.push(`Panel ${r.unit} x ${r.time}: ${r.units} units, ${r.periods} periods (${span}), ${r.rows} rows.`);
  if (r.balanced) lines.push('Balanced: every unit is observed in every period.');
  else {
    lines.push(
      `Unbalanced: ${r.missingCells} of ${r.units * r.periods} unit-period cells absent; ` +
        `${r.unitsWithGaps.length} units incomplete, ${r.unitsWithInteriorGaps} with interior gaps. ` +
        `Rows per unit: min ${r.rowsPerUnit.min}, mean ${r.rowsPerUnit.mean.toFixed(2)}, max ${r.rowsPerUnit.max}.`,
    );
  }
  if (r.timesWithoutData.length) lines.push(`No unit observed in: ${r.timesWithoutData.join(', ')}.`);
  for (const g of r.unitsWithGaps.slice(0, maxUnits)) {
    const interior = g.interior.length ? `; interior gaps ${g.interior.join(', ')}` : '';
    lines.push(`  ${g.unit}: ${g.observed} rows ${g.first}-${g.last}, absent ${g.missing.join(', ')}${interior}`);
  }
  if (r.unitsWithGaps.length > maxUnits) lines.push(`  ... and ${r.unitsWithGaps.length - maxUnits} more units.`);
  return lines.join('\n');
}

/**
 * Throws `E_UNBALANCED_PANEL` naming the first unit (in index order) that lacks one of the index's times,
 * the times it lacks, and how many units are incomplete. `what` names the computation ("the Malmquist
 * index"), `unit` and `time` the key columns. O(n + units * times) only when it throws.
 */
export function requireBalanced(index: PanelIndex, what: string, unit: string, time: string): void {
  const { unitStart, order, timeOf, times, unitLabels } = index;
  const T = times.length;
  const U = unitLabels.length;
  let first = -1;
  let incomplete = 0;
  for (let u = 0; u < U; u++) {
    if (unitStart[u + 1]! - unitStart[u]! === T) continue;
    if (first < 0) first = u;
    incomplete++;
  }
  if (first < 0) return;
  const seen = new Uint8Array(T);
  for (let j = unitStart[first]!; j < unitStart[first + 1]!; j++) seen[timeOf[order[j]!]!] = 1;
  const missing: (string | number)[] = [];
  for (let t = 0; t < T; t++) if (!seen[t]) missing.push(times[t]!);
  const label = unitLabels[first]!;
  throw new PilotzoneError(
    'E_UNBALANCED_PANEL',
    `${what} needs a balanced panel: unit ${JSON.stringify(label)} (column "${unit}") has no row for ${time} ${missing.map((m) => JSON.stringify(m)).join(', ')}` +
      (incomplete > 1 ? ` (${incomplete} units are incomplete).` : '.'),
    { hint: 'Drop the incomplete units or fill the missing periods before computing the index.', details: { unit: label, missing, incompleteUnits: incomplete } },
  );
}
