import type { ChallengeContext, ChallengeGenerator } from 'subnetkit/scoring';

// Deterministic in ctx.seed: use ctx.rng, never Math.random.
const WORDS = ['river', 'market', 'winter', 'garden', 'bridge', 'library', 'storm', 'music', 'island', 'forest', 'letter', 'morning'];

const generator: ChallengeGenerator = {
  generate(ctx: ChallengeContext) {
    const n = Number(ctx.options.texts ?? 4);
    const texts = Array.from({ length: n }, () => `${ctx.rng.pick(WORDS)} ${ctx.rng.pick(WORDS)} ${ctx.rng.pick(WORDS)} ${ctx.rng.int(10000)}`);
    return { request: { texts } };
  },
};

export default generator;
