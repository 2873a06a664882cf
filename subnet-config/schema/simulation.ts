import { z } from 'zod';

const behaviour = z
  .string()
  .regex(
    /^(?:(?:honest|random|copier|offline|lazy)(?::[1-9][0-9]*)?|noisy(?::[0-9]*\.?[0-9]+(?::[1-9][0-9]*)?)?|slow(?::[0-9]+(?::[1-9][0-9]*)?)?)$/,
    'honest | noisy[:<sigma>] | random | copier | slow[:<ms>] | offline | lazy, each optionally followed by :<count> (honest:3)',
  );

export const SimulationSchema = z
  .object({
    epochs: z.number().int().min(1).max(1000).default(6),
    steps_per_epoch: z.number().int().min(1).max(1000).default(3).describe('validator query steps between weight settings'),
    seed: z.string().default('subnetkit').describe('seeds block hashes, validator secrets and miner behaviour'),
    miners: z.array(behaviour).min(1).default(['honest', 'honest', 'noisy:0.02', 'random', 'copier', 'slow:1500', 'offline', 'lazy']),
    validators: z
      .array(z.object({ behaviour: z.enum(['honest', 'weight-copier']), stake: z.number().positive().describe('TAO') }).strict())
      .min(1)
      .default([
        { behaviour: 'honest', stake: 1000 },
        { behaviour: 'honest', stake: 600 },
        { behaviour: 'weight-copier', stake: 400 },
      ]),
    base_latency_ms: z.number().min(0).default(80).describe('simulated network + compute latency of an honest miner'),
    rao_emission: z.number().int().positive().default(1_000_000_000).describe('RAO emitted to the subnet per epoch'),
  })
  .strict();

export type SimulationConfig = z.infer<typeof SimulationSchema>;
