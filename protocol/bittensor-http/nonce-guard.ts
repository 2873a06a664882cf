import { ProtocolError } from '../errors.ts';
import type { JournalEntry, ReplayJournal } from '../replay-log.ts';

/**
 * The nonce rules of axon.py `default_verify`, per endpoint key
 * `{dendrite hotkey}:{dendrite uuid}`: a key's first nonce must be newer than
 * now − 4 s − the synapse timeout, later ones strictly greater than the last
 * accepted. Stricter than the SDK where it is weak: the freshness rule applies
 * to every client version (the SDK skips it below 7.2.0, so an old-version
 * request replays forever after an axon restart), the timeout that widens the
 * window is capped (the SDK takes the caller's, unbounded), and nonces from
 * the future beyond the same window are refused. A key is forgotten once its
 * last nonce has left the window: a replay of it is stale by then anyway,
 * which bounds memory; past `maxKeys` live keys the guard fails closed.
 * With a journal (`../replay-log.ts`) every accepted nonce is also written down before the request
 * runs and `restore` reloads them, so a restarted axon still refuses a replay inside the window.
 */
export const ALLOWED_DELTA_NS = 4_000_000_000n;

export interface NonceCheck {
  endpointKey: string;
  nonce: bigint;
  /** the caller's synapse timeout, seconds */
  timeoutSeconds: number;
}

export class NonceGuard {
  private readonly last = new Map<string, bigint>();
  private lastSweepNs = 0n;

  constructor(
    private readonly maxTimeoutSeconds: number,
    private readonly maxKeys = 100_000,
    private journal?: ReplayJournal,
  ) {}

  /** From now on every accepted nonce is also appended to `journal`. */
  journalTo(journal: ReplayJournal | undefined): void {
    this.journal = journal;
  }

  /** Loads the nonces accepted before a restart (a journal's unexpired entries). */
  restore(entries: Iterable<JournalEntry>, nowNs = nowNanos()): void {
    const horizon = nowNs - this.windowNs(this.maxTimeoutSeconds);
    for (const e of entries) {
      let nonce: bigint;
      try {
        nonce = BigInt(e.value);
      } catch {
        continue;
      }
      const previous = this.last.get(e.key);
      if (nonce <= horizon || (previous !== undefined && previous >= nonce) || (previous === undefined && this.last.size >= this.maxKeys)) continue;
      this.last.set(e.key, nonce);
    }
  }

  /** The live nonces as journal entries (what a compaction keeps). */
  *live(nowNs = nowNanos()): Iterable<JournalEntry> {
    const horizon = nowNs - this.windowNs(this.maxTimeoutSeconds);
    for (const [key, nonce] of this.last) if (nonce > horizon) yield { key, value: nonce.toString(), expiresAt: this.expiresAtMs(nonce) };
  }

  /** When a key whose last nonce is `nonce` leaves the widest window, ms since epoch. */
  private expiresAtMs(nonce: bigint): number {
    return Number((nonce + this.windowNs(this.maxTimeoutSeconds)) / 1_000_000n) + 1;
  }

  private windowNs(timeoutSeconds: number): bigint {
    const t = Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? Math.min(timeoutSeconds, this.maxTimeoutSeconds) : 0;
    return ALLOWED_DELTA_NS + BigInt(Math.round(t * 1e9));
  }

  /** Throws UNAUTHORIZED with the SDK's reason when the nonce is refused. Does not record it. */
  check(c: NonceCheck, nowNs = nowNanos()): void {
    const window = this.windowNs(c.timeoutSeconds);
    const previous = this.last.get(c.endpointKey);
    if (previous === undefined && c.nonce <= nowNs - window) {
      const age = Number(nowNs - c.nonce) / 1e9;
      throw new ProtocolError(
        'UNAUTHORIZED',
        `Nonce is too old: acceptable delta is ${(Number(window) / 1e9).toFixed(2)} seconds but request was ${age.toFixed(2)} seconds old`,
      );
    }
    if (previous !== undefined && c.nonce <= previous) throw new ProtocolError('UNAUTHORIZED', 'Nonce is too old, a newer one was last processed');
    if (c.nonce > nowNs + window)
      throw new ProtocolError(
        'UNAUTHORIZED',
        `Nonce is ${(Number(c.nonce - nowNs) / 1e9).toFixed(2)} seconds in the future (allowed ${(Number(window) / 1e9).toFixed(2)})`,
      );
  }

  /** Records an accepted nonce (after the signature verified). */
  record(endpointKey: string, nonce: bigint, nowNs = nowNanos()): void {
    this.sweep(nowNs);
    if (!this.last.has(endpointKey) && this.last.size >= this.maxKeys) throw new ProtocolError('OVERLOADED', 'nonce table full; retry shortly');
    // written down before the request runs: a crash after this line cannot make the nonce fresh again
    this.journal?.append({ key: endpointKey, value: nonce.toString(), expiresAt: this.expiresAtMs(nonce) });
    this.last.delete(endpointKey);
    this.last.set(endpointKey, nonce);
  }

  get size(): number {
    return this.last.size;
  }

  private sweep(nowNs: bigint): void {
    if (nowNs - this.lastSweepNs < 1_000_000_000n && this.last.size < this.maxKeys) return;
    this.lastSweepNs = nowNs;
    const horizon = nowNs - this.windowNs(this.maxTimeoutSeconds);
    for (const [key, nonce] of this.last) if (nonce <= horizon) this.last.delete(key);
  }
}

const originNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** time.time_ns(): wall-clock nanoseconds, with sub-millisecond resolution from the monotonic clock. */
export function nowNanos(): bigint {
  return originNs + process.hrtime.bigint();
}
