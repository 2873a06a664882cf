import { z } from 'zod';
import { SubnetError } from '../../core/errors.ts';
import { fieldPathOption, readChallengePath, readPath } from '../field-path.ts';
import { defineRule } from '../rule-definition.ts';
import type { Challenge, RuleContext, ScoringItem, ScoringRule } from '../rule.ts';
import { cosine, ramp } from '../similarity.ts';

const EmbeddingMatchOptions = z.object({
  model: z.string().describe('a text-embedding model name'),
  input: fieldPathOption('the texts in the challenge (request.* or private.*)', 'request.texts'),
  field: fieldPathOption('the vectors in the response body', 'embeddings'),
  threshold: z.number().min(-1).max(1).default(0.999).describe('cosine at or above which a vector scores 1 (CPU vs GPU differences stay above ~0.9999)'),
  floor: z.number().min(-1).max(1).default(0.95).describe('cosine at or below which a vector scores 0; linear in between'),
  aggregate: z.enum(['mean', 'min']).default('mean').describe('how per-text scores combine'),
});
type EmbeddingMatchOptions = z.infer<typeof EmbeddingMatchOptions>;

/**
 * Verifiable inference: the validator recomputes the reference model's vector
 * for every text a miner embedded (all texts of the batch in one run) and
 * scores the cosine agreement: 1 at or above `threshold`, 0 at or below
 * `floor`. A vector of the wrong length or count scores 0. `prepare` computes
 * the reference vectors of the challenges ahead (they do not depend on the
 * answers); `score` uses them, and embeds only challenges it was not given.
 */
export function embeddingMatch(o: EmbeddingMatchOptions, name = 'embedding-match'): ScoringRule {
  // reference vectors per challenge, started by `prepare` while the miners are queried
  const prepared = new WeakMap<Challenge, Promise<Float32Array[]>>();
  const textsOf = (c: Challenge) => asStrings(readChallengePath(c, o.input));
  const embedderOf = (ctx: RuleContext) => {
    if (!ctx.runtime) throw new SubnetError('SCORING_NO_RUNTIME', `rule ${name} needs the model ${o.model}, but no scoring runtime was given`);
    return ctx.runtime.embedder(o.model);
  };
  return {
    name,
    prepare(challenges: readonly Challenge[], ctx: RuleContext) {
      if (!ctx.runtime) return; // score reports it
      const fresh = [...new Set(challenges)].filter((c) => !prepared.has(c));
      if (fresh.length === 0) return;
      const texts = fresh.map(textsOf);
      // one run for all challenges: the same batch the unprepared path builds when every miner answers
      const all = embedderOf(ctx).embed(texts.flat());
      let at = 0;
      fresh.forEach((c, i) => {
        const from = at;
        const to = (at += texts[i].length);
        const refs = all.then((v) => v.slice(from, to));
        refs.catch(() => undefined); // a failure surfaces when score awaits it
        prepared.set(c, refs);
      });
    },
    async score(items: readonly ScoringItem[], ctx: RuleContext) {
      const embedder = embedderOf(ctx);
      const texts = items.map((it) => textsOf(it.challenge));
      const missing = items.map((_, i) => i).filter((i) => !prepared.has(items[i].challenge));
      const computed = missing.length > 0 ? await embedder.embed(missing.flatMap((i) => texts[i])) : [];
      const reference: Float32Array[][] = await Promise.all(items.map((it) => prepared.get(it.challenge) ?? []));
      let at = 0;
      for (const i of missing) reference[i] = computed.slice(at, (at += texts[i].length));
      return items.map((it, i) => {
        const refs = reference[i];
        const vectors = readPath(it.response.body, o.field);
        if (!Array.isArray(vectors) || vectors.length !== texts[i].length || texts[i].length === 0) return 0;
        const per = refs.map((ref, k) => {
          const v = asVector(vectors[k]);
          if (!v || v.length !== ref.length) return 0;
          return ramp(cosine(v, ref), o.floor, o.threshold);
        });
        return o.aggregate === 'min' ? Math.min(...per) : per.reduce((a, b) => a + b, 0) / per.length;
      });
    },
  };
}

export const embeddingMatchDefinition = defineRule({ type: 'embedding-match', options: EmbeddingMatchOptions, create: embeddingMatch });

/** A vector as a miner may send it: a number array, or a Float32Array/Float64Array (raw bytes on the wire). */
function asVector(v: unknown): ArrayLike<number> | undefined {
  if (v instanceof Float32Array || v instanceof Float64Array) return v;
  if (!Array.isArray(v)) return undefined;
  for (const x of v) if (typeof x !== 'number') return undefined;
  return v as number[];
}

function asStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.map(String) : [];
}
