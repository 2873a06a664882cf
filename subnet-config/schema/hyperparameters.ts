import { z } from 'zod';

/**
 * Chain hyperparameters a subnet owner may want, in chain units (u16
 * proportions are 0..65535). Each maps to one AdminUtils call; `origin` says
 * whether the subnet owner may make it or only root (sudo).
 */
export const HYPERPARAMETERS = {
  tempo: { call: 'sudo_set_tempo', arg: 'tempo', type: 'u16', origin: 'root', chain: 'tempo' },
  kappa: { call: 'sudo_set_kappa', arg: 'kappa', type: 'u16', origin: 'owner', chain: 'kappa' },
  rho: { call: 'sudo_set_rho', arg: 'rho', type: 'u16', origin: 'owner', chain: 'rho' },
  immunity_period: { call: 'sudo_set_immunity_period', arg: 'immunity_period', type: 'u16', origin: 'owner', chain: 'immunity_period' },
  min_allowed_weights: { call: 'sudo_set_min_allowed_weights', arg: 'min_allowed_weights', type: 'u16', origin: 'owner', chain: 'min_allowed_weights' },
  max_weight_limit: { call: 'sudo_set_max_weight_limit', arg: 'max_weight_limit', type: 'u16', origin: 'owner', chain: 'max_weights_limit' },
  weights_set_rate_limit: { call: 'sudo_set_weights_set_rate_limit', arg: 'weights_set_rate_limit', type: 'u64', origin: 'root', chain: 'weights_rate_limit' },
  weights_version_key: { call: 'sudo_set_weights_version_key', arg: 'weights_version_key', type: 'u64', origin: 'owner', chain: 'weights_version' },
  activity_cutoff: { call: 'sudo_set_activity_cutoff', arg: 'activity_cutoff', type: 'u16', origin: 'owner', chain: 'activity_cutoff' },
  max_allowed_uids: { call: 'sudo_set_max_allowed_uids', arg: 'max_allowed_uids', type: 'u16', origin: 'root', chain: 'max_allowed_uids' },
  max_allowed_validators: { call: 'sudo_set_max_allowed_validators', arg: 'max_allowed_validators', type: 'u16', origin: 'root', chain: 'max_validators' },
  serving_rate_limit: { call: 'sudo_set_serving_rate_limit', arg: 'serving_rate_limit', type: 'u64', origin: 'owner', chain: 'serving_rate_limit' },
  registration_allowed: { call: 'sudo_set_network_registration_allowed', arg: 'registration_allowed', type: 'bool', origin: 'owner', chain: 'registration_allowed' },
  pow_registration_allowed: { call: 'sudo_set_network_pow_registration_allowed', arg: 'registration_allowed', type: 'bool', origin: 'owner', chain: 'pow_registration_allowed' },
  target_registrations_per_interval: { call: 'sudo_set_target_registrations_per_interval', arg: 'target_registrations_per_interval', type: 'u16', origin: 'root', chain: 'target_regs_per_interval' },
  max_registrations_per_block: { call: 'sudo_set_max_registrations_per_block', arg: 'max_registrations_per_block', type: 'u16', origin: 'root', chain: 'max_regs_per_block' },
  adjustment_interval: { call: 'sudo_set_adjustment_interval', arg: 'adjustment_interval', type: 'u16', origin: 'root', chain: 'adjustment_interval' },
  adjustment_alpha: { call: 'sudo_set_adjustment_alpha', arg: 'adjustment_alpha', type: 'u64', origin: 'owner', chain: 'adjustment_alpha' },
  difficulty: { call: 'sudo_set_difficulty', arg: 'difficulty', type: 'u64', origin: 'owner', chain: 'difficulty' },
  min_burn: { call: 'sudo_set_min_burn', arg: 'min_burn', type: 'u64', origin: 'root', chain: 'min_burn' },
  max_burn: { call: 'sudo_set_max_burn', arg: 'max_burn', type: 'u64', origin: 'owner', chain: 'max_burn' },
  bonds_moving_average: { call: 'sudo_set_bonds_moving_average', arg: 'bonds_moving_average', type: 'u64', origin: 'owner', chain: 'bonds_moving_avg' },
  bonds_penalty: { call: 'sudo_set_bonds_penalty', arg: 'bonds_penalty', type: 'u16', origin: 'owner', chain: 'bonds_penalty' },
  commit_reveal_weights_enabled: { call: 'sudo_set_commit_reveal_weights_enabled', arg: 'enabled', type: 'bool', origin: 'owner', chain: 'commit_reveal_weights_enabled' },
  commit_reveal_period: { call: 'sudo_set_commit_reveal_weights_interval', arg: 'interval', type: 'u64', origin: 'owner', chain: 'commit_reveal_period' },
  liquid_alpha_enabled: { call: 'sudo_set_liquid_alpha_enabled', arg: 'enabled', type: 'bool', origin: 'owner', chain: 'liquid_alpha_enabled' },
  yuma3_enabled: { call: 'sudo_set_yuma3_enabled', arg: 'enabled', type: 'bool', origin: 'owner', chain: 'yuma3_enabled' },
  alpha_sigmoid_steepness: { call: 'sudo_set_alpha_sigmoid_steepness', arg: 'steepness', type: 'i16', origin: 'root', chain: 'alpha_sigmoid_steepness' },
} as const satisfies Record<string, { call: string; arg: string; type: 'u16' | 'u64' | 'i16' | 'bool'; origin: 'owner' | 'root'; chain: string }>;

const u16 = z.number().int().min(0).max(65535);
const u64 = z.union([z.number().int().min(0), z.string().regex(/^[0-9]+$/, 'a decimal u64')]).transform((v) => BigInt(v));

export const HyperparametersSchema = z
  .object({
    tempo: u16.optional().describe('blocks per epoch'),
    kappa: u16.optional().describe('consensus majority threshold (u16 proportion, 32767 = 0.5)'),
    rho: u16.optional(),
    immunity_period: u16.optional().describe('blocks a new registration cannot be pruned'),
    min_allowed_weights: u16.optional(),
    max_weight_limit: u16.optional().describe('largest weight a validator may give one uid (u16 proportion)'),
    weights_set_rate_limit: u64.optional().describe('blocks between two set_weights of one validator'),
    weights_version_key: u64.optional(),
    activity_cutoff: u16.optional().describe('blocks after which a silent validator is inactive'),
    max_allowed_uids: u16.optional(),
    max_allowed_validators: u16.optional(),
    serving_rate_limit: u64.optional(),
    registration_allowed: z.boolean().optional(),
    pow_registration_allowed: z.boolean().optional(),
    target_registrations_per_interval: u16.optional(),
    max_registrations_per_block: u16.optional(),
    adjustment_interval: u16.optional(),
    adjustment_alpha: u64.optional(),
    difficulty: u64.optional(),
    min_burn: u64.optional().describe('RAO'),
    max_burn: u64.optional().describe('RAO'),
    bonds_moving_average: u64.optional().describe('per-million moving average of bonds (900000 = 0.9)'),
    bonds_penalty: u16.optional(),
    commit_reveal_weights_enabled: z.boolean().optional(),
    commit_reveal_period: u64.optional().describe('tempos between commit and reveal'),
    liquid_alpha_enabled: z.boolean().optional(),
    yuma3_enabled: z.boolean().optional(),
    alpha_sigmoid_steepness: z.number().int().min(-32768).max(32767).optional(),
    alpha_values: z.object({ low: u16, high: u16 }).strict().optional().describe('liquid alpha bounds (sudo_set_alpha_values)'),
  })
  .strict();

export type Hyperparameters = z.infer<typeof HyperparametersSchema>;
