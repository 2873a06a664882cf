/**
 * When to set, commit or reveal weights. Pure: the caller passes the current
 * block and what it knows; the answer is one action.
 *
 * - Weights are due every `cadenceBlocks` blocks (the subnet definition's K),
 *   never sooner than the chain's `WeightsSetRateLimit` after the last on-chain
 *   update of this uid (LastUpdate), and after a failure not before the next
 *   window (`nextRetryBlock`, one cadence later).
 * - With commit-reveal v2 the due action is a commit; the commit is revealed in
 *   its reveal window (epoch of commit + RevealPeriodEpochs) and no new commit
 *   is made while one is pending, so reveals always land in order. A commit
 *   whose window has passed is dropped. The pending commit lives in the
 *   persisted validator state, so the reveal happens even across a restart.
 */
export interface PendingCommit {
  /** 0x-prefixed blake2-256 commit hash */
  hash: string;
  uids: number[];
  values: number[];
  salt: number[];
  /** u64 as a decimal string */
  versionKey: string;
  /** block the commit was included in */
  commitBlock: number;
  /** first and last block of the reveal window */
  firstRevealBlock: number;
  lastRevealBlock: number;
}

export interface CommitRevealParams {
  enabled: boolean;
  netuid: number;
  tempo: number;
  /** RevealPeriodEpochs */
  revealPeriodEpochs: number;
}

export interface WeightScheduleInput {
  block: number;
  cadenceBlocks: number;
  /** WeightsSetRateLimit, blocks */
  rateLimit: number;
  /** LastUpdate of this uid on chain (0 = never) */
  lastUpdate: number;
  /** block at which this validator last set or committed weights, per its own record */
  lastSetBlock: number | null;
  /** after a failure: earliest block for the next attempt */
  nextRetryBlock: number | null;
  commitReveal: CommitRevealParams;
  pendingCommit: PendingCommit | null;
}

export type WeightAction =
  | { kind: 'wait'; reason: 'cadence' | 'rate-limit' | 'retry' | 'reveal-window'; untilBlock: number }
  | { kind: 'set' }
  | { kind: 'commit' }
  | { kind: 'reveal'; commit: PendingCommit }
  | { kind: 'expire'; commit: PendingCommit };

export function nextWeightAction(input: WeightScheduleInput): WeightAction {
  const { block, pendingCommit } = input;
  if (pendingCommit) {
    if (!input.commitReveal.enabled) return { kind: 'expire', commit: pendingCommit };
    if (block < pendingCommit.firstRevealBlock) {
      return { kind: 'wait', reason: 'reveal-window', untilBlock: pendingCommit.firstRevealBlock };
    }
    if (block <= pendingCommit.lastRevealBlock) return { kind: 'reveal', commit: pendingCommit };
    return { kind: 'expire', commit: pendingCommit };
  }
  const cadenceDue = input.lastSetBlock === null ? block : input.lastSetBlock + Math.max(1, input.cadenceBlocks);
  const rateDue = input.lastUpdate > 0 ? input.lastUpdate + input.rateLimit : 0;
  const retryDue = input.nextRetryBlock ?? 0;
  const due = Math.max(cadenceDue, rateDue, retryDue);
  if (block < due) {
    const reason = due === retryDue ? 'retry' : due === rateDue ? 'rate-limit' : 'cadence';
    return { kind: 'wait', reason, untilBlock: due };
  }
  return input.commitReveal.enabled ? { kind: 'commit' } : { kind: 'set' };
}

/**
 * Classic subtensor epoch numbering used by commit-reveal v2:
 * epoch(block) = floor((block + netuid + 1) / (tempo + 1)).
 */
export function epochOfBlock(block: number, netuid: number, tempo: number): number {
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

export function firstBlockOfEpoch(epoch: number, netuid: number, tempo: number): number {
  return Math.max(0, epoch * (tempo + 1) - netuid - 1);
}

/** The reveal window of a commit included at `commitBlock`: the whole epoch commit epoch + period. */
export function revealWindow(commitBlock: number, params: CommitRevealParams): { firstRevealBlock: number; lastRevealBlock: number } {
  const revealEpoch = epochOfBlock(commitBlock, params.netuid, params.tempo) + params.revealPeriodEpochs;
  return {
    firstRevealBlock: firstBlockOfEpoch(revealEpoch, params.netuid, params.tempo),
    lastRevealBlock: firstBlockOfEpoch(revealEpoch + 1, params.netuid, params.tempo) - 1,
  };
}
