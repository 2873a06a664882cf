import type { AccountId, State, StateReader } from '../../pallet.ts';
import { currentPrice, poolSwap } from '../swap/pool-state.ts';
import type { SwapResult } from '../swap/pool.ts';
import { recordTaoFlow } from './subnet-emissions.ts';
import { Alpha, StakingHotkeys, SubnetAlphaIn, SubnetAlphaOut, SubnetTAO, TotalHotkeyAlpha, TotalHotkeyShares, TotalStake } from './storage.ts';

/**
 * Stake on a subnet as subtensor keeps it: a per-(hotkey, subnet) share pool.
 * `TotalHotkeyAlpha` is the pool's value, `Alpha[hot, cold, netuid]` the shares
 * of one coldkey (U64F64 bits) and `TotalHotkeyShares` their sum, so rewards
 * added to the pool reach every nominator pro rata. Stake is alpha, bought
 * from and sold to the subnet's pool (the Swap pallet).
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

/**
 * Credits one hotkey's pool on `netuid`: `toColdkey` buys new shares for
 * `coldkey`, then `toPool` raises the pool's value without new shares (every
 * nominator gains pro rata; a pool nobody holds shares in credits `coldkey`).
 * Each storage item is read and written once, which keeps the epoch's payout
 * of 256 uids cheap. `TotalStake` is the caller's to update.
 */
export function creditHotkey(state: State, hotkey: AccountId, coldkey: AccountId, netuid: number, toColdkey: bigint, toPool: bigint): void {
  // Each key is hashed once and used for both the read and the write.
  const valueKey = TotalHotkeyAlpha.key(hotkey, netuid);
  const sharesKey = TotalHotkeyShares.key(hotkey, netuid);
  const rawValue = state.get(valueKey);
  const rawShares = state.get(sharesKey);
  let poolValue = rawValue === undefined ? 0n : TotalHotkeyAlpha.decodeValue(rawValue);
  let poolShares = rawShares === undefined ? 0n : TotalHotkeyShares.decodeValue(rawShares).bits;
  let buy = toColdkey > 0n ? toColdkey : 0n;
  let raise = toPool > 0n ? toPool : 0n;
  if (raise > 0n && poolShares === 0n && buy === 0n) {
    buy = raise;
    raise = 0n;
  }
  if (buy > 0n) {
    const shares = poolValue === 0n || poolShares === 0n ? buy << FRAC : (buy * poolShares) / poolValue;
    const alphaKey = Alpha.key(hotkey, coldkey, netuid);
    const rawHeld = state.get(alphaKey);
    const held = rawHeld === undefined ? 0n : Alpha.decodeValue(rawHeld).bits;
    state.set(alphaKey, Alpha.encodeValue({ bits: held + shares }));
    poolShares += shares;
    poolValue += buy;
    // A coldkey already holding shares is already listed; skip the list decode.
    if (held === 0n) {
      const staking = StakingHotkeys.get(state, coldkey);
      if (!staking.includes(hotkey)) StakingHotkeys.set(state, coldkey, [...staking, hotkey]);
    }
  }
  poolValue += raise;
  state.set(sharesKey, TotalHotkeyShares.encodeValue({ bits: poolShares }));
  state.set(valueKey, TotalHotkeyAlpha.encodeValue(poolValue));
}

/** Buys shares worth `amount` for `coldkey` in `hotkey`'s pool on `netuid`. */
export function increaseStake(state: State, hotkey: AccountId, coldkey: AccountId, netuid: number, amount: bigint): void {
  if (amount <= 0n) return;
  creditHotkey(state, hotkey, coldkey, netuid, amount, 0n);
  TotalStake.mutate(state, (t) => t + amount);
}

/** Takes shares worth `amount` alpha from `coldkey` in `hotkey`'s pool. */
function removeShares(state: State, hotkey: AccountId, coldkey: AccountId, netuid: number, amount: bigint): void {
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
}

/**
 * `swap_tao_for_alpha`: `tao` buys alpha from the subnet's pool (the coinbase's
 * buy with excess TAO drops the fee). The pool's
 * TAO grows by what went in without the fee (the fee stays with the pool's
 * liquidity), its alpha shrinks by what came out, which is now outstanding.
 */
