import { ensureSigned, type AccountId, type CallDef, type DispatchContext, type StateReader } from '../../../pallet.ts';
import { div, fromInt, mul, sub, toU64 } from '../../swap/fixed.ts';
import { currentPrice, NO_LIMIT } from '../../swap/pool-state.ts';
import { stakeOf, transferStakeWithinSubnet } from '../stake.ts';
import {
  Delegates,
  NetworksAdded,
  Owner,
  SubnetAlphaIn,
  SubnetMechanism,
  SubnetTAO,
  StakingOperationRateLimiter,
  SubtokenEnabled,
  TransferToggle,
} from '../storage.ts';
import { maxAmount, MIN_STAKE, simulated, stakeInto, unstake } from './staking.ts';

/**
 * Stake that changes hotkey, coldkey or subnet without leaving the chain
 * (staking/move_stake.rs): across subnets the alpha is sold to the origin's
 * pool and the TAO buys alpha from the destination's, so a move pays the
 * origin's sell fee and no buy fee; within one subnet the shares change hands
 * at the current price and nothing is swapped.
 */
const ROOT_NETUID = 0;
const U64_MAX = 0xffffffffffffffffn;

interface Transition {
  originColdkey: AccountId;
  destinationColdkey: AccountId;
  originHotkey: AccountId;
  destinationHotkey: AccountId;
  originNetuid: number;
  destinationNetuid: number;
  alpha: bigint;
  limit?: { price: bigint; allowPartial: boolean };
  checkTransferToggle: boolean;
  setLimit: boolean;
}

/** `TransferToggle(netuid)`: whether stake of the subnet may change coldkey (the owner's `sudo_set_toggle_transfer`). */
function transferAllowed(s: StateReader, netuid: number): boolean {
  return TransferToggle.get(s, netuid);
}

function isStable(s: StateReader, netuid: number): boolean {
  return netuid === ROOT_NETUID || SubnetMechanism.get(s, netuid) === 0;
}

/**
 * `get_max_amount_move`: how much origin alpha can move before the origin's
 * price over the destination's falls to `limitPrice` (RAO of destination
 * alpha per origin alpha). The runtime solves the one-step constant-product
 * formula, so this is what it accepts, not what the pools would allow.
 */
export function maxAmountMove(ctx: DispatchContext, origin: number, destination: number, limitPrice: bigint): bigint {
  const s = ctx.state;
  const originStable = isStable(s, origin);
  const destStable = isStable(s, destination);
  if (originStable && destStable) {
    if (limitPrice > 1_000_000_000n) ctx.fail('ZeroMaxStakeAmount');
    return U64_MAX;
  }
  if (originStable && SubnetMechanism.get(s, destination) === 1) {
    if (limitPrice === 0n) return U64_MAX;
    // the limit is origin price over destination price: the destination's limit is its inverse
    const tao = fromInt(1_000_000_000n);
    const destinationPrice = toU64(mul(div(tao, fromInt(limitPrice)), tao));
    return maxAmount(ctx, destination, 'buy', destinationPrice);
  }
  if (destStable && SubnetMechanism.get(s, origin) === 1) return maxAmount(ctx, origin, 'sell', limitPrice);

  const tao1 = SubnetTAO.get(s, origin);
  const tao2 = SubnetTAO.get(s, destination);
  if (tao1 === 0n || tao2 === 0n) ctx.fail('ZeroMaxStakeAmount');
  const alpha1 = SubnetAlphaIn.get(s, origin);
  const alpha2 = SubnetAlphaIn.get(s, destination);
  if (alpha1 === 0n || alpha2 === 0n) ctx.fail('ZeroMaxStakeAmount');
  const limit = div(fromInt(limitPrice), fromInt(1_000_000_000n));
  const current = div(currentPrice(s, origin), currentPrice(s, destination));
  // moving only lowers the origin's price against the destination's
  if (limit > current) ctx.fail('ZeroMaxStakeAmount');
  if (limitPrice === 0n) return U64_MAX;
  const sum = fromInt(tao1 + tao2);
  const t1OverSum = div(fromInt(tao1), sum);
  const t2OverSum = div(fromInt(tao2), sum);
  const result = toU64(sub(div(mul(fromInt(alpha2), t1OverSum), limit), mul(fromInt(alpha1), t2OverSum)));
  if (result === 0n) ctx.fail('ZeroMaxStakeAmount');
  return result;
}

