/**
 * Predictors of the synthetic control, as R Synth's `dataprep()` builds them: `col@a-b` is the mean of `col`
 * over periods a..b (missing values ignored, Synth's `na.rm = TRUE`), `col@a` its value in period a, `col` its
 * mean over the whole pre-period (Synth's `time.predictors.prior`). A suffix `:median`, `:sum`, `:min`,
 * `:max` picks another aggregation (`beer@1984-1988:median`). A predictor table (columns
 * `unit, predictor, value`) supplies values computed elsewhere.
 */
import type { Table } from '../../data/table.js';
import { OptionError } from '../../errors.js';
import { MissingPredictorError } from './errors.js';
import type { ScmPanel } from './panel.js';

export type PredictorOp = 'mean' | 'median' | 'sum' | 'min' | 'max';
const OPS: readonly PredictorOp[] = ['mean', 'median', 'sum', 'min', 'max'];

/** One predictor: `op` of `variable` over periods `from..to` (inclusive; undefined = the pre-period). */
export interface PredictorSpec {
  name: string;
  variable: string;
  from?: number;
  to?: number;
  op: PredictorOp;
}

/** Parses `col`, `col@a`, `col@a-b`, optionally with `:op`. */
export function parsePredictor(text: string): PredictorSpec {
  const s = text.trim();
  let body = s;
  let op: PredictorOp = 'mean';
  const colon = s.lastIndexOf(':');
  if (colon > 0 && OPS.includes(s.slice(colon + 1).trim() as PredictorOp)) {
    op = s.slice(colon + 1).trim() as PredictorOp;
    body = s.slice(0, colon);
  }
  const at = body.lastIndexOf('@');
  if (at < 0) return { name: s, variable: body.trim(), op };
  const variable = body.slice(0, at).trim();
  const win = body.slice(at + 1).trim();
  const m = /^(-?\d+(?:\.\d+)?)(?:\s*-\s*(-?\d+(?:\.\d+)?))?$/.exec(win);
  if (!variable || !m) throw new OptionError('predictors', `"${s}" is not a predictor: write col, col@a or col@a-b (periods a..b), optionally with :mean|median|sum|min|max.`);
  const from = Number(m[1]);
  const to = m[2] !== undefined ? Number(m[2]) : from;
  if (to < from) throw new OptionError('predictors', `"${s}": the window ${from}-${to} ends before it starts.`);
  return { name: s, variable, from, to, op };
}

/**
 * Predictor values (unit-major, `X[r * k + i]` for the r-th listed unit). `preTimes` is the pre-period
 * (for predictors given without a window).
 */
export function predictorMatrix(table: Table, panel: ScmPanel, specs: readonly PredictorSpec[], unitIdx: readonly number[], preEnd: number): Float64Array {
  const k = specs.length;
  const T = panel.times.length;
  const X = new Float64Array(unitIdx.length * k);
  const buf: number[] = [];
  specs.forEach((sp, i) => {
    const col = table.numeric(sp.variable, `predictor "${sp.name}"`);
    const from = sp.from ?? -Infinity;
    const to = sp.to ?? preEnd;
    const tIdx: number[] = [];
    for (let t = 0; t < T; t++) if (panel.times[t]! >= from && panel.times[t]! <= to) tIdx.push(t);
    const window = sp.from === undefined ? `the pre-period (up to ${preEnd})` : sp.from === sp.to ? `period ${sp.from}` : `periods ${sp.from}-${sp.to}`;
    if (tIdx.length === 0) throw new OptionError('predictors', `"${sp.name}": no period of the data falls in ${window}.`);
    for (let r = 0; r < unitIdx.length; r++) {
      const u = unitIdx[r]!;
      buf.length = 0;
      for (const t of tIdx) {
        const row = panel.cell[u * T + t]!;
        if (row >= 0 && !Number.isNaN(col[row]!)) buf.push(col[row]!);
      }
      if (buf.length === 0) throw new MissingPredictorError(sp.name, panel.units[u]!, window);
      X[r * k + i] = aggregate(buf, sp.op);
    }
  });
  return X;
}

function aggregate(v: number[], op: PredictorOp): number {
  switch (op) {
    case 'mean':
      return v.reduce((a, b) => a + b, 0) / v.length;
    case 'sum':
      return v.reduce((a, b) => a + b, 0);
    case 'min':
      return Math.min(...v);
    case 'max':
      return Math.max(...v);
    case 'median': {
      const s = [...v].sort((a, b) => a - b);
      const h = s.length >> 1;
      return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
    }
  }
}

/**
 * Predictor values from a table with columns `unit`, `predictor`, `value` (one row per unit and predictor).
 * Returns the predictor names (first-seen order) and values for the listed units.
 */
export function predictorTableMatrix(pt: Table, panel: ScmPanel, unitIdx: readonly number[]): { names: string[]; X: Float64Array } {
  const ucol = pt.column('unit', 'predictor table');
  const pcol = pt.column('predictor', 'predictor table');
  const val = pt.numeric('value', 'predictor table');
  const str = (c: typeof ucol, i: number): string | undefined =>
    c.kind === 'number' ? (Number.isNaN(c.values[i]!) ? undefined : String(c.values[i]!)) : c.codes[i]! < 0 ? undefined : c.levels[c.codes[i]!];
  const names: string[] = [];
  const byName = new Map<string, Map<string, number>>();
  for (let i = 0; i < pt.nrows; i++) {
    const p = str(pcol, i);
    const u = str(ucol, i);
    if (p === undefined || u === undefined) continue;
    let m = byName.get(p);
    if (!m) {
      m = new Map();
      byName.set(p, m);
      names.push(p);
    }
    if (!Number.isNaN(val[i]!)) m.set(u, val[i]!);
  }
  const k = names.length;
  const X = new Float64Array(unitIdx.length * k);
  names.forEach((p, i) => {
    const m = byName.get(p)!;
    for (let r = 0; r < unitIdx.length; r++) {
      const label = panel.units[unitIdx[r]!]!;
      const v = m.get(label);
      if (v === undefined) throw new MissingPredictorError(p, label, 'the predictor table');
      X[r * k + i] = v;
    }
  });
  return { names, X };
}
