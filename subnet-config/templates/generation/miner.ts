import { createHash } from 'node:crypto';
import type { MinerHandler } from 'subnetkit/scoring';

/** Stand-in for an LLM backend: a real miner would call an OpenAI-compatible upstream here. */
const OPENERS = ['Picture this:', 'Honestly,', 'As many say,', 'Every year,', 'Look closely:', 'Simply put,'];

const handler: MinerHandler = {
  respond(request, ctx) {
    const m = /Describe the (\w+) in (\w+)\./.exec(String(request.prompt));
    const h = createHash('sha256')
      .update(`${ctx.hotkey}|${String(request.prompt)}`)
      .digest();
    const opener = OPENERS[h[0] % OPENERS.length];
    if (!m) return { text: `${opener} I do not know.` };
    return { text: `${opener} the ${m[1]} in ${m[2]} is calm; in ${m[2]} light the ${m[1]} looks ${['bright', 'still', 'cold', 'warm'][h[1] % 4]}.` };
  },
};

export default handler;
