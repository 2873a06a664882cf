import { ensureSigned, type AccountId, type CallDef, type DispatchContext, type StateReader } from '../../../pallet.ts';
import { burn, freeBalance } from '../../balances.ts';
import { NO_LIMIT } from '../../swap/pool-state.ts';
import { appendNeuron, claimHotkey, replaceNeuron } from '../neurons.ts';
import { immortalOwnerUids, neuronToPrune, type OwnedUid } from '../pruning.ts';
import { swapTaoForAlpha } from '../stake.ts';
import {
  BlockAtRegistration,
  Burn,
  BurnRegistrationsThisInterval,
  Emission,
  ImmuneOwnerUidsLimit,
  ImmunityPeriod,
  MaxAllowedUids,
  MaxRegistrationsPerBlock,
  MinNonImmuneUids,
  NetworkRegistrationAllowed,
  NetworksAdded,
  OwnedHotkeys,
  RAORecycledForRegistration,
  RegistrationsThisBlock,
  RegistrationsThisInterval,
  SubnetAlphaOut,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetworkN,
  TargetRegistrationsPerInterval,
  Uids,
  ROOT_NETUID,
} from '../storage.ts';

/**
 * Neuron registration as spec 381's `do_burned_registration`: at most
 * `MaxRegistrationsPerBlock` per block and 3 × `TargetRegistrationsPerInterval` per
 * adjustment interval, then the current burn (which buys alpha from the subnet's pool
 * to recycle it), a free slot or the prune candidate's. The price moves only at the
 * interval's end (burn.ts). `register` ignores the proof of work (as HEAD does) and
 * runs the same path.
 */
/** `CustomTransactionError::RateLimitExceeded` as `InvalidTransaction::Custom`. */
export const RATE_LIMIT_EXCEEDED = 6;

function pruneCandidate(ctx: DispatchContext, netuid: number, block: bigint): number | null {
  const s = ctx.state;
  const n = SubnetworkN.get(s, netuid);
  const emission = Emission.get(s, netuid);
  const immortal = ownerImmortalUids(s, netuid);
  const candidates = [];
  for (let uid = 0; uid < n; uid++) {
    candidates.push({ uid, emission: emission[uid] ?? 0n, registeredAt: BlockAtRegistration.get(s, netuid, uid), immortal: immortal.has(uid) });
  }
  return neuronToPrune(candidates, block, ImmunityPeriod.get(s, netuid), MinNonImmuneUids.get(s, netuid));
}

function ownerImmortalUids(s: StateReader, netuid: number): Set<number> {
  const owned: OwnedUid[] = [];
  if (SubnetOwner.has(s, netuid)) {
    for (const hotkey of OwnedHotkeys.get(s, SubnetOwner.get(s, netuid))) {
      const uid = Uids.get(s, netuid, hotkey);
      if (uid !== undefined) owned.push({ uid, registeredAt: BlockAtRegistration.get(s, netuid, uid) });
    }
  }
  const ownerHotkey = SubnetOwnerHotkey.has(s, netuid) ? SubnetOwnerHotkey.get(s, netuid) : undefined;
  const ownerHotkeyUid = ownerHotkey === undefined ? undefined : Uids.get(s, netuid, ownerHotkey);
  return immortalOwnerUids(owned, ownerHotkeyUid, ImmuneOwnerUidsLimit.get(s, netuid));
}

/**
 * Room left in the adjustment interval: fewer than 3 × `TargetRegistrationsPerInterval`
 * registrations so far. Both the dispatch (`TooManyRegistrationsThisInterval`) and the
 * transaction's validity (`Custom(6)`, `RateLimitExceeded`) check it.
 */
export function registrationIntervalHasRoom(state: StateReader, netuid: number): boolean {
  return RegistrationsThisInterval.get(state, netuid) < TargetRegistrationsPerInterval.get(state, netuid) * 3;
}

