/**
 * Messages that repeat by nature (a miner's handler failing on every request,
 * a fallback hit once per model): the first occurrence is logged as usual,
 * later ones are only counted, and the count is reported as one line now and
 * then ("handler failed 37 more times"), so a terminal stays readable and a
 * log shipper still learns how often it happened.
 */
export interface RepeatCount {
  msg: string;
  /** pino level of the first occurrence */
  level: number;
  count: number;
}

export class RepeatedMessages {
  private readonly seen = new Set<string>();
  private readonly pending = new Map<string, RepeatCount>();

  constructor(private readonly messages: ReadonlySet<string>) {}

  /** Whether this occurrence is logged: any other message, or the first of a repeating one. */
  admit(msg: string, level: number): boolean {
    if (!this.messages.has(msg)) return true;
    if (!this.seen.has(msg)) {
      this.seen.add(msg);
      return true;
    }
    const p = this.pending.get(msg) ?? { msg, level, count: 0 };
    p.count++;
    this.pending.set(msg, p);
    return false;
  }

  /** Whether `msg` is one of the repeating messages. */
  watches(msg: string): boolean {
    return this.messages.has(msg);
  }

  /** The repeats counted since the last drain, which forgets them. */
  drain(): RepeatCount[] {
    const out = [...this.pending.values()].filter((p) => p.count > 0);
    this.pending.clear();
    return out;
  }
}

/** The line that reports `count` unlogged repeats of `msg`. */
export function repeatLine(r: RepeatCount): string {
  return `${r.msg} ${r.count} more time${r.count === 1 ? '' : 's'}`;
}
