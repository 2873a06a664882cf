import { hexToU8a } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { isSubnetError } from '../core/errors.ts';
import { decodeWeightsTlockPayload, timelockDecrypt, weightsRevealedBy } from '../core/timelock/index.ts';
import { U16_MAX } from './weights.ts';
import type { TimelockedCommitRecord } from './pending-commits.ts';

/**
 * What became of a timelocked commit. The chain reveals commits by itself at the start
 * of a block of the reveal epoch, once the drand pulse of the commit's round is stored,
 * and a commit it cannot use leaves no trace: no event names the commit hash, no error
 * is returned to anyone. So the outcome is read from state:
 *
 * - the commit is still in `TimelockedWeightCommits` (same hotkey, same bytes): pending.
 *   The chain keeps it through the reveal epoch while the pulse is missing, and removes
 *   it once it has tried it or the epoch is over.
 * - it is gone and the hotkey's `Weights` row holds the payload: revealed. The row is the
 *   check because it is the effect that matters and the one thing only a successful
 *   reveal of these weights produces; `LastUpdate` also moves on commits and on reveals
 *   of other commits, so it proves nothing on its own.
 * - it is gone and the row holds something else: dropped. Why, when the pulse is still
 *   on chain, follows from decrypting the commit locally the way the chain does:
 *   undecryptable, not a payload, another hotkey in the payload, or (all of that fine)
 *   the weights themselves refused by `do_set_weights` (version key, limits, rate limit).
 *   Without the pulse: the round's pulse never reached the chain, or (pruned since) unknown.
 *
 * Several commits of one hotkey revealed in the same epoch overwrite each other's row in
 * queue order; an earlier one whose weights a later one replaced is reported revealed
 * with `superseded`, since state cannot tell it from a drop after local decryption passed.
 * Pure: the chain reads come in as arguments.
 */
export type TimelockedStatus = 'revealed' | 'pending' | 'dropped';

export type TimelockedDropReason =
  /** the chain never stored the pulse of the commit's round during its reveal epoch */
  | 'pulse-missing'
  /** the commit is not a ciphertext the pulse opens (wrong round or beacon key, malformed) */
  | 'undecryptable'
  /** it opens, but to bytes that are no weights payload */
  | 'bad-payload'
  /** the payload names another hotkey than the one that committed */
  | 'hotkey-mismatch'
  /** it decodes to this hotkey's weights, which the chain did not apply */
  | 'weights-refused'
  /** the reveal epoch passed and the chain never held the commit (the transaction did not land) */
  | 'never-stored'
  /** the pulse is no longer on chain to tell */
  | 'unknown';

export interface TimelockedOutcome {
  hash: string;
  netuid: number;
  mechid: number;
  status: TimelockedStatus;
  reason?: TimelockedDropReason;
  /** an earlier commit of the same epoch whose weights a later one replaced */
  superseded?: boolean;
  /** one sentence for people */
  detail: string;
  revealRound: number;
  revealEpoch: number;
  firstRevealBlock: number;
}

export interface TimelockedChainReads {
  block: number;
  /** whether `TimelockedWeightCommits` still holds this commit (same hotkey and bytes) */
  stored: boolean;
  /** the committing hotkey's `Weights` row for the commit's mechanism; empty when none or unregistered */
  row: [number, number][];
  /**
   * `Drand.Pulses(revealRound)` signature: null when the chain has no pulse of the round,
   * undefined when the runtime has no Drand pallet.
   */
  signature: Uint8Array | null | undefined;
  /** `Drand.LastStoredRound`, undefined without the pallet */
  lastStoredRound: number | undefined;
  /** payloads of later commits of the same hotkey and mechanism revealed in the same epoch */
  laterSameEpoch?: { uids: number[]; values: number[] }[];
}

/**
 * The values the chain stores for a payload: `vec_u16_max_upscale_to_u16`, which scales
 * the largest to 65535. Computed in floats; the chain's fixed point can round one apart.
 */
export function chainUpscaled(values: number[]): number[] {
  const max = Math.max(0, ...values);
  if (max === 0 || max === U16_MAX) return values.slice();
  return values.map((v) => Math.round((v * U16_MAX) / max));
}

