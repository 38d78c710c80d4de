/**
 * Typed arrays over `SharedArrayBuffer`, so a payload handed to worker threads is shared, never copied per
 * task or per worker (structured clone of a typed array keeps its shared buffer).
 */

/** A copy of `a` whose buffer is a `SharedArrayBuffer` (returned as is when it already is one). */
export function sharedFloat64(a: Float64Array | readonly number[]): Float64Array {
  if (a instanceof Float64Array && a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Float64Array(new SharedArrayBuffer(a.length * 8));
  out.set(a);
  return out;
}

/** A copy of `a` whose buffer is a `SharedArrayBuffer` (returned as is when it already is one). */
export function sharedInt32(a: Int32Array | readonly number[]): Int32Array {
  if (a instanceof Int32Array && a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Int32Array(new SharedArrayBuffer(a.length * 4));
  out.set(a);
  return out;
}
