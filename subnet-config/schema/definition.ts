import { z } from 'zod';
import { RuleSchema } from '../../scoring/rule-tree.ts';
import { RewardStepSchema } from '../../scoring/shaping.ts';
import { ChallengeSchema, MinerReferenceSchema } from './challenge.ts';
import { HyperparametersSchema } from './hyperparameters.ts';
import { ModelSchema } from './models.ts';
import { SimulationSchema } from './simulation.ts';
import { SynapseSchema } from './synapse.ts';
import { ValidatorCadenceSchema } from './validator.ts';

/** `subnet.yaml` (or `subnet.json`): everything that defines one subnet. */
export const SubnetDefinitionSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes')
      .describe('subnet name'),
    netuid: z.number().int().min(1).max(65535).optional().describe('netuid on chain, if registered'),
    description: z.string().optional(),
    version: z.number().int().min(0).default(1).describe('spec version sent with every synapse (and weights_version)'),
    synapses: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'an identifier'), SynapseSchema).describe('synapse name -> request/response schemas'),
    challenge: ChallengeSchema.describe('the challenge generator'),
    miner: MinerReferenceSchema.optional().describe('the reference (honest) miner handler: the default backend and what `simulate` runs for honest miners'),
    scoring: z.object({ rule: RuleSchema.describe('the rule tree that scores one response in [0, 1]') }).strict(),
    rewards: z.array(RewardStepSchema).default([]).describe("reward shaping applied in order to a step's scores"),
    validator: ValidatorCadenceSchema.prefault({}).describe('validator cadence'),
    models: z.record(z.string(), ModelSchema).default({}).describe('reference models by name'),
    hyperparameters: HyperparametersSchema.default({}).describe('chain hyperparameters the owner wants (`subnet sudo apply`)'),
    simulation: SimulationSchema.prefault({}).describe('defaults for `subnet simulate`'),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (!(d.challenge.synapse in d.synapses)) {
      ctx.addIssue({
        code: 'custom',
        path: ['challenge', 'synapse'],
        message: `synapse ${d.challenge.synapse} is not defined; expected one of: ${Object.keys(d.synapses).join(', ')}`,
      });
    }
    for (const [name, m] of Object.entries(d.models)) {
      if (m.kind === 'pair-classifier' && m.embedder && d.models[m.embedder]?.kind !== 'text-embedding') {
        ctx.addIssue({ code: 'custom', path: ['models', name, 'embedder'], message: `expected the name of a text-embedding model, got ${m.embedder}` });
      }
    }
  });

export type SubnetDefinitionConfig = z.infer<typeof SubnetDefinitionSchema>;
