/**
 * Entropy-weight composite index (the "熵值法" of the Chinese regional-development literature, e.g. seed 004's
 * nine-indicator development level; Shannon entropy as an information weight, Zeleny 1982):
 *
 * 1. min-max standardisation per indicator j over the n observations of the weighting group:
 *    positive indicator x'_ij = (x_ij - min_j) / (max_j - min_j); negative x'_ij = (max_j - x_ij) / (max_j - min_j);
 * 2. shift: x''_ij = x'_ij + shift (default 0.0001, the usual choice, so that no share is 0 and ln is defined;
 *    with shift = 0 the convention 0 ln 0 = 0 is used);
 * 3. shares p_ij = x''_ij / sum_i x''_ij; entropy e_j = -(1 / ln n) sum_i p_ij ln p_ij;
 * 4. divergence d_j = 1 - e_j; weight w_j = d_j / sum_k d_k;
 * 5. composite score_i = sum_j w_j x''_ij (in [shift, 1 + shift]).
 *
 * Weights are pooled over all rows (every unit-year is one observation, the default) or computed per group
 * (`by`, e.g. the year, so each year has its own weights and standardisation). A constant indicator within a
 * group has no range to standardise: `E_CONSTANT_INDICATOR`. Missing values are an error
 * (`E_MISSING_VALUE`): impute or drop them first, the method has no rule for them.
 */
import { OptionError, PilotzoneError } from '../errors.js';
import { cellOf, numericColumn, type Cell, type Table } from '../data/table.js';

/** Options of {@link entropyIndex}. */
export interface EntropyOptions {
  /** Indicator columns; a leading `-` marks a negative indicator (larger = worse), e.g. `['gdp_pc', '-pollution']`. */
  indicators: readonly string[];
  /** Compute weights separately for each value of this column (e.g. the year); pooled when omitted. */
  by?: string;
  /** Added to every standardised value before the shares (default 0.0001; >= 0). */
  shift?: number;
  /** Name of the score column added to the table (default `score`). */
  scoreName?: string;
}

/** One indicator's weight (per group when `by` is set). */
export interface EntropyWeight {
  indicator: string;
  direction: 'positive' | 'negative';
  /** Group value (`null` when pooled). */
  group: Cell;
  entropy: number;
  divergence: number;
  weight: number;
}

/** Result of {@link entropyIndex}. */
export interface EntropyResult {
  /** Weights, indicator-major within each group. */
  weights: EntropyWeight[];
  /** Composite score of each input row. */
  scores: Float64Array;
  /** The input table with the score column added. */
  table: Table;
  shift: number;
}

/** Parses `-name` / `name` into column and direction. */
export function parseIndicators(list: readonly string[]): { column: string; negative: boolean }[] {
  if (!list.length) throw new OptionError('indicators', 'at least one indicator column is required.');
  return list.map((s) => {
    const t = s.trim();
    return t.startsWith('-') ? { column: t.slice(1).trim(), negative: true } : { column: t.startsWith('+') ? t.slice(1).trim() : t, negative: false };
  });
}

/** Entropy weights and composite scores (see the module comment for the exact conventions). */
export function entropyIndex(table: Table, options: EntropyOptions): EntropyResult {
  const shift = options.shift ?? 0.0001;
  if (!(shift >= 0) || !Number.isFinite(shift)) throw new OptionError('shift', `must be a number >= 0, got ${shift}.`);
  const inds = parseIndicators(options.indicators);
  const n = table.nrows;
  const k = inds.length;
  const values = inds.map((d) => table.numeric(d.column, 'entropy index'));
  inds.forEach((d, j) => {
    const v = values[j]!;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(v[i]!)) {
        throw new PilotzoneError('E_MISSING_VALUE', `entropy index: indicator "${d.column}" is ${Number.isNaN(v[i]!) ? 'missing' : v[i]} in row ${i + 1}.`, {
          hint: 'The entropy method needs a complete indicator matrix: impute or drop the row first.',
          details: { column: d.column, row: i + 1 },
        });
      }
    }
  });
  // groups
  const groupOf = new Int32Array(n);
  const groups: Cell[] = [];
  if (options.by !== undefined) {
    const col = table.column(options.by, 'entropy index --by');
    const idx = new Map<Cell, number>();
    for (let i = 0; i < n; i++) {
      const g = cellOf(col, i);
      if (g === null) throw new PilotzoneError('E_MISSING_KEY', `entropy index: group column "${options.by}" is missing in row ${i + 1}.`, { details: { column: options.by, row: i + 1 } });
      let gi = idx.get(g);
      if (gi === undefined) {
        gi = groups.length;
        groups.push(g);
        idx.set(g, gi);
      }
      groupOf[i] = gi;
    }
  } else groups.push(null);
  const G = groups.length;
  const rowsOf: number[][] = Array.from({ length: G }, () => []);
  for (let i = 0; i < n; i++) rowsOf[groupOf[i]!]!.push(i);
  const scores = new Float64Array(n);
  const weights: EntropyWeight[] = [];
  for (let g = 0; g < G; g++) {
    const rows = rowsOf[g]!;
    const ng = rows.length;
    if (ng < 2) {
      throw new PilotzoneError('E_TOO_FEW_ROWS', `entropy index: group ${JSON.stringify(groups[g])} of "${options.by}" has ${ng} row; the entropy method needs at least 2 observations per group.`);
    }
    const d = new Float64Array(k), e = new Float64Array(k);
    const stdByInd: Float64Array[] = [];
    for (let j = 0; j < k; j++) {
      const v = values[j]!;
      let lo = Infinity, hi = -Infinity;
      for (const i of rows) {
        if (v[i]! < lo) lo = v[i]!;
        if (v[i]! > hi) hi = v[i]!;
      }
      if (!(hi > lo)) {
        throw new PilotzoneError('E_CONSTANT_INDICATOR', `entropy index: indicator "${inds[j]!.column}" is constant (${lo})${groups[g] !== null ? ` in group ${JSON.stringify(groups[g])} of "${options.by}"` : ''}, so it cannot be standardised and carries no information.`, {
          hint: 'Drop the indicator (or compute pooled weights instead of per-group weights).',
          details: { column: inds[j]!.column, group: groups[g], value: lo },
        });
      }
      const range = hi - lo;
      const s = new Float64Array(ng);
      let total = 0;
      for (let r = 0; r < ng; r++) {
        const x = v[rows[r]!]!;
        s[r] = (inds[j]!.negative ? hi - x : x - lo) / range + shift;
        total += s[r]!;
      }
      let h = 0;
      for (let r = 0; r < ng; r++) {
        const p = s[r]! / total;
        if (p > 0) h -= p * Math.log(p);
      }
      e[j] = h / Math.log(ng);
      d[j] = 1 - e[j]!;
      stdByInd.push(s);
    }
    let dsum = 0;
    for (let j = 0; j < k; j++) dsum += d[j]!;
    for (let j = 0; j < k; j++) {
      const w = d[j]! / dsum;
      weights.push({ indicator: inds[j]!.column, direction: inds[j]!.negative ? 'negative' : 'positive', group: groups[g]!, entropy: e[j]!, divergence: d[j]!, weight: w });
      const s = stdByInd[j]!;
      for (let r = 0; r < ng; r++) scores[rows[r]!]! += w * s[r]!;
    }
  }
  const name = options.scoreName ?? 'score';
  return { weights, scores, table: table.withColumn(numericColumn(name, scores)), shift };
}
