import type { ApiContext } from '../../../pallet.ts';
import { Some } from '../../../scale/codec.ts';
import {
  Active,
  ActivityCutoff,
  AdjustmentAlpha,
  AdjustmentInterval,
  AlphaValues,
  BondsMovingAverage,
  Burn,
  CommitRevealWeightsEnabled,
  Consensus,
  Difficulty,
  Dividends,
  Emission,
  ImmunityPeriod,
  Incentive,
  Kappa,
  Keys,
  LastMechansimStepBlock,
  LastUpdate,
  LiquidAlphaOn,
  MaxAllowedUids,
  MaxAllowedValidators,
  MaxBurn,
  MaxDifficulty,
  MaxRegistrationsPerBlock,
  MaxWeightsLimit,
  MechanismCountCurrent,
  MinAllowedWeights,
  MinBurn,
  MinDifficulty,
  NetworkPowRegistrationAllowed,
  NetworkRegisteredAt,
  NetworkRegistrationAllowed,
  AlphaDividendsPerSubnet,
  PendingServerEmission,
  PendingValidatorEmission,
  SubnetAlphaInEmission,
  SubnetAlphaOutEmission,
  SubnetMovingPrice,
  SubnetTaoInEmission,
  PruningScores,
  Rank,
  RevealPeriodEpochs,
  Rho,
  ServingRateLimit,
  StakeThreshold,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetTAO,
  SubnetworkN,
  TargetRegistrationsPerInterval,
  Tempo,
  Trust,
  ValidatorPermit,
  WeightsSetRateLimit,
  WeightsVersionKey,
} from '../storage.ts';
import { SubnetIdentitiesV3 } from '../identity.ts';
import { mechanismExists, mechanismStorageIndex } from '../mechanism.ts';
import { SELECTIVE_METAGRAPH_FIELDS } from '../types.ts';
import { axonOf } from './neuron-columns.ts';
import { allSubnetNetuids, SubnetReads, subnetExists } from './subnet-reads.ts';

/**
 * `get_metagraph`, `get_selective_metagraph` and their mechanism forms
 * (rpc_info/metagraph.rs). Every field is one reader below, so the full and
 * the selective answers cannot disagree.
 *
 * Subnet state the devnet does not keep reads as the runtime's storage default
 * (listed in devnet/README.md): `TokenSymbol`'s default symbol, `SubnetVolume`,
 * coldkey identities and commitments. Pending alpha is the server and validator
 * alpha the next epoch distributes, as the runtime reports it.
 */

/** `TokenSymbol`'s default (𝜏, its UTF-8 bytes), what a subnet without a stored symbol reports. */
const DEFAULT_TOKEN_SYMBOL = [0xf0, 0x9d, 0x9c, 0x8f];

type FieldReader = (s: SubnetReads) => unknown;

function blocksSinceLastStep(s: SubnetReads): bigint {
  const since = BigInt(s.ctx.blockNumber) - LastMechansimStepBlock.get(s.state, s.netuid);
  return since > 0n ? since : 0n;
}

/** `get_validators`: permitted uids whose stake weight exceeds `StakeThreshold`, by ascending stake (a stable sort of the `Keys` order). */
function validators(s: SubnetReads): number[] {
  const permits = ValidatorPermit.get(s.state, s.netuid);
  const threshold = StakeThreshold.get(s.state);
  const total = s.totalStake;
  return Keys.entries(s.state, s.netuid)
    .map(([[, uid]]) => uid)
    .filter((uid) => permits[uid] === true)
    .map((uid) => ({ uid, stake: uid < total.length ? total[uid]! : 0n }))
    .sort((a, b) => (a.stake < b.stake ? -1 : a.stake > b.stake ? 1 : 0))
    .filter((v) => v.stake > threshold)
    .map((v) => v.uid);
}

