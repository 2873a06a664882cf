import { describe, expect, it } from 'vitest';
import { deriveChallengeSeed, seededRandom, seedHex } from '../../validator/challenge-seed.ts';
import { sampleMiners } from '../../validator/miner-sample.ts';
import type { AxonInfo } from '../../chain/metagraph.ts';

const secretA = new Uint8Array(32).fill(7);
const secretB = new Uint8Array(32).fill(8);
const hash = `0x${'12'.repeat(32)}`;

describe('challenge seeds', () => {
  it('are reproducible from block hash, secret and round', () => {
    expect(seedHex(deriveChallengeSeed(secretA, hash, 3))).toBe(seedHex(deriveChallengeSeed(secretA, hash.toUpperCase().replace('0X', '0x'), 3)));
    expect(seedHex(deriveChallengeSeed(secretA, hash, 3))).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('differ per secret, per block and per round', () => {
    const s = seedHex(deriveChallengeSeed(secretA, hash, 3));
    expect(seedHex(deriveChallengeSeed(secretB, hash, 3))).not.toBe(s);
    expect(seedHex(deriveChallengeSeed(secretA, `0x${'13'.repeat(32)}`, 3))).not.toBe(s);
    expect(seedHex(deriveChallengeSeed(secretA, hash, 4))).not.toBe(s);
  });

  it('rejects a short secret', () => {
    expect(() => deriveChallengeSeed(new Uint8Array(4), hash, 0)).toThrow(/secret/);
  });

  it('drives a deterministic PRNG in [0, 1)', () => {
    const seed = deriveChallengeSeed(secretA, hash, 1);
    const a = seededRandom(seed);
    const b = seededRandom(seed);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(100);
  });
});

const axon = (ip: string, port: number): AxonInfo => ({ block: 1, version: 1, ip, port, ipType: 4, protocol: 4 });

describe('miner sampling', () => {
  const axons = [axon('127.0.0.1', 1000), axon('0.0.0.0', 0), axon('127.0.0.1', 1002), axon('127.0.0.1', 1003), axon('127.0.0.1', 1004)];

  it('skips itself, reports unserved uids and takes the least recently observed first', () => {
    const sample = sampleMiners({
      axons,
      selfUid: 0,
      lastObservedRound: [5, -1, 4, -1, 2],
      sampleSize: 2,
      random: seededRandom(new Uint8Array(32)),
    });
    expect(sample.unserved).toEqual([1]);
    expect(sample.query.sort()).toEqual([3, 4]);
  });

  it('covers every serving miner within ceil(N / sampleSize) rounds', () => {
    const last = [-1, -1, -1, -1, -1];
    const seen = new Set<number>();
    for (let round = 1; round <= 2; round++) {
      const { query } = sampleMiners({ axons, selfUid: 0, lastObservedRound: last, sampleSize: 2, random: seededRandom(new Uint8Array(32).fill(round)) });
      for (const uid of query) {
        seen.add(uid);
        last[uid] = round;
      }
    }
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });
});
