import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestNeighborMatch, caliperWidth, commonSupport, treatedOrder } from '../../../src/estimators/psm/nearest.js';
import { mahalanobisMatch } from '../../../src/estimators/psm/mahalanobis.js';
import { Rng } from '../../../src/stats/rng.js';

/** Slow, obviously-correct reference: linear scans of the stably sorted list (MatchIt's rule in words). */
function referenceMatch(ps: Float64Array, treat: Uint8Array, ratio: number, replace: boolean, width: number, exact?: Int32Array): Int32Array {
  const n = ps.length;
  const order = treatedOrder(ps, treat, undefined, 'largest');
  const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => (exact ? exact[a]! - exact[b]! : 0) || ps[a]! - ps[b]! || a - b);
  const pos = new Int32Array(n);
  sorted.forEach((u, p) => (pos[u] = p));
  const used = new Uint8Array(n);
  const out = new Int32Array(order.length * ratio).fill(-1);
  const stop = new Uint8Array(order.length);
  for (let r = 0; r < ratio; r++) {
    order.forEach((u, t) => {
      if (stop[t]) return;
      const mine = Array.from(out.subarray(t * ratio, t * ratio + r));
      const ok = (c: number) => treat[c] === 0 && (replace ? !mine.includes(c) : !used[c]) && (!exact || exact[c] === exact[u]);
      let l = pos[u]! - 1;
      while (l >= 0 && !ok(sorted[l]!)) l--;
      let h = pos[u]! + 1;
      while (h < n && !ok(sorted[h]!)) h++;
      const dl = l >= 0 ? Math.abs(ps[u]! - ps[sorted[l]!]!) : Infinity;
      const dh = h < n ? Math.abs(ps[sorted[h]!]! - ps[u]!) : Infinity;
      const best = dl <= dh ? l : h;
      if (Math.min(dl, dh) === Infinity || Math.min(dl, dh) > width) {
        stop[t] = 1;
        return;
      }
      out[t * ratio + r] = sorted[best]!;
      if (!replace) used[sorted[best]!] = 1;
    });
  }
  return out;
}

function simulate(seed: number, n: number, ties: boolean): { ps: Float64Array; treat: Uint8Array; cell: Int32Array } {
  const rng = new Rng(seed);
  const ps = new Float64Array(n), treat = new Uint8Array(n), cell = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    ps[i] = ties ? Math.round(rng.uniform() * 40) / 40 : rng.uniform();
    treat[i] = rng.uniform() < 0.3 + 0.3 * ps[i]! ? 1 : 0;
    cell[i] = rng.int(3);
  }
  return { ps, treat, cell };
}

test('union-find matcher equals the linear-scan reference (ties, ratio 1-3, with/without replacement, caliper, exact)', () => {
  for (const seed of [1, 2, 3]) {
    for (const ties of [false, true]) {
      const { ps, treat, cell } = simulate(seed, 400, ties);
      for (const ratio of [1, 2, 3]) {
        for (const replace of [false, true]) {
          for (const width of [Infinity, 0.01]) {
            for (const exact of [undefined, cell]) {
              const m = nearestNeighborMatch(ps, treat, { ratio, replace, caliperWidth: width, exact });
              const ref = referenceMatch(ps, treat, ratio, replace, width, exact);
              assert.deepEqual(Array.from(m.controls), Array.from(ref), `seed ${seed} ties ${ties} ratio ${ratio} replace ${replace} width ${width} exact ${!!exact}`);
            }
          }
        }
      }
    }
  }
});

test('invariants: without replacement no control twice; caliper respected; exact cells respected; order is largest first', () => {
  const { ps, treat, cell } = simulate(7, 600, false);
  const width = caliperWidth(0.05, ps);
  const m = nearestNeighborMatch(ps, treat, { ratio: 2, caliperWidth: width, exact: cell });
  const seen = new Set<number>();
  for (let t = 0; t < m.treated.length; t++) {
    if (t > 0) assert.ok(ps[m.treated[t - 1]!]! >= ps[m.treated[t]!]!);
    for (let r = 0; r < 2; r++) {
      const c = m.controls[t * 2 + r]!;
      if (c < 0) continue;
      assert.ok(!seen.has(c));
      seen.add(c);
      assert.equal(treat[c], 0);
      assert.equal(cell[c], cell[m.treated[t]!]);
      assert.ok(Math.abs(ps[c]! - ps[m.treated[t]!]!) <= width);
    }
  }
});

