import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PARSED_MISSING, PARSED_NUMBER, PARSED_TEXT, parseNumberBytes } from '../../../src/data/read/number-parse.js';
import { Rng } from '../../../src/stats/rng.js';

const enc = new TextEncoder();
function parse(s: string): { r: number; v: number } {
  const b = enc.encode(s);
  const out = new Float64Array(1).fill(-12345.678);
  const r = parseNumberBytes(b, 0, b.length, out, 0);
  return { r, v: out[0]! };
}

test('random decimals parse to exactly what Number() gives (seed 11, 200k strings)', () => {
  const rng = new Rng(11);
  for (let k = 0; k < 200000; k++) {
    const digits = 1 + rng.int(19);
    let m = '';
    for (let d = 0; d < digits; d++) m += String(rng.int(10));
    const point = rng.int(digits + 1);
    let s = point === digits ? m : `${m.slice(0, point)}.${m.slice(point)}`;
    if (rng.uniform() < 0.3) s += `e${rng.int(2) ? '-' : ''}${rng.int(40)}`;
    if (rng.uniform() < 0.3) s = '-' + s;
    const { r, v } = parse(s);
    assert.equal(r, PARSED_NUMBER, s);
    assert.ok(Object.is(v, Number(s)), `${s}: ${v} vs ${Number(s)}`);
  }
});

test('doubles printed by JavaScript read back exactly (seed 12)', () => {
  const rng = new Rng(12);
  for (let k = 0; k < 100000; k++) {
    const x = rng.normal() * 10 ** (rng.int(40) - 20);
    const s = k % 2 ? String(x) : x.toFixed(rng.int(12));
    assert.ok(Object.is(parse(s).v, Number(s)), s);
  }
});

test('edge forms follow Number(): signs, leading dot, exponents, Infinity, hex, blanks', () => {
  for (const s of ['0', '-0', '+5', '.5', '5.', '-.25', '1e5', '1E+05', '2.5e-3', '007', '0.000000000000000000000001', '1e400', '-1e-400', 'Infinity', '-Infinity', '0x1A', ' 42 ', '\t3.5', '123456789012345678901234567890']) {
    const { r, v } = parse(s);
    assert.equal(r, PARSED_NUMBER, s);
    assert.ok(Object.is(v, Number(s.trim())), s);
  }
});

test('missing tokens give NaN and PARSED_MISSING; text gives PARSED_TEXT and leaves the slot', () => {
  for (const s of ['', ' ', 'NA', 'NaN', 'nan', '.', 'null', 'NULL', '#N/A']) {
    const { r, v } = parse(s);
    assert.equal(r, PARSED_MISSING, JSON.stringify(s));
    assert.ok(Number.isNaN(v));
  }
  for (const s of ['abc', '1,234', '1.2.3', 'e5', '5e', '-', '1e5x', '杭州', 'inf', '12%']) {
    const { r, v } = parse(s);
    assert.equal(r, PARSED_TEXT, s);
    assert.equal(v, -12345.678);
  }
});
