import type { SeededRng } from '../scoring/challenge.ts';

const FILLER = ['the', 'gold', 'market', 'song', 'blue', 'house', 'dark', 'team', 'quiet', 'bridge', 'paper', 'storm', 'apple', 'north', 'game'];

/**
 * Gaussian noise of `sigma` on every number of a response body (typed float
 * vectors keep their type); for texts,
 * each word is replaced by a random one with probability `sigma`.
 */
export function addNoise(body: unknown, sigma: number, rng: SeededRng): unknown {
  if (typeof body === 'number') return body + sigma * rng.normal();
  if (body instanceof Float32Array || body instanceof Float64Array) return body.map((v) => v + sigma * rng.normal());
  if (typeof body === 'string') return body.replace(/[A-Za-z]+/g, (w) => (rng.float() < sigma ? rng.pick(FILLER) : w));
  if (Array.isArray(body)) return body.map((v) => addNoise(v, sigma, rng));
  if (body !== null && typeof body === 'object') return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, addNoise(v, sigma, rng)]));
  return body;
}

/** A body of the same shape as `like` with random content: what a miner that does no work sends. */
export function randomLike(like: unknown, rng: SeededRng): unknown {
  if (typeof like === 'number') return rng.normal();
  if (like instanceof Float32Array || like instanceof Float64Array) return like.map(() => rng.normal());
  if (typeof like === 'string') {
    const n = Math.max(1, like.split(/\s+/).length);
    return Array.from({ length: n }, () => rng.pick(FILLER)).join(' ');
  }
  if (Array.isArray(like)) return like.map((v) => randomLike(v, rng));
  if (like !== null && typeof like === 'object') return Object.fromEntries(Object.entries(like).map(([k, v]) => [k, randomLike(v, rng)]));
  return like;
}
