import { z } from 'zod';
import { SubnetError } from '../../core/errors.ts';
import { fieldPathOption, readChallengePath, readPath } from '../field-path.ts';
import { defineRule } from '../rule-definition.ts';
import type { RuleContext, ScoringItem, ScoringRule } from '../rule.ts';
import { cosine, ramp } from '../similarity.ts';

const ReferenceSimilarityOptions = z.object({
  model: z.string().describe('a text-embedding model name'),
  reference: fieldPathOption('the reference text in the challenge', 'private.reference'),
  field: fieldPathOption('the miner text in the response body', 'text'),
  floor: z.number().min(-1).max(1).default(0.5).describe('cosine mapped to 0'),
  ceiling: z.number().min(-1).max(1).default(0.95).describe('cosine mapped to 1'),
});
type ReferenceSimilarityOptions = z.infer<typeof ReferenceSimilarityOptions>;

/**
 * Embeds each miner's text and the validator's reference text (one run for the
 * whole batch) and maps their cosine from [floor, ceiling] to [0, 1].
 */
export function referenceSimilarity(o: ReferenceSimilarityOptions, name = 'reference-similarity'): ScoringRule {
  return {
    name,
    async score(items: readonly ScoringItem[], ctx: RuleContext) {
      if (!ctx.runtime) throw new SubnetError('SCORING_NO_RUNTIME', `rule ${name} needs the model ${o.model}, but no scoring runtime was given`);
      const texts = items.map((it) => readPath(it.response.body, o.field));
      const refs = items.map((it) => readChallengePath(it.challenge, o.reference));
      const valid = items.map((_, i) => typeof texts[i] === 'string' && (texts[i] as string).trim() !== '' && typeof refs[i] === 'string');
      const idx = items.map((_, i) => i).filter((i) => valid[i]);
      const vectors = await ctx.runtime.embedder(o.model).embed([...idx.map((i) => texts[i] as string), ...idx.map((i) => refs[i] as string)]);
      const out = items.map(() => 0);
      idx.forEach((i, k) => (out[i] = ramp(cosine(vectors[k], vectors[idx.length + k]), o.floor, o.ceiling)));
      return out;
    },
  };
}

export const referenceSimilarityDefinition = defineRule({ type: 'reference-similarity', options: ReferenceSimilarityOptions, create: referenceSimilarity });