export function doRegister(ctx: DispatchContext, coldkey: AccountId, netuid: number, hotkey: AccountId): void {
  const s = ctx.state;
  if (netuid === ROOT_NETUID) ctx.fail('RegistrationNotPermittedOnRootSubnet');
  if (!NetworksAdded.get(s, netuid)) ctx.fail('SubNetworkDoesNotExist');
  if (!NetworkRegistrationAllowed.get(s, netuid)) ctx.fail('SubNetRegistrationDisabled');
  if (RegistrationsThisBlock.get(s, netuid) >= MaxRegistrationsPerBlock.get(s, netuid)) ctx.fail('TooManyRegistrationsThisBlock');
  if (!registrationIntervalHasRoom(s, netuid)) ctx.fail('TooManyRegistrationsThisInterval');
  if (Uids.get(s, netuid, hotkey) !== undefined) ctx.fail('HotKeyAlreadyRegisteredInSubNet');
  const cost = Burn.get(s, netuid);
  if (freeBalance(s, coldkey) < cost) ctx.fail('NotEnoughBalanceToStake');
  if (!claimHotkey(s, coldkey, hotkey)) ctx.fail('NonAssociatedColdKey');
  const max = MaxAllowedUids.get(s, netuid);
  if (max === 0) ctx.fail('NoNeuronIdAvailable');
  const block = BigInt(ctx.blockNumber);
  const prune = SubnetworkN.get(s, netuid) < max ? null : pruneCandidate(ctx, netuid, block);
  if (SubnetworkN.get(s, netuid) >= max && prune === null) ctx.fail('NoNeuronIdAvailable');
  if (cost > 0n) {
    burn(ctx, coldkey, cost, false);
    // the burn buys alpha from the subnet's pool and that alpha is recycled: the TAO stays in the pool
    const bought = swapTaoForAlpha(s, netuid, cost, NO_LIMIT.buy);
    SubnetAlphaOut.mutate(s, netuid, (v) => (v > bought.paidOut ? v - bought.paidOut : 0n));
  }
  let uid: number;
  if (prune === null) {
    uid = appendNeuron(s, netuid, hotkey, block);
  } else {
    replaceNeuron(s, netuid, prune, hotkey, block);
    uid = prune;
  }
  RegistrationsThisBlock.mutate(s, netuid, (v) => v + 1);
  RegistrationsThisInterval.mutate(s, netuid, (v) => v + 1);
  BurnRegistrationsThisInterval.mutate(s, netuid, (v) => v + 1);
  RAORecycledForRegistration.mutate(s, netuid, (v) => v + cost);
  ctx.deposit('NeuronRegistered', [netuid, uid, hotkey]);
}

export const registrationCalls: CallDef[] = [
  {
    index: 7,
    name: 'burned_register',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'hotkey', type: 'AccountId32' },
    ],
    dispatch(ctx, a: { netuid: number; hotkey: AccountId }) {
      doRegister(ctx, ensureSigned(ctx.origin), a.netuid, a.hotkey);
    },
    validate: (v, a: { netuid: number }) => (registrationIntervalHasRoom(v.state, a.netuid) ? undefined : RATE_LIMIT_EXCEEDED),
  },
  {
    index: 6,
    name: 'register',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'block_number', type: 'u64' },
      { name: 'nonce', type: 'u64' },
      { name: 'work', type: 'Vec<u8>' },
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'coldkey', type: 'AccountId32' },
    ],
    // HEAD ignores the proof of work: the signer pays the burn and owns the hotkey.
    dispatch(ctx, a: { netuid: number; hotkey: AccountId }) {
      doRegister(ctx, ensureSigned(ctx.origin), a.netuid, a.hotkey);
    },
    validate: (v, a: { netuid: number }) => (registrationIntervalHasRoom(v.state, a.netuid) ? undefined : RATE_LIMIT_EXCEEDED),
  },
];