/** Whether a `Weights` row is what the chain writes for `uids`/`values` (one unit of rounding allowed). */
export function rowHoldsPayload(row: [number, number][], payload: { uids: number[]; values: number[] }): boolean {
  if (row.length !== payload.uids.length) return false;
  const expected = chainUpscaled(payload.values);
  return row.every(([uid, value], i) => uid === payload.uids[i] && Math.abs(value - expected[i]) <= 1);
}

/** Why the chain would drop the commit, decrypting it as `reveal_crv3_commits` does; null when it would apply its weights. */
export function localDropReason(commit: TimelockedCommitRecord, signature: Uint8Array): { reason: TimelockedDropReason; detail: string } | null {
  let plaintext: Uint8Array;
  try {
    plaintext = timelockDecrypt(hexToU8a(commit.commit), signature);
  } catch (err) {
    const code = isSubnetError(err) ? err.code : 'ERROR';
    return {
      reason: 'undecryptable',
      detail: `the pulse of round ${commit.revealRound} does not open the commit (${code}): encrypted to another round or beacon key, or malformed`,
    };
  }
  const committer = decodeAddress(commit.hotkey);
  if (weightsRevealedBy(plaintext, committer) !== null) return null;
  try {
    decodeWeightsTlockPayload(plaintext);
    return { reason: 'hotkey-mismatch', detail: `the payload names another hotkey than ${commit.hotkey}, which committed it` };
  } catch {
    return { reason: 'bad-payload', detail: 'the commit opens, but not to a SCALE WeightsTlockPayload' };
  }
}

export function classifyTimelockedCommit(commit: TimelockedCommitRecord, chain: TimelockedChainReads): TimelockedOutcome {
  const base = {
    hash: commit.hash,
    netuid: commit.netuid,
    mechid: commit.mechid,
    revealRound: commit.revealRound,
    revealEpoch: commit.revealEpoch,
    firstRevealBlock: commit.firstRevealBlock,
  };
  const pending = (detail: string): TimelockedOutcome => ({ ...base, status: 'pending', detail });
  const dropped = (reason: TimelockedDropReason, detail: string): TimelockedOutcome => ({ ...base, status: 'dropped', reason, detail });
  const early = chain.block < commit.firstRevealBlock;

  if (chain.stored) {
    if (early) return pending(`waiting for reveal epoch ${commit.revealEpoch} (about block ${commit.firstRevealBlock})`);
    if (chain.signature === null) {
      const last = chain.lastStoredRound === undefined ? '' : `; the chain's last stored round is ${chain.lastStoredRound}`;
      return pending(`in the reveal epoch, waiting for the drand pulse of round ${commit.revealRound}${last}`);
    }
    return pending('in the reveal epoch; the chain reveals it at the start of a coming block');
  }

  // gone from storage: tried by the chain (or, before the reveal epoch, never stored)
  const local = chain.signature ? localDropReason(commit, chain.signature) : null;
  if (local) return dropped(local.reason, local.detail);
  if (rowHoldsPayload(chain.row, commit)) return { ...base, status: 'revealed', detail: `weights revealed in epoch ${commit.revealEpoch}` };
  if (early) return pending(`not in TimelockedWeightCommits yet; waiting for reveal epoch ${commit.revealEpoch}`);
  if (!commit.included)
    return dropped(
      'never-stored',
      'the chain never held this commit: its transaction did not land (or the client stopped before seeing it land and the weights did not appear)',
    );
  if (chain.laterSameEpoch?.some((p) => rowHoldsPayload(chain.row, p))) {
    return {
      ...base,
      status: 'revealed',
      superseded: true,
      detail: `a later commit of this hotkey revealed in the same epoch ${commit.revealEpoch} replaced these weights`,
    };
  }
  if (chain.signature)
    return dropped(
      'weights-refused',
      'the commit decrypts to these weights, but the chain did not apply them (version key, weight limits, uid count or rate limit)',
    );
  if (chain.signature === null && (chain.lastStoredRound === undefined || chain.lastStoredRound < commit.revealRound)) {
    return dropped('pulse-missing', `the chain never stored the drand pulse of round ${commit.revealRound} during reveal epoch ${commit.revealEpoch}`);
  }
  if (chain.signature === undefined) return dropped('unknown', 'the weights did not appear; this runtime has no Drand pallet to tell why');
  return dropped('unknown', `the weights did not appear; the pulse of round ${commit.revealRound} is no longer on chain to tell why`);
}
