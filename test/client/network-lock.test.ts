import { describe, expect, it } from 'vitest';
import { networkLockCost } from '../../chain/network-lock.ts';

const TAO = 1_000_000_000n;
const base = { lastLock: 1000n * TAO, minLock: 1000n * TAO, reductionInterval: 100_800n, blockEmission: TAO };

describe('network lock cost from storage (get_network_lock_cost)', () => {
  it('is the minimum before any subnet was registered', () => {
    expect(networkLockCost({ ...base, block: 50_000n, lastLockBlock: 0n })).toBe(1000n * TAO);
  });

  it('doubles the last lock and decays it linearly, floored at the minimum', () => {
    expect(networkLockCost({ ...base, block: 100n, lastLockBlock: 100n })).toBe(2000n * TAO);
    expect(networkLockCost({ ...base, block: 110n, lastLockBlock: 100n })).toBe(2000n * TAO - ((1000n * TAO) / 100_800n) * 10n);
    // the per-block step is rounded down, so one interval later the cost is still a little above the minimum
    expect(networkLockCost({ ...base, block: 100n + 100_800n, lastLockBlock: 100n })).toBe(2000n * TAO - 9_920_634n * 100_800n);
    expect(networkLockCost({ ...base, block: 100n + 100_900n, lastLockBlock: 100n })).toBe(1000n * TAO);
    expect(networkLockCost({ ...base, block: 100n + 500_000n, lastLockBlock: 100n })).toBe(1000n * TAO);
  });

  it('decays half as fast after a halving, and not at all once emission stops', () => {
    const halved = { ...base, blockEmission: TAO / 2n };
    expect(networkLockCost({ ...halved, block: 110n, lastLockBlock: 100n })).toBe(2000n * TAO - ((1000n * TAO) / 50_400n) * 10n);
    expect(networkLockCost({ ...base, blockEmission: 0n, block: 100_000n, lastLockBlock: 100n })).toBe(2000n * TAO);
  });
});
