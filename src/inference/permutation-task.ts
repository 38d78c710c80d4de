/** Worker task module of {@link permutationTest} (see `src/parallel/task.ts`): a chunk of permutation draws. */
import { preparePermutation, runPermutationChunk, type PermutationContext, type PermutationPayload } from './permutation-core.js';

export function prepare(payload: PermutationPayload): PermutationContext {
  return preparePermutation(payload);
}

export function runTask(payload: PermutationPayload, index: number, seed: number, ctx: PermutationContext): Float64Array {
  return runPermutationChunk(payload, index, seed, ctx);
}
