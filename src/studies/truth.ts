/**
 * The truth of an estimand on the embedded panel: the outcome on the panel minus the same outcome on its
 * Y(0) twin (every random draw shared; docs/data.md), averaged over the cells the estimand averages over.
 * Works for planted outcomes and for anything derived from them (TFP indices, synchronisation indices).
 */
import { cellOf, type Table } from '../data/table.js';

/** Per-row effect `y - y0` of `column`, matching rows of the twin by the key columns (NaN when unmatched). */
export function cellEffects(table: Table, twin: Table, keys: readonly string[], column: string): Float64Array {
  const keyOf = (t: Table) => {
    const cols = keys.map((k) => t.column(k));
    return (i: number) => cols.map((c) => String(cellOf(c, i))).join('|');
  };
  const k0 = keyOf(twin), v0 = twin.numeric(column);
  const map = new Map<string, number>();
  for (let i = 0; i < twin.nrows; i++) map.set(k0(i), v0[i]!);
  const k1 = keyOf(table), v1 = table.numeric(column);
  const out = new Float64Array(table.nrows);
  for (let i = 0; i < table.nrows; i++) {
    const y0 = map.get(k1(i));
    out[i] = y0 === undefined ? NaN : v1[i]! - y0;
  }
  return out;
}

/** Mean of `effects` over rows where `keep` holds and the effect is defined. */
export function meanOver(effects: Float64Array, keep: (row: number) => boolean): number {
  let s = 0, n = 0;
  for (let i = 0; i < effects.length; i++) {
    if (!keep(i) || Number.isNaN(effects[i]!)) continue;
    s += effects[i]!;
    n++;
  }
  return n ? s / n : NaN;
}
