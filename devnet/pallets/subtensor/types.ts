import type { CustomType } from '../../pallet.ts';

/**
 * Custom types of SubtensorModule's runtime APIs with the Rust paths of the real
 * runtime, so that polkadot-js names them as it does on subtensor (e.g.
 * `PalletSubtensorRpcInfoNeuronInfoNeuronInfoLite`). The types of its calls,
 * events and storage come from spec 381's tables (`SPEC381_TYPES`).
 */
const neuronHead = {
  hotkey: 'AccountId32',
  coldkey: 'AccountId32',
  uid: 'Compact<u16>',
  netuid: 'Compact<u16>',
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

/**
 * `rpc_info::metagraph::Metagraph`, field by field; its order is also the
 * index list of `get_selective_metagraph` (index i asks for field i).
 */
const metagraphFields = {
  netuid: 'Compact<u16>',
  name: 'Vec<Compact<u8>>',
  symbol: 'Vec<Compact<u8>>',
  identity: 'Option<SubnetIdentityV3>',
  network_registered_at: 'Compact<u64>',
  owner_hotkey: 'AccountId32',
  owner_coldkey: 'AccountId32',
  block: 'Compact<u64>',
  tempo: 'Compact<u16>',
  last_step: 'Compact<u64>',
  blocks_since_last_step: 'Compact<u64>',
  subnet_emission: 'Compact<u64>',
  alpha_in: 'Compact<u64>',
  alpha_out: 'Compact<u64>',
  tao_in: 'Compact<u64>',
  alpha_out_emission: 'Compact<u64>',
  alpha_in_emission: 'Compact<u64>',
  tao_in_emission: 'Compact<u64>',
  pending_alpha_emission: 'Compact<u64>',
  pending_root_emission: 'Compact<u64>',
  subnet_volume: 'Compact<u128>',
  moving_price: 'I96F32',
  rho: 'Compact<u16>',
  kappa: 'Compact<u16>',
  min_allowed_weights: 'Compact<u16>',
  max_weights_limit: 'Compact<u16>',
  weights_version: 'Compact<u64>',
  weights_rate_limit: 'Compact<u64>',
  activity_cutoff: 'Compact<u16>',
  max_validators: 'Compact<u16>',
  num_uids: 'Compact<u16>',
  max_uids: 'Compact<u16>',
  burn: 'Compact<u64>',
  difficulty: 'Compact<u64>',
  registration_allowed: 'bool',
  pow_registration_allowed: 'bool',
  immunity_period: 'Compact<u16>',
  min_difficulty: 'Compact<u64>',
  max_difficulty: 'Compact<u64>',
  min_burn: 'Compact<u64>',
  max_burn: 'Compact<u64>',
  adjustment_alpha: 'Compact<u64>',
  adjustment_interval: 'Compact<u16>',
  target_regs_per_interval: 'Compact<u16>',
  max_regs_per_block: 'Compact<u16>',
  serving_rate_limit: 'Compact<u64>',
  commit_reveal_weights_enabled: 'bool',
  commit_reveal_period: 'Compact<u64>',
  liquid_alpha_enabled: 'bool',
  alpha_high: 'Compact<u16>',
  alpha_low: 'Compact<u16>',
  bonds_moving_avg: 'Compact<u64>',
  hotkeys: 'Vec<AccountId32>',
  coldkeys: 'Vec<AccountId32>',
  identities: 'Vec<Option<ChainIdentityV2>>',
  axons: 'Vec<AxonInfo>',
  active: 'Vec<bool>',
  validator_permit: 'Vec<bool>',
  pruning_score: 'Vec<Compact<u16>>',
  last_update: 'Vec<Compact<u64>>',
  emission: 'Vec<Compact<u64>>',
  dividends: 'Vec<Compact<u16>>',
  incentives: 'Vec<Compact<u16>>',
  consensus: 'Vec<Compact<u16>>',
  trust: 'Vec<Compact<u16>>',
  rank: 'Vec<Compact<u16>>',
  block_at_registration: 'Vec<Compact<u64>>',
  alpha_stake: 'Vec<Compact<u64>>',
  tao_stake: 'Vec<Compact<u64>>',
  total_stake: 'Vec<Compact<u64>>',
  tao_dividends_per_hotkey: 'Vec<(AccountId32, Compact<u64>)>',
  alpha_dividends_per_hotkey: 'Vec<(AccountId32, Compact<u64>)>',
};

/** Every metagraph field but the netuid as an `Option`, plus the two fields only the selective form has. */
const selectiveMetagraphFields: Record<string, string> = {
  ...Object.fromEntries(Object.entries(metagraphFields).map(([name, type]) => [name, name === 'netuid' ? type : `Option<${type}>`])),
  validators: 'Option<Vec<Compact<u16>>>',
  commitments: 'Option<Vec<(AccountId32, Vec<Compact<u8>>)>>',
};

/** The field names of `SelectiveMetagraph` in index order (`SelectiveMetagraphIndex`). */
export const SELECTIVE_METAGRAPH_FIELDS: readonly string[] = Object.keys(selectiveMetagraphFields);

/**
 * The typenum unsigned integers a substrate_fixed type names its fractional
 * bits with (`FixedI128<U32>`): `UInt<U, B>` is 2·U + B. Metadata readers name
 * the fixed-point type from them (`I96F32`), so they are in the registry as
 * the real runtime has them. Registered as TypenumU1 … TypenumU64.
 */
const FIXED_POINT_FRACTIONS: Record<string, CustomType> = (() => {
  const out: Record<string, CustomType> = {
    TypenumUTerm: { path: ['typenum', 'uint', 'UTerm'], struct: {} },
    TypenumB0: { path: ['typenum', 'bit', 'B0'], struct: {} },
    TypenumB1: { path: ['typenum', 'bit', 'B1'], struct: {} },
  };
  let msb = 'TypenumUTerm';
  let value = 0;
  for (const bit of [1, 0, 0, 0, 0, 0, 0]) {
    value = 2 * value + bit;
    const lsb = bit ? 'TypenumB1' : 'TypenumB0';
    const name = `TypenumU${value}`;
    out[name] = {
      path: ['typenum', 'uint', 'UInt'],
      params: [
        { name: 'U', type: msb },
        { name: 'B', type: lsb },
      ],
      struct: { msb, lsb },
    };
    msb = name;
  }
  return out;
})();

/** `SubnetHyperparams`' fields, which `SubnetHyperparamsV2` begins with. */
const HYPERPARAMS_V1 = {
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
  activity_cutoff: 'Compact<u16>',
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
};

export const SUBTENSOR_TYPES: Record<string, CustomType> = {
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
  /** substrate_fixed U96F32 (FixedU128<U32>): raw bits, 32 fractional. */
  U96F32: { path: ['substrate_fixed', 'FixedU128'], params: [{ name: 'Frac', type: 'TypenumU32' }], struct: { bits: 'u128' } },
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
      netuid: 'Compact<u16>',
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
      ...HYPERPARAMS_V1,
    },
  },
  ...FIXED_POINT_FRACTIONS,
  /** substrate_fixed I96F32 (FixedI128<U32>): raw bits, 32 fractional. */
  I96F32: { path: ['substrate_fixed', 'FixedI128'], params: [{ name: 'Frac', type: 'TypenumU32' }], struct: { bits: 'i128' } },
  /** substrate_fixed I32F32 (FixedI64<U32>): raw bits, 32 fractional. */
  I32F32: { path: ['substrate_fixed', 'FixedI64'], params: [{ name: 'Frac', type: 'TypenumU32' }], struct: { bits: 'i64' } },
  SubnetIdentityV3: {
    path: ['pallet_subtensor', 'pallet', 'SubnetIdentityV3'],
    struct: {
      subnet_name: 'Vec<u8>',
      github_repo: 'Vec<u8>',
      subnet_contact: 'Vec<u8>',
      subnet_url: 'Vec<u8>',
      discord: 'Vec<u8>',
      description: 'Vec<u8>',
      logo_url: 'Vec<u8>',
      additional: 'Vec<u8>',
    },
  },
  ChainIdentityV2: {
    path: ['pallet_subtensor', 'pallet', 'ChainIdentityV2'],
    struct: {
      name: 'Vec<u8>',
      url: 'Vec<u8>',
      github_repo: 'Vec<u8>',
      image: 'Vec<u8>',
      discord: 'Vec<u8>',
      description: 'Vec<u8>',
      additional: 'Vec<u8>',
    },
  },
  Metagraph: { path: ['pallet_subtensor', 'rpc_info', 'metagraph', 'Metagraph'], struct: metagraphFields },
  SelectiveMetagraph: { path: ['pallet_subtensor', 'rpc_info', 'metagraph', 'SelectiveMetagraph'], struct: selectiveMetagraphFields },
  DynamicInfo: {
    path: ['pallet_subtensor', 'rpc_info', 'dynamic_info', 'DynamicInfo'],
    struct: {
      netuid: 'Compact<u16>',
      owner_hotkey: 'AccountId32',
      owner_coldkey: 'AccountId32',
      subnet_name: 'Vec<Compact<u8>>',
      token_symbol: 'Vec<Compact<u8>>',
      tempo: 'Compact<u16>',
      last_step: 'Compact<u64>',
      blocks_since_last_step: 'Compact<u64>',
      emission: 'Compact<u64>',
      alpha_in: 'Compact<u64>',
      alpha_out: 'Compact<u64>',
      tao_in: 'Compact<u64>',
      alpha_out_emission: 'Compact<u64>',
      alpha_in_emission: 'Compact<u64>',
      tao_in_emission: 'Compact<u64>',
      pending_alpha_emission: 'Compact<u64>',
      pending_root_emission: 'Compact<u64>',
      subnet_volume: 'Compact<u128>',
      network_registered_at: 'Compact<u64>',
      subnet_identity: 'Option<SubnetIdentityV3>',
      moving_price: 'I96F32',
    },
  },
  SubnetState: {
    path: ['pallet_subtensor', 'rpc_info', 'show_subnet', 'SubnetState'],
    struct: {
      netuid: 'Compact<u16>',
      hotkeys: 'Vec<AccountId32>',
      coldkeys: 'Vec<AccountId32>',
      active: 'Vec<bool>',
      validator_permit: 'Vec<bool>',
      pruning_score: 'Vec<Compact<u16>>',
      last_update: 'Vec<Compact<u64>>',
      emission: 'Vec<Compact<u64>>',
      dividends: 'Vec<Compact<u16>>',
      incentives: 'Vec<Compact<u16>>',
      consensus: 'Vec<Compact<u16>>',
      trust: 'Vec<Compact<u16>>',
      rank: 'Vec<Compact<u16>>',
      block_at_registration: 'Vec<Compact<u64>>',
      alpha_stake: 'Vec<Compact<u64>>',
      tao_stake: 'Vec<Compact<u64>>',
      total_stake: 'Vec<Compact<u64>>',
      emission_history: 'Vec<Vec<Compact<u64>>>',
    },
  },
  SubnetInfov2: {
    path: ['pallet_subtensor', 'rpc_info', 'subnet_info', 'SubnetInfov2'],
    struct: {
      netuid: 'Compact<u16>',
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
      emission_value: 'Compact<u64>',
      burn: 'Compact<u64>',
      owner: 'AccountId32',
      identity: 'Option<SubnetIdentityV3>',
    },
  },
  SubnetHyperparamsV2: {
    path: ['pallet_subtensor', 'rpc_info', 'subnet_info', 'SubnetHyperparamsV2'],
    struct: {
      ...HYPERPARAMS_V1,
      alpha_sigmoid_steepness: 'I32F32',
      yuma_version: 'Compact<u16>',
      subnet_is_active: 'bool',
      transfers_enabled: 'bool',
      bonds_reset_enabled: 'bool',
      user_liquidity_enabled: 'bool',
    },
  },
};