/** `validate_stake_transition`: the checks, in the runtime's order. */
function validateTransition(ctx: DispatchContext, t: Transition, alpha: bigint, max: bigint): void {
  const s = ctx.state;
  if (t.originColdkey === t.destinationColdkey && t.originHotkey === t.destinationHotkey && t.originNetuid === t.destinationNetuid) ctx.fail('SameNetuid');
  if (StakingOperationRateLimiter.get(s, t.originHotkey, t.originColdkey, t.originNetuid)) ctx.fail('StakingOperationRateLimitExceeded');
  if (!NetworksAdded.get(s, t.originNetuid)) ctx.fail('SubnetNotExists');
  if (t.originNetuid !== t.destinationNetuid && !NetworksAdded.get(s, t.destinationNetuid)) ctx.fail('SubnetNotExists');
  if (!SubtokenEnabled.get(s, t.originNetuid)) ctx.fail('SubtokenDisabled');
  if (!SubtokenEnabled.get(s, t.destinationNetuid)) ctx.fail('SubtokenDisabled');
  if (!Owner.has(s, t.originHotkey)) ctx.fail('HotKeyAccountNotExists');
  if (!Owner.has(s, t.destinationHotkey)) ctx.fail('HotKeyAccountNotExists');
  if (alpha > stakeOf(s, t.originHotkey, t.originColdkey, t.originNetuid)) ctx.fail('NotEnoughStakeToWithdraw');
  if (t.originNetuid !== t.destinationNetuid) {
    const sim = simulated(s, t.originNetuid, 'sell', alpha);
    if (!sim) ctx.fail('InsufficientLiquidity');
    // strictly more than the minimum: what the sale pays must restake
    if (sim.paidOut <= MIN_STAKE) ctx.fail('AmountTooLow');
    if (t.limit && !t.limit.allowPartial && alpha > max) ctx.fail('SlippageTooHigh');
  }
  if (t.checkTransferToggle) {
    if (!transferAllowed(s, t.originNetuid)) ctx.fail('TransferDisallowed');
    if (t.originNetuid !== t.destinationNetuid && !transferAllowed(s, t.destinationNetuid)) ctx.fail('TransferDisallowed');
  }
}

/**
 * `transition_stake_internal`: the TAO the move was worth (what the origin's
 * sale paid, or within one subnet the alpha at the current price), which the
 * calls report in their events.
 */
function transitionStake(ctx: DispatchContext, t: Transition): bigint {
  const s = ctx.state;
  // the amount is capped at what is held: fees paid in alpha may have lowered it
  const held = stakeOf(s, t.originHotkey, t.originColdkey, t.originNetuid);
  const alpha = t.alpha < held ? t.alpha : held;
  const crossing = t.originNetuid !== t.destinationNetuid;
  const max = crossing && t.limit ? maxAmountMove(ctx, t.originNetuid, t.destinationNetuid, t.limit.price) : alpha;
  validateTransition(ctx, t, alpha, max);
  const move = alpha < max ? alpha : max;
  if (!crossing) {
    const r = transferStakeWithinSubnet(
      s,
      { hotkey: t.originHotkey, coldkey: t.originColdkey },
      { hotkey: t.destinationHotkey, coldkey: t.destinationColdkey },
      t.originNetuid,
      move,
    );
    if (r.tao < MIN_STAKE) ctx.fail('AmountTooLow');
    ctx.deposit('StakeRemoved', [t.originColdkey, t.originHotkey, r.tao, r.alpha, t.originNetuid, 0n]);
    ctx.deposit('StakeAdded', [t.destinationColdkey, t.destinationHotkey, r.tao, r.alpha, t.originNetuid, 0n]);
    return r.tao;
  }
  // one fee per move: the sale pays it (unless it sells root stake), the purchase does not
  const dropOriginFee = t.originNetuid === ROOT_NETUID;
  const tao = unstake(ctx, t.originHotkey, t.originColdkey, t.originNetuid, move, NO_LIMIT.sell, dropOriginFee);
  // a sale worth less than the minimum stake is not restaked (the runtime lets that TAO go)
  if (tao >= MIN_STAKE) {
    // `maybe_become_delegate`: stake from another coldkey makes the hotkey a delegate at its take
    if (Owner.get(s, t.destinationHotkey) !== t.destinationColdkey && !Delegates.has(s, t.destinationHotkey)) {
      Delegates.set(s, t.destinationHotkey, Delegates.get(s, t.destinationHotkey));
    }
    stakeInto(ctx, t.destinationHotkey, t.destinationColdkey, t.destinationNetuid, tao, NO_LIMIT.buy, t.setLimit, !dropOriginFee);
  }
  return tao;
}

