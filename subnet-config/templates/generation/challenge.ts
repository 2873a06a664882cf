import type { ChallengeContext, ChallengeGenerator } from 'subnetkit/scoring';

// One prompt per step (the same for every miner), its keywords and the
// validator's own reference answer. Deterministic in ctx.seed.
const TOPICS = ['river', 'mountain', 'market', 'library', 'garden', 'island', 'bridge', 'forest'];
const SEASONS = ['winter', 'summer', 'spring', 'autumn'];

const generator: ChallengeGenerator = {
  generate(ctx: ChallengeContext) {
    const topic = ctx.rng.pick(TOPICS);
    const season = ctx.rng.pick(SEASONS);
    return {
      request: { prompt: `Describe the ${topic} in ${season}.` },
      private: { keywords: [topic, season], reference: `In ${season} the ${topic} is quiet, and people come to the ${topic} to see ${season} light.` },
    };
  },
};

export default generator;
