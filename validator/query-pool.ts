/**
 * Fans a round's queries out with bounded concurrency and a hard wall-clock
 * deadline for the whole round. Each call gets its own timeout, capped by the
 * time left in the round, and an AbortSignal that fires when either expires; a
 * call that ignores its signal is abandoned at the deadline, so a miner that
 * hangs, trickles bytes or never answers cannot hold the round open.
 *
 * An optional `prepare` step (opening the session) runs before a call's own
 * timer starts, bounded only by the round deadline: a miner is timed on its
 * answer, not on the caller's one-off handshake.
 */
export type QueryStatus = 'ok' | 'error' | 'timeout';

export interface QueryResult<T, R> {
  target: T;
  status: QueryStatus;
  value?: R;
  error?: unknown;
  /** wall-clock milliseconds from dispatch to settlement (or to the timeout) */
  latencyMs: number;
}

export interface QueryPoolOptions {
  concurrency: number;
  /** per-call timeout */
  timeoutMs: number;
  /** total budget for the round, from the call to `runQueryPool` */
  roundTimeoutMs: number;
  now?: () => number;
}

export type QueryCall<T, R> = (target: T, signal: AbortSignal, timeoutMs: number) => Promise<R>;
export type QueryPrepare<T> = (target: T) => Promise<void>;

export async function runQueryPool<T, R>(
  targets: readonly T[],
  call: QueryCall<T, R>,
  options: QueryPoolOptions,
  prepare?: QueryPrepare<T>,
): Promise<QueryResult<T, R>[]> {
  const now = options.now ?? (() => performance.now());
  const start = now();
  const deadline = start + options.roundTimeoutMs;
  const results: QueryResult<T, R>[] = new Array(targets.length);
  let next = 0;

  const runOne = async (index: number): Promise<void> => {
    const target = targets[index];
    if (prepare) {
      const p0 = now();
      const ready = await settleBy(prepare(target), deadline - p0);
      if (ready !== 'ok') {
        results[index] =
          ready === 'timeout' ? { target, status: 'timeout', latencyMs: now() - p0 } : { target, status: 'error', error: ready.error, latencyMs: now() - p0 };
        return;
      }
    }
    const t0 = now();
    const budget = Math.min(options.timeoutMs, deadline - t0);
    if (budget <= 0) {
      results[index] = { target, status: 'timeout', latencyMs: 0 };
      return;
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve('timeout');
      }, budget);
    });
    try {
      const outcome = await Promise.race([
        call(target, controller.signal, budget).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        ),
        expired,
      ]);
      const latencyMs = now() - t0;
      if (outcome === 'timeout') results[index] = { target, status: 'timeout', latencyMs };
      else if ('error' in outcome) {
        results[index] = { target, status: controller.signal.aborted ? 'timeout' : 'error', error: outcome.error, latencyMs };
      } else results[index] = { target, status: 'ok', value: outcome.value, latencyMs };
    } finally {
      clearTimeout(timer);
    }
  };

  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      await runOne(index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, targets.length)) }, worker);
  await Promise.all(workers);
  return results;
}

/** Waits for `work` at most `ms` (ms <= 0: not at all). */
async function settleBy(work: Promise<void>, ms: number): Promise<'ok' | 'timeout' | { error: unknown }> {
  work.catch(() => undefined);
  if (ms <= 0) return 'timeout';
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work.then(
        () => 'ok' as const,
        (error: unknown) => ({ error }),
      ),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
