import type { IncomingMessage } from 'node:http';

/**
 * The upgrade request header in which a dendrite names the hotkey it will authenticate as. The axon
 * checks the claim against its policy (a map lookup, no signature work) and admits a permitted
 * claimant from a pending pool of its own, which floods of anonymous sockets cannot fill; a
 * connection that authenticates as another hotkey than it claimed costs its source its whole
 * failure budget.
 */
export const CLAIMED_HOTKEY_HEADER = 'x-subnet-hotkey';

/** An ss58 address is 47-48 characters; anything longer is not worth a policy lookup. */
const MAX_CLAIM_LENGTH = 64;

/** The hotkey claimed in an upgrade request, when the header holds one plausible value. */
export function claimedHotkey(req: IncomingMessage): string | undefined {
  const value = req.headers[CLAIMED_HOTKEY_HEADER];
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CLAIM_LENGTH || !/^[1-9A-HJ-NP-Za-km-z]+$/.test(value)) return undefined;
  return value;
}

/** Counts per remote source, forgetting a source at zero, so its size is bounded by what is open. */
export class SourceCounts {
  private readonly counts = new Map<string, number>();

  get(source: string): number {
    return this.counts.get(source) ?? 0;
  }

  add(source: string): void {
    this.counts.set(source, this.get(source) + 1);
  }

  remove(source: string): void {
    const n = this.get(source) - 1;
    if (n <= 0) this.counts.delete(source);
    else this.counts.set(source, n);
  }

  /** Sources with something open. */
  get size(): number {
    return this.counts.size;
  }
}

/**
 * What an unauthenticated connection costs its source's failure budget when it ends without
 * authenticating (on top of what a refused certificate or frame already cost): one token per
 * started second the pending slot was held, against a refill of a fraction of a token per second,
 * so reopening idle sockets drains a source faster than its budget refills. A socket that never
 * sent a frame costs at least one, and so does any reserved slot: a squatter pays for each.
 */
export function unauthenticatedCost(e: { heldMs: number; reserved: boolean; sentFrames: boolean }): number {
  const seconds = Math.ceil(e.heldMs / 1000);
  if (e.reserved || !e.sentFrames) return Math.max(1, seconds);
  return e.heldMs >= 1000 ? seconds : 0;
}
