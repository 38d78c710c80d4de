/**
 * The generic worker of {@link runParallel}: imports the task module named in `workerData`, runs `prepare`
 * once, then runs the task indices the pool sends and posts each result (or a serialised error) back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TaskModule } from './task.js';

interface WorkerInit {
  moduleUrl: string;
  payload: unknown;
  seed: number;
}

const init = workerData as WorkerInit;
const port = parentPort!;

const mod = (await import(init.moduleUrl)) as TaskModule<unknown, unknown>;
let context: unknown;
try {
  context = mod.prepare ? await mod.prepare(init.payload) : undefined;
  port.postMessage({ type: 'ready' });
} catch (e) {
  port.postMessage({ type: 'error', index: -1, error: serialiseError(e) });
}

port.on('message', async (msg: { type: 'task'; index: number } | { type: 'stop' }) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  try {
    const value = await mod.runTask(init.payload, msg.index, init.seed, context);
    port.postMessage({ type: 'result', index: msg.index, value });
  } catch (e) {
    port.postMessage({ type: 'error', index: msg.index, error: serialiseError(e) });
  }
});

function serialiseError(e: unknown): Record<string, unknown> {
  const err = e as { name?: string; message?: string; code?: string; hint?: string; details?: unknown; stack?: string };
  return { name: err?.name, message: err?.message ?? String(e), code: err?.code, hint: err?.hint, details: err?.details, stack: err?.stack };
}
