/**
 * The TAO lock `register_network` takes (subtensor's `get_network_lock_cost`), for
 * runtimes without `SubnetRegistrationRuntimeApi` (spec 293), from the storage the
 * runtime reads: the last lock doubled (not doubled before the first registration,
 * when the last lock block is 0), less `lastLock / interval` per block since that
 * lock, never below `NetworkMinLockCost`. The interval shrinks with each halving
 * (`get_lock_reduction_interval`: `NetworkLockReductionInterval × BlockEmission / 1 τ`).
 */
export interface NetworkLockInputs {
  /** the block the registration is priced at */
  block: bigint;
  lastLock: bigint;
  minLock: bigint;
  lastLockBlock: bigint;
  reductionInterval: bigint;
  /** RAO per block; 1 τ before the first halving */
  blockEmission: bigint;
}

const ONE_TAO = 1_000_000_000n;
const U64_MAX = (1n << 64n) - 1n;

export function networkLockCost(i: NetworkLockInputs): bigint {
  const interval = (i.reductionInterval * i.blockEmission) / ONE_TAO;
  const mult = i.lastLockBlock === 0n ? 1n : 2n;
  const doubled = i.lastLock * mult > U64_MAX ? U64_MAX : i.lastLock * mult;
  const elapsed = i.block > i.lastLockBlock ? i.block - i.lastLockBlock : 0n;
  const reduction = (interval === 0n ? 0n : i.lastLock / interval) * elapsed;
  const cost = reduction >= doubled ? 0n : doubled - reduction;
  return cost < i.minLock ? i.minLock : cost;
}
