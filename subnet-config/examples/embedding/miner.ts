import { SubnetError } from '../../../core/errors.ts';
import type { MinerHandler } from '../../../scoring/challenge.ts';

/** The honest miner: embeds the texts with the subnet's reference model. */
const handler: MinerHandler = {
  async respond(request, ctx) {
    if (!ctx.runtime) throw new SubnetError('MINER_NO_RUNTIME', 'the embedding miner needs the reference model loaded');
    const texts = request.texts as string[];
    const vectors = await ctx.runtime.embedder(String(ctx.options.model ?? 'embedder')).embed(texts);
    return { embeddings: vectors.map((v) => Array.from(v)) };
  },
};

export default handler;
