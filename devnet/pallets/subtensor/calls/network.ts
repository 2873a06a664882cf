import { DispatchFailure, ensureSigned, type AccountId, type CallDef, type DispatchContext, type State, type StateReader } from '../../../pallet.ts';
import { freeBalance, withdrawAndBurn } from '../../balances.ts';
import { blockEmission, DEFAULT_BLOCK_EMISSION } from '../emission.ts';
import { appendNeuron, claimHotkey } from '../neurons.ts';
import { RATE_LIMIT_EXCEEDED } from './registration.ts';
import {
  ActivityCutoff,
  AdjustmentAlpha,
  AdjustmentInterval,
  BurnRegistrationsThisInterval,
  Difficulty,
  Kappa,
  MaxDifficulty,
  MinDifficulty,
  POWRegistrationsThisInterval,
  RAORecycledForRegistration,
  RegistrationsThisInterval,
  TargetRegistrationsPerInterval,
  FirstEmissionBlockNumber,
  ImmunityPeriod,
  MaxAllowedUids,
  MaxAllowedValidators,
  MaxWeightsLimit,
  MinAllowedWeights,
  NetworkLastLockCost,
  LastRateLimitedBlock,
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
  StartCallDelay,
  TotalIssuance,
  TotalNetworks,
  TotalStake,
} from '../storage.ts';

/** Subnet creation and start (subnets/subnet.rs `do_register_network`, `init_new_network` at spec 381). */

/** The start-call delay the devnet's genesis stores: the 10 blocks of subtensor's fast-runtime build. */
export const DURATION_OF_START_CALL = 10n;
const MAX_SUBNETS = 128;
const U64_MAX = (1n << 64n) - 1n;
/** `init_new_network`'s `AdjustmentAlpha`: u64::MAX × 0.97, as the runtime writes it. */
export const NEW_SUBNET_ADJUSTMENT_ALPHA = 17_893_341_751_498_265_066n;

/** The block of the last subnet registration: `LastRateLimitedBlock(NetworkLastRegistered)` (spec 293 had an item of its own). */
export function networkLastLockBlock(state: StateReader): bigint {
  return LastRateLimitedBlock.get(state, 'NetworkLastRegistered');
}

/**
 * `get_lock_reduction_interval`: `NetworkLockReductionInterval` scaled by the halving,
 * `interval × block_emission / 1 TAO`, so the lock decays more slowly after each halving.
 */
export function lockReductionInterval(state: StateReader): bigint {
  return (NetworkLockReductionInterval.get(state) * blockEmission(TotalIssuance.get(state))) / DEFAULT_BLOCK_EMISSION;
}

/**
 * `get_network_lock_cost`: the last lock times 2 (times 1 before any registration,
 * when the last lock block is 0 and the last lock is its default, the minimum), less
 * `last / interval` per block since, never below `NetworkMinLockCost`.
 */
export function networkLockCost(state: StateReader, block: bigint): bigint {
  const last = NetworkLastLockCost.get(state);
  const min = NetworkMinLockCost.get(state);
  const lastBlock = networkLastLockBlock(state);
  const interval = lockReductionInterval(state);
  const mult = lastBlock === 0n ? 1n : 2n;
  const elapsed = block > lastBlock ? block - lastBlock : 0n;
  const perBlock = interval === 0n ? 0n : last / interval;
  const doubled = last * mult > U64_MAX ? U64_MAX : last * mult;
  const reduction = perBlock * elapsed;
  const cost = reduction >= doubled ? 0n : doubled - reduction;
  return cost < min ? min : cost;
}

/**
 * `TransactionType::RegisterNetwork.passes_rate_limit` at spec 381: the first
 * registration (last block 0) always passes, later ones once `NetworkRateLimit`
 * blocks have gone by. Spec 293 refused the first one too while the chain was
 * younger than the limit; 381 lifted that.
 */
