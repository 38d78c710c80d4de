/**
 * The one keying of a long panel (one row per unit and time) that every panel consumer shares:
 * {@link declarePanel}, the indicators (Malmquist, capital stock, city pairs) and the staggered-DID panel.
 *
 * Conventions (Stata `xtset`, R `plm::pdata.frame`, R did `pre_process_did`):
 * - units are numbered in sorted label order (numbers ascending, strings by code unit; `xtset`) or, with
 *   `unitOrder: 'appearance'`, in order of first appearance (R did, DEAP);
 * - times are the distinct values observed, ascending: numbers numerically; with `allowStringTime`, a text
 *   column keeps its labels and sorts them in natural order ("2010q2" < "2010q10");
 * - a missing unit or time is `E_MISSING_KEY`, a (unit, time) pair on two rows is a {@link DuplicateKeyError}
 *   listing the first offenders (with the caller's error code), never silently kept.
 * Sorting is two stable counting sorts (by time index, then by unit): O(n + units + times) after hashing.
 */
import type { Table } from '../table.js';
import { DuplicateKeyError, MissingKeyError, NonIntegerTimeError, type DuplicatePair } from './errors.js';

/** Options of {@link panelIndex}. */
export interface PanelIndexOptions {
  /** Names the caller in error messages (`malmquist`, `did`...); omitted for `declarePanel`. */
  readonly what?: string;
  /** Accept a text time column, keeping its labels in natural order (default: the time column is numeric). */
  readonly allowStringTime?: boolean;
  /** Numeric times must be whole 32-bit numbers (`E_NONINTEGER_TIME`), as `declarePanel` requires. */
  readonly integerTime?: boolean;
  /** `sorted` (default, `xtset`) or `appearance` (first row of each unit). */
  readonly unitOrder?: 'sorted' | 'appearance';
  /** Index only these table rows (ascending); the others get unit and time -1. Default: all rows. */
  readonly rows?: ArrayLike<number>;
  /** Error code of a duplicated (unit, time) pair (default `E_DUPLICATE_ROWS`). */
  readonly duplicateCode?: string;
}

/** What {@link panelIndex} returns. Per-row arrays have the table's length; rows left out hold -1. */
export interface PanelIndex {
  /** Unit number of each row, 0 .. nUnits - 1. */
  readonly unitOf: Int32Array;
  /** Label of each unit (the unit column's value). */
  readonly unitLabels: readonly (string | number)[];
  /** Time index of each row into {@link times}. */
  readonly timeOf: Int32Array;
  /** Distinct times, ascending (numbers, or text labels with `allowStringTime` and a text column). */
  readonly times: readonly (string | number)[];
  /** Indexed rows sorted by unit, then time. */
  readonly order: Int32Array;
  /** `order[unitStart[u] .. unitStart[u + 1])` are unit `u`'s rows, by time. Length nUnits + 1. */
  readonly unitStart: Int32Array;
}

/**
 * Indexes the (unit, time) keys of `table`. Throws `E_MISSING_COLUMN`, `E_MISSING_KEY`, `E_NON_NUMERIC`
 * (text time without `allowStringTime`), `E_NONINTEGER_TIME` (with `integerTime`) and a duplicate-pair error.
 */
