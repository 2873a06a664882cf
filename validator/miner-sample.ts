import type { AxonInfo } from '../chain/metagraph.ts';

/**
 * Which miners a round queries. Rotation, not pure chance: candidates are
 * ordered by the round in which they were last observed (never-observed first),
 * ties broken by the seeded shuffle, and the first `sampleSize` are taken. Every
 * serving miner is thus queried at least once every ceil(N / sampleSize) rounds,
 * which is what lets unsampled miners keep their score untouched (see
 * `score-state.ts`), while the order within a tie stays unpredictable.
 */
export interface SampleInput {
  axons: readonly AxonInfo[];
  /** the validator's own uid, never queried; undefined when unregistered */
  selfUid?: number;
  lastObservedRound: readonly number[];
  sampleSize: number;
  random: () => number;
}

export interface MinerSample {
  /** uids to query this round */
  query: number[];
  /** uids with no served axon: they cannot work and are observed as 0 */
  unserved: number[];
}

export function isServing(axon: AxonInfo | undefined): boolean {
  return axon !== undefined && axon.port > 0 && axon.ip !== '' && axon.ip !== '0.0.0.0' && axon.ip !== '::';
}

export function sampleMiners(input: SampleInput): MinerSample {
  const serving: number[] = [];
  const unserved: number[] = [];
  input.axons.forEach((axon, uid) => {
    if (uid === input.selfUid) return;
    (isServing(axon) ? serving : unserved).push(uid);
  });
  // Fisher-Yates with the seeded PRNG, then a stable sort by last observation.
  for (let i = serving.length - 1; i > 0; i--) {
    const j = Math.floor(input.random() * (i + 1));
    [serving[i], serving[j]] = [serving[j], serving[i]];
  }
  const last = (uid: number) => input.lastObservedRound[uid] ?? -1;
  serving.sort((x, y) => last(x) - last(y));
  return { query: serving.slice(0, Math.max(0, input.sampleSize)), unserved };
}
