import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runParallel } from '../../src/parallel/pool.js';
import { sharedFloat64 } from '../../src/parallel/shared.js';
import type { DemoPayload } from './fixtures/demo-task.js';

const TASK = new URL('./fixtures/demo-task.js', import.meta.url);

function payload(n: number, spinMs = 0, failAt = -1): DemoPayload {
  return { x: sharedFloat64(Array.from({ length: 10 }, (_, i) => i + 0.5)), out: sharedFloat64(new Float64Array(n)), spinMs, failAt };
}

test('results are in task order and identical for 1, 2 and 3 threads (seeded streams per task)', async () => {
  const runs = [];
  for (const threads of [1, 2, 3]) runs.push(await runParallel<DemoPayload, { index: number; value: number; draw: number }>(TASK, payload(25), 25, { threads, seed: 77 }));
  for (const r of runs) {
    assert.equal(r.length, 25);
    r.forEach((x, i) => assert.equal(x.index, i));
    assert.deepEqual(r, runs[0]);
  }
  const other = await runParallel<DemoPayload, { draw: number }>(TASK, payload(25), 25, { threads: 2, seed: 78 });
  assert.notEqual(other[0]!.draw, runs[0]![0]!.draw);
});

test('the payload is shared, not copied: workers write into the SharedArrayBuffer the caller reads', async () => {
  const p = payload(12);
  const r = await runParallel<DemoPayload, { value: number }>(TASK, p, 12, { threads: 2 });
  r.forEach((x, i) => assert.equal(p.out[i], x.value));
});

test('progress is reported once per task, ending at the total; labels name the task', async () => {
  const seen: [number, number, string | undefined][] = [];
  await runParallel(TASK, payload(9), 9, { threads: 2, control: { onProgress: (d, n, l) => seen.push([d, n, l]) }, label: (i) => `task ${i}` });
  assert.equal(seen.length, 9);
  assert.deepEqual(seen.map((s) => s[0]), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(seen.every((s) => s[1] === 9 && /^task \d$/.test(s[2]!)));
});

test('cancellation stops the workers and rejects with E_CANCELLED (threads and inline)', async () => {
  for (const threads of [2, 1]) {
    const ac = new AbortController();
    let done = 0;
    const t0 = Date.now();
    await assert.rejects(
      runParallel(TASK, payload(200, 20), 200, { threads, control: { signal: ac.signal, onProgress: (d) => { done = d; if (d === 3) ac.abort(); } } }),
      (e: any) => e.code === 'E_CANCELLED',
    );
    assert.ok(done < 200, `threads ${threads}: ran ${done} tasks`);
    assert.ok(Date.now() - t0 < 15000, "cancellation took too long");
  }
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(runParallel(TASK, payload(5), 5, { control: { signal: ac.signal } }), (e: any) => e.code === 'E_CANCELLED');
});

test('a PilotzoneError in a task is rethrown with its code, message and hint; bad thread counts are option errors', async () => {
  for (const threads of [1, 2]) {
    await assert.rejects(runParallel(TASK, payload(8, 0, 5), 8, { threads }), (e: any) => e.code === 'E_DEMO' && /task 5 failed/.test(e.message) && e.hint === 'expected');
  }
  await assert.rejects(runParallel(TASK, payload(8), 8, { threads: 0 }), (e: any) => e.code === 'E_OPTION' && /threads/.test(e.message));
  assert.deepEqual(await runParallel(TASK, payload(1), 0, { threads: 2 }), []);
});
