import type { AccountId, ApiContext, RuntimeApiDef, StateReader } from '../../pallet.ts';
import { networkLockCost } from './calls/network.ts';
import { hotkeyStake } from './stake.ts';
import {
  Active,
  ActivityCutoff,
  AdjustmentAlpha,
  AdjustmentInterval,
  AlphaValues,
  Axons,
  BlocksSinceLastStep,
  Bonds,
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
  LastUpdate,
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
  NetworksAdded,
  Owner,
  Prometheus,
  RevealPeriodEpochs,
  Rho,
  ScalingLawPower,
  ServingRateLimit,
  SubnetOwner,
  SubnetworkN,
  TargetRegistrationsPerInterval,
  Tempo,
  ValidatorPermit,
  ValidatorTrust,
  Weights,
  WeightsSetRateLimit,
  WeightsVersionKey,
} from './storage.ts';

/**
 * NeuronInfoRuntimeApi and SubnetInfoRuntimeApi (rpc_info/*.rs): the metagraph
 * and hyperparameters in one `state_call`, with the real SCALE layouts. Rank,
 * trust and pruning score are gone from the chain and reported as 0, 0, 65535.
 */
const EMPTY_AXON = { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0, protocol: 0, placeholder1: 0, placeholder2: 0 };
const EMPTY_PROMETHEUS = { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0 };

/** Per-subnet vectors read once per call, so a 256-uid metagraph costs one decode each. */
function subnetVectors(state: StateReader, netuid: number) {
  return {
    active: Active.get(state, netuid),
    emission: Emission.get(state, netuid),
    incentive: Incentive.get(state, netuid),
    consensus: Consensus.get(state, netuid),
    validatorTrust: ValidatorTrust.get(state, netuid),
    dividends: Dividends.get(state, netuid),
    lastUpdate: LastUpdate.get(state, netuid),
    permit: ValidatorPermit.get(state, netuid),
  };
}

function neuronLite(state: StateReader, netuid: number, uid: number, v: ReturnType<typeof subnetVectors>) {
  const hotkey: AccountId = Keys.get(state, netuid, uid);
  const coldkey = Owner.get(state, hotkey);
  return {
    hotkey,
    coldkey,
    uid,
    netuid,
    active: v.active[uid] ?? false,
    axon_info: Axons.get(state, netuid, hotkey) ?? EMPTY_AXON,
    prometheus_info: Prometheus.get(state, netuid, hotkey) ?? EMPTY_PROMETHEUS,
    stake: [[coldkey, hotkeyStake(state, hotkey, netuid)]],
    rank: 0,
    emission: v.emission[uid] ?? 0n,
    incentive: v.incentive[uid] ?? 0,
    consensus: v.consensus[uid] ?? 0,
    trust: 0,
    validator_trust: v.validatorTrust[uid] ?? 0,
    dividends: v.dividends[uid] ?? 0,
    last_update: v.lastUpdate[uid] ?? 0n,
    validator_permit: v.permit[uid] ?? false,
    pruning_score: 65535,
  };
}

function neuronFull(state: StateReader, netuid: number, uid: number, v: ReturnType<typeof subnetVectors>) {
  const lite = neuronLite(state, netuid, uid, v);
  const nonZero = (row: [number, number][]) => row.filter(([, w]) => w > 0);
  const { pruning_score, ...head } = lite;
  return { ...head, weights: nonZero(Weights.get(state, netuid, uid)), bonds: nonZero(Bonds.get(state, netuid, uid)), pruning_score };
}

function neurons<T>(ctx: ApiContext, netuid: number, build: typeof neuronLite | typeof neuronFull): T[] {
  if (!NetworksAdded.get(ctx.state, netuid)) return [];
  const v = subnetVectors(ctx.state, netuid);
  const n = SubnetworkN.get(ctx.state, netuid);
  return Array.from({ length: n }, (_, uid) => build(ctx.state, netuid, uid, v) as T);
}

function neuron(ctx: ApiContext, netuid: number, uid: number, build: typeof neuronLite | typeof neuronFull) {
  if (!NetworksAdded.get(ctx.state, netuid) || uid >= SubnetworkN.get(ctx.state, netuid)) return null;
  return build(ctx.state, netuid, uid, subnetVectors(ctx.state, netuid));
}

function subnetInfo(state: StateReader, netuid: number) {
  if (!NetworksAdded.get(state, netuid)) return null;
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

function hyperparams(state: StateReader, netuid: number) {
  if (!NetworksAdded.get(state, netuid)) return null;
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
    activity_cutoff: BigInt(ActivityCutoff.get(state, netuid)),
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

function addedNetuids(state: StateReader): number[] {
  return NetworksAdded.entries(state)
    .filter(([, added]) => added)
    .map(([[netuid]]) => netuid)
    .sort((a, b) => a - b);
}

const NETUID = [{ name: 'netuid', type: 'u16' }];
const NETUID_UID = [...NETUID, { name: 'uid', type: 'u16' }];

export const SUBTENSOR_RUNTIME_APIS: RuntimeApiDef[] = [
  {
    name: 'NeuronInfoRuntimeApi',
    version: 1,
    methods: [
      { name: 'get_neurons', inputs: NETUID, output: 'Vec<NeuronInfo>', call: (ctx, a: { netuid: number }) => neurons(ctx, a.netuid, neuronFull) },
      {
        name: 'get_neuron',
        inputs: NETUID_UID,
        output: 'Option<NeuronInfo>',
        call: (ctx, a: { netuid: number; uid: number }) => neuron(ctx, a.netuid, a.uid, neuronFull),
      },
      { name: 'get_neurons_lite', inputs: NETUID, output: 'Vec<NeuronInfoLite>', call: (ctx, a: { netuid: number }) => neurons(ctx, a.netuid, neuronLite) },
      {
        name: 'get_neuron_lite',
        inputs: NETUID_UID,
        output: 'Option<NeuronInfoLite>',
        call: (ctx, a: { netuid: number; uid: number }) => neuron(ctx, a.netuid, a.uid, neuronLite),
      },
    ],
  },
  {
    name: 'SubnetInfoRuntimeApi',
    version: 1,
    methods: [
      { name: 'get_subnet_info', inputs: NETUID, output: 'Option<SubnetInfo>', call: (ctx, a: { netuid: number }) => subnetInfo(ctx.state, a.netuid) },
      { name: 'get_subnets_info', inputs: [], output: 'Vec<Option<SubnetInfo>>', call: (ctx) => addedNetuids(ctx.state).map((n) => subnetInfo(ctx.state, n)) },
      {
        name: 'get_subnet_hyperparams',
        inputs: NETUID,
        output: 'Option<SubnetHyperparams>',
        call: (ctx, a: { netuid: number }) => hyperparams(ctx.state, a.netuid),
      },
    ],
  },
  {
    // spec 381: the lock `register_network` would take at this block (`get_network_lock_cost`), TaoCurrency as u64
    name: 'SubnetRegistrationRuntimeApi',
    version: 1,
    methods: [{ name: 'get_network_registration_cost', inputs: [], output: 'u64', call: (ctx) => networkLockCost(ctx.state, BigInt(ctx.blockNumber)) }],
  },
];
