import type { ChallengeContext, ChallengeGenerator, GeneratedChallenge } from '../../../scoring/challenge.ts';

// Texts are drawn from the seed only (ctx.rng), so a challenge can be
// regenerated from (block hash, validator secret, step, uid) for audit.
const SUBJECTS = [
  'the old river',
  'a small bird',
  'the city market',
  'our school team',
  'the winter storm',
  'a quiet library',
  'the north station',
  'my brother',
  'the gold price',
  'a young doctor',
];
const VERBS = ['moved across', 'sang near', 'opened', 'closed', 'found', 'described', 'built', 'watched', 'compared', 'crossed'];
const OBJECTS = [
  'the bright garden',
  'a dark forest',
  'the long bridge',
  'the island church',
  'a cold morning',
  'the museum door',
  'a warm evening',
  'the stock market',
  'a short letter',
  'the mountain road',
];
const TAILS = [
  'before the rain',
  'after the match',
  'during the summer',
  'every week',
  'last night',
  'at the bank',
  'in the park',
  'without a word',
  'with great power',
  'near the ocean',
];

export interface EmbeddingRequest extends Record<string, unknown> {
  texts: string[];
}

const generator: ChallengeGenerator = {
  generate(ctx: ChallengeContext): GeneratedChallenge<EmbeddingRequest> {
    const n = Number(ctx.options.texts ?? 4);
    const texts: string[] = [];
    for (let i = 0; i < n; i++) {
      const words = [ctx.rng.pick(SUBJECTS), ctx.rng.pick(VERBS), ctx.rng.pick(OBJECTS), ctx.rng.pick(TAILS)];
      texts.push(`${words.join(' ')} (${ctx.rng.int(1000)}).`);
    }
    return { request: { texts } };
  },
};

export default generator;
