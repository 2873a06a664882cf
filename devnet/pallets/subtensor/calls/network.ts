import { DispatchFailure, ensureSigned, type AccountId, type CallDef, type DispatchContext, type State } from '../../../pallet.ts';
import { freeBalance, withdrawAndBurn } from '../../balances.ts';
import { appendNeuron, claimHotkey } from '../neurons.ts';
import {
  AdjustmentAlpha,
  AdjustmentInterval,
  FirstEmissionBlockNumber,
  MaxDifficulty,
  MinDifficulty,
  TargetRegistrationsPerInterval,
  ImmunityPeriod,
  MaxAllowedUids,
  MaxAllowedValidators,
  MaxWeightsLimit,
  MinAllowedWeights,
  NetworkLastLockCost,
  NetworkLastRegistered,
  NetworkLockReductionInterval,
  NetworkMinLockCost,
  NetworkRateLimit,
  NetworkRegisteredAt,
  NetworkRegistrationAllowed,
  NetworksAdded,
  Owner,
  SubnetLocked,
  SubnetMechanism,
  SubnetOwner,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetOwnerHotkey,
  SubnetTAO,
  SubnetworkN,
  SubtokenEnabled,
  Tempo,
  TotalNetworks,
  TotalStake,
} from '../storage.ts';

/** Subnet creation and start (subnets/subnet.rs of the spec-293 runtime). */

/** `DurationOfStartCall` of the spec-293 fast-runtime build: blocks between registration and `start_call`. */
export const DURATION_OF_START_CALL = 10n;
const MAX_SUBNETS = 128;

/** Lock cost: double the last lock, decaying linearly over the reduction interval, never below the minimum. */
export function networkLockCost(state: State, block: bigint): bigint {
  const last = NetworkLastLockCost.get(state);
  const min = NetworkMinLockCost.get(state);
  const interval = NetworkLockReductionInterval.get(state);
  const since = block - NetworkLastRegistered.get(state);
  const reduction = interval === 0n ? 0n : (last / interval) * since;
  const cost = last * 2n - reduction;
  return cost < min ? min : cost;
}

export interface NewSubnetParams {
  tempo: number;
}

/**
 * A new subnet's pool (`do_register_network`): the minimum lock in TAO and as
 * much alpha, so alpha starts at 1 TAO; the rest of the lock is recycled.
 */
export function seedPool(state: State, netuid: number): void {
  const poolTao = NetworkMinLockCost.get(state);
  SubnetTAO.set(state, netuid, poolTao);
  SubnetAlphaIn.set(state, netuid, poolTao);
  SubnetAlphaOut.set(state, netuid, 0n);
  if (poolTao > 0n) TotalStake.mutate(state, (t) => t + poolTao);
}

/** `init_new_network` plus the owner hotkey as uid 0. */
export function createSubnet(state: State, netuid: number, coldkey: AccountId, hotkey: AccountId, block: bigint, p: NewSubnetParams): void {
  NetworksAdded.set(state, netuid, true);
  TotalNetworks.mutate(state, (t) => t + 1);
  NetworkRegisteredAt.set(state, netuid, block);
  SubnetMechanism.set(state, netuid, 1);
  Tempo.set(state, netuid, p.tempo);
  SubnetworkN.set(state, netuid, 0);
  NetworkRegistrationAllowed.set(state, netuid, true);
  MaxAllowedUids.set(state, netuid, 256);
  MaxAllowedValidators.set(state, netuid, 64);
  MinAllowedWeights.set(state, netuid, 1);
  MaxWeightsLimit.set(state, netuid, 65535);
  ImmunityPeriod.set(state, netuid, 5000);
  SubnetOwner.set(state, netuid, coldkey);
  SubnetOwnerHotkey.set(state, netuid, hotkey);
  claimHotkey(state, coldkey, hotkey);
  appendNeuron(state, netuid, hotkey, block);
}

/**
 * The events `init_new_network` deposits at spec 381: each of its setters (utils/misc.rs) announces
 * the value it stores, in this order. Each carries the value the subnet now holds.
 */