export function panelIndex(table: Table, unit: string, time: string, opts: PanelIndexOptions = {}): PanelIndex {
  const what = opts.what;
  const ucol = table.column(unit, what ?? 'panel unit');
  const tcol = table.column(time, what ?? 'panel time');
  const textTime = opts.allowStringTime === true && tcol.kind === 'string';
  const rawTime = textTime ? undefined : table.numeric(time, what ?? 'panel time');
  const n = table.nrows;
  const rows = opts.rows ?? identity(n);
  const m = rows.length;

  // 1. unit codes, in first-appearance order (text units through their level codes, numbers through a hash)
  const unitOf = new Int32Array(n).fill(-1);
  let missFirst = -1;
  let missCount = 0;
  const labels: (string | number)[] = [];
  if (ucol.kind === 'string') {
    const levelUnit = new Int32Array(ucol.levels.length).fill(-1);
    for (let k = 0; k < m; k++) {
      const r = rows[k]!;
      const c = ucol.codes[r]!;
      if (c < 0) {
        if (missFirst < 0) missFirst = r;
        missCount++;
        continue;
      }
      let u = levelUnit[c]!;
      if (u < 0) {
        u = levelUnit[c] = labels.length;
        labels.push(ucol.levels[c]!);
      }
      unitOf[r] = u;
    }
  } else {
    const firstCode = new Map<number, number>();
    for (let k = 0; k < m; k++) {
      const r = rows[k]!;
      const v = ucol.values[r]!;
      if (Number.isNaN(v)) {
        if (missFirst < 0) missFirst = r;
        missCount++;
        continue;
      }
      let u = firstCode.get(v);
      if (u === undefined) {
        u = labels.length;
        firstCode.set(v, u);
        labels.push(v);
      }
      unitOf[r] = u;
    }
  }
  if (missCount) throw new MissingKeyError(unit, 'unit', missFirst, missCount, what);
  let unitLabels = labels;
  if (opts.unitOrder !== 'appearance') {
    const byLabel = labels.map((_, u) => u);
    byLabel.sort(ucol.kind === 'string'
      ? (a, b) => (labels[a]! < labels[b]! ? -1 : labels[a]! > labels[b]! ? 1 : 0)
      : (a, b) => (labels[a] as number) - (labels[b] as number));
    const remap = new Int32Array(labels.length);
    byLabel.forEach((u, s) => (remap[u] = s));
    for (let k = 0; k < m; k++) unitOf[rows[k]!] = remap[unitOf[rows[k]!]!]!;
    unitLabels = byLabel.map((u) => labels[u]!);
  }

  // 2. time indices
  const { timeOf, times } = rawTime === undefined && tcol.kind === 'string'
    ? textTimes(tcol.codes, tcol.levels, rows, n, time, what)
    : numericTimes(rawTime!, rows, time, what, opts.integerTime ?? false);

  // 3. stable counting sorts: by time, then by unit -> rows sorted by (unit, time)
  const T = times.length;
  const timeStart = new Int32Array(T + 1);
  for (let k = 0; k < m; k++) timeStart[timeOf[rows[k]!]! + 1]!++;
  for (let t = 0; t < T; t++) timeStart[t + 1]! += timeStart[t]!;
  const byTime = new Int32Array(m);
  for (let k = 0; k < m; k++) byTime[timeStart[timeOf[rows[k]!]!]!++] = rows[k]!;
  const U = unitLabels.length;
  const unitStart = new Int32Array(U + 1);
  for (let k = 0; k < m; k++) unitStart[unitOf[rows[k]!]! + 1]!++;
  for (let u = 0; u < U; u++) unitStart[u + 1]! += unitStart[u]!;
  const next = unitStart.slice(0, U);
  const order = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    const r = byTime[j]!;
    order[next[unitOf[r]!]!++] = r;
  }
  checkDuplicates(order, unitOf, timeOf, unitLabels, times, unit, time, what, opts.duplicateCode);
  return { unitOf, unitLabels, timeOf, times, order, unitStart };
}

/**
 * Row of every (unit, time) cell, row-major by unit: `cells[u * times.length + t]`, -1 when absent.
 * O(units * times) memory: for the dense grids the indicators work on.
 */
