import { describe, expect, it } from 'vitest';
import {
  epochOfBlock,
  firstBlockOfEpoch,
  nextWeightAction,
  revealWindow,
  type CommitRevealParams,
  type PendingCommit,
  type WeightScheduleInput,
} from '../../validator/weight-schedule.ts';

const noCr: CommitRevealParams = { enabled: false, netuid: 1, tempo: 10, revealPeriodEpochs: 1 };
const base: WeightScheduleInput = {
  block: 100,
  cadenceBlocks: 20,
  rateLimit: 5,
  lastUpdate: 0,
  lastSetBlock: null,
  nextRetryBlock: null,
  commitReveal: noCr,
  pendingCommit: null,
};

describe('weight schedule', () => {
  it('sets immediately the first time, then every cadence', () => {
    expect(nextWeightAction(base)).toEqual({ kind: 'set' });
    expect(nextWeightAction({ ...base, block: 110, lastSetBlock: 100, lastUpdate: 100 })).toEqual({
      kind: 'wait',
      reason: 'cadence',
      untilBlock: 120,
    });
    expect(nextWeightAction({ ...base, block: 120, lastSetBlock: 100, lastUpdate: 100 })).toEqual({ kind: 'set' });
  });

  it('never goes faster than WeightsSetRateLimit after the chain LastUpdate', () => {
    const input = { ...base, block: 120, lastSetBlock: 100, lastUpdate: 118, rateLimit: 10 };
    expect(nextWeightAction(input)).toEqual({ kind: 'wait', reason: 'rate-limit', untilBlock: 128 });
    expect(nextWeightAction({ ...input, block: 128 })).toEqual({ kind: 'set' });
  });

  it('retries in the next window after a failure', () => {
    const input = { ...base, block: 101, lastSetBlock: null, nextRetryBlock: 120 };
    expect(nextWeightAction(input)).toEqual({ kind: 'wait', reason: 'retry', untilBlock: 120 });
    expect(nextWeightAction({ ...input, block: 120 })).toEqual({ kind: 'set' });
  });

  it('commits instead of setting when commit-reveal is on, then reveals in the window', () => {
    const cr = { ...noCr, enabled: true };
    expect(nextWeightAction({ ...base, commitReveal: cr })).toEqual({ kind: 'commit' });
    const commit: PendingCommit = {
      hash: `0x${'ab'.repeat(32)}`,
      uids: [1],
      values: [65535],
      salt: [1, 2],
      versionKey: '0',
      commitBlock: 100,
      ...revealWindow(100, cr),
    };
    const pending = { ...base, commitReveal: cr, pendingCommit: commit, lastSetBlock: 100 };
    expect(nextWeightAction({ ...pending, block: commit.firstRevealBlock - 1 })).toEqual({
      kind: 'wait',
      reason: 'reveal-window',
      untilBlock: commit.firstRevealBlock,
    });
    expect(nextWeightAction({ ...pending, block: commit.firstRevealBlock })).toEqual({ kind: 'reveal', commit });
    expect(nextWeightAction({ ...pending, block: commit.lastRevealBlock })).toEqual({ kind: 'reveal', commit });
    expect(nextWeightAction({ ...pending, block: commit.lastRevealBlock + 1 })).toEqual({ kind: 'expire', commit });
    expect(nextWeightAction({ ...pending, commitReveal: noCr })).toEqual({ kind: 'expire', commit });
  });

  it('numbers epochs like subtensor commit-reveal v2', () => {
    // epoch = floor((block + netuid + 1) / (tempo + 1)); netuid 1, tempo 10
    expect(epochOfBlock(8, 1, 10)).toBe(0);
    expect(epochOfBlock(9, 1, 10)).toBe(1);
    expect(firstBlockOfEpoch(1, 1, 10)).toBe(9);
    expect(firstBlockOfEpoch(2, 1, 10)).toBe(20);
    const w = revealWindow(12, { enabled: true, netuid: 1, tempo: 10, revealPeriodEpochs: 1 });
    expect(w).toEqual({ firstRevealBlock: 20, lastRevealBlock: 30 });
    expect(epochOfBlock(w.firstRevealBlock, 1, 10)).toBe(epochOfBlock(12, 1, 10) + 1);
    expect(epochOfBlock(w.lastRevealBlock, 1, 10)).toBe(epochOfBlock(12, 1, 10) + 1);
    expect(epochOfBlock(w.lastRevealBlock + 1, 1, 10)).toBe(epochOfBlock(12, 1, 10) + 2);
  });
});
