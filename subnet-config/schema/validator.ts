import { z } from 'zod';

export const ValidatorCadenceSchema = z
  .object({
    sample_size: z.number().int().min(1).default(16).describe('miners queried per step'),
    concurrency: z.number().int().min(1).default(8).describe('requests in flight at once'),
    timeout_ms: z.number().int().min(1).default(2000).describe('per-request timeout; a late answer scores 0'),
    ema_alpha: z.number().gt(0).max(1).default(0.1).describe('moving-average weight of a new step score: ema = alpha * score + (1 - alpha) * ema'),
    step_every_blocks: z.number().int().min(1).default(1).describe('blocks between query steps'),
    weights_every_blocks: z.number().int().min(1).default(100).describe('blocks between set_weights calls (respect weights_rate_limit)'),
    metagraph_every_blocks: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('blocks between metagraph refreshes (changed hotkeys, growth, registration, permit); default: step_every_blocks'),
    mechid: z
      .number()
      .int()
      .min(0)
      .max(15)
      .default(0)
      .describe('the subnet mechanism the validator sets weights for (0, the main one, unless the subnet runs several: see hyperparameters.mechanism_count)'),
  })
  .strict();
