import type { MinerHandler } from 'subnetkit/scoring';

/** The honest miner: embed every text with the reference model. */
const handler: MinerHandler = {
  async respond(request, ctx) {
    if (!ctx.runtime) throw new Error('the reference model is not loaded');
    const vectors = await ctx.runtime.embedder('embedder').embed(request.texts as string[]);
    // Float32Array travels as raw bytes (1,536 per vector), not as msgpack doubles
    return { embeddings: vectors };
  },
};

export default handler;
