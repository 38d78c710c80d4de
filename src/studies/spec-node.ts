/**
 * A node of a parsed study spec that remembers where it came from (its path and its line in the YAML), so
 * every error about the spec names the line to fix. Options are read through typed accessors that throw a
 * {@link StudySpecError} naming the key, the expected type and the line.
 */
import { PilotzoneError } from '../errors.js';

/** Any error about a study spec: the code says what is wrong, `details.line` where (1-based). */
export class StudySpecError extends PilotzoneError {
  readonly line: number | null;
  constructor(code: string, file: string, line: number | null, message: string, hint?: string, details: Record<string, unknown> = {}) {
    super(code, `${file}${line !== null ? `:${line}` : ''}: ${message}`, { ...(hint ? { hint } : {}), details: { file, line, ...details } });
    this.name = 'StudySpecError';
    this.line = line;
  }
}

/** Where the spec text came from and how to turn a path into a line. */
export interface SpecSource {
  readonly file: string;
  /** Line (1-based) of the node at `path`, or of its closest ancestor that exists. */
  lineOf(path: readonly (string | number)[]): number | null;
}

/** A reference to a column made in the spec, with the line that names it. */
export interface ColumnRef {
  readonly name: string;
  readonly line: number | null;
  /** The spec key that names it (for messages), e.g. `estimators[0].outcome`. */
  readonly where: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function pathText(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s || '(top level)';
}

/** A map or value of the spec with its path. */
export class SpecNode {
  constructor(
    readonly src: SpecSource,
    readonly value: unknown,
    readonly path: readonly (string | number)[],
  ) {}

  get line(): number | null {
    return this.src.lineOf(this.path);
  }

  get where(): string {
    return pathText(this.path);
  }

  /** Throws a spec error located at this node (or at its child `key`). */
  fail(code: string, message: string, key?: string | number, hint?: string, details: Record<string, unknown> = {}): never {
    const p = key === undefined ? this.path : [...this.path, key];
    throw new StudySpecError(code, this.src.file, this.src.lineOf(p), `${pathText(p)}: ${message}`, hint, details);
  }

  private raw(key: string): unknown {
    const v = this.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail('E_SPEC_INVALID', 'must be a mapping (key: value).');
    return (v as Record<string, unknown>)[key];
  }

  has(key: string): boolean {
    return this.raw(key) !== undefined && this.raw(key) !== null;
  }

  /** Keys present in this mapping. */
  keys(): string[] {
    const v = this.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail('E_SPEC_INVALID', 'must be a mapping (key: value).');
    return Object.keys(v as object);
  }

  /** Rejects keys outside `allowed` (typos), naming the line of the first unknown key. */
  allowKeys(allowed: readonly string[]): void {
    for (const k of this.keys()) {
      if (!allowed.includes(k)) this.fail('E_SPEC_UNKNOWN_KEY', `unknown key "${k}".`, k, `Allowed keys here: ${allowed.join(', ')}.`, { key: k, allowed });
    }
  }

  child(key: string | number): SpecNode {
    if (typeof key === 'number') {
      const arr = this.value as unknown[];
      return new SpecNode(this.src, arr[key], [...this.path, key]);
    }
    return new SpecNode(this.src, this.raw(key), [...this.path, key]);
  }

