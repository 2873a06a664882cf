import { SubnetError } from '../../core/errors.ts';
import { readChallengePath, readPath } from '../field-path.ts';
import type { RuleContext, ScoringItem, ScoringRule } from '../rule.ts';
import { cosine, ramp } from '../similarity.ts';

export interface EmbeddingMatchOptions {
  model: string;
  input: string;
  field: string;
  threshold: number;
  floor: number;
  aggregate: 'mean' | 'min';
}

/**
 * Verifiable inference: the validator recomputes the reference model's vector
 * for every text a miner embedded (all texts of the batch in one run) and
 * scores the cosine agreement: 1 at or above `threshold`, 0 at or below
 * `floor`. A vector of the wrong length or count scores 0.
 */
export function embeddingMatch(o: EmbeddingMatchOptions, name = 'embedding-match'): ScoringRule {
  return {
    name,
    async score(items: readonly ScoringItem[], ctx: RuleContext) {
      if (!ctx.runtime) throw new SubnetError('SCORING_NO_RUNTIME', `rule ${name} needs the model ${o.model}, but no scoring runtime was given`);
      const embedder = ctx.runtime.embedder(o.model);
      const textsOf = items.map((it) => asStrings(readChallengePath(it.challenge, o.input)));
      const reference = await embedder.embed(textsOf.flat());
      let at = 0;
      return items.map((it, i) => {
        const texts = textsOf[i];
        const refs = reference.slice(at, (at += texts.length));
        const vectors = readPath(it.response.body, o.field);
        if (!Array.isArray(vectors) || vectors.length !== texts.length || texts.length === 0) return 0;
        const per = refs.map((ref, k) => {
          const v = vectors[k];
          if (!Array.isArray(v) || v.length !== ref.length || !v.every((x) => typeof x === 'number')) return 0;
          return ramp(cosine(v as number[], ref), o.floor, o.threshold);
        });
        return o.aggregate === 'min' ? Math.min(...per) : per.reduce((a, b) => a + b, 0) / per.length;
      });
    },
  };
}

function asStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.map(String) : [];
}