function depositInitNetworkEvents(ctx: DispatchContext, netuid: number): void {
  const s = ctx.state;
  ctx.deposit('RegistrationAllowed', [netuid, NetworkRegistrationAllowed.get(s, netuid)]);
  ctx.deposit('MaxAllowedUidsSet', [netuid, MaxAllowedUids.get(s, netuid)]);
  ctx.deposit('MaxAllowedValidatorsSet', [netuid, MaxAllowedValidators.get(s, netuid)]);
  ctx.deposit('MinAllowedWeightSet', [netuid, MinAllowedWeights.get(s, netuid)]);
  ctx.deposit('AdjustmentIntervalSet', [netuid, AdjustmentInterval.get(s, netuid)]);
  ctx.deposit('RegistrationPerIntervalSet', [netuid, TargetRegistrationsPerInterval.get(s, netuid)]);
  ctx.deposit('AdjustmentAlphaSet', [netuid, AdjustmentAlpha.get(s, netuid)]);
  ctx.deposit('ImmunityPeriodSet', [netuid, ImmunityPeriod.get(s, netuid)]);
  ctx.deposit('MinDifficultySet', [netuid, MinDifficulty.get(s, netuid)]);
  ctx.deposit('MaxDifficultySet', [netuid, MaxDifficulty.get(s, netuid)]);
}

function nextNetuid(state: State): number {
  let netuid = 1;
  while (NetworksAdded.get(state, netuid)) netuid++;
  return netuid;
}

function ensureSubnetOwner(ctx: DispatchContext, netuid: number): AccountId {
  const who = ensureSigned(ctx.origin);
  if (!SubnetOwner.has(ctx.state, netuid) || SubnetOwner.get(ctx.state, netuid) !== who) throw new DispatchFailure('BadOrigin');
  return who;
}

export function networkCalls(defaults: (state: State) => NewSubnetParams): CallDef[] {
  return [
    {
      index: 59,
      name: 'register_network',
      args: [{ name: 'hotkey', type: 'AccountId32' }],
      dispatch(ctx, { hotkey }: { hotkey: AccountId }) {
        const s = ctx.state;
        const coldkey = ensureSigned(ctx.origin);
        const block = BigInt(ctx.blockNumber);
        if (Owner.has(s, hotkey) && Owner.get(s, hotkey) !== coldkey) ctx.fail('NonAssociatedColdKey');
        const last = NetworkLastRegistered.get(s);
        const limit = NetworkRateLimit.get(s);
        if (last !== 0n && limit !== 0n && block - last < limit) ctx.fail('NetworkTxRateLimitExceeded');
        const netuid = nextNetuid(s);
        if (netuid > MAX_SUBNETS) ctx.fail('AllNetworksInImmunity');
        const cost = networkLockCost(s, block);
        if (freeBalance(s, coldkey) < cost) ctx.fail('NotEnoughBalanceToStake');
        withdrawAndBurn(ctx, coldkey, cost, false);
        NetworkLastLockCost.set(s, cost);
        NetworkLastRegistered.set(s, block);
        SubnetLocked.set(s, netuid, cost);
        seedPool(s, netuid);
        createSubnet(s, netuid, coldkey, hotkey, block, defaults(s));
        depositInitNetworkEvents(ctx, netuid);
        ctx.deposit('NetworkAdded', [netuid, 1]);
      },
    },
    {
      index: 92,
      name: 'start_call',
      args: [{ name: 'netuid', type: 'NetUid' }],
      dispatch(ctx, { netuid }: { netuid: number }) {
        const s = ctx.state;
        ensureSigned(ctx.origin);
        if (!NetworksAdded.get(s, netuid)) ctx.fail('SubNetworkDoesNotExist');
        ensureSubnetOwner(ctx, netuid);
        if (FirstEmissionBlockNumber.get(s, netuid) !== undefined) ctx.fail('FirstEmissionBlockNumberAlreadySet');
        const block = BigInt(ctx.blockNumber);
        if (block < NetworkRegisteredAt.get(s, netuid) + DURATION_OF_START_CALL) ctx.fail('NeedWaitingMoreBlocksToStarCall');
        FirstEmissionBlockNumber.set(s, netuid, block + 1n);
        SubtokenEnabled.set(s, netuid, true);
        ctx.deposit('FirstEmissionBlockNumberSet', [netuid, block + 1n]);
      },
    },
  ];
}
