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
 * One CPU model on `shape.workers` worker threads. Each run goes to the
 * worker with the fewest runs in flight; callers that want the cores used
 * together split their batch into `size` parts (see TextEmbedder).
 */
export class InferencePool {
  private readonly threads: SessionThread[];

  constructor(model: Uint8Array, options: (intraOpThreads: number) => ort.InferenceSession.SessionOptions, shape: PoolShape, label: string) {
    this.threads = Array.from({ length: shape.workers }, () => new SessionThread(model, options(shape.intraOpThreads), label));
    openPools.add(this);
    closeOpenPoolsBeforeExit();
  }

  get size(): number {
    return this.threads.length;
  }

  /** Runs on the least busy worker. The feeds' buffers move to that thread: do not use them afterwards. */
  run(feeds: Record<string, ort.Tensor>): Promise<Record<string, ThreadTensor>> {
    let best = this.threads[0];
    for (const t of this.threads) if (t.inFlight < best.inFlight) best = t;
    return best.run(feeds);
  }

  async close(): Promise<void> {
    openPools.delete(this);
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
