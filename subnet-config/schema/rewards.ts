import { z } from 'zod';

export const RewardStepSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('duplicate-penalty'),
      field: z.string().default('text').describe('dotted path to the compared value in the response body (text or number array)'),
      similarity: z.number().min(0).max(1).default(0.95).describe('token-Jaccard (text) or cosine (vectors) at or above which two answers are duplicates'),
      penalty: z.number().min(0).max(1).default(1).describe('fraction of the score removed from every duplicate but the first responder'),
    })
    .strict()
    .describe('within one challenge, duplicates of an earlier (faster) answer lose `penalty` of their score'),
  z.object({ type: z.literal('power'), exponent: z.number().positive().default(2) }).strict().describe('score ** exponent (sharpens when > 1)'),
  z
    .object({ type: z.literal('temperature'), temperature: z.number().positive().default(0.1) })
    .strict()
    .describe('softmax(score / temperature) over non-zero scores; zeros stay zero'),
  z.object({ type: z.literal('rank'), decay: z.number().min(0).max(1).default(0.8) }).strict().describe('the r-th best non-zero score becomes decay ** r'),
  z
    .object({ type: z.literal('top-k'), k: z.number().int().min(1).default(3), share: z.number().min(0).max(1).default(0.8) })
    .strict()
    .describe('the top k split `share` in proportion to their scores; the rest split 1 - share'),
  z.object({ type: z.literal('normalize'), to: z.enum(['sum', 'max']).default('sum') }).strict().describe('divide by the sum (or max) so the scores sum (or peak) at 1'),
]);

export type RewardStep = z.infer<typeof RewardStepSchema>;
