/** A growable little-endian byte buffer for binary writers (.dta). */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `k` more bytes. */
  ensure(k: number): void {
    if (this.pos + k <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + k) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  ascii(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i) & 0xff;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** `b` in a fixed field of `width` bytes, zero padded (b must be shorter than width when a \0 is required). */
  fixed(b: Uint8Array, width: number): void {
    this.ensure(width);
    const k = Math.min(b.length, width);
    this.buf.set(b.subarray(0, k), this.pos);
    this.buf.fill(0, this.pos + k, this.pos + width);
    this.pos += width;
  }

  zeros(k: number): void {
    this.ensure(k);
    this.buf.fill(0, this.pos, this.pos + k);
    this.pos += k;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
  }
  i8(v: number): void {
    this.ensure(1);
    this.view.setInt8(this.pos, v);
    this.pos += 1;
  }
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }
  i16(v: number): void {
    this.ensure(2);
    this.view.setInt16(this.pos, v, true);
    this.pos += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }
  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }
  u64(v: number): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, BigInt(v), true);
    this.pos += 8;
  }
  /** Unsigned integer in `n` bytes (little-endian), for strL (v,o) fields. */
  uintN(v: number, n: number): void {
    this.ensure(n);
    for (let k = 0; k < n; k++) {
      this.buf[this.pos++] = v % 256;
      v = Math.floor(v / 256);
    }
  }
  f32(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
  }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }
  /** Overwrites a u64 at `at` (for the map written after the sections). */
  patchU64(at: number, v: number): void {
    this.view.setBigUint64(at, BigInt(v), true);
  }

  /** The bytes written so far. */
  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
