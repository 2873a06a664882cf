import { z } from 'zod';
import { HYPERPARAMETER_ALIASES } from '../../chain/hyperparameters.ts';

/**
 * Chain hyperparameters a subnet owner may want, in chain units (u16
 * proportions are 0..65535), by btcli's names (`subnet sudo get|set`). Each
 * maps to one AdminUtils call (`arg` is the call's argument name); `origin`
 * says whether the subnet owner may make it or only root (sudo).
 */
export const HYPERPARAMETERS = {
  tempo: { call: 'sudo_set_tempo', arg: 'tempo', type: 'u16', origin: 'root' },
  kappa: { call: 'sudo_set_kappa', arg: 'kappa', type: 'u16', origin: 'owner' },
  rho: { call: 'sudo_set_rho', arg: 'rho', type: 'u16', origin: 'owner' },
  immunity_period: { call: 'sudo_set_immunity_period', arg: 'immunity_period', type: 'u16', origin: 'owner' },
  min_allowed_weights: { call: 'sudo_set_min_allowed_weights', arg: 'min_allowed_weights', type: 'u16', origin: 'owner' },
  max_weights_limit: { call: 'sudo_set_max_weight_limit', arg: 'max_weight_limit', type: 'u16', origin: 'owner' },
  weights_rate_limit: { call: 'sudo_set_weights_set_rate_limit', arg: 'weights_set_rate_limit', type: 'u64', origin: 'root' },
  weights_version: { call: 'sudo_set_weights_version_key', arg: 'weights_version_key', type: 'u64', origin: 'owner' },
  activity_cutoff: { call: 'sudo_set_activity_cutoff', arg: 'activity_cutoff', type: 'u16', origin: 'owner' },
  max_allowed_uids: { call: 'sudo_set_max_allowed_uids', arg: 'max_allowed_uids', type: 'u16', origin: 'root' },
  max_validators: { call: 'sudo_set_max_allowed_validators', arg: 'max_allowed_validators', type: 'u16', origin: 'root' },
  serving_rate_limit: { call: 'sudo_set_serving_rate_limit', arg: 'serving_rate_limit', type: 'u64', origin: 'owner' },
  registration_allowed: { call: 'sudo_set_network_registration_allowed', arg: 'registration_allowed', type: 'bool', origin: 'owner' },
  network_pow_registration_allowed: { call: 'sudo_set_network_pow_registration_allowed', arg: 'registration_allowed', type: 'bool', origin: 'owner' },
  target_regs_per_interval: { call: 'sudo_set_target_registrations_per_interval', arg: 'target_registrations_per_interval', type: 'u16', origin: 'root' },
  max_regs_per_block: { call: 'sudo_set_max_registrations_per_block', arg: 'max_registrations_per_block', type: 'u16', origin: 'root' },
  adjustment_interval: { call: 'sudo_set_adjustment_interval', arg: 'adjustment_interval', type: 'u16', origin: 'root' },
  adjustment_alpha: { call: 'sudo_set_adjustment_alpha', arg: 'adjustment_alpha', type: 'u64', origin: 'owner' },
  difficulty: { call: 'sudo_set_difficulty', arg: 'difficulty', type: 'u64', origin: 'owner' },
  min_burn: { call: 'sudo_set_min_burn', arg: 'min_burn', type: 'u64', origin: 'root' },
  max_burn: { call: 'sudo_set_max_burn', arg: 'max_burn', type: 'u64', origin: 'owner' },
  bonds_moving_avg: { call: 'sudo_set_bonds_moving_average', arg: 'bonds_moving_average', type: 'u64', origin: 'owner' },
  bonds_penalty: { call: 'sudo_set_bonds_penalty', arg: 'bonds_penalty', type: 'u16', origin: 'owner' },
  commit_reveal_weights_enabled: { call: 'sudo_set_commit_reveal_weights_enabled', arg: 'enabled', type: 'bool', origin: 'owner' },
  commit_reveal_period: { call: 'sudo_set_commit_reveal_weights_interval', arg: 'interval', type: 'u64', origin: 'owner' },
  liquid_alpha_enabled: { call: 'sudo_set_liquid_alpha_enabled', arg: 'enabled', type: 'bool', origin: 'owner' },
  yuma3_enabled: { call: 'sudo_set_yuma3_enabled', arg: 'enabled', type: 'bool', origin: 'owner' },
  alpha_sigmoid_steepness: { call: 'sudo_set_alpha_sigmoid_steepness', arg: 'steepness', type: 'i16', origin: 'root' },
  immune_owner_uids_limit: { call: 'sudo_set_owner_immune_neuron_limit', arg: 'immune_neurons', type: 'u16', origin: 'owner' },
  min_non_immune_uids: { call: 'sudo_set_min_non_immune_uids', arg: 'min', type: 'u16', origin: 'root' },
  // after max_allowed_uids (max UIDs × mechanisms ≤ 256) and before the split, which a new count resets
  mechanism_count: { call: 'sudo_set_mechanism_count', arg: 'mechanism_count', type: 'u8', origin: 'owner' },
  mechanism_emission_split: { call: 'sudo_set_mechanism_emission_split', arg: 'maybe_split', type: 'split', origin: 'owner' },
} as const satisfies Record<string, { call: string; arg: string; type: 'u8' | 'u16' | 'u64' | 'i16' | 'bool' | 'split'; origin: 'owner' | 'root' }>;