export function networkRateLimitPasses(state: StateReader, block: bigint): boolean {
  const last = networkLastLockBlock(state);
  return last === 0n || block - last >= NetworkRateLimit.get(state);
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

/**
 * `init_new_network`: every item it sets explicitly, with its values; the others it
 * writes (Kappa, Difficulty, ActivityCutoff, the interval counters) keep their defaults.
 * `Burn`, `MinBurn`, `MaxBurn` and `MaxRegistrationsPerBlock` are not among them: a new
 * subnet reads their storage defaults.
 */
export function initNewNetwork(state: State, netuid: number, tempo: number): void {
  SubnetworkN.set(state, netuid, 0);
  NetworksAdded.set(state, netuid, true);
  Tempo.set(state, netuid, tempo);
  TotalNetworks.mutate(state, (t) => t + 1);
  NetworkRegistrationAllowed.set(state, netuid, true);
  MaxAllowedUids.set(state, netuid, 256);
  MaxAllowedValidators.set(state, netuid, 64);
  MinAllowedWeights.set(state, netuid, 1);
  // spec 293 writes u16::MAX here; 381 stopped writing it because its default became
  // u16::MAX, while the devnet's served default is still 293's 1000: same value either way
  MaxWeightsLimit.set(state, netuid, 65535);
  AdjustmentInterval.set(state, netuid, 360);
  TargetRegistrationsPerInterval.set(state, netuid, 1);
  AdjustmentAlpha.set(state, netuid, NEW_SUBNET_ADJUSTMENT_ALPHA);
  ImmunityPeriod.set(state, netuid, 5000);
  MinDifficulty.set(state, netuid, U64_MAX);
  MaxDifficulty.set(state, netuid, U64_MAX);
  // written out explicitly with their current (default) values, as the runtime does
  Kappa.set(state, netuid, Kappa.get(state, netuid));
  Difficulty.set(state, netuid, Difficulty.get(state, netuid));
  ActivityCutoff.set(state, netuid, ActivityCutoff.get(state, netuid));
  RegistrationsThisInterval.set(state, netuid, RegistrationsThisInterval.get(state, netuid));
  POWRegistrationsThisInterval.set(state, netuid, POWRegistrationsThisInterval.get(state, netuid));
  BurnRegistrationsThisInterval.set(state, netuid, BurnRegistrationsThisInterval.get(state, netuid));
}

/** `init_new_network` plus the owner hotkey as uid 0, the mechanism and the owner. */
export function createSubnet(state: State, netuid: number, coldkey: AccountId, hotkey: AccountId, block: bigint, p: NewSubnetParams): void {
  initNewNetwork(state, netuid, p.tempo);
  claimHotkey(state, coldkey, hotkey);
  appendNeuron(state, netuid, hotkey, block);
  SubnetMechanism.set(state, netuid, 1);
  NetworkRegisteredAt.set(state, netuid, block);
  SubnetOwner.set(state, netuid, coldkey);
  SubnetOwnerHotkey.set(state, netuid, hotkey);
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
        if (!networkRateLimitPasses(s, block)) ctx.fail('NetworkTxRateLimitExceeded');
        const netuid = nextNetuid(s);
        if (netuid > MAX_SUBNETS) ctx.fail('AllNetworksInImmunity');
        const cost = networkLockCost(s, block);
        // spec 381 names this CannotAffordLockCost (spec 293: NotEnoughBalanceToStake)
        if (freeBalance(s, coldkey) < cost) ctx.fail('CannotAffordLockCost');
        withdrawAndBurn(ctx, coldkey, cost, false);
        NetworkLastLockCost.set(s, cost);
        LastRateLimitedBlock.set(s, 'NetworkLastRegistered', block);
        createSubnet(s, netuid, coldkey, hotkey, block, defaults(s));
        SubnetLocked.set(s, netuid, cost);
        seedPool(s, netuid);
        // the lock beyond the pool's TAO is recycled (`recycle_tao`) and counted as this subnet's registration recycling
        const poolTao = NetworkMinLockCost.get(s);
        const recycled = cost > poolTao ? cost - poolTao : 0n;
        RAORecycledForRegistration.set(s, netuid, recycled);
        if (recycled > 0n) TotalIssuance.mutate(s, (t) => (t > recycled ? t - recycled : 0n));
        depositInitNetworkEvents(ctx, netuid);
        ctx.deposit('NetworkAdded', [netuid, 1]);
      },
      validate: (v) => (networkRateLimitPasses(v.state, BigInt(v.blockNumber)) ? undefined : RATE_LIMIT_EXCEEDED),
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
        if (block < NetworkRegisteredAt.get(s, netuid) + StartCallDelay.get(s)) ctx.fail('NeedWaitingMoreBlocksToStarCall');
        FirstEmissionBlockNumber.set(s, netuid, block + 1n);
        SubtokenEnabled.set(s, netuid, true);
        ctx.deposit('FirstEmissionBlockNumberSet', [netuid, block + 1n]);
      },
    },
  ];
}
