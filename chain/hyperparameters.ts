/**
 * Subnet hyperparameters by the names btcli shows (`btcli sudo get/set`), with
 * the storage item they live in (pallet SubtensorModule) and the AdminUtils
 * setter. `owner: false` marks root-only setters (the subnet owner gets BadOrigin).
 * Names are metadata names; the client checks them against the connected runtime.
 */
export interface HyperparameterSpec {
  name: string;
  storage: string;
  setter?: string;
  owner: boolean;
  /** when the setter left subtensor: a runtime without it cannot set this parameter */
  removed?: string;
  /** storage hashed by something other than the netuid alone needs no special case: all are maps by netuid */
  /**
   * The `Hyperparameter` variant (spec 381) the owner's changes are rate-limited under, in
   * `LastRateLimitedBlock(OwnerHyperparamUpdate(netuid, variant))`; absent where the owner is not limited.
   */
  rateLimitKey?: string;
}

export const HYPERPARAMETERS: readonly HyperparameterSpec[] = [
  { name: 'rho', storage: 'Rho', setter: 'sudo_set_rho', owner: true, rateLimitKey: 'Rho' },
  { name: 'kappa', storage: 'Kappa', setter: 'sudo_set_kappa', owner: false },
  { name: 'immunity_period', storage: 'ImmunityPeriod', setter: 'sudo_set_immunity_period', owner: true, rateLimitKey: 'ImmunityPeriod' },
  { name: 'min_allowed_weights', storage: 'MinAllowedWeights', setter: 'sudo_set_min_allowed_weights', owner: true, rateLimitKey: 'MinAllowedWeights' },
  { name: 'max_weights_limit', storage: 'MaxWeightsLimit', setter: 'sudo_set_max_weight_limit', owner: true, removed: 'after spec 293' },
  { name: 'tempo', storage: 'Tempo', setter: 'sudo_set_tempo', owner: false },
  { name: 'min_difficulty', storage: 'MinDifficulty', setter: 'sudo_set_min_difficulty', owner: false },
  { name: 'max_difficulty', storage: 'MaxDifficulty', setter: 'sudo_set_max_difficulty', owner: true, rateLimitKey: 'MaxDifficulty' },
  { name: 'weights_version', storage: 'WeightsVersionKey', setter: 'sudo_set_weights_version_key', owner: true },
  { name: 'weights_rate_limit', storage: 'WeightsSetRateLimit', setter: 'sudo_set_weights_set_rate_limit', owner: false },
  { name: 'adjustment_interval', storage: 'AdjustmentInterval', setter: 'sudo_set_adjustment_interval', owner: false },
  { name: 'activity_cutoff', storage: 'ActivityCutoff', setter: 'sudo_set_activity_cutoff', owner: true, rateLimitKey: 'ActivityCutoff' },
  { name: 'registration_allowed', storage: 'NetworkRegistrationAllowed', setter: 'sudo_set_network_registration_allowed', owner: false },
  { name: 'target_regs_per_interval', storage: 'TargetRegistrationsPerInterval', setter: 'sudo_set_target_registrations_per_interval', owner: false },
  { name: 'burn', storage: 'Burn', owner: false },
  { name: 'min_burn', storage: 'MinBurn', setter: 'sudo_set_min_burn', owner: true, rateLimitKey: 'MinBurn' },
  { name: 'max_burn', storage: 'MaxBurn', setter: 'sudo_set_max_burn', owner: true, rateLimitKey: 'MaxBurn' },
  { name: 'bonds_moving_avg', storage: 'BondsMovingAverage', setter: 'sudo_set_bonds_moving_average', owner: true, rateLimitKey: 'BondsMovingAverage' },
  { name: 'bonds_penalty', storage: 'BondsPenalty', setter: 'sudo_set_bonds_penalty', owner: true, rateLimitKey: 'BondsPenalty' },
  { name: 'max_regs_per_block', storage: 'MaxRegistrationsPerBlock', setter: 'sudo_set_max_registrations_per_block', owner: false },
  { name: 'serving_rate_limit', storage: 'ServingRateLimit', setter: 'sudo_set_serving_rate_limit', owner: true, rateLimitKey: 'ServingRateLimit' },
  { name: 'max_validators', storage: 'MaxAllowedValidators', setter: 'sudo_set_max_allowed_validators', owner: false },
  { name: 'max_allowed_uids', storage: 'MaxAllowedUids', setter: 'sudo_set_max_allowed_uids', owner: true, rateLimitKey: 'MaxAllowedUids' },
  { name: 'adjustment_alpha', storage: 'AdjustmentAlpha', setter: 'sudo_set_adjustment_alpha', owner: true, rateLimitKey: 'AdjustmentAlpha' },
  { name: 'difficulty', storage: 'Difficulty', setter: 'sudo_set_difficulty', owner: false },
  {
    name: 'commit_reveal_period',
    storage: 'RevealPeriodEpochs',
    setter: 'sudo_set_commit_reveal_weights_interval',
    owner: true,
    rateLimitKey: 'WeightCommitInterval',
  },
  {
    name: 'commit_reveal_weights_enabled',
    storage: 'CommitRevealWeightsEnabled',
    setter: 'sudo_set_commit_reveal_weights_enabled',
    owner: true,
    rateLimitKey: 'CommitRevealEnabled',
  },
  { name: 'alpha_values', storage: 'AlphaValues', setter: 'sudo_set_alpha_values', owner: true, rateLimitKey: 'AlphaValues' },
  { name: 'liquid_alpha_enabled', storage: 'LiquidAlphaOn', setter: 'sudo_set_liquid_alpha_enabled', owner: true, rateLimitKey: 'LiquidAlphaEnabled' },
  {
    name: 'alpha_sigmoid_steepness',
    storage: 'AlphaSigmoidSteepness',
    setter: 'sudo_set_alpha_sigmoid_steepness',
    owner: true,
    rateLimitKey: 'AlphaSigmoidSteepness',
  },
  { name: 'yuma3_enabled', storage: 'Yuma3On', setter: 'sudo_set_yuma3_enabled', owner: true, rateLimitKey: 'Yuma3Enabled' },
  { name: 'bonds_reset_enabled', storage: 'BondsResetOn', setter: 'sudo_set_bonds_reset_enabled', owner: true, rateLimitKey: 'BondsResetEnabled' },
  { name: 'transfers_enabled', storage: 'TransferToggle', setter: 'sudo_set_toggle_transfer', owner: true, rateLimitKey: 'TransferEnabled' },
  { name: 'subtoken_enabled', storage: 'SubtokenEnabled', owner: false },
  {
    name: 'immune_owner_uids_limit',
    storage: 'ImmuneOwnerUidsLimit',
    setter: 'sudo_set_owner_immune_neuron_limit',
    owner: true,
    rateLimitKey: 'ImmuneNeuronLimit',
  },
  { name: 'min_non_immune_uids', storage: 'MinNonImmuneUids', setter: 'sudo_set_min_non_immune_uids', owner: false },
  { name: 'mechanism_count', storage: 'MechanismCountCurrent', setter: 'sudo_set_mechanism_count', owner: true },
  // u16 shares per mechanism summing to 65535, written `16384,49151`; `even` (the chain's None) splits evenly
  { name: 'mechanism_emission_split', storage: 'MechanismEmissionSplit', setter: 'sudo_set_mechanism_emission_split', owner: true },
];

