import { closeSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { writeFileAtomic } from '../core/state-file.ts';
import { SubnetError } from '../core/errors.ts';

/** One accepted request as a replay table remembers it: a key, an optional value, and when it may be forgotten. */
export interface JournalEntry {
  key: string;
  /** what the table keeps for the key (the last nonce); '' when the key alone is enough */
  value: string;
  /** ms since epoch; past it a replay of this request is refused as stale anyway */
  expiresAt: number;
}

/** Where a replay table writes what it accepts, so that a restarted axon still refuses it. */
export interface ReplayJournal {
  append(entry: JournalEntry): void;
}

export interface ReplayLogOptions {
  /** rewrite the file with the live entries once it grows past this many bytes (and twice its last compacted size) */
  compactBytes?: number;
  /** a sync of the file to disk at most this often while it has unsynced appends; 0 never */
  syncEveryMs?: number;
  now?: () => number;
}

/**
 * A replay table's append-only log: one JSON line `[expiresAt, key, value]` per accepted request,
 * written (not fsynced) before the request runs. A process killed at any instant leaves every
 * written line in the kernel's page cache, so `kill -9` loses nothing; a torn last line (a crash
 * of the machine mid-write) is skipped on load. The file is synced to disk at most once per
 * `syncEveryMs` off the request path, which bounds what a power loss can forget. Expired lines are
 * dropped by compaction: the live entries are written to a temp file, fsynced and renamed over the
 * log (`core/state-file.ts`), so the file stays bounded by the table's own bound.
 */
export class ReplayLog implements ReplayJournal {
  private fd: number;
  private bytes = 0;
  private compactAt: number;
  private dirty = false;
  private closed = false;
  private readonly syncTimer?: NodeJS.Timeout;
  private readonly compactBytes: number;
  private readonly now: () => number;

  private constructor(
    readonly path: string,
    private readonly live: () => Iterable<JournalEntry>,
    opts: ReplayLogOptions,
  ) {
    this.compactBytes = opts.compactBytes ?? 4 * 1024 * 1024;
    this.now = opts.now ?? Date.now;
    this.compactAt = this.compactBytes;
    this.fd = this.rewrite();
    const syncEveryMs = opts.syncEveryMs ?? 1_000;
    if (syncEveryMs > 0) {
      this.syncTimer = setInterval(() => this.sync(), syncEveryMs);
      this.syncTimer.unref();
    }
  }

  /**
   * Reads the unexpired entries of `path` (none when it does not exist), hands them to `restore`
   * (the table loads them), then compacts the file and opens it for appending. `live` lists the
   * table's entries at each later compaction.
   */
  static open(path: string, restore: (entries: JournalEntry[]) => void, live: () => Iterable<JournalEntry>, opts: ReplayLogOptions = {}): ReplayLog {
    const now = (opts.now ?? Date.now)();
    restore(readEntries(path, now));
    return new ReplayLog(path, live, opts);
  }

  append(entry: JournalEntry): void {
    if (this.closed) throw new SubnetError('STATE_CLOSED', `replay log ${this.path} is closed`);
    // compact first: the table learns of this entry only after it is written, so a compaction
    // after the write would leave it out of the new file
    if (this.bytes > this.compactAt) this.compact();
    const line = Buffer.from(`${JSON.stringify([entry.expiresAt, entry.key, entry.value])}\n`);
    writeSync(this.fd, line);
    this.bytes += line.byteLength;
    this.dirty = true;
  }

  /** Rewrites the log with the live entries only. */
  compact(): void {
    const old = this.fd;
    this.fd = this.rewrite();
    closeSync(old);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.syncTimer);
    this.sync();
    closeSync(this.fd);
  }

  private sync(): void {
    if (!this.dirty) return;
    this.dirty = false;
    fdatasyncSync(this.fd);
  }

  private rewrite(): number {
    const now = this.now();
    let text = '';
    for (const e of this.live()) if (e.expiresAt > now) text += `${JSON.stringify([e.expiresAt, e.key, e.value])}\n`;
    writeFileAtomic(this.path, text);
    this.bytes = Buffer.byteLength(text);
    this.compactAt = Math.max(this.compactBytes, 2 * this.bytes);
    this.dirty = false;
    return openSync(this.path, 'a', 0o600);
  }
}

function readEntries(path: string, now: number): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SubnetError('STATE_UNREADABLE', `replay log ${path} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      // a line torn by a machine crash mid-write
      continue;
    }
    if (!Array.isArray(parsed) || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string' || typeof parsed[2] !== 'string') continue;
    if (parsed[0] > now) entries.push({ expiresAt: parsed[0], key: parsed[1], value: parsed[2] });
  }
  return entries;
}
