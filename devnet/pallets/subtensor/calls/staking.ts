import { DispatchFailure, ensureSigned, ModuleError, type AccountId, type CallDef, type DispatchContext, type StateReader } from '../../../pallet.ts';
import { burn, freeBalance, mint } from '../../balances.ts';
import { NO_LIMIT, poolSwap } from '../../swap/pool-state.ts';
import type { SwapResult } from '../../swap/pool.ts';
import { FeeRate } from '../../swap/storage.ts';
import { stakeIntoSubnet, stakeOf, unstakeFromSubnet } from '../stake.ts';
import {
  Delegates,
  LastTxBlockDelegateTake,
  MaxDelegateTake,
  MinDelegateTake,
  NetworksAdded,
  Owner,
  SubnetMechanism,
  StakingOperationRateLimiter,
  SubtokenEnabled,
  TxDelegateTakeRateLimit,
} from '../storage.ts';

/** Stake and delegate take (staking/*.rs): stake buys alpha from the subnet's pool, unstaking sells it back. */

/** DefaultMinStake: the smallest stake operation the chain accepts, in RAO. */
export const MIN_STAKE = 2_000_000n;
const U64_MAX = 0xffffffffffffffffn;
const ROOT_NETUID = 0;

/** `validate_add_stake`: the checks, in the runtime's order, before any TAO moves. */
function validateAddStake(
  ctx: DispatchContext,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  amount: bigint,
  maxAmount: bigint,
  allowPartial: boolean,
): bigint {
  const s = ctx.state;
  if (!NetworksAdded.get(s, netuid)) ctx.fail('SubnetNotExists');
  if (!SubtokenEnabled.get(s, netuid)) ctx.fail('SubtokenDisabled');
  // the minimum is DefaultMinStake plus the fee a swap of it pays
  const minFee = simulated(s, netuid, 'buy', MIN_STAKE)?.fee ?? approxFee(s, netuid, MIN_STAKE);
  if (amount < MIN_STAKE + minFee) ctx.fail('AmountTooLow');
  let stake = amount;
  if (!allowPartial) {
    if (stake > maxAmount) ctx.fail('SlippageTooHigh');
  } else if (maxAmount < stake) stake = maxAmount;
  if (freeBalance(s, coldkey) < stake) ctx.fail('NotEnoughBalanceToStake');
  if (!Owner.has(s, hotkey)) ctx.fail('HotKeyAccountNotExists');
  const sim = simulated(s, netuid, 'buy', stake);
  if (!sim) ctx.fail('InsufficientLiquidity');
  if (sim.paidIn < MIN_STAKE) ctx.fail('AmountTooLow');
  if (sim.paidOut === 0n) ctx.fail('InsufficientLiquidity');
  return stake;
}

/** `validate_remove_stake`. */
export function validateRemoveStake(
  ctx: DispatchContext,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  alpha: bigint,
  maxAmount: bigint,
  allowPartial: boolean,
): void {
  const s = ctx.state;
  if (!NetworksAdded.get(s, netuid)) ctx.fail('SubnetNotExists');
  if (StakingOperationRateLimiter.get(s, hotkey, coldkey, netuid)) ctx.fail('StakingOperationRateLimitExceeded');
  if (alpha === 0n) ctx.fail('AmountTooLow');
  const held = stakeOf(s, hotkey, coldkey, netuid);
  if (held < alpha) ctx.fail('NotEnoughStakeToWithdraw');
  const sim = simulated(s, netuid, 'sell', alpha);
  if (!sim) ctx.fail('InsufficientLiquidity');
  // a withdrawal that leaves stake behind must be worth the minimum stake
  if (held - alpha !== 0n && sim.paidOut < MIN_STAKE) ctx.fail('AmountTooLow');
  if (!allowPartial && alpha > maxAmount) ctx.fail('SlippageTooHigh');
  if (!Owner.has(s, hotkey)) ctx.fail('HotKeyAccountNotExists');
}

