import type { ChallengeContext, ChallengeGenerator, GeneratedChallenge } from '../../../scoring/challenge.ts';
import { ACTIVITIES, ANIMALS, COLORS, PLACES, SEASONS, type Facts } from './topics.ts';

export interface GenerationRequest extends Record<string, unknown> {
  prompt: string;
  max_words: number;
}

/**
 * One prompt per step, the same for every miner (so copies are detectable),
 * plus the validator's own reference answer and the facts an answer must cover.
 */
const generator: ChallengeGenerator = {
  generate(ctx: ChallengeContext): GeneratedChallenge<GenerationRequest> {
    const facts: Facts = {
      animal: ctx.rng.pick(ANIMALS),
      color: ctx.rng.pick(COLORS),
      place: ctx.rng.pick(PLACES),
      season: ctx.rng.pick(SEASONS),
      activity: ctx.rng.pick(ACTIVITIES),
    };
    const prompt = `Write a short story about a ${facts.color} ${facts.animal} in the ${facts.place} during ${facts.season} that likes to ${facts.activity}.`;
    const reference = `A ${facts.color} ${facts.animal} lived in the ${facts.place}. Every ${facts.season} the ${facts.animal} would ${facts.activity} from morning to evening, and the ${facts.place} was its home.`;
    return { request: { prompt, max_words: 80 }, private: { reference, facts } };
  },
};

export default generator;
