/**
 * Helpers of `pilotzone did` for the robustness options that need more than a library call: unit-level
 * subgroup labels from a column (`--subgroup COL`) or from terciles of a numeric moderator (`--terciles COL`),
 * and the extra sections (subgroups, mechanism table, permutation, lagged outcome) appended to the text
 * renderings (table / md / latex / html / csv).
 */
import type { TextFormat } from '../command.js';
import { MissingColumnError, PilotzoneError } from '../../errors.js';
import type { Table } from '../../data/table.js';
import type { DidPanel } from '../../estimators/did/panel.js';

/** The unit key of row r as buildDidPanel computes it (numeric ids as `String(v)`, strings as themselves). */
function unitKeys(table: Table, unit: string): (string | null)[] {
  const c = table.column(unit);
  const out: (string | null)[] = new Array(table.nrows);
  for (let r = 0; r < table.nrows; r++) {
    if (c.kind === 'number') out[r] = Number.isNaN(c.values[r]!) ? null : String(c.values[r]!);
    else out[r] = c.codes[r]! < 0 ? null : c.levels[c.codes[r]!]!;
  }
  return out;
}

/**
 * The subgroup of every unit of `panel` (in panel order) read from `column` (numeric or text), which must be
 * constant within unit (`E_SUBGROUP_VARIES`) and present for every unit (`E_MISSING_VALUE`).
 */
export function subgroupOfUnits(table: Table, panel: DidPanel, column: string): string[] {
  if (!table.has(column)) throw new MissingColumnError(column, table.names, 'did --subgroup');
  const c = table.column(column);
  const keys = unitKeys(table, panel.columns.unit);
  const byUnit = new Map<string, string>();
  for (let r = 0; r < table.nrows; r++) {
    const k = keys[r];
    if (k === null || k === undefined) continue;
    let v: string | null;
    if (c.kind === 'number') v = Number.isNaN(c.values[r]!) ? null : String(c.values[r]!);
    else v = c.codes[r]! < 0 ? null : c.levels[c.codes[r]!]!;
    if (v === null) continue;
    const prev = byUnit.get(k);
    if (prev !== undefined && prev !== v) {
      throw new PilotzoneError('E_SUBGROUP_VARIES', `did --subgroup: column "${column}" must be constant within unit, but unit "${k}" has "${prev}" and "${v}".`, {
        hint: 'Subgroups are sets of units (region, coastal...): use a unit-level column.',
        details: { column, unit: k, values: [prev, v] },
      });
    }
    byUnit.set(k, v);
  }
  return panel.unitLabels.map((u) => {
    const v = byUnit.get(u);
    if (v === undefined) throw new PilotzoneError('E_MISSING_VALUE', `did --subgroup: unit "${u}" has no value in column "${column}".`, { details: { column, unit: u } });
    return v;
  });
}

/** R's type-7 quantile of sorted values. */
function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Terciles of a numeric moderator: each unit's baseline value (its value in the earliest panel period where
 * the column is not missing) and the cut points at the 1/3 and 2/3 quantiles (R type 7) of the units'
 * baselines; labels `T1` (<= q1), `T2` (q1 < v <= q2), `T3` (> q2). A non-numeric column is `E_NON_NUMERIC`
 * (from the table), a unit without any value `E_MISSING_VALUE`, a tercile left empty by ties `E_TERCILES`.
 */
export function tercileOfUnits(table: Table, panel: DidPanel, column: string): { labels: string[]; cutpoints: [number, number] } {
  if (!table.has(column)) throw new MissingColumnError(column, table.names, 'did --terciles');
  const v = table.numeric(column, 'did --terciles (moderator)');
  const time = table.numeric(panel.columns.time);
  const keys = unitKeys(table, panel.columns.unit);
  const periods = new Set(panel.times);
  const best = new Map<string, { t: number; v: number }>();
  for (let r = 0; r < table.nrows; r++) {
    const k = keys[r];
    if (k === null || k === undefined || Number.isNaN(v[r]!) || !periods.has(time[r]!)) continue;
    const b = best.get(k);
    if (!b || time[r]! < b.t) best.set(k, { t: time[r]!, v: v[r]! });
  }
  const base = Float64Array.from(panel.unitLabels, (u) => {
    const b = best.get(u);
    if (!b) throw new PilotzoneError('E_MISSING_VALUE', `did --terciles: unit "${u}" has no value in column "${column}".`, { details: { column, unit: u } });
    return b.v;
  });
  const sorted = Float64Array.from(base).sort();
  const q1 = quantile7(sorted, 1 / 3), q2 = quantile7(sorted, 2 / 3);
  const labels: string[] = Array.from(base, (x) => (x <= q1 ? 'T1' : x <= q2 ? 'T2' : 'T3'));
  for (const l of ['T1', 'T2', 'T3']) {
    if (!labels.includes(l)) {
      throw new PilotzoneError('E_TERCILES', `did --terciles: tercile ${l} of column "${column}" is empty (cut points ${q1}, ${q2}; too few distinct values).`, { details: { column, cutpoints: [q1, q2] } });
    }
  }
  return { labels, cutpoints: [q1, q2] };
}

/** One extra table of the text renderings. */
export interface Section {
  title: string;
  head: readonly string[];
  rows: readonly (readonly unknown[])[];
}

/** A table in one text format (the renderer shared by every section of `did`). */
export function renderTable(head: readonly string[], rows: readonly (readonly unknown[])[], format: TextFormat): string {
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? String(Number(v.toPrecision(8))) : 'NA') : v === null || v === undefined ? 'NA' : String(v));
  if (format === 'csv') return [head.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n');
  if (format === 'md') return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
  if (format === 'latex') {
    return ['\\begin{tabular}{' + 'l'.repeat(head.length) + '}', '\\hline', head.join(' & ') + ' \\\\', '\\hline', ...rows.map((r) => r.map(cell).join(' & ') + ' \\\\'), '\\hline', '\\end{tabular}'].join('\n');
  }
  if (format === 'html') return ['<table>', `<tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>`, ...rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`), '</table>'].join('\n');
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => cell(r[j]).length)));
  return [head.map((h, j) => h.padStart(widths[j]!)).join('  '), ...rows.map((r) => r.map((c, j) => cell(c).padStart(widths[j]!)).join('  '))].join('\n');
}

/** `base` followed by each section, titled in the idiom of the format. */
export function withSections(base: string, sections: readonly Section[], format: TextFormat): string {
  const title = (t: string) => (format === 'md' ? `**${t}**\n` : format === 'latex' ? `% ${t}` : format === 'html' ? `<h3>${t}</h3>` : format === 'csv' ? `# ${t}` : `${t}:`);
  return [base, ...sections.map((s) => `${title(s.title)}\n${renderTable(s.head, s.rows, format)}`)].join('\n\n');
}
