import type { ApiContext, RuntimeApiDef, StateReader } from '../../../pallet.ts';
import {
  ActivityCutoff,
  AdjustmentAlpha,
  AdjustmentInterval,
  AlphaSigmoidSteepness,
  AlphaValues,
  BlocksSinceLastStep,
  BondsMovingAverage,
  Burn,
  CommitRevealWeightsEnabled,
  Difficulty,
  ImmunityPeriod,
  Kappa,
  LiquidAlphaOn,
  MaxAllowedUids,
  MaxAllowedValidators,
  MaxBurn,
  MaxDifficulty,
  MaxRegistrationsPerBlock,
  MaxWeightsLimit,
  MinAllowedWeights,
  MinBurn,
  MinDifficulty,
  NetworkRegistrationAllowed,
  RevealPeriodEpochs,
  Rho,
  ScalingLawPower,
  ServingRateLimit,
  SubnetOwner,
  SubnetworkN,
  SubtokenEnabled,
  TargetRegistrationsPerInterval,
  Tempo,
  WeightsSetRateLimit,
  WeightsVersionKey,
  Yuma3On,
  BondsResetOn,
  TransferToggle,
} from '../storage.ts';
import { SubnetIdentitiesV3 } from '../identity.ts';
import { getAllDynamicInfo, getDynamicInfo } from './dynamic-info.ts';
import { getAllMechagraphs, getAllMetagraphs, getMechagraph, getMetagraph, getSelectiveMechagraph, getSelectiveMetagraph } from './metagraph.ts';
import { addedNetuidsAscending, subnetExists } from './subnet-reads.ts';
import { getSubnetState } from './subnet-state.ts';

/**
 * SubnetInfoRuntimeApi (rpc_info/subnet_info.rs and the metagraph, dynamic
 * info and subnet state it also answers), with spec 381's methods and types.
 */
/** substrate_fixed I32F32: 32 fractional bits. */
const I32F32_ONE = 1n << 32n;

function subnetInfo(state: StateReader, netuid: number) {
  if (!subnetExists(state, netuid)) return null;
  return {
    netuid,
    rho: Rho.get(state, netuid),
    kappa: Kappa.get(state, netuid),
    difficulty: Difficulty.get(state, netuid),
    immunity_period: ImmunityPeriod.get(state, netuid),
    max_allowed_validators: MaxAllowedValidators.get(state, netuid),
    min_allowed_weights: MinAllowedWeights.get(state, netuid),
    max_weights_limit: MaxWeightsLimit.get(state, netuid),
    scaling_law_power: ScalingLawPower.get(state, netuid),
    subnetwork_n: SubnetworkN.get(state, netuid),
    max_allowed_uids: MaxAllowedUids.get(state, netuid),
    blocks_since_last_step: BlocksSinceLastStep.get(state, netuid),
    tempo: Tempo.get(state, netuid),
    network_modality: 0,
    network_connect: [],
    emission_values: 0n,
    burn: Burn.get(state, netuid),
    owner: SubnetOwner.get(state, netuid),
  };
}

/** `get_subnet_info_v2`: the v1 fields, `emission_value` renamed, and the subnet identity (none on the devnet). */
function subnetInfoV2(state: StateReader, netuid: number) {
  const v1 = subnetInfo(state, netuid);
  if (!v1) return null;
  const { emission_values, owner, ...head } = v1;
  return { ...head, emission_value: emission_values, owner, identity: SubnetIdentitiesV3.get(state, netuid) ?? null };
}

function hyperparams(state: StateReader, netuid: number) {
  if (!subnetExists(state, netuid)) return null;
  const [alphaLow, alphaHigh] = AlphaValues.get(state, netuid);
  return {
    rho: Rho.get(state, netuid),
    kappa: Kappa.get(state, netuid),
    immunity_period: ImmunityPeriod.get(state, netuid),
    min_allowed_weights: MinAllowedWeights.get(state, netuid),
    max_weights_limit: MaxWeightsLimit.get(state, netuid),
    tempo: Tempo.get(state, netuid),
    min_difficulty: MinDifficulty.get(state, netuid),
    max_difficulty: MaxDifficulty.get(state, netuid),
    weights_version: WeightsVersionKey.get(state, netuid),
    weights_rate_limit: WeightsSetRateLimit.get(state, netuid),
    adjustment_interval: AdjustmentInterval.get(state, netuid),
    activity_cutoff: ActivityCutoff.get(state, netuid),
    registration_allowed: NetworkRegistrationAllowed.get(state, netuid),
    target_regs_per_interval: TargetRegistrationsPerInterval.get(state, netuid),
    min_burn: MinBurn.get(state, netuid),
    max_burn: MaxBurn.get(state, netuid),
    bonds_moving_avg: BondsMovingAverage.get(state, netuid),
    max_regs_per_block: MaxRegistrationsPerBlock.get(state, netuid),
    serving_rate_limit: ServingRateLimit.get(state, netuid),
    max_validators: MaxAllowedValidators.get(state, netuid),
    adjustment_alpha: AdjustmentAlpha.get(state, netuid),
    difficulty: Difficulty.get(state, netuid),
    commit_reveal_period: RevealPeriodEpochs.get(state, netuid),
    commit_reveal_weights_enabled: CommitRevealWeightsEnabled.get(state, netuid),
    alpha_high: alphaHigh,
    alpha_low: alphaLow,
    liquid_alpha_enabled: LiquidAlphaOn.get(state, netuid),
  };
}

