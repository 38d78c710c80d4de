/** Assertions on the named errors every bad input must raise. */
import assert from 'node:assert/strict';
import { PilotzoneError } from '../../src/errors.js';

/**
 * Asserts that `fn` throws a {@link PilotzoneError} with `code`, whose message (or hint) mentions every
 * string in `mentions` (the offending column, row, option or value).
 */
export function throwsCode(fn: () => unknown, code: string, ...mentions: (string | undefined)[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PilotzoneError, `expected a PilotzoneError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    for (const m of mentions) {
      if (m === undefined) continue;
      assert.ok(e.message.includes(m) || (e.hint ?? '').includes(m), `message "${e.message}" should mention "${m}"`);
    }
    return true;
  });
}
