/** Worker task module of the Callaway-Sant'Anna permutation test (see `src/parallel/task.ts`): a chunk of draws. */
import { prepareCsPermutation, runCsPermutationChunk, type CsPermutationContext, type CsPermutationPayload } from './cs-permutation-core.js';

export function prepare(payload: CsPermutationPayload): CsPermutationContext {
  return prepareCsPermutation(payload);
}

export function runTask(payload: CsPermutationPayload, index: number, seed: number, ctx: CsPermutationContext): Float64Array {
  return runCsPermutationChunk(payload, index, seed, ctx);
}
