import type { AccountId, State, StateReader } from '../../pallet.ts';
import { Alpha, Owner, StakingHotkeys, TotalHotkeyAlpha, TotalHotkeyShares, TotalStake } from './storage.ts';

/**
 * Stake on a subnet as subtensor keeps it: a per-(hotkey, subnet) share pool.
 * `TotalHotkeyAlpha` is the pool's value, `Alpha[hot, cold, netuid]` the shares
 * of one coldkey (U64F64 bits) and `TotalHotkeyShares` their sum, so rewards
 * added to the pool reach every nominator pro rata. Simplified dTAO: one alpha is
 * one TAO, there is no AMM pool (see README).
 */
const FRAC = 64n;

export function stakeOf(state: StateReader, hotkey: AccountId, coldkey: AccountId, netuid: number): bigint {
  const shares = Alpha.get(state, hotkey, coldkey, netuid).bits;
  if (shares === 0n) return 0n;
  const total = TotalHotkeyShares.get(state, hotkey, netuid).bits;
  if (total === 0n) return 0n;
  return (shares * TotalHotkeyAlpha.get(state, hotkey, netuid)) / total;
}

export function hotkeyStake(state: StateReader, hotkey: AccountId, netuid: number): bigint {
  return TotalHotkeyAlpha.get(state, hotkey, netuid);
}

/** Buys shares worth `amount` for `coldkey` in `hotkey`'s pool on `netuid`. */
export function increaseStake(state: State, hotkey: AccountId, coldkey: AccountId, netuid: number, amount: bigint): void {
  if (amount <= 0n) return;
  const poolValue = TotalHotkeyAlpha.get(state, hotkey, netuid);
  const poolShares = TotalHotkeyShares.get(state, hotkey, netuid).bits;
  const shares = poolValue === 0n || poolShares === 0n ? amount << FRAC : (amount * poolShares) / poolValue;
  const held = Alpha.get(state, hotkey, coldkey, netuid).bits;
  Alpha.set(state, hotkey, coldkey, netuid, { bits: held + shares });
  TotalHotkeyShares.set(state, hotkey, netuid, { bits: poolShares + shares });
  TotalHotkeyAlpha.set(state, hotkey, netuid, poolValue + amount);
  TotalStake.mutate(state, (t) => t + amount);
  // A coldkey already holding shares is already listed; skip the list decode (hot path of the epoch).
  if (held !== 0n) return;
  const staking = StakingHotkeys.get(state, coldkey);
  if (!staking.includes(hotkey)) StakingHotkeys.set(state, coldkey, [...staking, hotkey]);
}

/** Sells shares worth `amount` (the caller checked `stakeOf >= amount`). */
export function decreaseStake(state: State, hotkey: AccountId, coldkey: AccountId, netuid: number, amount: bigint): void {
  if (amount <= 0n) return;
  const poolValue = TotalHotkeyAlpha.get(state, hotkey, netuid);
  const poolShares = TotalHotkeyShares.get(state, hotkey, netuid).bits;
  const held = Alpha.get(state, hotkey, coldkey, netuid).bits;
  const owned = poolShares === 0n ? 0n : (held * poolValue) / poolShares;
  // Round the shares up so a withdrawal never takes more value than it burns.
  let shares = amount >= owned ? held : (amount * poolShares + poolValue - 1n) / poolValue;
  if (shares > held) shares = held;
  const rest = held - shares;
  if (rest === 0n) Alpha.remove(state, hotkey, coldkey, netuid);
  else Alpha.set(state, hotkey, coldkey, netuid, { bits: rest });
  TotalHotkeyShares.set(state, hotkey, netuid, { bits: poolShares - shares });
  TotalHotkeyAlpha.set(state, hotkey, netuid, poolValue - amount);
  TotalStake.mutate(state, (t) => (t > amount ? t - amount : 0n));
}

/**
 * Adds `amount` to the pool's value without new shares (dividends after take):
 * every nominator's stake rises pro rata. A pool nobody holds shares in credits
 * the hotkey's owner instead, so the value is never orphaned.
 */
export function increasePool(state: State, hotkey: AccountId, netuid: number, amount: bigint): void {
  if (amount <= 0n) return;
  if (TotalHotkeyShares.get(state, hotkey, netuid).bits === 0n) {
    increaseStake(state, hotkey, Owner.get(state, hotkey), netuid, amount);
    return;
  }
  TotalHotkeyAlpha.mutate(state, hotkey, netuid, (v) => v + amount);
  TotalStake.mutate(state, (t) => t + amount);
}
