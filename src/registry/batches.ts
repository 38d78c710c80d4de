/** Batch selections: `[1, 2, 3]`, `"1-4"`, `"1,3,5-7"`; unknown batches are an error listing the known ones. */
import { PilotzoneError } from '../errors.js';

/** Batches in the registry: 1-7 (2015-2022) and 8 (2025). */
export const KNOWN_BATCHES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8];

/** A batch selection as numbers or as text (`"1-4"`, `"1,3,5-7"`). */
export type BatchSpec = readonly number[] | string;

/** Parses and checks a batch selection; `undefined` means all batches. Throws `E_UNKNOWN_BATCH`. */
export function parseBatches(spec: BatchSpec | undefined, option = 'batches'): number[] {
  if (spec === undefined) return KNOWN_BATCHES.slice();
  const out: number[] = [];
  const bad = (value: string) =>
    new PilotzoneError('E_UNKNOWN_BATCH', `option ${option}: batch "${value}" is not in the registry.`, {
      hint: `Known batches: ${KNOWN_BATCHES.join(', ')} (1-7 approved 2015-2022, 8 in 2025); ranges like 1-4 and lists like 1,3,5-7 are accepted.`,
      details: { option, value, known: KNOWN_BATCHES },
    });
  const add = (b: number, text: string) => {
    if (!Number.isInteger(b) || !KNOWN_BATCHES.includes(b)) throw bad(text);
    if (!out.includes(b)) out.push(b);
  };
  if (typeof spec === 'string') {
    const parts = spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    if (parts.length === 0) throw bad(spec);
    for (const p of parts) {
      const m = /^(\d+)\s*-\s*(\d+)$/.exec(p);
      if (m) {
        const a = Number(m[1]), b = Number(m[2]);
        if (a > b) throw bad(p);
        for (let x = a; x <= b; x++) add(x, String(x));
      } else if (/^\d+$/.test(p)) add(Number(p), p);
      else throw bad(p);
    }
  } else {
    if (spec.length === 0) throw bad('(empty list)');
    for (const b of spec) add(b, String(b));
  }
  return out.sort((a, b) => a - b);
}
