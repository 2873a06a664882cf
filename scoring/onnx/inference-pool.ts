import { availableParallelism } from 'node:os';
import type * as ort from 'onnxruntime-node';
import { SessionThread, type ThreadTensor } from './session-thread.ts';

/** How a CPU thread budget is spread: this many sessions, each with this many intra-op threads. */
interface PoolShape {
  workers: number;
  intraOpThreads: number;
}

/** More sessions cost one model copy each; past four, intra-op threads scale well enough. */
const MAX_WORKERS = 4;

/**
 * Splits a thread budget (default: every core) into sessions. Several
 * single-threaded sessions on separate rows beat one session whose intra-op
 * threads meet at a barrier after every operator: when the event loop takes a
 * core (a validator answering sockets while its reference inference runs),
 * a barrier waits for the descheduled thread, while independent sessions just
 * share the cores.
 */
export function poolShape(budget: number = availableParallelism()): PoolShape {
  const threads = Math.max(1, Math.floor(budget));
  const workers = Math.min(MAX_WORKERS, threads);
  return { workers, intraOpThreads: Math.max(1, Math.floor(threads / workers)) };
}

/**
 * A worker holds at most this many runs: one computing and one waiting, so that it
 * starts its next run without waiting for the event loop to hand it one.
 */
const RUNS_PER_WORKER = 2;

interface QueuedRun {
  feeds: Record<string, ort.Tensor>;
  resolve: (out: Record<string, ThreadTensor>) => void;
  reject: (err: Error) => void;
}

/**
 * One CPU model on `shape.workers` worker threads. Runs wait in one queue,
 * in the order they were asked for, and go to whichever worker has room
 * first, so a worker slowed down (by a longer run, or by sharing its core
 * with the event loop) simply takes fewer; callers that want the cores used
 * together cut their batch into several runs (see TextEmbedder).
 */
export class InferencePool {
  private readonly threads: SessionThread[];
  private readonly queue: QueuedRun[] = [];
  private readonly emptied: (() => void)[] = [];

  constructor(model: Uint8Array, options: (intraOpThreads: number) => ort.InferenceSession.SessionOptions, shape: PoolShape, label: string) {
    this.threads = Array.from({ length: shape.workers }, () => new SessionThread(model, options(shape.intraOpThreads), label));
    openPools.add(this);
    closeOpenPoolsBeforeExit();
  }

  get size(): number {
    return this.threads.length;
  }

  /** Queues one run. The feeds' buffers move to a worker thread: do not use them afterwards. */
  run(feeds: Record<string, ort.Tensor>): Promise<Record<string, ThreadTensor>> {
    return new Promise((resolve, reject) => {
      this.queue.push({ feeds, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let best: SessionThread | undefined;
      for (const t of this.threads) if (t.inFlight < RUNS_PER_WORKER && (!best || t.inFlight < best.inFlight)) best = t;
      if (!best) return;
      const job = this.queue.shift()!;
      best
        .run(job.feeds)
        .then(job.resolve, job.reject)
        .finally(() => this.dispatch());
    }
    for (const done of this.emptied.splice(0)) done();
  }

  /** Lets every queued run reach a worker and finish, then releases the sessions. */
  async close(): Promise<void> {
    openPools.delete(this);
    if (this.queue.length > 0) await new Promise<void>((resolve) => this.emptied.push(resolve));
    await Promise.all(this.threads.map((t) => t.close()));
  }
}

const openPools = new Set<InferencePool>();
let exitHook = false;

/**
 * When the event loop runs dry, pools still open are closed (sessions
 * released on their own threads) before Node tears the threads down: a thread
 * torn down while it holds an onnxruntime session can abort the process
 * ("terminate called after throwing an instance of 'Napi::Error'").
 */
function closeOpenPoolsBeforeExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('beforeExit', () => {
    if (openPools.size > 0) void Promise.all([...openPools].map((p) => p.close()));
  });
}