/** `get_subnet_hyperparams_v2`: the v1 fields and the Yuma, subtoken and transfer switches. */
function hyperparamsV2(state: StateReader, netuid: number) {
  const v1 = hyperparams(state, netuid);
  if (!v1) return null;
  return {
    ...v1,
    alpha_sigmoid_steepness: { bits: BigInt(AlphaSigmoidSteepness.get(state, netuid)) * I32F32_ONE },
    yuma_version: Yuma3On.get(state, netuid) ? 3 : 2,
    subnet_is_active: SubtokenEnabled.get(state, netuid),
    transfers_enabled: TransferToggle.get(state, netuid),
    bonds_reset_enabled: BondsResetOn.get(state, netuid),
    user_liquidity_enabled: false,
  };
}

const NETUID = [{ name: 'netuid', type: 'u16' }];
type Netuid = { netuid: number };
type Mechanism = Netuid & { mecid: number };
type Selection = Netuid & { metagraph_indexes: number[] };

/** Methods in the order spec 381 declares them. */
export const SUBNET_INFO_RUNTIME_API: RuntimeApiDef = {
  name: 'SubnetInfoRuntimeApi',
  version: 1,
  methods: [
    { name: 'get_subnet_info', inputs: NETUID, output: 'Option<SubnetInfo>', call: (ctx, a: Netuid) => subnetInfo(ctx.state, a.netuid) },
    {
      name: 'get_subnets_info',
      inputs: [],
      output: 'Vec<Option<SubnetInfo>>',
      call: (ctx) => addedNetuidsAscending(ctx.state).map((n) => subnetInfo(ctx.state, n)),
    },
    { name: 'get_subnet_info_v2', inputs: NETUID, output: 'Option<SubnetInfov2>', call: (ctx, a: Netuid) => subnetInfoV2(ctx.state, a.netuid) },
    {
      name: 'get_subnets_info_v2',
      inputs: [],
      output: 'Vec<Option<SubnetInfov2>>',
      call: (ctx) => addedNetuidsAscending(ctx.state).map((n) => subnetInfoV2(ctx.state, n)),
    },
    { name: 'get_subnet_hyperparams', inputs: NETUID, output: 'Option<SubnetHyperparams>', call: (ctx, a: Netuid) => hyperparams(ctx.state, a.netuid) },
    {
      name: 'get_subnet_hyperparams_v2',
      inputs: NETUID,
      output: 'Option<SubnetHyperparamsV2>',
      call: (ctx, a: Netuid) => hyperparamsV2(ctx.state, a.netuid),
    },
    { name: 'get_all_dynamic_info', inputs: [], output: 'Vec<Option<DynamicInfo>>', call: (ctx: ApiContext) => getAllDynamicInfo(ctx) },
    { name: 'get_all_metagraphs', inputs: [], output: 'Vec<Option<Metagraph>>', call: (ctx: ApiContext) => getAllMetagraphs(ctx) },
    { name: 'get_metagraph', inputs: NETUID, output: 'Option<Metagraph>', call: (ctx, a: Netuid) => getMetagraph(ctx, a.netuid) },
    { name: 'get_all_mechagraphs', inputs: [], output: 'Vec<Option<Metagraph>>', call: (ctx: ApiContext) => getAllMechagraphs(ctx) },
    {
      name: 'get_mechagraph',
      inputs: [...NETUID, { name: 'mecid', type: 'u8' }],
      output: 'Option<Metagraph>',
      call: (ctx, a: Mechanism) => getMechagraph(ctx, a.netuid, a.mecid),
    },
    { name: 'get_dynamic_info', inputs: NETUID, output: 'Option<DynamicInfo>', call: (ctx, a: Netuid) => getDynamicInfo(ctx, a.netuid) },
    { name: 'get_subnet_state', inputs: NETUID, output: 'Option<SubnetState>', call: (ctx, a: Netuid) => getSubnetState(ctx, a.netuid) },
    {
      name: 'get_selective_metagraph',
      inputs: [...NETUID, { name: 'metagraph_indexes', type: 'Vec<u16>' }],
      output: 'Option<SelectiveMetagraph>',
      call: (ctx, a: Selection) => getSelectiveMetagraph(ctx, a.netuid, a.metagraph_indexes),
    },
    {
      name: 'get_selective_mechagraph',
      inputs: [...NETUID, { name: 'subid', type: 'u8' }, { name: 'metagraph_indexes', type: 'Vec<u16>' }],
      output: 'Option<SelectiveMetagraph>',
      call: (ctx, a: Selection & { subid: number }) => getSelectiveMechagraph(ctx, a.netuid, a.subid, a.metagraph_indexes),
    },
  ],
};