/**
 * Other names for the same hyperparameters, accepted wherever a name is read
 * (subnet.yaml, `sudo get|set|apply`): the AdminUtils argument names, which
 * subnet.yaml used before it took btcli's vocabulary. Shown and stored under
 * the btcli name.
 */
export const HYPERPARAMETER_ALIASES: Readonly<Record<string, string>> = {
  max_weight_limit: 'max_weights_limit',
  weights_set_rate_limit: 'weights_rate_limit',
  weights_version_key: 'weights_version',
  max_allowed_validators: 'max_validators',
  pow_registration_allowed: 'network_pow_registration_allowed',
  target_registrations_per_interval: 'target_regs_per_interval',
  max_registrations_per_block: 'max_regs_per_block',
  bonds_moving_average: 'bonds_moving_avg',
};

/** The btcli name of a hyperparameter given by its btcli name or an alias. */
export function canonicalHyperparameterName(name: string): string {
  return Object.hasOwn(HYPERPARAMETER_ALIASES, name) ? HYPERPARAMETER_ALIASES[name] : name;
}

export function hyperparameterSpec(name: string): HyperparameterSpec | undefined {
  const canonical = canonicalHyperparameterName(name);
  return HYPERPARAMETERS.find((h) => h.name === canonical);
}

/** Values as read from chain: numbers (u16/u32), bigint-as-string for u64, booleans, or tuples. */
export type HyperparameterValue = number | string | boolean | (number | string)[];
export type Hyperparameters = Record<string, HyperparameterValue>;
