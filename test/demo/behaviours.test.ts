import { describe, expect, it } from 'vitest';
import noisy, { addNoise, NOISE_SIGMA } from '../../demo/behaviours/noisy.ts';
import random from '../../demo/behaviours/random.ts';
import { referenceEmbeddings } from '../../demo/behaviours/reference.ts';
import type { HandlerContext } from '../../protocol/synapse-handler.ts';
import { cosine } from '../../scoring/similarity.ts';

const ctx: HandlerContext = { caller: '5Caller', requestId: 1, signal: new AbortController().signal, deadline: Date.now() + 10_000 };
const synapse = { name: 'Embed', body: { texts: ['the validator asks', 'a second text to embed'] }, timeoutMs: 2000 };

describe("the demo's miner behaviours", () => {
  it('noisy answers the reference vectors, 60% of the time with noise the verification gate rejects', async () => {
    const reference = await referenceEmbeddings(synapse);
    expect(reference).toHaveLength(2);
    expect(reference[0]).toHaveLength(384);
    let clean = 0;
    for (let i = 0; i < 40; i++) {
      const { embeddings } = await noisy(synapse, ctx);
      const cos = cosine(embeddings[0], reference[0]);
      if (cos > 0.9999) clean++;
      // the embedding subnet's verification ramp is 0.99 -> 0.999: a noisy answer scores 0
      else expect(cos).toBeLessThan(0.99);
    }
    expect(clean).toBeGreaterThan(5);
    expect(clean).toBeLessThan(35);
  }, 60_000);

  it('addNoise keeps unit length and lands near the expected cosine', () => {
    const v = Array.from({ length: 384 }, (_, i) => (i === 0 ? 1 : 0));
    const n = addNoise(v, NOISE_SIGMA);
    expect(Math.hypot(...n)).toBeCloseTo(1, 9);
    expect(cosine(n, v)).toBeGreaterThan(0.85);
    expect(cosine(n, v)).toBeLessThan(0.98);
  });

  it('random answers well-formed unit vectors unrelated to the texts', async () => {
    const { embeddings } = await random(synapse, ctx);
    expect(embeddings).toHaveLength(2);
    expect(embeddings[0]).toHaveLength(384);
    expect(Math.hypot(...embeddings[0])).toBeCloseTo(1, 9);
    await expect(random({ name: 'Embed', body: { texts: 'not an array' }, timeoutMs: 1 }, ctx)).rejects.toThrow(/texts must be an array/);
  });
});
