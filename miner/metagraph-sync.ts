import type { Logger } from '../core/logger.ts';
import { describeError } from '../core/errors.ts';
import { withTimeout } from '../core/timeout.ts';
import type { Metagraph } from '../chain/metagraph.ts';
import type { CallerDirectory } from './caller-directory.ts';

/** Where metagraphs come from: the chain client in production (`SubtensorClient` fits). */
export interface MetagraphSource {
  getMetagraph(netuid: number): Promise<Metagraph>;
}

/**
 * Keeps the caller directory current: reads the metagraph every `intervalMs`
 * (each read bounded by `timeoutMs`). A failed read keeps the last good
 * metagraph and is logged; the miner keeps serving on it.
 */
export class MetagraphSync {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  latest?: Metagraph;
  lastSyncAt?: number;
  failures = 0;

  constructor(
    private readonly source: MetagraphSource,
    private readonly netuid: number,
    private readonly directory: CallerDirectory,
    private readonly opts: { intervalMs: number; timeoutMs: number; log: Logger; onSync?: (m: Metagraph) => void },
  ) {}

  /** One read now; throws when it fails (used at start-up, where failing is right). */
  async syncOnce(): Promise<Metagraph> {
    const m = await withTimeout(this.source.getMetagraph(this.netuid), this.opts.timeoutMs, `reading the metagraph of netuid ${this.netuid}`);
    this.directory.update(m);
    this.latest = m;
    this.lastSyncAt = Date.now();
    this.failures = 0;
    this.opts.onSync?.(m);
    return m;
  }

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      try {
        const before = this.latest?.block;
        const m = await this.syncOnce();
        if (m.block !== before) this.opts.log.debug({ block: m.block, n: m.n }, 'metagraph synced');
      } catch (err) {
        this.failures += 1;
        this.opts.log.warn({ netuid: this.netuid, failures: this.failures, err: describeError(err) }, 'metagraph sync failed; keeping the last one');
      }
      if (!this.stopped) {
        this.timer = setTimeout(() => void tick(), this.opts.intervalMs);
        this.timer.unref();
      }
    };
    this.timer = setTimeout(() => void tick(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