  /** A nested mapping (required unless `optional`). */
  obj(key: string, optional = false): SpecNode | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (optional) return undefined;
      this.fail('E_SPEC_MISSING', `"${key}" is required.`);
    }
    if (typeof v !== 'object' || Array.isArray(v)) this.fail('E_SPEC_INVALID', 'must be a mapping (key: value).', key);
    return this.child(key);
  }

  /** A list of nodes (empty when absent). */
  items(key: string): SpecNode[] {
    const v = this.raw(key);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail('E_SPEC_INVALID', 'must be a list.', key);
    return v.map((_, i) => new SpecNode(this.src, v[i], [...this.path, key, i]));
  }

  str(key: string): string;
  str(key: string, fallback: string): string;
  str(key: string, fallback: undefined): string | undefined;
  str(key: string, ...fb: [string?]): string | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (fb.length) return fb[0];
      this.fail('E_SPEC_MISSING', `"${key}" is required.`);
    }
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') this.fail('E_SPEC_INVALID', 'must be text.', key);
    return v;
  }

  /** One of a fixed set of words. */
  choice<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const v = fallback === undefined ? this.str(key) : this.str(key, fallback);
    if (!(allowed as readonly string[]).includes(v)) this.fail('E_SPEC_INVALID', `"${v}" is not allowed.`, key, `Allowed: ${allowed.join(', ')}.`, { allowed });
    return v as T;
  }

  num(key: string): number;
  num(key: string, fallback: number): number;
  num(key: string, fallback: undefined): number | undefined;
  num(key: string, ...fb: [number?]): number | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (fb.length) return fb[0];
      this.fail('E_SPEC_MISSING', `"${key}" is required.`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail('E_SPEC_INVALID', `must be a number, got ${JSON.stringify(v)}.`, key);
    return v;
  }

  int(key: string, fallback?: number, min = -Infinity): number {
    const v = fallback === undefined ? this.num(key) : this.num(key, fallback);
    if (!Number.isInteger(v) || v < min) this.fail('E_SPEC_INVALID', `must be an integer${min > -Infinity ? ` >= ${min}` : ''}, got ${v}.`, key);
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') this.fail('E_SPEC_INVALID', `must be true or false, got ${JSON.stringify(v)}.`, key);
    return v;
  }

  /** A list of texts (a single text counts as a list of one). */
  strList(key: string, optional = true): string[] {
    return this.list(key, optional, (x, i) => {
      if (typeof x === 'number') return String(x);
      if (typeof x !== 'string') this.fail('E_SPEC_INVALID', `item ${i + 1} must be text.`, key);
      return x;
    });
  }

  numList(key: string, optional = true): number[] {
    return this.list(key, optional, (x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) this.fail('E_SPEC_INVALID', `item ${i + 1} must be a number.`, key);
      return x;
    });
  }

  /** A list (a single value counts as a list of one), each item converted or rejected by `item`. */
  private list<T>(key: string, optional: boolean, item: (x: unknown, i: number) => T): T[] {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (optional) return [];
      this.fail('E_SPEC_MISSING', `"${key}" is required.`);
    }
    return (Array.isArray(v) ? v : [v]).map(item);
  }

  /** A [from, to] year range. */
  range(key: string): [number, number] | undefined {
    if (!this.has(key)) return undefined;
    const r = this.numList(key);
    if (r.length !== 2 || !Number.isInteger(r[0]) || !Number.isInteger(r[1]) || r[0]! > r[1]!) this.fail('E_SPEC_INVALID', 'must be [first, last] (integers, first <= last).', key);
    return [r[0]!, r[1]!];
  }

  /** A column named by `key` (checked against the data later, with this line). */
  col(key: string): ColumnRef;
  col(key: string, optional: true): ColumnRef | undefined;
  col(key: string, optional = false): ColumnRef | undefined {
    if (optional && !this.has(key)) return undefined;
    return { name: this.str(key), line: this.src.lineOf([...this.path, key]), where: pathText([...this.path, key]) };
  }

  /** Columns named in a list under `key`; `strip` removes a leading marker (e.g. `-` of negative indicators, `log:`). */
  colList(key: string, strip: (s: string) => string = (s) => s): ColumnRef[] {
    const list = this.strList(key);
    return list.map((s, i) => ({ name: strip(s), line: this.src.lineOf([...this.path, key, i]) ?? this.src.lineOf([...this.path, key]), where: pathText([...this.path, key, i]) }));
  }

  /** The value as plain JSON (for results.json provenance). */
  json(): Json {
    return this.value as Json;
  }
}
