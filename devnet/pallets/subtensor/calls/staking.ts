import { ensureSigned, type AccountId, type CallDef } from '../../../pallet.ts';
import { burn, freeBalance, mint } from '../../balances.ts';
import { decreaseStake, increaseStake, stakeOf } from '../stake.ts';
import {
  Delegates, LastTxBlockDelegateTake, MaxDelegateTake, MinDelegateTake, NetworksAdded, Owner, SubnetAlphaOut, SubnetTAO,
  SubtokenEnabled, TxDelegateTakeRateLimit,
} from '../storage.ts';

/** Stake and delegate take (staking/*.rs), simplified dTAO: 1 TAO buys 1 alpha, no pool, no fee. */

/** DefaultMinStake: the smallest stake operation the chain accepts, in RAO. */
export const MIN_STAKE = 2_000_000n;

export const stakingCalls: CallDef[] = [
  {
    index: 2,
    name: 'add_stake',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'netuid', type: 'NetUid' },
      { name: 'amount_staked', type: 'u64' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; netuid: number; amount_staked: bigint }) {
      const s = ctx.state;
      const coldkey = ensureSigned(ctx.origin);
      if (!NetworksAdded.get(s, a.netuid)) ctx.fail('SubnetNotExists');
      if (!SubtokenEnabled.get(s, a.netuid)) ctx.fail('SubtokenDisabled');
      if (a.amount_staked < MIN_STAKE) ctx.fail('AmountTooLow');
      if (freeBalance(s, coldkey) < a.amount_staked) ctx.fail('NotEnoughBalanceToStake');
      if (!Owner.has(s, a.hotkey)) ctx.fail('HotKeyAccountNotExists');
      burn(ctx, coldkey, a.amount_staked, false);
      increaseStake(s, a.hotkey, coldkey, a.netuid, a.amount_staked);
      SubnetTAO.mutate(s, a.netuid, (v) => v + a.amount_staked);
      SubnetAlphaOut.mutate(s, a.netuid, (v) => v + a.amount_staked);
      ctx.deposit('StakeAdded', [coldkey, a.hotkey, a.amount_staked, a.amount_staked, a.netuid, 0n]);
    },
  },
  {
    index: 3,
    name: 'remove_stake',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'netuid', type: 'NetUid' },
      { name: 'amount_unstaked', type: 'u64' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; netuid: number; amount_unstaked: bigint }) {
      const s = ctx.state;
      const coldkey = ensureSigned(ctx.origin);
      if (!NetworksAdded.get(s, a.netuid)) ctx.fail('SubnetNotExists');
      if (a.amount_unstaked < MIN_STAKE) ctx.fail('AmountTooLow');
      if (!Owner.has(s, a.hotkey)) ctx.fail('HotKeyAccountNotExists');
      if (stakeOf(s, a.hotkey, coldkey, a.netuid) < a.amount_unstaked) ctx.fail('NotEnoughStakeToWithdraw');
      decreaseStake(s, a.hotkey, coldkey, a.netuid, a.amount_unstaked);
      mint(ctx, coldkey, a.amount_unstaked);
      SubnetTAO.mutate(s, a.netuid, (v) => (v > a.amount_unstaked ? v - a.amount_unstaked : 0n));
      SubnetAlphaOut.mutate(s, a.netuid, (v) => (v > a.amount_unstaked ? v - a.amount_unstaked : 0n));
      ctx.deposit('StakeRemoved', [coldkey, a.hotkey, a.amount_unstaked, a.amount_unstaked, a.netuid, 0n]);
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
