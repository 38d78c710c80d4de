/** Worker-thread pool for embarrassingly parallel loops (placebos, bootstraps, permutations). */
export { runParallel, defaultThreads, resolveThreads, type ParallelOptions } from './pool.js';
export { sharedFloat64, sharedInt32 } from './shared.js';
export { taskRng, type TaskModule } from './task.js';