export const moveStakeCalls: CallDef[] = [
  {
    index: 85,
    name: 'move_stake',
    args: [
      { name: 'origin_hotkey', type: 'AccountId32' },
      { name: 'destination_hotkey', type: 'AccountId32' },
      { name: 'origin_netuid', type: 'NetUid' },
      { name: 'destination_netuid', type: 'NetUid' },
      { name: 'alpha_amount', type: 'AlphaBalance' },
    ],
    dispatch(ctx, a: { origin_hotkey: AccountId; destination_hotkey: AccountId; origin_netuid: number; destination_netuid: number; alpha_amount: bigint }) {
      const coldkey = ensureSigned(ctx.origin);
      const tao = transitionStake(ctx, {
        originColdkey: coldkey,
        destinationColdkey: coldkey,
        originHotkey: a.origin_hotkey,
        destinationHotkey: a.destination_hotkey,
        originNetuid: a.origin_netuid,
        destinationNetuid: a.destination_netuid,
        alpha: a.alpha_amount,
        checkTransferToggle: false,
        setLimit: true,
      });
      ctx.deposit('StakeMoved', [coldkey, a.origin_hotkey, a.origin_netuid, a.destination_hotkey, a.destination_netuid, tao]);
    },
  },
  {
    index: 86,
    name: 'transfer_stake',
    args: [
      { name: 'destination_coldkey', type: 'AccountId32' },
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'origin_netuid', type: 'NetUid' },
      { name: 'destination_netuid', type: 'NetUid' },
      { name: 'alpha_amount', type: 'AlphaBalance' },
    ],
    dispatch(ctx, a: { destination_coldkey: AccountId; hotkey: AccountId; origin_netuid: number; destination_netuid: number; alpha_amount: bigint }) {
      const coldkey = ensureSigned(ctx.origin);
      const tao = transitionStake(ctx, {
        originColdkey: coldkey,
        destinationColdkey: a.destination_coldkey,
        originHotkey: a.hotkey,
        destinationHotkey: a.hotkey,
        originNetuid: a.origin_netuid,
        destinationNetuid: a.destination_netuid,
        alpha: a.alpha_amount,
        checkTransferToggle: true,
        // the receiver may unstake in the same block
        setLimit: false,
      });
      ctx.deposit('StakeTransferred', [coldkey, a.destination_coldkey, a.hotkey, a.origin_netuid, a.destination_netuid, tao]);
    },
  },
  {
    index: 87,
    name: 'swap_stake',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'origin_netuid', type: 'NetUid' },
      { name: 'destination_netuid', type: 'NetUid' },
      { name: 'alpha_amount', type: 'AlphaBalance' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; origin_netuid: number; destination_netuid: number; alpha_amount: bigint }) {
      swapStake(ctx, a.hotkey, a.origin_netuid, a.destination_netuid, a.alpha_amount, undefined);
    },
  },
  {
    index: 90,
    name: 'swap_stake_limit',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'origin_netuid', type: 'NetUid' },
      { name: 'destination_netuid', type: 'NetUid' },
      { name: 'alpha_amount', type: 'AlphaBalance' },
      { name: 'limit_price', type: 'TaoBalance' },
      { name: 'allow_partial', type: 'bool' },
    ],
    dispatch(
      ctx,
      a: { hotkey: AccountId; origin_netuid: number; destination_netuid: number; alpha_amount: bigint; limit_price: bigint; allow_partial: boolean },
    ) {
      swapStake(ctx, a.hotkey, a.origin_netuid, a.destination_netuid, a.alpha_amount, { price: a.limit_price, allowPartial: a.allow_partial });
    },
  },
];

function swapStake(
  ctx: DispatchContext,
  hotkey: AccountId,
  originNetuid: number,
  destinationNetuid: number,
  alpha: bigint,
  limit: { price: bigint; allowPartial: boolean } | undefined,
): void {
  const coldkey = ensureSigned(ctx.origin);
  const tao = transitionStake(ctx, {
    originColdkey: coldkey,
    destinationColdkey: coldkey,
    originHotkey: hotkey,
    destinationHotkey: hotkey,
    originNetuid,
    destinationNetuid,
    alpha,
    limit,
    checkTransferToggle: false,
    setLimit: true,
  });
  ctx.deposit('StakeSwapped', [coldkey, hotkey, originNetuid, destinationNetuid, tao]);
}
