/**
 * Progress and cancellation for long computations.
 *
 * Every function that may run for more than a second accepts a {@link RunControl}: the CLI draws a progress
 * bar from `onProgress`, the dashboard streams it, and either can stop the work through `signal`.
 */
export interface RunControl {
  /** Abort to stop the work; the function throws `CancelledError` at its next check. */
  signal?: AbortSignal;
  /** Called as work advances: `done` of `total` units, with an optional label ("placebo Utah"). */
  onProgress?: (done: number, total: number, label?: string) => void;
}
