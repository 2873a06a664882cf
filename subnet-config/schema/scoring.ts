import { z } from 'zod';

const path = (what: string, dflt: string) => z.string().default(dflt).describe(`dotted path to ${what}`);

const EmbeddingMatch = z
  .object({
    type: z.literal('embedding-match'),
    model: z.string().describe('a text-embedding model name'),
    input: path('the texts in the challenge (request.* or private.*)', 'request.texts'),
    field: path('the vectors in the response body', 'embeddings'),
    threshold: z.number().min(-1).max(1).default(0.999).describe('cosine at or above which a vector scores 1 (CPU vs GPU differences stay above ~0.9999)'),
    floor: z.number().min(-1).max(1).default(0.95).describe('cosine at or below which a vector scores 0; linear in between'),
    aggregate: z.enum(['mean', 'min']).default('mean').describe('how per-text scores combine'),
  })
  .strict();

const ReferenceSimilarity = z
  .object({
    type: z.literal('reference-similarity'),
    model: z.string().describe('a text-embedding model name'),
    reference: path('the reference text in the challenge', 'private.reference'),
    field: path('the miner text in the response body', 'text'),
    floor: z.number().min(-1).max(1).default(0.5).describe('cosine mapped to 0'),
    ceiling: z.number().min(-1).max(1).default(0.95).describe('cosine mapped to 1'),
  })
  .strict();

const ModelScore = z
  .object({
    type: z.literal('model-score'),
    model: z.string().describe('a pair-classifier model name'),
    prompt: path('the prompt in the challenge', 'request.prompt'),
    field: path('the miner text in the response body', 'text'),
    floor: z.number().min(0).max(1).default(0).describe('classifier output mapped to 0'),
    ceiling: z.number().min(0).max(1).default(1).describe('classifier output mapped to 1'),
  })
  .strict();

const LogprobCheck = z
  .object({
    type: z.literal('logprob-check'),
    model: z.string().describe('a causal-lm model name'),
    prompt: path('the prompt in the challenge', 'request.prompt'),
    field: path('the completion text in the response body', 'text'),
    logprobs: path('the reported log-probs in the response body: [{ position, top: [[token, logprob], ...] }]', 'logprobs'),
    positions: z.number().int().min(1).max(1024).default(4).describe('positions sampled per response (seeded by the challenge)'),
    top_k: z.number().int().min(1).max(64).default(5).describe('reported alternatives compared per position'),
    tolerance: z.number().positive().default(0.05).describe('mean absolute log-prob error (nats) still scored 1; 0 at 4x tolerance'),
  })
  .strict();

const Latency = z
  .object({
    type: z.literal('latency'),
    target_ms: z.number().min(0).default(200).describe('latency at or below which the score is 1'),
    max_ms: z.number().positive().optional().describe('latency mapped to 0 (default: the validator timeout)'),
  })
  .strict();

const Schema = z.object({ type: z.literal('schema'), synapse: z.string().optional().describe('synapse whose response schema applies (default: the challenge synapse)') }).strict();

const Length = z
  .object({
    type: z.literal('length'),
    field: path('the text in the response body', 'text'),
    unit: z.enum(['chars', 'words', 'items']).default('words'),
    min: z.number().int().min(0).default(0),
    max: z.number().int().min(0).optional(),
    softness: z.number().min(0).default(0).describe('units outside [min, max] over which the score falls from 1 to 0 (0 = hard cut)'),
  })
  .strict();

const Exact = z
  .object({
    type: z.literal('exact'),
    field: path('the value in the response body', 'answer'),
    expected: path('the expected value in the challenge', 'private.answer'),
    normalize: z.boolean().default(true).describe('trim, lowercase and collapse whitespace before comparing strings'),
  })
  .strict();

const Custom = z
  .object({
    type: z.literal('custom'),
    module: z.string().describe('TS or JS module, relative to the subnet folder, loaded at runtime'),
    export: z.string().default('default').describe('export holding a ScoringRule or a factory (options) => ScoringRule'),
    options: z.record(z.string(), z.unknown()).default({}).describe('passed to the factory'),
  })
  .strict();

export type LeafRuleConfig =
  | z.infer<typeof EmbeddingMatch>
  | z.infer<typeof ReferenceSimilarity>
  | z.infer<typeof ModelScore>
  | z.infer<typeof LogprobCheck>
  | z.infer<typeof Latency>
  | z.infer<typeof Schema>
  | z.infer<typeof Length>
  | z.infer<typeof Exact>
  | z.infer<typeof Custom>;

export type RuleConfig =
  | (LeafRuleConfig & { name?: string })
  | { type: 'weighted-sum'; name?: string; rules: { weight: number; rule: RuleConfig }[] }
  | { type: 'product'; name?: string; rules: RuleConfig[] }
  | { type: 'gate'; name?: string; gate: RuleConfig; min: number; then: RuleConfig };

const named = { name: z.string().optional().describe('label for per-rule score breakdowns') };

export const RuleSchema: z.ZodType<RuleConfig, unknown> = z.lazy(() =>
  z.discriminatedUnion('type', [
    EmbeddingMatch.extend(named),
    ReferenceSimilarity.extend(named),
    ModelScore.extend(named),
    LogprobCheck.extend(named),
    Latency.extend(named),
    Schema.extend(named),
    Length.extend(named),
    Exact.extend(named),
    Custom.extend(named),
    z
      .object({
        type: z.literal('weighted-sum'),
        ...named,
        rules: z.array(z.object({ weight: z.number().min(0), rule: RuleSchema }).strict()).min(1),
      })
      .strict()
      .describe('sum of weight * score, divided by the sum of weights'),
    z.object({ type: z.literal('product'), ...named, rules: z.array(RuleSchema).min(1) }).strict().describe('product of the scores'),
    z
      .object({ type: z.literal('gate'), ...named, gate: RuleSchema, min: z.number().min(0).max(1).default(1), then: RuleSchema })
      .strict()
      .describe('0 unless the gate rule scores at least `min`, else the `then` rule'),
  ]),
) as z.ZodType<RuleConfig, unknown>;

export const RULE_TYPES = ['embedding-match', 'reference-similarity', 'model-score', 'logprob-check', 'latency', 'schema', 'length', 'exact', 'custom', 'weighted-sum', 'product', 'gate'] as const;

/** The leaf rule schemas, exported for the configuration reference. */
export const LEAF_RULE_SCHEMAS = { EmbeddingMatch, ReferenceSimilarity, ModelScore, LogprobCheck, Latency, Schema, Length, Exact, Custom };
