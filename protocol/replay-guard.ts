import { ProtocolError } from './errors.ts';
import type { JournalEntry, ReplayJournal } from './replay-log.ts';

/**
 * Replay protection for per-request (sr25519) signatures: a request is fresh
 * when its timestamp lies within ±windowMs of now and its uuid was not seen
 * from the same sender within the window. Entries expire with the window, so
 * memory is bounded by the admitted request rate; past `maxEntries` the guard
 * fails closed (OVERLOADED) rather than forgetting and letting replays through.
 *
 * With a journal (`replay-log.ts`) every recorded uuid is also written down before the request
 * runs, and `restore` reloads them, so a restarted axon still refuses what it served before.
 *
 * Session mode needs no such table: nonces are strictly increasing per
 * connection and the session key dies with the connection.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, Map<string, number>>();
  private entries = 0;
  private lastSweep = 0;

  constructor(
    readonly windowMs: number,
    private readonly maxEntries = 200_000,
    /** where recorded uuids are also written; attach one with `journalTo` */
    private journal?: ReplayJournal,
  ) {}

  /** From now on every recorded uuid is also appended to `journal`. */
  journalTo(journal: ReplayJournal | undefined): void {
    this.journal = journal;
  }

  /** Loads uuids recorded before a restart (a journal's unexpired entries). */
  restore(entries: Iterable<JournalEntry>, now = Date.now()): void {
    for (const e of entries) {
      const at = e.key.indexOf('/');
      if (at <= 0 || e.expiresAt <= now || this.entries >= this.maxEntries) continue;
      this.remember(e.key.slice(0, at), e.key.slice(at + 1), e.expiresAt);
    }
  }

  /** The live uuids as journal entries (what a compaction keeps). */
  *live(now = Date.now()): Iterable<JournalEntry> {
    for (const [sender, perSender] of this.seen) {
      for (const [uuid, expiresAt] of perSender) if (expiresAt > now) yield { key: `${sender}/${uuid}`, value: '', expiresAt };
    }
  }

  /** Throws UNAUTHORIZED for a stale, future or replayed request; does not record (see `record`). */
  check(sender: string, uuid: string, ts: number, now = Date.now()): void {
    if (ts < now - this.windowMs) throw new ProtocolError('UNAUTHORIZED', `request timestamp ${ts} is older than the ${this.windowMs} ms window (now ${now})`);
    if (ts > now + this.windowMs) throw new ProtocolError('UNAUTHORIZED', `request timestamp ${ts} is in the future (now ${now}, window ${this.windowMs} ms)`);
    const expiry = this.seen.get(sender)?.get(uuid);
    if (expiry !== undefined && expiry > now) throw new ProtocolError('UNAUTHORIZED', `replayed request: uuid ${uuid} from ${sender} was already used`);
  }

  /** Records a verified request. */
  record(sender: string, uuid: string, ts: number, now = Date.now()): void {
    this.sweep(now);
    if (this.entries >= this.maxEntries) throw new ProtocolError('OVERLOADED', 'replay table full; retry shortly');
    // keep it until its timestamp leaves the window on both sides
    const expiresAt = Math.max(ts, now) + this.windowMs;
    // written down before the request runs: a crash after this line cannot make it fresh again
    this.journal?.append({ key: `${sender}/${uuid}`, value: '', expiresAt });
    this.remember(sender, uuid, expiresAt);
  }

  private remember(sender: string, uuid: string, expiresAt: number): void {
    let perSender = this.seen.get(sender);
    if (!perSender) {
      perSender = new Map();
      this.seen.set(sender, perSender);
    }
    if (!perSender.has(uuid)) this.entries += 1;
    perSender.set(uuid, Math.max(expiresAt, perSender.get(uuid) ?? 0));
  }

  get size(): number {
    return this.entries;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 1000 && this.entries < this.maxEntries) return;
    this.lastSweep = now;
    for (const [sender, perSender] of this.seen) {
      for (const [uuid, expiry] of perSender) {
        if (expiry <= now) {
          perSender.delete(uuid);
          this.entries -= 1;
        }
      }
      if (perSender.size === 0) this.seen.delete(sender);
    }
  }
}
