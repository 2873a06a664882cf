/**
 * Epoch schedule and commit-reveal epochs of the spec-293 runtime
 * (subnets/weights.rs `get_epoch_index`, coinbase `should_run_epoch`): a subnet's
 * epoch fires when `(block + netuid + 1) % (tempo + 1) == 0`, staggered by netuid.
 * HEAD's stateful LastEpochBlock/SubnetEpochIndex are not in that interface.
 */
export function shouldRunEpoch(netuid: number, tempo: number, block: bigint): boolean {
  if (tempo === 0) return false;
  return (block + BigInt(netuid) + 1n) % BigInt(tempo + 1) === 0n;
}

export function blocksUntilNextEpoch(netuid: number, tempo: number, block: bigint): bigint {
  if (tempo === 0) return (1n << 64n) - 1n;
  const t = BigInt(tempo);
  return t - ((block + BigInt(netuid) + 1n) % (t + 1n));
}

export function epochIndex(netuid: number, tempo: number, block: bigint): bigint {
  return (block + BigInt(netuid) + 1n) / BigInt(tempo + 1);
}