/** Each field of `SelectiveMetagraph`, by name; the metagraph's fields are the first 72. */
const FIELD_READERS: Record<string, FieldReader> = {
  netuid: (s) => s.netuid,
  // get_name_for_subnet: the identity's name; the runtime's built-in table of names by netuid is not reproduced
  name: (s) => [...(SubnetIdentitiesV3.get(s.state, s.netuid)?.subnet_name ?? [])],
  symbol: () => [...DEFAULT_TOKEN_SYMBOL],
  identity: (s) => SubnetIdentitiesV3.get(s.state, s.netuid) ?? null,
  network_registered_at: (s) => NetworkRegisteredAt.get(s.state, s.netuid),
  owner_hotkey: (s) => SubnetOwnerHotkey.get(s.state, s.netuid),
  owner_coldkey: (s) => SubnetOwner.get(s.state, s.netuid),
  block: (s) => BigInt(s.ctx.blockNumber),
  tempo: (s) => Tempo.get(s.state, s.netuid),
  last_step: (s) => LastMechansimStepBlock.get(s.state, s.netuid),
  blocks_since_last_step: blocksSinceLastStep,
  subnet_emission: () => 0n,
  alpha_in: (s) => SubnetAlphaIn.get(s.state, s.netuid),
  alpha_out: (s) => SubnetAlphaOut.get(s.state, s.netuid),
  tao_in: (s) => SubnetTAO.get(s.state, s.netuid),
  alpha_out_emission: (s) => SubnetAlphaOutEmission.get(s.state, s.netuid),
  alpha_in_emission: (s) => SubnetAlphaInEmission.get(s.state, s.netuid),
  tao_in_emission: (s) => SubnetTaoInEmission.get(s.state, s.netuid),
  pending_alpha_emission: (s) => PendingValidatorEmission.get(s.state, s.netuid) + PendingServerEmission.get(s.state, s.netuid),
  pending_root_emission: () => 0n,
  subnet_volume: () => 0n,
  moving_price: (s) => SubnetMovingPrice.get(s.state, s.netuid),
  rho: (s) => Rho.get(s.state, s.netuid),
  kappa: (s) => Kappa.get(s.state, s.netuid),
  min_allowed_weights: (s) => MinAllowedWeights.get(s.state, s.netuid),
  max_weights_limit: (s) => MaxWeightsLimit.get(s.state, s.netuid),
  weights_version: (s) => WeightsVersionKey.get(s.state, s.netuid),
  weights_rate_limit: (s) => WeightsSetRateLimit.get(s.state, s.netuid),
  activity_cutoff: (s) => ActivityCutoff.get(s.state, s.netuid),
  max_validators: (s) => MaxAllowedValidators.get(s.state, s.netuid),
  num_uids: (s) => SubnetworkN.get(s.state, s.netuid),
  max_uids: (s) => MaxAllowedUids.get(s.state, s.netuid),
  burn: (s) => Burn.get(s.state, s.netuid),
  difficulty: (s) => Difficulty.get(s.state, s.netuid),
  registration_allowed: (s) => NetworkRegistrationAllowed.get(s.state, s.netuid),
  pow_registration_allowed: (s) => NetworkPowRegistrationAllowed.get(s.state, s.netuid),
  immunity_period: (s) => ImmunityPeriod.get(s.state, s.netuid),
  min_difficulty: (s) => MinDifficulty.get(s.state, s.netuid),
  max_difficulty: (s) => MaxDifficulty.get(s.state, s.netuid),
  min_burn: (s) => MinBurn.get(s.state, s.netuid),
  max_burn: (s) => MaxBurn.get(s.state, s.netuid),
  adjustment_alpha: (s) => AdjustmentAlpha.get(s.state, s.netuid),
  adjustment_interval: (s) => AdjustmentInterval.get(s.state, s.netuid),
  target_regs_per_interval: (s) => TargetRegistrationsPerInterval.get(s.state, s.netuid),
  max_regs_per_block: (s) => MaxRegistrationsPerBlock.get(s.state, s.netuid),
  serving_rate_limit: (s) => ServingRateLimit.get(s.state, s.netuid),
  commit_reveal_weights_enabled: (s) => CommitRevealWeightsEnabled.get(s.state, s.netuid),
  commit_reveal_period: (s) => RevealPeriodEpochs.get(s.state, s.netuid),
  liquid_alpha_enabled: (s) => LiquidAlphaOn.get(s.state, s.netuid),
  alpha_high: (s) => AlphaValues.get(s.state, s.netuid)[1],
  alpha_low: (s) => AlphaValues.get(s.state, s.netuid)[0],
  bonds_moving_avg: (s) => BondsMovingAverage.get(s.state, s.netuid),
  hotkeys: (s) => s.hotkeys,
  coldkeys: (s) => s.coldkeys,
  identities: (s) => s.hotkeys.map(() => null),
  axons: (s) => s.hotkeys.map((hk) => axonOf(s.state, s.netuid, hk)),
  active: (s) => Active.get(s.state, s.netuid),
  validator_permit: (s) => ValidatorPermit.get(s.state, s.netuid),
  pruning_score: (s) => PruningScores.get(s.state, s.netuid),
  last_update: (s) => LastUpdate.get(s.state, s.storageIndex),
  emission: (s) => Emission.get(s.state, s.netuid),
  dividends: (s) => Dividends.get(s.state, s.netuid),
  incentives: (s) => Incentive.get(s.state, s.storageIndex),
  consensus: (s) => Consensus.get(s.state, s.netuid),
  trust: (s) => Trust.get(s.state, s.netuid),
  rank: (s) => Rank.get(s.state, s.netuid),
  block_at_registration: (s) => s.blocksAtRegistration,
  alpha_stake: (s) => s.alphaStake,
  tao_stake: (s) => s.taoStake,
  total_stake: (s) => s.totalStake,
  tao_dividends_per_hotkey: (s) => s.hotkeys.map((hk) => [hk, 0n]),
  alpha_dividends_per_hotkey: (s) => s.hotkeys.map((hk) => [hk, AlphaDividendsPerSubnet.get(s.state, s.netuid, hk)]),
  validators,
  commitments: () => [],
};

