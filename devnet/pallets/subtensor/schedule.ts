/**
 * Epoch schedule and commit-reveal epochs (coinbase/run_coinbase.rs
 * `blocks_until_next_epoch` / `should_run_epoch`, subnets/weights.rs `get_epoch_index`),
 * the same at spec 293 and 381: a subnet's epoch runs in the block where
 * `(block + netuid + 1) % (tempo + 1) == tempo`, the last block of the epoch index
 * `(block + netuid + 1) / (tempo + 1)`, staggered by netuid. Neither runtime keeps a
 * stateful `LastEpochBlock`; the rule is the whole schedule.
 */

/** Blocks until the epoch runs; 0 in the block that runs it, u64::MAX when tempo is 0 (never). */
export function blocksUntilNextEpoch(netuid: number, tempo: number, block: bigint): bigint {
  if (tempo === 0) return (1n << 64n) - 1n;
  const t = BigInt(tempo);
  return t - ((block + BigInt(netuid) + 1n) % (t + 1n));
}

/** `should_run_epoch` is `blocks_until_next_epoch == 0`, so the two can never disagree. */
export function shouldRunEpoch(netuid: number, tempo: number, block: bigint): boolean {
  return blocksUntilNextEpoch(netuid, tempo, block) === 0n;
}

export function epochIndex(netuid: number, tempo: number, block: bigint): bigint {
  return (block + BigInt(netuid) + 1n) / BigInt(tempo + 1);
}
