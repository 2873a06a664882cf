import type { MinerHandler } from '{{SUBNETKIT}}/scoring/challenge.ts';

/** The honest miner: embed every text with the reference model. */
const handler: MinerHandler = {
  async respond(request, ctx) {
    if (!ctx.runtime) throw new Error('the reference model is not loaded');
    const vectors = await ctx.runtime.embedder('embedder').embed(request.texts as string[]);
    return { embeddings: vectors.map((v) => Array.from(v)) };
  },
};

export default handler;
