import type * as ort from 'onnxruntime-node';
import type { Logger } from '../../core/logger.ts';
import { baseSessionOptions, createSession, type ExecutionProvider, type ExecutionProviderChoice } from './execution-provider.ts';
import { readVerifiedFile } from './model-file.ts';
import { InferencePool, poolShape } from './inference-pool.ts';

export interface LoadedSession {
  session: ort.InferenceSession;
  provider: ExecutionProvider;
  path: string;
  sha256: string;
  /**
   * CPU models: the same model on worker threads (created on first use), so
   * long runs do not block the event loop and a batch can use every core.
   */
  pool?: () => InferencePool;
}

/**
 * One InferenceSession per (model file, sha256, provider), shared by every
 * caller in the process: a miner and a validator in the same process (the
 * simulator, the demo, tests) run the same session instead of loading the
 * model twice. Concurrent loads of one model share the same promise.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Promise<LoadedSession>>();
  private readonly pools: InferencePool[] = [];

  /** `intraOpThreads`: the CPU threads this model may use (default: every core), on the event-loop session and across the pool. */
  load(
    spec: { path: string; sha256: string; provider: ExecutionProviderChoice },
    opts: { log?: Logger; intraOpThreads?: number } = {},
  ): Promise<LoadedSession> {
    const key = `${spec.path}\u0000${spec.sha256.toLowerCase()}\u0000${spec.provider}`;
    let pending = this.sessions.get(key);
    if (!pending) {
      pending = (async () => {
        // hash check before onnxruntime ever sees the bytes
        const bytes = readVerifiedFile(spec.path, spec.sha256);
        const { session, provider } = await createSession(bytes, spec.provider, { log: opts.log, label: spec.path, intraOpThreads: opts.intraOpThreads });
        opts.log?.info({ model: spec.path, provider }, 'model loaded');
        let pool: InferencePool | undefined;
        const onPool = () => {
          if (!pool) this.pools.push((pool = new InferencePool(bytes, poolSessionOptions, poolShape(opts.intraOpThreads), spec.path)));
          return pool;
        };
        return { session, provider, path: spec.path, sha256: spec.sha256.toLowerCase(), ...(provider === 'cpu' ? { pool: onPool } : {}) };
      })();
      this.sessions.set(key, pending);
      pending.catch(() => this.sessions.delete(key));
    }
    return pending;
  }

  get size(): number {
    return this.sessions.size;
  }

  async release(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const p of this.pools.splice(0)) await p.close();
    for (const p of all) {
      try {
        await (await p).session.release();
      } catch {
        // a session that failed to load has nothing to release
      }
    }
  }
}

/**
 * A pool worker's session: the same options, except that intra-op threads
 * sleep instead of spinning between runs, so they do not take the cores the
 * event loop needs while the reference runs beside the queries (scheduling
 * only: the numbers are the same).
 */
export function poolSessionOptions(intraOpThreads?: number): ort.InferenceSession.SessionOptions {
  return {
    ...baseSessionOptions(intraOpThreads),
    executionProviders: ['cpu'],
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}

/** The process-wide registry used unless a caller passes its own. */
export const sharedSessions = new SessionRegistry();