export function cellRows(index: PanelIndex): Int32Array {
  const T = index.times.length;
  const out = new Int32Array(index.unitLabels.length * T).fill(-1);
  const { order, unitOf, timeOf } = index;
  for (let j = 0; j < order.length; j++) {
    const r = order[j]!;
    out[unitOf[r]! * T + timeOf[r]!] = r;
  }
  return out;
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function numericTimes(raw: Float64Array, rows: ArrayLike<number>, name: string, what: string | undefined, integer: boolean): { timeOf: Int32Array; times: number[] } {
  const n = raw.length;
  const m = rows.length;
  let missFirst = -1;
  let missCount = 0;
  let badFirst = -1;
  let badCount = 0;
  let allInt = true;
  let tmin = Infinity;
  let tmax = -Infinity;
  for (let k = 0; k < m; k++) {
    const r = rows[k]!;
    const t = raw[r]!;
    if (Number.isNaN(t)) {
      if (missFirst < 0) missFirst = r;
      missCount++;
      continue;
    }
    const whole = Number.isInteger(t) && t <= 2147483647 && t >= -2147483648;
    if (!whole) {
      allInt = false;
      if (integer) {
        if (badFirst < 0) badFirst = r;
        badCount++;
      }
    }
    if (t < tmin) tmin = t;
    if (t > tmax) tmax = t;
  }
  if (missCount) throw new MissingKeyError(name, 'time', missFirst, missCount, what);
  if (badCount) throw new NonIntegerTimeError(name, badFirst, raw[badFirst]!, badCount);
  const timeOf = new Int32Array(n).fill(-1);
  if (m > 0 && allInt && tmax - tmin <= 4 * m + 4096) {
    // Whole-number times over a range comparable to n: a direct table, no hashing.
    const range = tmax - tmin + 1;
    const slot = new Int32Array(range).fill(-1);
    for (let k = 0; k < m; k++) slot[raw[rows[k]!]! - tmin] = 0;
    const times: number[] = [];
    for (let j = 0; j < range; j++) if (slot[j] === 0) slot[j] = times.push(tmin + j) - 1;
    for (let k = 0; k < m; k++) timeOf[rows[k]!] = slot[raw[rows[k]!]! - tmin]!;
    return { timeOf, times };
  }
  const seen = new Map<number, number>();
  for (let k = 0; k < m; k++) seen.set(raw[rows[k]!]!, 0);
  const times = [...seen.keys()].sort((a, b) => a - b);
  times.forEach((t, k) => seen.set(t, k));
  for (let k = 0; k < m; k++) timeOf[rows[k]!] = seen.get(raw[rows[k]!]!)!;
  return { timeOf, times };
}

function textTimes(codes: Int32Array, levels: readonly string[], rows: ArrayLike<number>, n: number, name: string, what: string | undefined): { timeOf: Int32Array; times: string[] } {
  const m = rows.length;
  const used = new Int32Array(levels.length).fill(-1);
  let missFirst = -1;
  let missCount = 0;
  const present: number[] = [];
  for (let k = 0; k < m; k++) {
    const c = codes[rows[k]!]!;
    if (c < 0) {
      if (missFirst < 0) missFirst = rows[k]!;
      missCount++;
    } else if (used[c]! < 0) {
      used[c] = 0;
      present.push(c);
    }
  }
  if (missCount) throw new MissingKeyError(name, 'time', missFirst, missCount, what);
  present.sort((a, b) => levels[a]!.localeCompare(levels[b]!, undefined, { numeric: true }));
  present.forEach((c, k) => (used[c] = k));
  const timeOf = new Int32Array(n).fill(-1);
  for (let k = 0; k < m; k++) timeOf[rows[k]!] = used[codes[rows[k]!]!]!;
  return { timeOf, times: present.map((c) => levels[c]!) };
}

function checkDuplicates(
  order: Int32Array, unitOf: Int32Array, timeOf: Int32Array, labels: readonly (string | number)[], times: readonly (string | number)[],
  unit: string, time: string, what: string | undefined, code: string | undefined,
): void {
  let groups: { first: number; rows: number[] }[] | undefined;
  let extra = 0;
  for (let j = 1; j < order.length; j++) {
    const a = order[j - 1]!;
    const b = order[j]!;
    if (unitOf[a] !== unitOf[b] || timeOf[a] !== timeOf[b]) continue;
    groups ??= [];
    extra++;
    const last = groups[groups.length - 1];
    if (last && last.rows[last.rows.length - 1] === a) last.rows.push(b);
    else groups.push({ first: a, rows: [a, b] });
  }
  if (!groups) return;
  // Rows within a pair are in input order (the sorts are stable); list pairs by their first row.
  groups.sort((g, h) => g.first - h.first);
  const shown: DuplicatePair[] = groups.slice(0, 5).map((g) => ({
    unit: labels[unitOf[g.first]!]!,
    time: times[timeOf[g.first]!]!,
    rows: g.rows.map((r) => r + 1),
  }));
  throw new DuplicateKeyError(unit, time, shown, groups.length, extra, { ...(what ? { what } : {}), ...(code ? { code } : {}) });
}
