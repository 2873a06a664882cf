/**
 * How rows of token ids are cut into inference runs and spread over a pool's
 * workers. Rows are sorted by length (shortest first) and cut into contiguous
 * runs of about the same number of tokens, at most `maxBatch` rows each (so
 * padding stays small), longest first, several per worker: the inference
 * pool hands them out from one queue as workers free up.
 *
 * A fixed share per worker would not do: run time follows the padded tokens
 * only roughly, and on the example subnet's texts the worker with the long
 * rows ran 11–25% longer while the other core idled. Several runs per worker
 * taken from a queue leave at most about one run's time of idling.
 */

/** Runs per worker: more balances better, each costs a message to a worker and a session call. */
const RUNS_PER_WORKER = 4;
/** A call is cut finer than one run per worker only where each run keeps at least this many rows. */
const MIN_ROWS_PER_EXTRA_RUN = 32;

/** The runs, as [start, end) ranges of the sorted rows, longest (most padded tokens) first. */
export function planRuns(sortedLengths: readonly number[], workers: number, maxBatch: number, minRows = 8): [number, number][] {
  const n = sortedLengths.length;
  if (n === 0) return [];
  const batch = Math.max(1, Math.floor(maxBatch));
  const perWorker = Math.min(Math.floor(workers), Math.floor(n / Math.max(1, minRows)));
  const spread = workers > 1 ? Math.max(perWorker, Math.min(Math.floor(workers) * RUNS_PER_WORKER, Math.floor(n / MIN_ROWS_PER_EXTRA_RUN))) : 1;
  const wanted = Math.max(Math.ceil(n / batch), spread, 1);
  const total = sortedLengths.reduce((s, l) => s + Math.max(1, l), 0);
  const runs: [number, number][] = [];
  let start = 0;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += Math.max(1, sortedLengths[i]);
    const rows = i + 1 - start;
    // a run closes at its share of the tokens, or full
    if (i === n - 1 || rows >= batch || acc >= (total * (runs.length + 1)) / wanted) {
      runs.push([start, i + 1]);
      start = i + 1;
    }
  }
  return runs.sort((a, b) => paddedTokens(sortedLengths, b) - paddedTokens(sortedLengths, a));
}

/** rows × the longest row: what the model computes over. */
export function paddedTokens(sortedLengths: readonly number[], [start, end]: [number, number]): number {
  return end > start ? (end - start) * Math.max(1, sortedLengths[end - 1]) : 0;
}