const u16 = z.number().int().min(0).max(65535);
const u64 = z.union([z.number().int().min(0), z.string().regex(/^[0-9]+$/, 'a decimal u64')]).transform((v) => BigInt(v));

const HyperparameterFields = z.object({
  tempo: u16.optional().describe('blocks per epoch'),
  kappa: u16.optional().describe('consensus majority threshold (u16 proportion, 32767 = 0.5)'),
  rho: u16.optional(),
  immunity_period: u16.optional().describe('blocks a new registration cannot be pruned'),
  min_allowed_weights: u16.optional(),
  max_weights_limit: u16.optional().describe('largest weight a validator may give one uid (u16 proportion)'),
  weights_rate_limit: u64.optional().describe('blocks between two set_weights of one validator'),
  weights_version: u64.optional(),
  activity_cutoff: u16.optional().describe('blocks after which a silent validator is inactive'),
  max_allowed_uids: u16.optional(),
  max_validators: u16.optional(),
  serving_rate_limit: u64.optional(),
  registration_allowed: z.boolean().optional(),
  network_pow_registration_allowed: z.boolean().optional(),
  target_regs_per_interval: u16.optional(),
  max_regs_per_block: u16.optional(),
  adjustment_interval: u16.optional(),
  adjustment_alpha: u64.optional(),
  difficulty: u64.optional(),
  min_burn: u64.optional().describe('RAO'),
  max_burn: u64.optional().describe('RAO'),
  bonds_moving_avg: u64.optional().describe('per-million moving average of bonds (900000 = 0.9)'),
  bonds_penalty: u16.optional(),
  commit_reveal_weights_enabled: z.boolean().optional(),
  commit_reveal_period: u64.optional().describe('tempos between commit and reveal'),
  liquid_alpha_enabled: z.boolean().optional(),
  yuma3_enabled: z.boolean().optional(),
  alpha_sigmoid_steepness: z.number().int().min(-32768).max(32767).optional(),
  immune_owner_uids_limit: z
    .number()
    .int()
    .min(1)
    .max(10)
    .optional()
    .describe("how many of the owner's hotkeys are never pruned, the owner hotkey first (1 to 10)"),
  min_non_immune_uids: u16.optional().describe('a full subnet replaces an immune uid instead while no more non-immune uids are left'),
  alpha_values: z.object({ low: u16, high: u16 }).strict().optional().describe('liquid alpha bounds (sudo_set_alpha_values)'),
  mechanism_count: z.number().int().min(1).max(16).optional().describe('mechanisms (sub-subnets) the subnet runs; max_allowed_uids × count may not exceed 256'),
  mechanism_emission_split: z
    .union([
      z.literal('even'),
      z
        .array(u16)
        .min(1)
        .max(16)
        .refine((s) => s.reduce((a, b) => a + b, 0) === 65535, 'the shares must add up to 65535'),
    ])
    .optional()
    .describe("each mechanism's u16 share of the miner emission, summing to 65535, or `even`"),
});

type Canonical = z.infer<typeof HyperparameterFields>;
const fieldShape = HyperparameterFields.shape;

/**
 * Each alias is accepted as an input key, documented as such, and renamed to
 * its btcli name; giving both is refused rather than guessing which one wins.
 */
const aliasFields = Object.fromEntries(
  Object.entries(HYPERPARAMETER_ALIASES).map(([alias, name]) => [alias, fieldShape[name as keyof Canonical].describe(`alias of \`${name}\``)]),
) as Record<string, z.ZodType>;

export const HyperparametersSchema = z
  .object({ ...fieldShape, ...aliasFields })
  .strict()
  .transform((input, ctx) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      if (value === undefined) continue;
      const name = Object.hasOwn(HYPERPARAMETER_ALIASES, key) ? HYPERPARAMETER_ALIASES[key] : key;
      if (name !== key && (input as Record<string, unknown>)[name] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} is an alias of ${name}; give only one of them` });
        continue;
      }
      out[name] = value;
    }
    return out as Canonical;
  });

export type Hyperparameters = z.infer<typeof HyperparametersSchema>;
