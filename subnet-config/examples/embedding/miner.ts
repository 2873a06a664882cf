import { SubnetError } from '../../../core/errors.ts';
import type { MinerHandler } from '../../../scoring/challenge.ts';

/** The honest miner: embeds the texts with the subnet's reference model. */
const handler: MinerHandler = {
  async respond(request, ctx) {
    if (!ctx.runtime) throw new SubnetError('MINER_NO_RUNTIME', 'the embedding miner needs the reference model loaded');
    const texts = request.texts as string[];
    const vectors = await ctx.runtime.embedder(String(ctx.options.model ?? 'embedder')).embed(texts);
    // Float32Array travels as raw bytes (1,536 per vector), not as msgpack doubles
    return { embeddings: vectors };
  },
};

export default handler;