export function swapTaoForAlpha(state: State, netuid: number, tao: bigint, priceLimit: bigint, dropFees = false): SwapResult {
  const r = poolSwap(state, netuid, 'buy', tao, priceLimit, dropFees, false);
  SubnetAlphaIn.mutate(state, netuid, (v) => (v > r.paidOut ? v - r.paidOut : 0n));
  SubnetAlphaOut.mutate(state, netuid, (v) => v + r.paidOut);
  SubnetTAO.mutate(state, netuid, (v) => v + r.paidIn);
  TotalStake.mutate(state, (t) => t + tao);
  return r;
}

/** `swap_alpha_for_tao`: `alpha` sold to the subnet's pool; the TAO paid out is the caller's to credit. */
export function swapAlphaForTao(state: State, netuid: number, alpha: bigint, priceLimit: bigint, dropFees = false): SwapResult {
  const r = poolSwap(state, netuid, 'sell', alpha, priceLimit, dropFees, false);
  SubnetAlphaIn.mutate(state, netuid, (v) => v + r.paidIn);
  SubnetAlphaOut.mutate(state, netuid, (v) => (v > r.paidIn ? v - r.paidIn : 0n));
  SubnetTAO.mutate(state, netuid, (v) => (v > r.paidOut ? v - r.paidOut : 0n));
  TotalStake.mutate(state, (t) => (t > r.paidOut ? t - r.paidOut : 0n));
  return r;
}

/** `stake_into_subnet`: `tao` buys alpha, staked for `coldkey` on `hotkey`. */
export function stakeIntoSubnet(
  state: State,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  tao: bigint,
  priceLimit: bigint,
  dropFees = false,
): SwapResult {
  const r = swapTaoForAlpha(state, netuid, tao, priceLimit, dropFees);
  if (r.paidOut > 0n) creditHotkey(state, hotkey, coldkey, netuid, r.paidOut, 0n);
  recordTaoFlow(state, netuid, r.paidIn, 'in');
  return r;
}

/**
 * `unstake_from_subnet`: the coldkey's `alpha` leaves its stake and is sold;
 * what the swap did not take (a price limit reached) is staked back.
 */
export function unstakeFromSubnet(
  state: State,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  alpha: bigint,
  priceLimit: bigint,
  dropFees = false,
): SwapResult {
  removeShares(state, hotkey, coldkey, netuid, alpha);
  const r = swapAlphaForTao(state, netuid, alpha, priceLimit, dropFees);
  const refund = alpha - r.paidIn - r.fee;
  if (refund > 0n) creditHotkey(state, hotkey, coldkey, netuid, refund, 0n);
  recordTaoFlow(state, netuid, r.paidOut, 'out');
  return r;
}

/**
 * `transfer_stake_within_subnet`: alpha changes hands on one subnet without a
 * swap, so the pool and its price stay as they are. Returns the alpha moved
 * and its TAO value at the current price (which the caller checks against the
 * minimum stake, as the runtime does after the move).
 */
export function transferStakeWithinSubnet(
  state: State,
  from: { hotkey: AccountId; coldkey: AccountId },
  to: { hotkey: AccountId; coldkey: AccountId },
  netuid: number,
  alpha: bigint,
): { alpha: bigint; tao: bigint } {
  removeShares(state, from.hotkey, from.coldkey, netuid, alpha);
  creditHotkey(state, to.hotkey, to.coldkey, netuid, alpha, 0n);
  // the pool's price (TAO per alpha, fixed point with 64 fractional bits) times the alpha, floored
  const tao = (alpha * currentPrice(state, netuid)) >> 64n;
  return { alpha, tao };
}

/** `recycle_subnet_alpha`: alpha leaves circulation (`burn_subnet_alpha` in spec 381 changes no state). */
export function recycleSubnetAlpha(state: State, netuid: number, amount: bigint): void {
  SubnetAlphaOut.mutate(state, netuid, (a) => (a > amount ? a - amount : 0n));
}