/** `sim_swap` at no price limit; `undefined` where the swap would fail. */
export function simulated(s: StateReader, netuid: number, side: 'buy' | 'sell', amount: bigint): SwapResult | undefined {
  try {
    return poolSwap(s, netuid, side, amount, NO_LIMIT[side], false, true);
  } catch (err) {
    if (err instanceof ModuleError) return undefined;
    throw err;
  }
}

function approxFee(s: StateReader, netuid: number, amount: bigint): bigint {
  return SubnetMechanism.get(s, netuid) === 1 ? (amount * BigInt(FeeRate.get(s, netuid))) / 65535n : 0n;
}

/**
 * `get_max_amount_add` / `get_max_amount_remove`: how much TAO (alpha) can go
 * through the pool before its price passes `limitPrice` (RAO per alpha),
 * fees included. A 1:1 subnet accepts anything when the limit allows price 1.
 */
export function maxAmount(ctx: DispatchContext, netuid: number, side: 'buy' | 'sell', limitPrice: bigint): bigint {
  const s = ctx.state;
  if (SubnetMechanism.get(s, netuid) !== 1) {
    const ok = side === 'buy' ? limitPrice >= 1_000_000_000n : limitPrice <= 1_000_000_000n;
    if (!ok) ctx.fail('ZeroMaxStakeAmount');
    return U64_MAX;
  }
  const r = poolSwap(s, netuid, side, U64_MAX, limitPrice, false, true);
  const total = r.paidIn + r.fee;
  if (total === 0n) ctx.fail('ZeroMaxStakeAmount');
  return total;
}

function addStake(ctx: DispatchContext, hotkey: AccountId, netuid: number, amount: bigint, limit: { price: bigint; allowPartial: boolean } | undefined): void {
  const s = ctx.state;
  const coldkey = ensureSigned(ctx.origin);
  let stake = amount;
  let max = amount;
  if (limit) {
    max = maxAmount(ctx, netuid, 'buy', limit.price);
    if (stake > max) stake = max;
  } else if (!SubtokenEnabled.get(s, netuid)) ctx.fail('SubtokenDisabled');
  validateAddStake(ctx, coldkey, hotkey, netuid, amount, max, limit?.allowPartial ?? false);
  burn(ctx, coldkey, stake, false);
  stakeInto(ctx, hotkey, coldkey, netuid, stake, limit?.price ?? NO_LIMIT.buy, true, false);
}

/**
 * `stake_into_subnet`: `tao` (already taken from the coldkey) buys alpha for
 * `coldkey` on `hotkey`, with the runtime's `StakeAdded`. `setLimit` marks the
 * (hotkey, coldkey, subnet) as staked this block, which blocks unstaking it
 * until the block ends.
 */
export function stakeInto(
  ctx: DispatchContext,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  tao: bigint,
  priceLimit: bigint,
  setLimit: boolean,
  dropFees: boolean,
): bigint {
  const s = ctx.state;
  const r = stakeIntoSubnet(s, hotkey, coldkey, netuid, tao, priceLimit, dropFees);
  if (r.paidOut === 0n) ctx.fail('AmountTooLow');
  if (setLimit) StakingOperationRateLimiter.set(s, hotkey, coldkey, netuid, true);
  ctx.deposit('StakeAdded', [coldkey, hotkey, tao, r.paidOut, netuid, r.fee]);
  return r.paidOut;
}

/**
 * `unstake_from_subnet`: `alpha` of the coldkey's stake sold to the pool, with
 * the runtime's `StakeRemoved`. Returns the TAO paid out, which the caller
 * credits (or stakes elsewhere).
 */
export function unstake(
  ctx: DispatchContext,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  alpha: bigint,
  priceLimit: bigint,
  dropFees: boolean,
): bigint {
  const r = unstakeFromSubnet(ctx.state, hotkey, coldkey, netuid, alpha, priceLimit, dropFees);
  ctx.deposit('StakeRemoved', [coldkey, hotkey, r.paidOut, alpha, netuid, r.fee]);
  return r.paidOut;
}

/** `add_balance_to_coldkey_account`: TAO from a sale; nothing to credit makes no balance event. */
function credit(ctx: DispatchContext, coldkey: AccountId, tao: bigint): void {
  if (tao > 0n) mint(ctx, coldkey, tao);
}

