import { createHash } from 'node:crypto';
import type { MinerHandler } from '../../../scoring/challenge.ts';

/**
 * A stand-in for an LLM backend (a real miner would call an OpenAI-compatible
 * upstream): it reads the prompt's facts and writes its own story, phrased
 * differently per miner and per prompt, as sampling would.
 */
const OPENERS = ['Once upon a time', 'Long ago', 'In a quiet year', 'One day', 'Not long ago', 'Every child knows that'];
const LINKS = ['and so', 'while', 'because', 'although', 'after that', 'then'];
const CLOSERS = ['The end.', 'Everyone was happy.', 'Nobody forgot it.', 'It was a good life.', 'The story is still told today.', 'And that was that.'];

const handler: MinerHandler = {
  respond(request, ctx) {
    const prompt = String(request.prompt ?? '');
    const m = /about a (\w+) (\w+) in the (\w+) during (\w+) that likes to (\w+)/.exec(prompt);
    const h = createHash('sha256').update(`${ctx.hotkey}|${prompt}`).digest();
    const pick = <T>(xs: T[], i: number) => xs[h[i] % xs.length];
    if (!m) return { text: `${pick(OPENERS, 0)} there was a story, but the prompt was unclear.` };
    const [, color, animal, place, season, activity] = m;
    const variants = [
      `${pick(OPENERS, 1)}, a ${color} ${animal} made its home in the ${place}. In ${season} it loved to ${activity}, ${pick(LINKS, 2)} the ${place} grew quiet. ${pick(CLOSERS, 3)}`,
      `In the ${place} there lived a ${animal}, ${color} as the light. When ${season} came, the ${animal} would ${activity} all day ${pick(LINKS, 4)} friends watched. ${pick(CLOSERS, 5)}`,
      `${pick(OPENERS, 6)} the ${season} was long. A ${color} ${animal} from the ${place} wanted to ${activity}, ${pick(LINKS, 7)} it did, every day. ${pick(CLOSERS, 8)}`,
      `This is the story of a ${color} ${animal}. It liked to ${activity} in the ${place}, most of all in ${season}, ${pick(LINKS, 9)} the sun was low. ${pick(CLOSERS, 10)}`,
    ];
    return { text: pick(variants, 11) };
  },
};

export default handler;
