import type { AccountId, StateReader } from '../../../pallet.ts';
import { inheritedStake, inheritedTaoStake } from '../children.ts';
import { Axons, BlockAtRegistration, Keys, Owner, Prometheus } from '../storage.ts';

/**
 * The per-uid reads several runtime APIs share: keys, axons and stake weights
 * of a subnet's uids `0..n`, each read once per call.
 */
export const EMPTY_AXON = { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0, protocol: 0, placeholder1: 0, placeholder2: 0 };
export const EMPTY_PROMETHEUS = { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0 };

export function uidRange(n: number): number[] {
  return Array.from({ length: n }, (_, uid) => uid);
}

export function hotkeysOf(state: StateReader, netuid: number, n: number): AccountId[] {
  return uidRange(n).map((uid) => Keys.get(state, netuid, uid));
}

export function coldkeysOf(state: StateReader, hotkeys: readonly AccountId[]): AccountId[] {
  return hotkeys.map((hk) => Owner.get(state, hk));
}

export function axonOf(state: StateReader, netuid: number, hotkey: AccountId) {
  return Axons.get(state, netuid, hotkey) ?? EMPTY_AXON;
}

export function prometheusOf(state: StateReader, netuid: number, hotkey: AccountId) {
  return Prometheus.get(state, netuid, hotkey) ?? EMPTY_PROMETHEUS;
}

export function blocksAtRegistration(state: StateReader, netuid: number, n: number): bigint[] {
  return uidRange(n).map((uid) => BlockAtRegistration.get(state, netuid, uid));
}

/**
 * `get_stake_weights_for_network` on the devnet's state, one column at a time:
 * the alpha each hotkey validates with, what it lends its children taken off
 * and what its parents lend it added (`get_inherited_for_hotkey_on_subnet`).
 */
export function alphaStakes(state: StateReader, netuid: number, hotkeys: readonly AccountId[]): bigint[] {
  return hotkeys.map((hk) => inheritedStake(state, hk, netuid));
}

/** The root TAO each hotkey counts on the subnet, moved along its child-hotkey links (`get_tao_inherited_for_hotkey_on_subnet`). */
export function taoStakes(state: StateReader, netuid: number, hotkeys: readonly AccountId[]): bigint[] {
  return hotkeys.map((hk) => inheritedTaoStake(state, hk, netuid));
}

/** The stake weight, alpha + tao × tao weight: the devnet's tao weight is 0 (no root emission), so it is the alpha stake. */
export function totalStakes(alpha: readonly bigint[]): bigint[] {
  return alpha.slice();
}
