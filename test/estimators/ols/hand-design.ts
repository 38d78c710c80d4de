/**
 * Test helper: builds a {@link Design} by hand from a Table and column names (y, x columns, FE, clusters,
 * weights), without the formula layer. FE and cluster levels are coded in sorted order of their values
 * (as R factors), so "the first level" means the smallest value.
 */
import type { Table } from '../../../src/data/table.js';
import type { ClusterVar, Design, FixedEffect } from '../../../src/estimators/design.js';

export interface HandDesignSpec {
  y: string;
  x?: readonly string[];
  fe?: readonly string[];
  cluster?: readonly string[];
  weights?: string;
  /** Add an `(Intercept)` column (only used when there are no FE); default true. */
  intercept?: boolean;
  /** Extra regressors given as arrays (e.g. polynomial terms). */
  extra?: Readonly<Record<string, Float64Array>>;
}

/** Dense codes of a column in sorted order of its values. */
export function codesOf(table: Table, name: string): { ids: Int32Array; nlevels: number; levels: string[] } {
  const col = table.column(name);
  const n = table.nrows;
  const keys: (number | string)[] = new Array(n);
  if (col.kind === 'number') for (let i = 0; i < n; i++) keys[i] = col.values[i]!;
  else for (let i = 0; i < n; i++) keys[i] = col.levels[col.codes[i]!]!;
  const uniq = [...new Set(keys)].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const index = new Map(uniq.map((v, l) => [v, l]));
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = index.get(keys[i]!)!;
  return { ids, nlevels: uniq.length, levels: uniq.map(String) };
}

export function handDesign(table: Table, spec: HandDesignSpec): Design {
  const n = table.nrows;
  const fe: FixedEffect[] = (spec.fe ?? []).map((name) => ({ name, ...codesOf(table, name) }));
  const clusters: ClusterVar[] = (spec.cluster ?? []).map((name) => {
    const c = codesOf(table, name);
    return { name, ids: c.ids, nlevels: c.nlevels };
  });
  const intercept = (spec.intercept ?? true) && fe.length === 0;
  const names: string[] = [];
  const cols: Float64Array[] = [];
  if (intercept) {
    names.push('(Intercept)');
    cols.push(new Float64Array(n).fill(1));
  }
  for (const x of spec.x ?? []) {
    names.push(x);
    cols.push(table.numeric(x));
  }
  for (const [name, v] of Object.entries(spec.extra ?? {})) {
    names.push(name);
    cols.push(v);
  }
  const X = new Float64Array(n * names.length);
  cols.forEach((c, j) => X.set(c, j * n));
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  const rhs = [...names.filter((nm) => nm !== '(Intercept)')];
  const formula = `${spec.y} ~ ${intercept || fe.length ? '' : '0 + '}${rhs.join(' + ') || '1'}${fe.length ? ' | ' + fe.map((f) => f.name).join(' + ') : ''}`;
  return {
    n,
    yname: spec.y,
    y: table.numeric(spec.y),
    x: { names, X },
    intercept,
    fe,
    ...(spec.weights ? { weights: table.numeric(spec.weights) } : {}),
    clusters,
    rows,
    removed: { missing: 0, zeroWeight: 0, byVariable: {} },
    nobsOrigin: n,
    formula,
  };
}

/** Minimal CSV reader for the numeric validation files (header line, comma-separated, no quoting). */
export function readNumericCsv(text: string): Record<string, Float64Array> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const cols = header.map(() => new Float64Array(lines.length - 1));
  for (let r = 1; r < lines.length; r++) {
    const parts = lines[r]!.split(',');
    for (let c = 0; c < header.length; c++) {
      const s = parts[c]!.trim();
      cols[c]![r - 1] = s === '' || s === 'NA' ? NaN : Number(s);
    }
  }
  const out: Record<string, Float64Array> = {};
  header.forEach((h, c) => (out[h] = cols[c]!));
  return out;
}
