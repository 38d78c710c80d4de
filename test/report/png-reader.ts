import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';

/** Width, height and an ink count (decoded scanline bytes that are dark) of a PNG (8-bit, non-interlaced, as resvg writes). */
export function readPng(png: Uint8Array): { width: number; height: number; ink: number } {
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = dv.getUint32(16);
  const height = dv.getUint32(20);
  const idat: Uint8Array[] = [];
  for (let p = 8; p < png.length; ) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    if (type === 'IDAT') idat.push(png.subarray(p + 8, p + 8 + len));
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  // count bytes far from white (filters make this approximate, but blank images give ~0)
  let ink = 0;
  for (const b of raw) if (b > 0 && b < 200) ink++;
  return { width, height, ink };
}
