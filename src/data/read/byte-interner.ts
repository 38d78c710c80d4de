/**
 * Dictionary encoding of byte strings without decoding every cell: an open-addressing hash table (FNV-1a
 * over the UTF-8 bytes) whose entries keep a copy of each distinct value's bytes. Only a value seen for the
 * first time is decoded to a JavaScript string, so a categorical column of 1e6 rows with 300 cities costs
 * 300 decodes.
 */
import { Buffer } from 'node:buffer';

export class ByteInterner {
  /** Distinct values in first-seen order. */
  readonly levels: string[] = [];
  private slots: Int32Array; // level index + 1, 0 = empty
  private hashes: Int32Array; // hash per level
  private starts: Int32Array; // offset of each level's bytes in `arena`
  private lens: Int32Array;
  private arena: Buffer;
  private arenaUsed = 0;

  /** `decode` turns a new value's bytes into text (UTF-8, decoded natively from the arena, by default). */
  constructor(private readonly decode?: (bytes: Uint8Array) => string) {
    this.slots = new Int32Array(64);
    this.hashes = new Int32Array(16);
    this.starts = new Int32Array(16);
    this.lens = new Int32Array(16);
    this.arena = Buffer.allocUnsafe(1024);
  }

  /** The code of bytes[s, e), adding it as a new level when unseen. */
  intern(bytes: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5 | 0;
    for (let k = s; k < e; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    const len = e - s;
    for (;;) {
      const v = this.slots[slot]!;
      if (v === 0) break;
      const id = v - 1;
      if (this.hashes[id] === h && this.lens[id] === len && this.sameBytes(id, bytes, s, len)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.levels.length;
    this.store(id, h, bytes, s, len);
    const at = this.starts[id]!;
    this.levels.push(this.decode ? this.decode(this.arena.subarray(at, at + len)) : this.arena.toString('utf8', at, at + len));
    this.slots[slot] = id + 1;
    if ((id + 1) * 2 > this.slots.length) this.rehash();
    return id;
  }

  private sameBytes(id: number, bytes: Uint8Array, s: number, len: number): boolean {
    const a = this.arena;
    const o = this.starts[id]!;
    for (let k = 0; k < len; k++) if (a[o + k] !== bytes[s + k]) return false;
    return true;
  }

  private store(id: number, h: number, bytes: Uint8Array, s: number, len: number): void {
    if (id >= this.hashes.length) {
      const cap = this.hashes.length * 2;
      this.hashes = grow(this.hashes, cap);
      this.starts = grow(this.starts, cap);
      this.lens = grow(this.lens, cap);
    }
    if (this.arenaUsed + len > this.arena.length) {
      const next = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + len));
      this.arena.copy(next, 0, 0, this.arenaUsed);
      this.arena = next;
    }
    const a = this.arena;
    const o = this.arenaUsed;
    for (let k = 0; k < len; k++) a[o + k] = bytes[s + k]!;
    this.hashes[id] = h;
    this.starts[id] = this.arenaUsed;
    this.lens[id] = len;
    this.arenaUsed += len;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.levels.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

function grow(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
