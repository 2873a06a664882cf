import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../scoring/challenge.ts';
import { cosine, textSimilarity } from '../../scoring/similarity.ts';
import { behaviourLabel, parseMinerBehaviour } from '../../simulate/behaviour.ts';
import { addNoise, randomLike } from '../../simulate/perturb.ts';

describe('simulated behaviours', () => {
  it('parses every behaviour and round-trips its label', () => {
    for (const text of ['honest', 'noisy:0.05', 'random', 'copier', 'slow:1500', 'offline', 'lazy']) expect(behaviourLabel(parseMinerBehaviour(text))).toBe(text);
    expect(parseMinerBehaviour('noisy:.5')).toEqual({ kind: 'noisy', sigma: 0.5 });
    for (const bad of ['noisy', 'noisy:-1', 'slow:fast', 'slow:1.5', 'honest:1', 'sleepy', '']) expect(() => parseMinerBehaviour(bad)).toThrow(/is not one of/);
  });

  it('noise perturbs numbers by sigma and words with probability sigma, keeping the shape', () => {
    const rng = new SeededRng('n');
    const v = Array.from({ length: 384 }, () => rng.normal() / Math.sqrt(384));
    const noisy = addNoise({ embeddings: [v], id: 'x' }, 0.001, rng) as { embeddings: number[][]; id: string };
    expect(noisy.embeddings[0]).toHaveLength(384);
    expect(cosine(v, noisy.embeddings[0])).toBeGreaterThan(0.99);
    expect(noisy.id).not.toBeUndefined();
    const text = 'the red fox runs in the forest every winter morning';
    expect(addNoise(text, 0, rng)).toBe(text);
    expect(textSimilarity(text, addNoise(text, 0.5, rng) as string)).toBeLessThan(0.8);
  });

  it('random answers have the honest shape but unrelated content', () => {
    const rng = new SeededRng('r');
    const honest = { embeddings: [[0.6, 0.8, 0]], text: 'a b c d' };
    const r = randomLike(honest, rng) as typeof honest;
    expect(r.embeddings[0]).toHaveLength(3);
    expect(r.text.split(' ')).toHaveLength(4);
    expect(r.text).not.toBe(honest.text);
  });
});
