import { networkSourceOf } from '../core/network-source.ts';

export interface AuthFailureBudgetOptions {
  /** failures a source may make in a burst (bucket capacity) */
  burst: number;
  /** failures per second a source earns back (refill rate) */
  perSecond: number;
  /** sources tracked at once; past it the least recently charged one is forgotten */
  maxSources: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per remote source, charged for every failed authentication
 * that cost the axon real work: a bad sr25519 request signature, a
 * certificate that did not verify (about 0.5 ms of CPU each), or a handshake that
 * timed out (a pending slot held for seconds). A source whose bucket is empty
 * is refused before any sr25519 work, so a cheap attacker cannot buy
 * expensive CPU by spreading bad signatures over many connections.
 *
 * A source is an IPv4 address, or an IPv6 /64 (one host commonly owns a whole /64).
 */
export class AuthFailureBudget {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly opts: AuthFailureBudgetOptions) {}

  /** The source key of a socket's remote address (core/network-source.ts). */
  static sourceOf(remoteAddress: string | undefined): string {
    return networkSourceOf(remoteAddress);
  }

  /** True while `source` may still fail at least once more. */
  allows(source: string, now = Date.now()): boolean {
    const bucket = this.buckets.get(source);
    return bucket === undefined || this.refill(bucket, now) >= 1;
  }

  /**
   * Records a failed authentication by `source`, costing `cost` tokens: a slot held for seconds
   * costs more than a signature refused at once. The bucket may go into debt (down to minus the
   * burst), so a source pays for all the time it held, not only until it is refused.
   */
  charge(source: string, now = Date.now(), cost = 1): void {
    let bucket = this.buckets.get(source);
    if (bucket === undefined) {
      bucket = { tokens: this.opts.burst, at: now };
      if (this.buckets.size >= this.opts.maxSources) this.buckets.delete(this.buckets.keys().next().value!);
    } else {
      this.refill(bucket, now);
      // re-insert: Map order is then least recently charged first
      this.buckets.delete(source);
    }
    bucket.tokens = Math.max(-this.opts.burst, bucket.tokens - cost);
    this.buckets.set(source, bucket);
  }

  /** Whole seconds until `source` may fail once more (0 when it may now). */
  retryAfterS(source: string, now = Date.now()): number {
    const bucket = this.buckets.get(source);
    if (bucket === undefined) return 0;
    const missing = 1 - this.refill(bucket, now);
    return missing <= 0 ? 0 : Math.ceil(missing / this.opts.perSecond);
  }

  /** Sources currently tracked (bounded by maxSources). */
  get size(): number {
    return this.buckets.size;
  }

  private refill(bucket: Bucket, now: number): number {
    bucket.tokens = Math.min(this.opts.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.opts.perSecond);
    bucket.at = now;
    return bucket.tokens;
  }
}
