import { describe, expect, it } from 'vitest';
import { formatPpbPercent, grossForNet, limitPrice, parseTolerance, priceImpactPpb, swapLimitPrice, swapRatio } from '../../chain/stake-price.ts';
import { isSubnetError } from '../../core/errors.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return isSubnetError(err) ? err.code : String(err);
  }
  return undefined;
};

describe('stake price limits', () => {
  it('parses a tolerance as an exact fraction', () => {
    expect(parseTolerance('0.005')).toBe(5_000_000n);
    expect(parseTolerance('.5')).toBe(500_000_000n);
    expect(parseTolerance('3')).toBe(3_000_000_000n);
    expect(parseTolerance('0.000000001')).toBe(1n);
    for (const bad of ['0', '', '-0.1', 'abc', '0.0000000001', '5%']) expect(code(() => parseTolerance(bad))).toBe('BAD_TOLERANCE');
  });

  it('moves the limit against the caller: up for a purchase, down for a sale', () => {
    // a price of 1.2 TAO per alpha with 0.5 %: 1.206 to buy, 1.194 to sell
    expect(limitPrice(1_200_000_000n, 5_000_000n, 'buy')).toBe(1_206_000_000n);
    expect(limitPrice(1_200_000_000n, 5_000_000n, 'sell')).toBe(1_194_000_000n);
    // a purchase may accept a price 4 times today's; a sale cannot accept a price of 0 or less
    expect(limitPrice(1_000_000_000n, 3_000_000_000n, 'buy')).toBe(4_000_000_000n);
    expect(code(() => limitPrice(1_000_000_000n, 1_000_000_000n, 'sell'))).toBe('BAD_TOLERANCE');
  });

  it("a swap's limit is the origin's price in the destination's alpha, lowered by the tolerance", () => {
    // origin at 2 TAO, destination at 0.5 TAO: one origin alpha is worth 4 destination alpha
    expect(swapRatio(2_000_000_000n, 500_000_000n)).toBe(4_000_000_000n);
    expect(swapLimitPrice(2_000_000_000n, 500_000_000n, 10_000_000n)).toBe(3_960_000_000n);
    expect(swapRatio(1n, 0n)).toBe(0n);
  });

  it('price impact is the share of the ideal amount that slippage took', () => {
    // 1000 TAO into a 1000/1000 pool: 499.874081366 alpha of an ideal 1000 (test/swap/staking.int.test.ts)
    const impact = priceImpactPpb(499_874_081_366n, 1000_000_000_000n - 499_874_081_366n);
    expect(impact).toBe(500_125_918n);
    expect(formatPpbPercent(impact)).toBe('50.01 %');
    expect(formatPpbPercent(5_000_000n)).toBe('0.50 %');
    expect(priceImpactPpb(0n, 0n)).toBe(0n);
  });

  it('the gross amount of a fee-paying swap that nets a given amount', () => {
    // 33/65535: 100 TAO gross pays 50_354_772 fee; the net 99_949_645_228 grosses back to 100 TAO
    const gross = grossForNet(99_949_645_228n, 33);
    expect(gross - (gross * 33n) / 65535n).toBe(99_949_645_228n);
    expect(grossForNet(5n, 0)).toBe(5n);
  });
});