function removeStake(
  ctx: DispatchContext,
  hotkey: AccountId,
  netuid: number,
  amount: bigint,
  limit: { price: bigint; allowPartial: boolean } | undefined,
): void {
  const s = ctx.state;
  const coldkey = ensureSigned(ctx.origin);
  let alpha = amount;
  let max = amount;
  if (limit) {
    max = maxAmount(ctx, netuid, 'sell', limit.price);
    if (alpha > max) alpha = max;
    validateRemoveStake(ctx, coldkey, hotkey, netuid, amount, max, limit.allowPartial);
  } else {
    if (!SubtokenEnabled.get(s, netuid)) ctx.fail('SubtokenDisabled');
    // more than the stake unstakes all of it
    const held = stakeOf(s, hotkey, coldkey, netuid);
    if (alpha > held) alpha = held;
    max = alpha;
    validateRemoveStake(ctx, coldkey, hotkey, netuid, alpha, max, false);
  }
  credit(ctx, coldkey, unstake(ctx, hotkey, coldkey, netuid, alpha, limit?.price ?? NO_LIMIT.sell, false));
}

/** The subnets in the order `get_all_subnet_netuids` walks them. */
function allNetuids(s: StateReader): number[] {
  return NetworksAdded.entries(s)
    .filter(([, added]) => added)
    .map(([[n]]) => n)
    .sort((a, b) => a - b);
}

/**
 * `do_unstake_all` / `do_unstake_all_alpha`: every subnet where the coldkey's
 * whole stake on `hotkey` passes `validate_remove_stake` is sold; the others
 * are skipped silently, as the runtime does. `unstake_all` pays the TAO to the
 * coldkey, `unstake_all_alpha` leaves root stake alone and stakes the TAO
 * into root (which fails with `AmountTooLow` when nothing was sold).
 */
function unstakeAll(ctx: DispatchContext, hotkey: AccountId, intoRoot: boolean): void {
  const s = ctx.state;
  const coldkey = ensureSigned(ctx.origin);
  if (!Owner.has(s, hotkey)) ctx.fail('HotKeyAccountNotExists');
  let total = 0n;
  for (const netuid of allNetuids(s)) {
    if (!SubtokenEnabled.get(s, netuid)) continue;
    if (intoRoot && netuid === ROOT_NETUID) continue;
    const alpha = stakeOf(s, hotkey, coldkey, netuid);
    if (!passes(() => validateRemoveStake(ctx, coldkey, hotkey, netuid, alpha, alpha, false))) continue;
    const tao = unstake(ctx, hotkey, coldkey, netuid, alpha, NO_LIMIT.sell, false);
    if (intoRoot) total += tao;
    else credit(ctx, coldkey, tao);
  }
  if (intoRoot) stakeInto(ctx, hotkey, coldkey, ROOT_NETUID, total, NO_LIMIT.buy, false, false);
}

/** Whether a validation passes; its dispatch error is dropped, anything else still throws. */
function passes(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (err) {
    if (err instanceof ModuleError || err instanceof DispatchFailure) return false;
    throw err;
  }
}

