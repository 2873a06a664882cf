/**
 * When a subnet's epoch runs, as subtensor schedules it at spec 293 and 381
 * (`blocks_until_next_epoch`, `should_run_epoch`): in the block where
 * `(block + netuid + 1) % (tempo + 1) == tempo`, the last block of the epoch index
 * `(block + netuid + 1) / (tempo + 1)`. Neither runtime stores the schedule
 * (no `LastEpochBlock`, no runtime API for the next epoch), so the client derives it
 * from `Tempo` and the block number as the runtime does. A tempo of 0 never runs.
 */

/** Whether the epoch runs in `block` itself. */
export function runsEpoch(netuid: number, tempo: number, block: number): boolean {
  return tempo > 0 && (block + netuid + 1) % (tempo + 1) === tempo;
}

/**
 * Blocks from the state after `block` until the block that runs the next epoch:
 * 1 to tempo + 1 (an epoch block's own epoch has run, the next is tempo + 1 away);
 * Infinity when tempo is 0.
 */
export function blocksUntilEpoch(netuid: number, tempo: number, block: number): number {
  if (tempo <= 0) return Number.POSITIVE_INFINITY;
  const left = tempo - ((block + netuid + 1) % (tempo + 1));
  return left === 0 ? tempo + 1 : left;
}

/** Epochs the chain has run by the end of `block` (block 0 on): the count steps up in each epoch block. */
export function epochsRunBy(netuid: number, tempo: number, block: number): number {
  if (tempo <= 0) return 0;
  return Math.floor((block + netuid + 2) / (tempo + 1));
}
