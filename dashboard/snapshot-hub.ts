import type { MetagraphSource, SubnetSnapshot } from './source.ts';

/**
 * A MetagraphSource fed by someone else's reads: whoever already follows the
 * chain `publish`es each snapshot, and every consumer of `snapshots()` gets the
 * newest one (a slow consumer skips to the latest rather than queueing). The
 * demo reads the chain once per block for its live view and the dashboard.
 */
export class SnapshotHub implements MetagraphSource {
  #latest: SubnetSnapshot | undefined;
  #version = 0;
  readonly #waiters = new Set<() => void>();
  #closed = false;

  publish(snapshot: SubnetSnapshot): void {
    this.#latest = snapshot;
    this.#version++;
    for (const wake of [...this.#waiters]) wake();
  }

  async *snapshots(signal: AbortSignal): AsyncIterable<SubnetSnapshot> {
    let seen = 0;
    while (!signal.aborted && !this.#closed) {
      if (this.#version > seen && this.#latest) {
        seen = this.#version;
        yield this.#latest;
        continue;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        this.#waiters.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const wake of [...this.#waiters]) wake();
  }
}
