import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../scoring/challenge.ts';
import { cosine, textSimilarity } from '../../scoring/similarity.ts';
import { behaviourLabel, DEFAULT_NOISE_SIGMA, DEFAULT_SLOW_MS, expandMinerBehaviours, parseMinerEntry } from '../../simulate/behaviour.ts';
import { SimulationSchema } from '../../subnet-config/schema/simulation.ts';
import { addNoise, randomLike } from '../../simulate/perturb.ts';

describe('simulated behaviours', () => {
  it('parses every behaviour and round-trips its label', () => {
    const behaviour = (text: string) => parseMinerEntry(text).behaviour;
    for (const text of ['honest', 'noisy:0.05', 'random', 'copier', 'slow:1500', 'offline', 'lazy']) expect(behaviourLabel(behaviour(text))).toBe(text);
    expect(behaviour('noisy:.5')).toEqual({ kind: 'noisy', sigma: 0.5 });
    for (const bad of ['noisy:', 'noisy:-1', 'slow:fast', 'slow:1.5', 'honest:0', 'honest:x', 'honest:1:2', 'noisy:0.1:0', 'sleepy', '']) {
      expect(() => parseMinerEntry(bad), bad).toThrow(/is not one of/);
    }
  });

  it('takes counts and default values as people type them', () => {
    expect(parseMinerEntry('noisy')).toEqual({ behaviour: { kind: 'noisy', sigma: DEFAULT_NOISE_SIGMA }, count: 1 });
    expect(parseMinerEntry('slow')).toEqual({ behaviour: { kind: 'slow', ms: DEFAULT_SLOW_MS }, count: 1 });
    expect(parseMinerEntry('honest:3')).toEqual({ behaviour: { kind: 'honest' }, count: 3 });
    expect(parseMinerEntry('noisy:0.1:2')).toEqual({ behaviour: { kind: 'noisy', sigma: 0.1 }, count: 2 });
    expect(expandMinerBehaviours(['honest:2', 'noisy', 'slow:900:2']).map(behaviourLabel)).toEqual([
      'honest',
      'honest',
      `noisy:${DEFAULT_NOISE_SIGMA}`,
      'slow:900',
      'slow:900',
    ]);
    // the subnet.yaml schema accepts the same entries
    for (const ok of ['honest:3', 'noisy', 'noisy:0.1:2', 'slow', 'slow:900:2']) expect(SimulationSchema.shape.miners.safeParse([ok]).success, ok).toBe(true);
    for (const bad of ['honest:0', 'noisy:', 'sleepy']) expect(SimulationSchema.shape.miners.safeParse([bad]).success, bad).toBe(false);
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
