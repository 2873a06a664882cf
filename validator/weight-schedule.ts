/**
 * When to set, commit or reveal weights. Pure: the caller passes the current
 * block and what it knows; the answer is one action.
 *
 * - Weights are due every `cadenceBlocks` blocks (the definition's
 *   `weights_every_blocks`), never sooner than the chain's
 *   `WeightsSetRateLimit` after this uid's LastUpdate, and after a failure not
 *   before `nextRetryBlock` (the next window).
 * - With commit-reveal v2 "submit" means commit (chain/submit-weights.ts picks
 *   the mode from the chain). While a commit is pending the action is
 *   "reveal", attempted each block until its reveal epoch comes
 *   (`revealPendingCommits` knows the window from WeightCommits); no new
 *   commit is made until it is revealed or expired, so reveals land in order.
 *   Pending commits live in the data dir (PendingCommitStore), so the reveal
 *   happens even across a restart.
 */
export interface WeightScheduleInput {
  block: number;
  cadenceBlocks: number;
  /** WeightsSetRateLimit, blocks */
  rateLimit: number;
  /** LastUpdate of this uid on chain (0 = never) */
  lastUpdate: number;
  /** block of this validator's last successful set or commit, per its own record */
  lastSetBlock: number | null;
  /** after a failure: earliest block for the next attempt */
  nextRetryBlock: number | null;
  /** commits persisted and not yet revealed */
  pendingCommits: number;
}

export type WeightAction = { kind: 'wait'; reason: 'cadence' | 'rate-limit' | 'retry'; untilBlock: number } | { kind: 'submit' } | { kind: 'reveal' };

export function nextWeightAction(input: WeightScheduleInput): WeightAction {
  if (input.pendingCommits > 0) return { kind: 'reveal' };
  const { block } = input;
  const cadenceDue = input.lastSetBlock === null ? block : input.lastSetBlock + Math.max(1, input.cadenceBlocks);
  const rateDue = input.lastUpdate > 0 ? input.lastUpdate + input.rateLimit : 0;
  const retryDue = input.nextRetryBlock ?? 0;
  const due = Math.max(cadenceDue, rateDue, retryDue);
  if (block >= due) return { kind: 'submit' };
  const reason = due === retryDue ? 'retry' : due === rateDue ? 'rate-limit' : 'cadence';
  return { kind: 'wait', reason, untilBlock: due };
}