/** The fields of `Metagraph`: every selective field but the two only the selective form has. */
const METAGRAPH_FIELDS = SELECTIVE_METAGRAPH_FIELDS.filter((f) => f !== 'validators' && f !== 'commitments');

/** Field readers shared with `DynamicInfo`. */
export function subnetField(name: string, s: SubnetReads): unknown {
  return FIELD_READERS[name]!(s);
}

function fullMetagraph(s: SubnetReads): Record<string, unknown> {
  return Object.fromEntries(METAGRAPH_FIELDS.map((f) => [f, FIELD_READERS[f]!(s)]));
}

export function getMetagraph(ctx: ApiContext, netuid: number) {
  if (!subnetExists(ctx.state, netuid)) return null;
  return fullMetagraph(new SubnetReads(ctx, netuid));
}

export function getAllMetagraphs(ctx: ApiContext) {
  return allSubnetNetuids(ctx.state).map((netuid) => getMetagraph(ctx, netuid));
}

/** `get_mechagraph`: the metagraph with the mechanism's storage index as netuid, and its incentive and last-update rows. */
export function getMechagraph(ctx: ApiContext, netuid: number, mecid: number) {
  if (!mechanismExists(ctx.state, netuid, mecid)) return null;
  const index = mechanismStorageIndex(netuid, mecid);
  return { ...fullMetagraph(new SubnetReads(ctx, netuid, index)), netuid: index };
}

export function getAllMechagraphs(ctx: ApiContext) {
  return allSubnetNetuids(ctx.state).flatMap((netuid) =>
    Array.from({ length: MechanismCountCurrent.get(ctx.state, netuid) }, (_, mecid) => getMechagraph(ctx, netuid, mecid)),
  );
}

/**
 * `get_selective_metagraph`: every field None but those whose index is listed
 * (an unknown index adds nothing); the netuid is 0 unless index 0 is listed.
 * An `Option<Option<_>>` field asked for is Some, even when its value is None.
 */
function selective(s: SubnetReads, indexes: readonly number[]): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(SELECTIVE_METAGRAPH_FIELDS.map((f) => [f, null]));
  out.netuid = 0;
  for (const index of indexes) {
    const field = SELECTIVE_METAGRAPH_FIELDS[index];
    if (field === undefined) continue;
    const value = FIELD_READERS[field]!(s);
    out[field] = field === 'netuid' ? value : new Some(value);
  }
  return out;
}

export function getSelectiveMetagraph(ctx: ApiContext, netuid: number, indexes: readonly number[]) {
  if (!subnetExists(ctx.state, netuid)) return null;
  return selective(new SubnetReads(ctx, netuid), indexes);
}

/**
 * `get_selective_mechagraph`: as the selective metagraph, with the mechanism's
 * incentive and last-update rows; its netuid is always the subnet's. It does
 * not check that the mechanism exists (as the runtime does not).
 */
export function getSelectiveMechagraph(ctx: ApiContext, netuid: number, mecid: number, indexes: readonly number[]) {
  if (!subnetExists(ctx.state, netuid)) return null;
  return { ...selective(new SubnetReads(ctx, netuid, mechanismStorageIndex(netuid, mecid)), indexes), netuid };
}
