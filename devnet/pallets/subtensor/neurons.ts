import type { AccountId, State } from '../../pallet.ts';
import { mechanismIndexes } from './mechanism.ts';
import {
  Active,
  Axons,
  BlockAtRegistration,
  Bonds,
  Consensus,
  Dividends,
  Emission,
  Incentive,
  IsNetworkMember,
  Keys,
  LastUpdate,
  OwnedHotkeys,
  Owner,
  Prometheus,
  StakeWeight,
  StakingHotkeys,
  SubnetworkN,
  Uids,
  ValidatorPermit,
  ValidatorTrust,
  Weights,
} from './storage.ts';

/** Neuron slots of a subnet (subnets/uids.rs): append, replace, clear. */

function setAt<T>(values: T[], uid: number, value: T, fill: T): T[] {
  const out = values.slice();
  while (out.length <= uid) out.push(fill);
  out[uid] = value;
  return out;
}

/** Sets `Owner[hotkey] = coldkey` if the hotkey is new; true when the coldkey owns it. */
export function claimHotkey(state: State, coldkey: AccountId, hotkey: AccountId): boolean {
  if (!Owner.has(state, hotkey)) {
    Owner.set(state, hotkey, coldkey);
    const owned = OwnedHotkeys.get(state, coldkey);
    if (!owned.includes(hotkey)) OwnedHotkeys.set(state, coldkey, [...owned, hotkey]);
    const staking = StakingHotkeys.get(state, coldkey);
    if (!staking.includes(hotkey)) StakingHotkeys.set(state, coldkey, [...staking, hotkey]);
  }
  return Owner.get(state, hotkey) === coldkey;
}

export function appendNeuron(state: State, netuid: number, hotkey: AccountId, block: bigint): number {
  const uid = SubnetworkN.get(state, netuid);
  SubnetworkN.set(state, netuid, uid + 1);
  Active.mutate(state, netuid, (v) => setAt(v, uid, true, true));
  Emission.mutate(state, netuid, (v) => setAt(v, uid, 0n, 0n));
  for (const item of [Consensus, Dividends, ValidatorTrust, StakeWeight]) {
    item.mutate(state, netuid, (v) => setAt(v, uid, 0, 0));
  }
  ValidatorPermit.mutate(state, netuid, (v) => setAt(v, uid, false, false));
  for (const index of mechanismIndexes(state, netuid)) {
    Incentive.mutate(state, index, (v) => setAt(v, uid, 0, 0));
    LastUpdate.mutate(state, index, (v) => setAt(v, uid, block, 0n));
  }
  Keys.set(state, netuid, uid, hotkey);
  Uids.set(state, netuid, hotkey, uid);
  BlockAtRegistration.set(state, netuid, uid, block);
  IsNetworkMember.set(state, hotkey, netuid, true);
  return uid;
}

/**
 * Gives `uid` to a new hotkey: the old hotkey loses its slot (it keeps its
 * stake), the slot's results, weights and bonds are cleared and every other
 * validator's weight on the uid drops to 0.
 */
export function replaceNeuron(state: State, netuid: number, uid: number, hotkey: AccountId, block: bigint): void {
  const old = Keys.get(state, netuid, uid);
  Uids.remove(state, netuid, old);
  Axons.remove(state, netuid, old);
  Prometheus.remove(state, netuid, old);
  IsNetworkMember.remove(state, old, netuid);
  Keys.set(state, netuid, uid, hotkey);
  Uids.set(state, netuid, hotkey, uid);
  BlockAtRegistration.set(state, netuid, uid, block);
  IsNetworkMember.set(state, hotkey, netuid, true);
  Emission.mutate(state, netuid, (v) => setAt(v, uid, 0n, 0n));
  for (const item of [Consensus, Dividends, ValidatorTrust, StakeWeight]) {
    item.mutate(state, netuid, (v) => setAt(v, uid, 0, 0));
  }
  ValidatorPermit.mutate(state, netuid, (v) => setAt(v, uid, false, false));
  Active.mutate(state, netuid, (v) => setAt(v, uid, true, true));
  // `clear_neuron` clears the uid in every mechanism
  for (const index of mechanismIndexes(state, netuid)) clearMechanismRows(state, index, uid, block);
}

function clearMechanismRows(state: State, index: number, uid: number, block: bigint): void {
  Incentive.mutate(state, index, (v) => setAt(v, uid, 0, 0));
  LastUpdate.mutate(state, index, (v) => setAt(v, uid, block, 0n));
  Bonds.remove(state, index, uid);
  Weights.remove(state, index, uid);
  for (const [[, row], weights] of Weights.entries(state, index)) {
    if (weights.some(([j, w]) => j === uid && w !== 0)) {
      Weights.set(
        state,
        index,
        row,
        weights.map(([j, w]) => [j, j === uid ? 0 : w] as [number, number]),
      );
    }
  }
}
