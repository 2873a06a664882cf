import { z } from 'zod';

export const ChallengeSchema = z
  .object({
    synapse: z.string().describe('synapse the challenge is sent on'),
    module: z.string().describe('TS or JS module exporting a ChallengeGenerator, relative to the subnet folder'),
    export: z.string().default('default').describe('export holding a ChallengeGenerator or a factory (options) => ChallengeGenerator'),
    per_miner: z.boolean().default(false).describe('a distinct challenge per miner (defeats copying) instead of one per step'),
    options: z.record(z.string(), z.unknown()).default({}).describe('passed to the factory'),
  })
  .strict();

export const MinerReferenceSchema = z
  .object({
    module: z.string().describe('TS or JS module exporting the reference (honest) MinerHandler, relative to the subnet folder'),
    export: z.string().default('default'),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