export const stakingCalls: CallDef[] = [
  {
    index: 2,
    name: 'add_stake',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'netuid', type: 'NetUid' },
      { name: 'amount_staked', type: 'TaoBalance' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; netuid: number; amount_staked: bigint }) {
      addStake(ctx, a.hotkey, a.netuid, a.amount_staked, undefined);
    },
  },
  {
    index: 3,
    name: 'remove_stake',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'netuid', type: 'NetUid' },
      { name: 'amount_unstaked', type: 'AlphaBalance' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; netuid: number; amount_unstaked: bigint }) {
      removeStake(ctx, a.hotkey, a.netuid, a.amount_unstaked, undefined);
    },
  },
  {
    index: 88,
    name: 'add_stake_limit',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'netuid', type: 'NetUid' },
      { name: 'amount_staked', type: 'TaoBalance' },
      { name: 'limit_price', type: 'TaoBalance' },
      { name: 'allow_partial', type: 'bool' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; netuid: number; amount_staked: bigint; limit_price: bigint; allow_partial: boolean }) {
      addStake(ctx, a.hotkey, a.netuid, a.amount_staked, { price: a.limit_price, allowPartial: a.allow_partial });
    },
  },
  {
    index: 89,
    name: 'remove_stake_limit',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'netuid', type: 'NetUid' },
      { name: 'amount_unstaked', type: 'AlphaBalance' },
      { name: 'limit_price', type: 'TaoBalance' },
      { name: 'allow_partial', type: 'bool' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; netuid: number; amount_unstaked: bigint; limit_price: bigint; allow_partial: boolean }) {
      removeStake(ctx, a.hotkey, a.netuid, a.amount_unstaked, { price: a.limit_price, allowPartial: a.allow_partial });
    },
  },
  {
    index: 83,
    name: 'unstake_all',
    args: [{ name: 'hotkey', type: 'AccountId32' }],
    dispatch(ctx, a: { hotkey: AccountId }) {
      unstakeAll(ctx, a.hotkey, false);
    },
  },
  {
    index: 84,
    name: 'unstake_all_alpha',
    args: [{ name: 'hotkey', type: 'AccountId32' }],
    dispatch(ctx, a: { hotkey: AccountId }) {
      unstakeAll(ctx, a.hotkey, true);
    },
  },
  {
    index: 103,
    name: 'remove_stake_full_limit',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'netuid', type: 'NetUid' },
      { name: 'limit_price', type: 'Option<u64>' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; netuid: number; limit_price: bigint | null }) {
      // the whole stake the coldkey holds on the hotkey, at the price limit if one is given
      const all = stakeOf(ctx.state, a.hotkey, ensureSigned(ctx.origin), a.netuid);
      removeStake(ctx, a.hotkey, a.netuid, all, a.limit_price === null ? undefined : { price: a.limit_price, allowPartial: false });
    },
  },
  {
    index: 65,
    name: 'decrease_take',
    pays: 'No',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'take', type: 'u16' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; take: number }) {
      const s = ctx.state;
      const coldkey = ensureSigned(ctx.origin);
      if (!Owner.has(s, a.hotkey) || Owner.get(s, a.hotkey) !== coldkey) ctx.fail('NonAssociatedColdKey');
      if (Delegates.has(s, a.hotkey) && a.take >= Delegates.get(s, a.hotkey)) ctx.fail('DelegateTakeTooLow');
      if (a.take < MinDelegateTake.get(s)) ctx.fail('DelegateTakeTooLow');
      Delegates.set(s, a.hotkey, a.take);
      LastTxBlockDelegateTake.set(s, a.hotkey, BigInt(ctx.blockNumber));
      ctx.deposit('TakeDecreased', [coldkey, a.hotkey, a.take]);
    },
  },
  {
    index: 66,
    name: 'increase_take',
    pays: 'No',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'take', type: 'u16' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; take: number }) {
      const s = ctx.state;
      const coldkey = ensureSigned(ctx.origin);
      if (!Owner.has(s, a.hotkey) || Owner.get(s, a.hotkey) !== coldkey) ctx.fail('NonAssociatedColdKey');
      if (Delegates.has(s, a.hotkey) && a.take <= Delegates.get(s, a.hotkey)) ctx.fail('DelegateTakeTooLow');
      if (a.take > MaxDelegateTake.get(s)) ctx.fail('DelegateTakeTooHigh');
      const last = LastTxBlockDelegateTake.get(s, a.hotkey);
      const limit = TxDelegateTakeRateLimit.get(s);
      if (limit !== 0n && last !== 0n && BigInt(ctx.blockNumber) - last <= limit) ctx.fail('DelegateTxRateLimitExceeded');
      Delegates.set(s, a.hotkey, a.take);
      LastTxBlockDelegateTake.set(s, a.hotkey, BigInt(ctx.blockNumber));
      ctx.deposit('TakeIncreased', [coldkey, a.hotkey, a.take]);
    },
  },
];
