import { describe, expect, it } from 'vitest';
import { splitDividend } from '../../devnet/pallets/subtensor/children.ts';
import { u96, u96PerU16, u96PerU64 } from '../../devnet/pallets/subtensor/fixed.ts';

const ALPHA = 1_000_000_000n;
const U64_MAX = (1n << 64n) - 1n;

describe("a child's dividends shared with its parents (get_parent_child_dividends_distribution)", () => {
  it('a parent of another coldkey gets its contribution share less the childkey take, which the child keeps', () => {
    // self contribution 1000, the parent's 3000: factor = U96F32(3000) / U96F32(4000) = 0.75 exactly.
    // The parent's emission is 1e9 · 0.75 = 750_000_000 exactly.
    // take 13107 / 65535 = 0.2, in U96F32 floor(2^32 / 5) = 858_993_459 bits (just under 0.2):
    // take part = 750e6 · 858_993_459 / 2^32 = 149_999_999.965… (kept as bits, not cut yet);
    // the parent gets floor(750e6 − 149_999_999.965…) = 600_000_000,
    // the child floor(250e6 + 149_999_999.965…) = 399_999_999: one RAO is lost to the truncation, as in the runtime.
    const take = u96PerU16(13107);
    expect(take).toBe(858_993_459n);
    const split = splitDividend(ALPHA, u96(1000n), [{ contribution: u96(3000n), otherColdkey: true }], take, 0n);
    expect(split).toEqual({ toParents: [600_000_000n], toHotkey: 399_999_999n, burned: [0n] });
  });

  it('a parent of the same coldkey pays no take, and CKBurn applies only to other coldkeys', () => {
    // same coldkey: 0.75 of 1e9 to the parent, 0.25 to the child, nothing taken
    const burn = u96PerU64(U64_MAX / 2n); // CKBurn of half u64::MAX: just under 0.5
    expect(splitDividend(ALPHA, u96(1000n), [{ contribution: u96(3000n), otherColdkey: false }], u96PerU16(13107), burn)).toEqual({
      toParents: [750_000_000n],
      toHotkey: 250_000_000n,
      burned: [0n],
    });
    // other coldkey, no take: burn = 750e6 · (2^31 − 1) / 2^32 bits (u96PerU64(u64::MAX / 2) = 2^31 − 1 bits),
    // 374_999_999.825… → 374_999_999 recycled; the parent keeps floor(750e6 − 374_999_999.825…) = 375_000_000
    expect(burn).toBe((1n << 31n) - 1n);
    expect(splitDividend(ALPHA, u96(1000n), [{ contribution: u96(3000n), otherColdkey: true }], 0n, burn)).toEqual({
      toParents: [375_000_000n],
      toHotkey: 250_000_000n,
      burned: [374_999_999n],
    });
  });

  it('two parents share by contribution; with no stake anywhere every share is zero and the child keeps all', () => {
    // 1000 : 1000 : 2000 → 0.25 and 0.5 exactly; the child keeps the remaining 0.25
    const parents = [
      { contribution: u96(1000n), otherColdkey: false },
      { contribution: u96(2000n), otherColdkey: false },
    ];
    expect(splitDividend(ALPHA, u96(1000n), parents, 0n, 0n)).toEqual({ toParents: [250_000_000n, 500_000_000n], toHotkey: 250_000_000n, burned: [0n, 0n] });
    // checked_div by a zero total is zero: nothing goes to the parents
    expect(splitDividend(ALPHA, 0n, [{ contribution: 0n, otherColdkey: true }], 0n, 0n)).toEqual({ toParents: [0n], toHotkey: ALPHA, burned: [0n] });
  });
});
