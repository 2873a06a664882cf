import { describe, expect, it } from 'vitest';
import { adminRefusal, inFreezeWindow, nextAllowedBlock, rateLimitOpensAt, type AdminWindowState } from '../../chain/admin-window.ts';
import { blocksUntilNextEpoch } from '../../devnet/pallets/subtensor/schedule.ts';

// netuid 1, tempo 10: epochs run in blocks 8, 19, 30, … ((block + 2) % 11 == 10)
const base: AdminWindowState = { netuid: 1, tempo: 10, freezeWindow: 3, rateLimitTempos: 2, lastChange: 0, byRoot: false };

describe('admin window schedule', () => {
  it('freezes the last AdminFreezeWindow blocks up to and including the epoch block, as the runtime counts them', () => {
    const frozen = [...Array(32).keys()].filter((b) => inFreezeWindow(base, b));
    expect(frozen).toEqual([6, 7, 8, 17, 18, 19, 28, 29, 30]);
    for (let b = 0; b < 40; b++) expect(inFreezeWindow(base, b)).toBe(blocksUntilNextEpoch(1, 10, BigInt(b)) < 3n);
    expect(inFreezeWindow({ ...base, tempo: 0 }, 7)).toBe(false);
    expect(inFreezeWindow({ ...base, freezeWindow: 0 }, 8)).toBe(false);
  });

  it('opens the rate limit tempo × limit blocks after the last owner change; never changed or root is not limited', () => {
    expect(rateLimitOpensAt({ ...base, lastChange: 9 })).toBe(29);
    expect(rateLimitOpensAt(base)).toBe(0);
    expect(rateLimitOpensAt({ ...base, lastChange: 9, byRoot: true })).toBe(0);
    expect(adminRefusal({ ...base, lastChange: 9 }, 28)).toBe('OWNER_HYPERPARAMETER_RATE_LIMIT');
    expect(adminRefusal({ ...base, lastChange: 9 }, 29)).toBe('ADMIN_FREEZE_WINDOW');
    expect(adminRefusal({ ...base, lastChange: 9 }, 31)).toBeNull();
  });

  it('the next allowed block passes both rules: past the rate limit, then past the window', () => {
    expect(nextAllowedBlock(base, 5)).toBe(5);
    expect(nextAllowedBlock(base, 6)).toBe(9);
    expect(nextAllowedBlock(base, 8)).toBe(9);
    // the limit opens at 29, inside the window before epoch block 30
    expect(nextAllowedBlock({ ...base, lastChange: 9 }, 10)).toBe(31);
    expect(nextAllowedBlock({ ...base, lastChange: 1 }, 10)).toBe(21);
    // a window longer than the tempo covers every block
    expect(nextAllowedBlock({ ...base, freezeWindow: 11 }, 5)).toBeNull();
  });
});