test('caliper width is caliper x sample SD (n - 1) of the pooled scores', () => {
  const ps = Float64Array.from([0.1, 0.2, 0.3, 0.4]);
  const mean = 0.25;
  const sd = Math.sqrt(((0.15 ** 2 + 0.05 ** 2) * 2) / 3);
  assert.ok(Math.abs(caliperWidth(0.2, ps) - 0.2 * sd) < 1e-15);
  assert.ok(mean > 0);
});

test('exact tie on both sides goes to the lower (left) control; equal scores resolved by row order', () => {
  // sorted: c0 (0.4), t (0.5), c2 (0.6): equal distances -> left (c0)
  let m = nearestNeighborMatch(Float64Array.from([0.4, 0.5, 0.6]), Uint8Array.from([0, 1, 0]));
  assert.equal(m.controls[0], 0);
  // two controls with the treated's score, rows 0 and 2; treated row 1 sits between them in the stable
  // sort (0, 1, 2): the left neighbour (row 0) and right neighbour (row 2) tie at distance 0 -> left
  m = nearestNeighborMatch(Float64Array.from([0.5, 0.5, 0.5]), Uint8Array.from([0, 1, 0]));
  assert.equal(m.controls[0], 0);
  // treated first in row order: its left has nothing, right neighbour is row 1
  m = nearestNeighborMatch(Float64Array.from([0.5, 0.5, 0.5]), Uint8Array.from([1, 0, 0]));
  assert.equal(m.controls[0], 1);
});

test('common support: discard = both drops units outside the other group\'s range', () => {
  const ps = Float64Array.from([0.05, 0.2, 0.5, 0.9, 0.3, 0.6, 0.95]);
  const treat = Uint8Array.from([0, 0, 0, 0, 1, 1, 1]);
  assert.deepEqual(Array.from(commonSupport(ps, treat, 'both')), [0, 0, 1, 1, 1, 1, 0]);
  assert.deepEqual(Array.from(commonSupport(ps, treat, 'control')), [0, 0, 1, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(commonSupport(ps, treat, 'none')), [1, 1, 1, 1, 1, 1, 1]);
});

test('Mahalanobis matching equals brute force and is invariant to affine rescaling of the covariates', () => {
  const rng = new Rng(21);
  const n = 120, p = 2;
  const M = new Float64Array(n * p), M2 = new Float64Array(n * p), treat = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    M[i] = rng.normal();
    M[n + i] = rng.normal() + 0.5 * M[i]!;
    treat[i] = rng.uniform() < 0.3 ? 1 : 0;
    M2[i] = 1000 * M[i]! - 7;
    M2[n + i] = 0.01 * M[n + i]! + 3;
  }
  const order = treatedOrder(new Float64Array(n), treat, undefined, 'data');
  const a = mahalanobisMatch(M, p, treat, { order });
  const b = mahalanobisMatch(M2, p, treat, { order });
  assert.deepEqual(Array.from(a.controls), Array.from(b.controls));
  // brute force with the pooled within-group covariance
  const S = [0, 0, 0, 0];
  for (const g of [0, 1]) {
    const idx = [...Array(n).keys()].filter((i) => treat[i] === g);
    const m0 = idx.reduce((s, i) => s + M[i]!, 0) / idx.length, m1 = idx.reduce((s, i) => s + M[n + i]!, 0) / idx.length;
    for (const i of idx) {
      const d0 = M[i]! - m0, d1 = M[n + i]! - m1;
      S[0] += d0 * d0; S[1] += d0 * d1; S[3] += d1 * d1;
    }
  }
  const det = S[0]! * S[3]! - S[1]! * S[1]!;
  const used = new Set<number>();
  order.forEach((u, t) => {
    let best = -1, bd = Infinity;
    for (let c = 0; c < n; c++) {
      if (treat[c] !== 0 || used.has(c)) continue;
      const d0 = M[u]! - M[c]!, d1 = M[n + u]! - M[n + c]!;
      const d = (S[3]! * d0 * d0 - 2 * S[1]! * d0 * d1 + S[0]! * d1 * d1) / det;
      if (d < bd) { bd = d; best = c; }
    }
    used.add(best);
    assert.equal(a.controls[t], best);
  });
});
