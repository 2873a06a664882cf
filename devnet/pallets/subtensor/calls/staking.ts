import { ensureSigned, ModuleError, type AccountId, type CallDef, type DispatchContext, type StateReader } from '../../../pallet.ts';
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
function validateRemoveStake(
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
function simulated(s: StateReader, netuid: number, side: 'buy' | 'sell', amount: bigint): SwapResult | undefined {
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
function maxAmount(ctx: DispatchContext, netuid: number, side: 'buy' | 'sell', limitPrice: bigint): bigint {
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
  const r = stakeIntoSubnet(s, hotkey, coldkey, netuid, stake, limit?.price ?? NO_LIMIT.buy);
  if (r.paidOut === 0n) ctx.fail('AmountTooLow');
  StakingOperationRateLimiter.set(s, hotkey, coldkey, netuid, true);
  ctx.deposit('StakeAdded', [coldkey, hotkey, stake, r.paidOut, netuid, r.fee]);
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
  const r = unstakeFromSubnet(s, hotkey, coldkey, netuid, alpha, limit?.price ?? NO_LIMIT.sell);
  mint(ctx, coldkey, r.paidOut);
  ctx.deposit('StakeRemoved', [coldkey, hotkey, r.paidOut, alpha, netuid, r.fee]);
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
