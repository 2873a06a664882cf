import { hexToU8a } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { isSubnetError } from '../core/errors.ts';
import { decodeWeightsTlockPayload, timelockDecrypt, weightsRevealedBy } from '../core/timelock/index.ts';
import type { StoredTimelockedCommit } from './client.ts';
import { rowHoldsPayload } from './timelock-outcome.ts';

/**
 * Every validator's timelocked commits as an observer sees them (the dashboard, `subnet
 * metagraph`): no payload, no salt, only what `TimelockedWeightCommits` holds. A commit is
 * pending while it is stored; once it is gone, the observer opens it with the round's pulse,
 * as `reveal_crv3_commits` does, and compares the decrypted weights with the committer's
 * `Weights` row. So "revealed" and "dropped" are told apart without the committer's
 * records, and a silent drop gets a reason. Pure: chain reads come in as arguments.
 */
export type WatchedStatus = 'pending' | 'revealed' | 'dropped';

export interface WatchedCommit {
  /** ss58 of the committing hotkey */
  hotkey: string;
  commitBlock: number;
  /** the epoch the chain filed the commit under */
  epoch: number;
  revealRound: number;
  status: WatchedStatus;
  /** `pending`: whether the round's pulse is on chain (the reveal then happens at the start of a block of the reveal epoch) */
  roundArrived?: boolean;
  /** for `dropped`: why, when the pulse tells */
  reason?: 'undecryptable' | 'bad-payload' | 'hotkey-mismatch' | 'weights-refused' | 'unknown';
  /** the block at which the commit was last seen stored, or resolved */
  block: number;
}

/** What an observer reads to resolve a commit that left storage. */
export interface GoneCommitReads {
  /** `Drand.Pulses(revealRound)` signature; null or undefined when the chain has none to tell */
  signature: Uint8Array | null | undefined;
  /** the committer's `Weights` row now */
  row: [number, number][];
}

const key = (c: { hotkey: string; commitBlock: number; revealRound: number }) => `${c.hotkey}:${c.commitBlock}:${c.revealRound}`;

/** The outcome of a commit that left `TimelockedWeightCommits`, decided as the chain decided it. */
export function resolveGoneCommit(commit: StoredTimelockedCommit, reads: GoneCommitReads): Pick<WatchedCommit, 'status' | 'reason'> {
  if (!reads.signature) return { status: 'dropped', reason: 'unknown' };
  let plaintext: Uint8Array;
  try {
    plaintext = timelockDecrypt(hexToU8a(commit.commit), reads.signature);
  } catch (err) {
    return { status: 'dropped', reason: isSubnetError(err) ? 'undecryptable' : 'unknown' };
  }
  const weights = weightsRevealedBy(plaintext, decodeAddress(commit.hotkey));
  if (!weights) {
    try {
      decodeWeightsTlockPayload(plaintext);
      return { status: 'dropped', reason: 'hotkey-mismatch' };
    } catch {
      return { status: 'dropped', reason: 'bad-payload' };
    }
  }
  return rowHoldsPayload(reads.row, weights) ? { status: 'revealed' } : { status: 'dropped', reason: 'weights-refused' };
}

/**
 * Follows the commits block by block. `update` takes what is stored now; commits that were
 * stored before and are gone come back from `gone()` for the caller to read their pulse and
 * row, then `resolve`. Keeps the last `keepResolved` outcomes.
 */
export class TimelockedCommitWatch {
  private readonly pending = new Map<string, { commit: StoredTimelockedCommit; watched: WatchedCommit }>();
  private readonly resolved: WatchedCommit[] = [];
  private readonly goneSinceUpdate: StoredTimelockedCommit[] = [];

  constructor(private readonly keepResolved = 32) {}

  update(block: number, stored: readonly StoredTimelockedCommit[], lastStoredRound: number | undefined): void {
    const now = new Set<string>();
    for (const c of stored) {
      const k = key(c);
      now.add(k);
      const roundArrived = lastStoredRound !== undefined && lastStoredRound >= c.revealRound;
      this.pending.set(k, {
        commit: c,
        watched: { hotkey: c.hotkey, commitBlock: c.commitBlock, epoch: c.epoch, revealRound: c.revealRound, status: 'pending', roundArrived, block },
      });
    }
    for (const [k, p] of this.pending) {
      if (now.has(k)) continue;
      this.pending.delete(k);
      this.goneSinceUpdate.push(p.commit);
    }
  }

  /** Commits that left storage since the last `update`, to resolve. */
  gone(): StoredTimelockedCommit[] {
    return this.goneSinceUpdate.splice(0);
  }

  resolve(commit: StoredTimelockedCommit, block: number, reads: GoneCommitReads): WatchedCommit {
    const outcome = resolveGoneCommit(commit, reads);
    const watched: WatchedCommit = {
      hotkey: commit.hotkey,
      commitBlock: commit.commitBlock,
      epoch: commit.epoch,
      revealRound: commit.revealRound,
      ...outcome,
      block,
    };
    this.resolved.push(watched);
    if (this.resolved.length > this.keepResolved) this.resolved.splice(0, this.resolved.length - this.keepResolved);
    return watched;
  }

  /** Pending commits (oldest first), then the latest outcomes (newest first). */
  list(): WatchedCommit[] {
    const pending = [...this.pending.values()].map((p) => p.watched).sort((a, b) => a.commitBlock - b.commitBlock);
    return [...pending, ...[...this.resolved].reverse()];
  }
}
