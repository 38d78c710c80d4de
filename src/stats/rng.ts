/**
 * Seeded random numbers. Every random procedure in pilotzone takes a seed and reports it.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018) on 32-bit words (`Math.imul`, no allocation per draw),
 * its state seeded by SplitMix64 from the user's integer seed and a stream number, so a seed gives the same
 * stream on every platform. `fork(i)` derives an independent stream for task `i` (a placebo, a bootstrap
 * replication...), so results do not depend on how tasks are spread over worker threads.
 */
const MASK = (1n << 64n) - 1n;

function splitmix64(state: { s: bigint }): bigint {
  state.s = (state.s + 0x9e3779b97f4a7c15n) & MASK;
  let z = state.s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}

/** A seeded pseudo-random generator. */
export class Rng {
  /** The seed this stream was made from (reported by every procedure that uses it). */
  readonly seed: number;
  /** The stream number (0 for the root generator, i + 1 for `fork(i)`). */
  readonly stream: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  constructor(seed: number, stream = 0) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    this.seed = seed;
    this.stream = stream;
    const st = { s: (BigInt(Math.trunc(seed)) & MASK) ^ ((BigInt(stream) * 0xd1b54a32d192ed03n) & MASK) };
    const v1 = splitmix64(st);
    const v2 = splitmix64(st);
    this.a = Number(v1 >> 32n) | 0;
    this.b = Number(v1 & 0xffffffffn) | 0;
    this.c = Number(v2 >> 32n) | 0;
    this.d = Number(v2 & 0xffffffffn) | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  /** An independent generator for task `index` (0-based), derived from this one's seed. */
  fork(index: number): Rng {
    return new Rng(this.seed, index + 1);
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T extends { length: number; [i: number]: any }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
