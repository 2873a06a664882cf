import { describe, expect, it } from 'vitest';
import { nextWeightAction, type WeightScheduleInput } from '../../validator/weight-schedule.ts';

const base: WeightScheduleInput = {
  block: 100,
  cadenceBlocks: 20,
  rateLimit: 5,
  lastUpdate: 0,
  lastSetBlock: null,
  nextRetryBlock: null,
  pendingCommits: 0,
};

describe('weight schedule', () => {
  it('submits immediately the first time, then every cadence', () => {
    expect(nextWeightAction(base)).toEqual({ kind: 'submit' });
    expect(nextWeightAction({ ...base, block: 110, lastSetBlock: 100, lastUpdate: 100 })).toEqual({ kind: 'wait', reason: 'cadence', untilBlock: 120 });
    expect(nextWeightAction({ ...base, block: 120, lastSetBlock: 100, lastUpdate: 100 })).toEqual({ kind: 'submit' });
  });

  it('never goes faster than WeightsSetRateLimit after the chain LastUpdate', () => {
    const input = { ...base, block: 120, lastSetBlock: 100, lastUpdate: 118, rateLimit: 10 };
    expect(nextWeightAction(input)).toEqual({ kind: 'wait', reason: 'rate-limit', untilBlock: 128 });
    expect(nextWeightAction({ ...input, block: 128 })).toEqual({ kind: 'submit' });
  });

  it('respects the rate limit even when its own record was lost', () => {
    expect(nextWeightAction({ ...base, block: 103, lastUpdate: 100 })).toEqual({ kind: 'wait', reason: 'rate-limit', untilBlock: 105 });
  });

  it('retries in the next window after a failure', () => {
    const input = { ...base, block: 101, nextRetryBlock: 120 };
    expect(nextWeightAction(input)).toEqual({ kind: 'wait', reason: 'retry', untilBlock: 120 });
    expect(nextWeightAction({ ...input, block: 120 })).toEqual({ kind: 'submit' });
  });

  it('reveals a pending commit before anything else and never stacks commits', () => {
    expect(nextWeightAction({ ...base, pendingCommits: 1 })).toEqual({ kind: 'reveal' });
    expect(nextWeightAction({ ...base, block: 500, lastSetBlock: 100, pendingCommits: 2 })).toEqual({ kind: 'reveal' });
  });
});
