import type { CustomType } from '../../pallet.ts';

/**
 * Custom types of SubtensorModule with the Rust paths of the real runtime, so
 * that polkadot-js names them as it does on subtensor (e.g. the runtime API's
 * `PalletSubtensorRpcInfoNeuronInfoNeuronInfoLite`).
 */
const neuronHead = {
  hotkey: 'AccountId32',
  coldkey: 'AccountId32',
  uid: 'Compact<u16>',
  netuid: 'Compact<NetUid>',
  active: 'bool',
  axon_info: 'AxonInfo',
  prometheus_info: 'PrometheusInfo',
  stake: 'Vec<(AccountId32, Compact<u64>)>',
  rank: 'Compact<u16>',
  emission: 'Compact<u64>',
  incentive: 'Compact<u16>',
  consensus: 'Compact<u16>',
  trust: 'Compact<u16>',
  validator_trust: 'Compact<u16>',
  dividends: 'Compact<u16>',
  last_update: 'Compact<u64>',
  validator_permit: 'bool',
};

export const SUBTENSOR_TYPES: Record<string, CustomType> = {
  NetUid: { path: ['subtensor_runtime_common', 'NetUid'], newtype: 'u16' },
  NetUidStorageIndex: { path: ['subtensor_runtime_common', 'NetUidStorageIndex'], newtype: 'u16' },
  AxonInfo: {
    path: ['pallet_subtensor', 'pallet', 'AxonInfo'],
    struct: {
      block: 'u64',
      version: 'u32',
      ip: 'u128',
      port: 'u16',
      ip_type: 'u8',
      protocol: 'u8',
      placeholder1: 'u8',
      placeholder2: 'u8',
    },
  },
  PrometheusInfo: {
    path: ['pallet_subtensor', 'pallet', 'PrometheusInfo'],
    struct: { block: 'u64', version: 'u32', ip: 'u128', port: 'u16', ip_type: 'u8' },
  },
  /** substrate_fixed U64F64 as stored: raw bits, 64 fractional. */
  U64F64: { path: ['substrate_fixed', 'FixedU128'], struct: { bits: 'u128' } },
  /** substrate_fixed I64F64 (the Swap pallet declares the same), U96F32 and I96F32: raw bits. */
  I64F64: { path: ['substrate_fixed', 'FixedI128'], struct: { bits: 'i128' } },
  U96F32: { path: ['substrate_fixed', 'FixedU128'], struct: { bits: 'u128' } },
  I96F32: { path: ['substrate_fixed', 'FixedI128'], struct: { bits: 'i128' } },
  RecycleOrBurnEnum: {
    path: ['pallet_subtensor', 'pallet', 'RecycleOrBurnEnum'],
    enum: [
      { name: 'Burn', index: 0 },
      { name: 'Recycle', index: 1 },
    ],
  },
  NeuronInfoLite: {
    path: ['pallet_subtensor', 'rpc_info', 'neuron_info', 'NeuronInfoLite'],
    struct: { ...neuronHead, pruning_score: 'Compact<u16>' },
  },
  NeuronInfo: {
    path: ['pallet_subtensor', 'rpc_info', 'neuron_info', 'NeuronInfo'],
    struct: {
      ...neuronHead,
      weights: 'Vec<(Compact<u16>, Compact<u16>)>',
      bonds: 'Vec<(Compact<u16>, Compact<u16>)>',
      pruning_score: 'Compact<u16>',
    },
  },
  SubnetInfo: {
    path: ['pallet_subtensor', 'rpc_info', 'subnet_info', 'SubnetInfo'],
    struct: {
      netuid: 'Compact<NetUid>',
      rho: 'Compact<u16>',
      kappa: 'Compact<u16>',
      difficulty: 'Compact<u64>',
      immunity_period: 'Compact<u16>',
      max_allowed_validators: 'Compact<u16>',
      min_allowed_weights: 'Compact<u16>',
      max_weights_limit: 'Compact<u16>',
      scaling_law_power: 'Compact<u16>',
      subnetwork_n: 'Compact<u16>',
      max_allowed_uids: 'Compact<u16>',
      blocks_since_last_step: 'Compact<u64>',
      tempo: 'Compact<u16>',
      network_modality: 'Compact<u16>',
      network_connect: 'Vec<[u16; 2]>',
      emission_values: 'Compact<u64>',
      burn: 'Compact<u64>',
      owner: 'AccountId32',
    },
  },
  SubnetHyperparams: {
    path: ['pallet_subtensor', 'rpc_info', 'subnet_info', 'SubnetHyperparams'],
    struct: {
      rho: 'Compact<u16>',
      kappa: 'Compact<u16>',
      immunity_period: 'Compact<u16>',
      min_allowed_weights: 'Compact<u16>',
      max_weights_limit: 'Compact<u16>',
      tempo: 'Compact<u16>',
      min_difficulty: 'Compact<u64>',
      max_difficulty: 'Compact<u64>',
      weights_version: 'Compact<u64>',
      weights_rate_limit: 'Compact<u64>',
      adjustment_interval: 'Compact<u16>',
      activity_cutoff: 'Compact<u64>',
      registration_allowed: 'bool',
      target_regs_per_interval: 'Compact<u16>',
      min_burn: 'Compact<u64>',
      max_burn: 'Compact<u64>',
      bonds_moving_avg: 'Compact<u64>',
      max_regs_per_block: 'Compact<u16>',
      serving_rate_limit: 'Compact<u64>',
      max_validators: 'Compact<u16>',
      adjustment_alpha: 'Compact<u64>',
      difficulty: 'Compact<u64>',
      commit_reveal_period: 'Compact<u64>',
      commit_reveal_weights_enabled: 'bool',
      alpha_high: 'Compact<u16>',
      alpha_low: 'Compact<u16>',
      liquid_alpha_enabled: 'bool',
    },
  },
};
