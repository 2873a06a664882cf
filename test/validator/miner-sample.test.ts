import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../scoring/challenge.ts';
import { sampleMiners } from '../../validator/miner-sample.ts';
import type { AxonInfo } from '../../chain/metagraph.ts';

const rng = (seed: string) => {
  const r = new SeededRng(seed);
  return () => r.float();
};
const axon = (ip: string, port: number): AxonInfo => ({ block: 1, version: 1, ip, port, ipType: 4, protocol: 4 });

describe('miner sampling', () => {
  const axons = [axon('127.0.0.1', 1000), axon('0.0.0.0', 0), axon('127.0.0.1', 1002), axon('127.0.0.1', 1003), axon('127.0.0.1', 1004)];

  it('skips itself, reports unserved uids and takes the least recently observed first', () => {
    const sample = sampleMiners({
      axons,
      selfUid: 0,
      lastObservedRound: [5, -1, 4, -1, 2],
      sampleSize: 2,
      random: rng('a'),
    });
    expect(sample.unserved).toEqual([1]);
    expect(sample.query.sort()).toEqual([3, 4]);
  });

  it('covers every serving miner within ceil(N / sampleSize) rounds', () => {
    const last = [-1, -1, -1, -1, -1];
    const seen = new Set<number>();
    for (let round = 1; round <= 2; round++) {
      const { query } = sampleMiners({ axons, selfUid: 0, lastObservedRound: last, sampleSize: 2, random: rng(`r${round}`) });
      for (const uid of query) {
        seen.add(uid);
        last[uid] = round;
      }
    }
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });
});
