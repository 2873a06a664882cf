import { z } from 'zod';
import { OWNER_CUT, SWAP_FEE_RATE, TAO_WEIGHT } from '../../simulate/economy/constants.ts';

const behaviour = z
  .string()
  .regex(
    /^(?:(?:honest|random|copier|offline|lazy)(?::[1-9][0-9]*)?|noisy(?::[0-9]*\.?[0-9]+(?::[1-9][0-9]*)?)?|slow(?::[0-9]+(?::[1-9][0-9]*)?)?)$/,
    'honest | noisy[:<sigma>] | random | copier | slow[:<ms>] | offline | lazy, each optionally followed by :<count> (honest:3)',
  );

const market = {
  price: z.number().positive().describe('TAO per alpha'),
  tao_reserve: z.number().positive().describe("TAO in the subnet's pool"),
  alpha_outstanding: z.number().min(0).describe('alpha held by stakers, outside the pool'),
  ema_tao_flow: z.number().describe('EMA of net TAO staked per block (SubnetEmaTaoFlow): what spec 381 shares the block emission by'),
};

const stakeFlow = z
  .object({
    tao: z.number().describe('TAO staked (positive) or unstaked (negative: alpha worth that many TAO at the moment)'),
    per: z.enum(['block', 'epoch']).default('epoch'),
    from_epoch: z.number().int().min(0).default(0),
    to_epoch: z.number().int().min(0).optional().describe('last epoch (0-based) it applies to; every later one when absent'),
  })
  .strict();

/** The dTAO market around the subnet for the economy part of `subnet simulate` (subtensor spec 381 rules). */
export const EconomySchema = z
  .object({
    total_issuance: z.number().positive().max(21_000_000).default(10_600_000).describe('TAO issued so far: sets the block emission by the halving schedule'),
    subnet: z
      .object({ ...market, pool_tao_weight: z.number().min(0.01).max(0.99).default(0.5).describe("the pool's TAO weight (0.5: constant product)") })
      .strict()
      .default({ price: 0.02, tao_reserve: 20_000, alpha_outstanding: 2_000_000, ema_tao_flow: 0.5, pool_tao_weight: 0.5 })
      .describe('the simulated subnet at the start'),
    other_subnets: z
      .array(z.object({ name: z.string().min(1), ...market }).strict())
      .default([
        { name: 'large', price: 0.08, tao_reserve: 200_000, alpha_outstanding: 4_000_000, ema_tao_flow: 8 },
        { name: 'medium', price: 0.03, tao_reserve: 50_000, alpha_outstanding: 2_500_000, ema_tao_flow: 3 },
        { name: 'small', price: 0.005, tao_reserve: 5_000, alpha_outstanding: 1_500_000, ema_tao_flow: 0.5 },
      ])
      .describe('the subnets competing for the block emission; each keeps a steady net flow equal to its EMA'),
    root_tao: z.number().min(0).default(0).describe('TAO staked on root: with the TAO weight, sets the root proportion of validator alpha'),
    tao_weight: z.number().min(0).max(1).default(TAO_WEIGHT).describe('TaoWeight'),
    owner_cut: z.number().min(0).max(1).default(OWNER_CUT).describe('SubnetOwnerCut (18 %)'),
    fee_rate: z.number().min(0).max(0.5).default(SWAP_FEE_RATE).describe('swap fee rate (FeeRate, about 0.05 %)'),
    recycle_or_burn: z.enum(['burn', 'recycle']).default('burn').describe("RecycleOrBurn: what happens to the incentive of the owner's miner hotkeys"),
    stake_flows: z.array(stakeFlow).default([]).describe('buy and sell pressure on the subnet'),
    emission_sold: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe('fraction of the alpha paid out each epoch (miners, validators, owner) that is sold right away'),
    burn: z.number().min(0).max(1).default(0).describe("fraction of the miners' incentive taken by the owner's hotkeys and burned (--burn)"),
    stake_quote_tao: z.number().positive().default(100).describe('TAO a staker puts in for the stake quote'),
  })
  .strict();

export type EconomySettings = z.infer<typeof EconomySchema>;

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
    economy: EconomySchema.prefault({}).describe('the dTAO market around the subnet: emission share, pool, price, owner cut, burn'),
  })
  .strict();

export type SimulationConfig = z.infer<typeof SimulationSchema>;
