import { ensureSigned, type AccountId, type CallDef, type DispatchContext, type State } from '../../../pallet.ts';
import { burn, freeBalance } from '../../balances.ts';
import { swapChildLinks } from '../children.ts';
import {
  Alpha,
  Axons,
  Delegates,
  IsNetworkMember,
  Keys,
  LastTxBlock,
  NetworksAdded,
  OwnedHotkeys,
  Owner,
  Prometheus,
  StakingHotkeys,
  SubnetOwnerHotkey,
  TotalHotkeyAlpha,
  TotalHotkeyShares,
  TxRateLimit,
  Uids,
  WeightCommits,
} from '../storage.ts';
import { mechanismIndexes } from '../mechanism.ts';

/**
 * `swap_hotkey` (swap/swap_hotkey.rs): moves a hotkey's registrations, axons,
 * stake pools, take and ownership to a new hotkey, on every subnet or, with
 * `netuid`, on one subnet only. The fee is the runtime's `KeySwapCost`
 * (`KeySwapOnSubnetCost` for one subnet), burned.
 */
export const KEY_SWAP_COST = 100_000_000n;
export const KEY_SWAP_ON_SUBNET_COST = 1_000_000n;

function replaceIn(list: AccountId[], from: AccountId, to: AccountId): AccountId[] {
  const out = list.filter((k) => k !== from);
  if (!out.includes(to)) out.push(to);
  return out;
}

function swapOnSubnet(state: State, netuid: number, from: AccountId, to: AccountId): void {
  const uid = Uids.get(state, netuid, from);
  if (uid !== undefined) {
    Uids.remove(state, netuid, from);
    Uids.set(state, netuid, to, uid);
    Keys.set(state, netuid, uid, to);
    IsNetworkMember.remove(state, from, netuid);
    IsNetworkMember.set(state, to, netuid, true);
    const axon = Axons.get(state, netuid, from);
    if (axon) Axons.set(state, netuid, to, axon);
    Axons.remove(state, netuid, from);
    const prom = Prometheus.get(state, netuid, from);
    if (prom) Prometheus.set(state, netuid, to, prom);
    Prometheus.remove(state, netuid, from);
    // the v2 commits of every mechanism follow the hotkey
    for (const index of mechanismIndexes(state, netuid)) {
      const commits = WeightCommits.get(state, index, from);
      if (commits) WeightCommits.set(state, index, to, commits);
      WeightCommits.remove(state, index, from);
    }
  }
  if (SubnetOwnerHotkey.has(state, netuid) && SubnetOwnerHotkey.get(state, netuid) === from) SubnetOwnerHotkey.set(state, netuid, to);
  // stake pool: the new hotkey takes over value and shares of every nominator
  const value = TotalHotkeyAlpha.get(state, from, netuid);
  const shares = TotalHotkeyShares.get(state, from, netuid);
  if (value !== 0n || shares.bits !== 0n) {
    TotalHotkeyAlpha.mutate(state, to, netuid, (v) => v + value);
    TotalHotkeyShares.mutate(state, to, netuid, (s) => ({ bits: s.bits + shares.bits }));
    TotalHotkeyAlpha.remove(state, from, netuid);
    TotalHotkeyShares.remove(state, from, netuid);
  }
  for (const [[, coldkey, n], held] of Alpha.entries(state, from)) {
    if (n !== netuid) continue;
    Alpha.mutate(state, to, coldkey, netuid, (s) => ({ bits: s.bits + held.bits }));
    Alpha.remove(state, from, coldkey, netuid);
    StakingHotkeys.set(state, coldkey, replaceIn(StakingHotkeys.get(state, coldkey), from, to));
  }
}

function doSwapHotkey(ctx: DispatchContext, coldkey: AccountId, from: AccountId, to: AccountId, netuid: number | null): void {
  const s = ctx.state;
  if (!Owner.has(s, from) || Owner.get(s, from) !== coldkey) ctx.fail('NonAssociatedColdKey');
  if (from === to) ctx.fail('NewHotKeyIsSameWithOld');
  const netuids = NetworksAdded.entries(s)
    .filter(([, added]) => added)
    .map(([[n]]) => n);
  if (netuid !== null && !netuids.includes(netuid)) ctx.fail('SubNetworkDoesNotExist');
  const targets = netuid === null ? netuids : [netuid];
  if (targets.some((n) => Uids.get(s, n, to) !== undefined)) ctx.fail('HotKeyAlreadyRegisteredInSubNet');
  if (Owner.has(s, to) && Owner.get(s, to) !== coldkey) ctx.fail('NonAssociatedColdKey');
  const block = BigInt(ctx.blockNumber);
  const last = LastTxBlock.get(s, coldkey);
  const limit = TxRateLimit.get(s);
  if (last !== 0n && limit !== 0n && block - last < limit) ctx.fail('HotKeySetTxRateLimitExceeded');
  const cost = netuid === null ? KEY_SWAP_COST : KEY_SWAP_ON_SUBNET_COST;
  if (freeBalance(s, coldkey) < cost) ctx.fail('NotEnoughBalanceToPaySwapHotKey');
  burn(ctx, coldkey, cost, false);
  for (const n of targets) {
    swapOnSubnet(s, n, from, to);
    const inconsistent = swapChildLinks(s, from, to, n);
    if (inconsistent) ctx.fail(inconsistent);
  }
  if (!Owner.has(s, to)) {
    Owner.set(s, to, coldkey);
    const owned = OwnedHotkeys.get(s, coldkey);
    if (!owned.includes(to)) OwnedHotkeys.set(s, coldkey, [...owned, to]);
  }
  if (netuid === null) {
    if (Delegates.has(s, from)) Delegates.set(s, to, Delegates.get(s, from));
    Delegates.remove(s, from);
    Owner.remove(s, from);
    OwnedHotkeys.set(
      s,
      coldkey,
      OwnedHotkeys.get(s, coldkey).filter((k) => k !== from),
    );
  }
  LastTxBlock.set(s, coldkey, block);
  if (netuid === null) ctx.deposit('HotkeySwapped', { coldkey, old_hotkey: from, new_hotkey: to });
  else ctx.deposit('HotkeySwappedOnSubnet', { coldkey, old_hotkey: from, new_hotkey: to, netuid });
}

export const swapCalls: CallDef[] = [
  {
    index: 70,
    name: 'swap_hotkey',
    // free at spec 381 (`Pays::No` in its `#[pallet::weight]`)
    pays: 'No',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'new_hotkey', type: 'AccountId32' },
      { name: 'netuid', type: 'Option<NetUid>' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; new_hotkey: AccountId; netuid: number | null }) {
      doSwapHotkey(ctx, ensureSigned(ctx.origin), a.hotkey, a.new_hotkey, a.netuid);
    },
  },
];
