import { z } from 'zod';
import { SubnetError } from '../../core/errors.ts';
import { fieldPathOption, readChallengePath, readPath } from '../field-path.ts';
import { defineRule } from '../rule-definition.ts';
import type { RuleContext, ScoringItem, ScoringRule } from '../rule.ts';
import { ramp } from '../similarity.ts';

const ModelScoreOptions = z.object({
  model: z.string().describe('a pair-classifier model name'),
  prompt: fieldPathOption('the prompt in the challenge', 'request.prompt'),
  field: fieldPathOption('the miner text in the response body', 'text'),
  floor: z.number().min(0).max(1).default(0).describe('classifier output mapped to 0'),
  ceiling: z.number().min(0).max(1).default(1).describe('classifier output mapped to 1'),
});
type ModelScoreOptions = z.infer<typeof ModelScoreOptions>;

/** An ONNX classifier / reward head over (prompt, response), all pairs in one run. */
export function modelScore(o: ModelScoreOptions, name = 'model-score'): ScoringRule {
  return {
    name,
    async score(items: readonly ScoringItem[], ctx: RuleContext) {
      if (!ctx.runtime) throw new SubnetError('SCORING_NO_RUNTIME', `rule ${name} needs the model ${o.model}, but no scoring runtime was given`);
      const pairs = items.map((it) => ({ prompt: readChallengePath(it.challenge, o.prompt), response: readPath(it.response.body, o.field) }));
      const idx = pairs
        .map((_, i) => i)
        .filter((i) => typeof pairs[i].prompt === 'string' && typeof pairs[i].response === 'string' && (pairs[i].response as string).trim() !== '');
      const scores = await ctx.runtime.classifier(o.model).scoreTexts(idx.map((i) => pairs[i] as { prompt: string; response: string }));
      const out = items.map(() => 0);
      idx.forEach((i, k) => (out[i] = ramp(scores[k], o.floor, o.ceiling)));
      return out;
    },
  };
}

export const modelScoreDefinition = defineRule({ type: 'model-score', options: ModelScoreOptions, create: modelScore });
