import { SubnetError } from '../../core/errors.ts';
import { readChallengePath, readPath } from '../field-path.ts';
import type { RuleContext, ScoringItem, ScoringRule } from '../rule.ts';
import { ramp } from '../similarity.ts';

export interface ModelScoreOptions {
  model: string;
  prompt: string;
  field: string;
  floor: number;
  ceiling: number;
}

/** An ONNX classifier / reward head over (prompt, response), all pairs in one run. */
export function modelScore(o: ModelScoreOptions, name = 'model-score'): ScoringRule {
  return {
    name,
    async score(items: readonly ScoringItem[], ctx: RuleContext) {
      if (!ctx.runtime) throw new SubnetError('SCORING_NO_RUNTIME', `rule ${name} needs the model ${o.model}, but no scoring runtime was given`);
      const pairs = items.map((it) => ({ prompt: readChallengePath(it.challenge, o.prompt), response: readPath(it.response.body, o.field) }));
      const idx = pairs.map((_, i) => i).filter((i) => typeof pairs[i].prompt === 'string' && typeof pairs[i].response === 'string' && (pairs[i].response as string).trim() !== '');
      const scores = await ctx.runtime.classifier(o.model).scoreTexts(idx.map((i) => pairs[i] as { prompt: string; response: string }));
      const out = items.map(() => 0);
      idx.forEach((i, k) => (out[i] = ramp(scores[k], o.floor, o.ceiling)));
      return out;
    },
  };
}
