import { describe, expect, it } from 'vitest';
import { add, div, fromF64, fromInt, isqrt, mul, ONE, sqrt, sub, toU64 } from '../../devnet/pallets/swap/fixed.ts';
import { limitSqrtPrice, MAX_PRICE, MIN_PRICE, swap, SwapError, type Pool } from '../../devnet/pallets/swap/pool.ts';
import { bitmapPositions, sqrtPriceAtTick, sqrtRatioAtTick, tickAtSqrtPrice, TICK_MAX, TICK_MIN } from '../../devnet/pallets/swap/tick-math.ts';

const TAO = 1_000_000_000n;

/** A subnet's pool as `register_network` leaves it: the minimum lock (1000 TAO) on each side, not yet initialized. */
function freshPool(reserve = 1000n * TAO): Pool {
  return {
    mechanism: 1,
    taoReserve: reserve,
    alphaReserve: reserve,
    initialized: false,
    sqrtPrice: 0n,
    tick: 0,
    liquidity: 0n,
    feeRate: 33,
    feeGlobalTao: 0n,
    feeGlobalAlpha: 0n,
    ticks: new Map(),
  };
}

describe('U64F64 (substrate_fixed)', () => {
  it('truncates products and quotients and saturates at the range', () => {
    expect(mul(fromInt(3n), fromInt(7n))).toBe(fromInt(21n));
    expect(div(fromInt(1n), fromInt(3n))).toBe(ONE / 3n); // 0x5555…55, the last bit dropped
    expect(div(fromInt(1n), 0n)).toBe(0n); // safe_div
    expect(sub(fromInt(1n), fromInt(2n))).toBe(0n);
    expect(add((1n << 128n) - 1n, ONE)).toBe((1n << 128n) - 1n);
    expect(toU64(fromInt(5n) + ONE - 1n)).toBe(5n);
    expect(toU64(mul(fromInt(1n << 40n), fromInt(1n << 40n)))).toBe((1n << 64n) - 1n);
  });
  it('converts doubles to the nearest 2^-64', () => {
    expect(fromF64(0.5)).toBe(ONE / 2n);
    expect(fromF64(1e-12)).toBe(18_446_744n); // 1e-12 * 2^64 = 18446744.07…
    expect(fromF64(4294886577.20989222513899790805)).toBe(BigInt(4294886577.20989222513899790805 * 2 ** 32) << 32n);
  });
  it('checked_sqrt bisects to within epsilon', () => {
    const eps = fromF64(1e-12);
    expect(sqrt(fromInt(4n), eps)).toBe(fromInt(2n)); // the first midpoint of [0, 4] is exact
    const r = sqrt(fromInt(2n), eps);
    expect(Number(r) / 2 ** 64).toBeCloseTo(Math.SQRT2, 11);
    expect(isqrt(10n ** 24n)).toBe(10n ** 12n);
    expect(isqrt(10n ** 24n - 1n)).toBe(10n ** 12n - 1n);
  });
});

describe('tick math (Uniswap v3 TickMath in U64F64)', () => {
  it('matches Uniswap at tick 0 and its bounds', () => {
    expect(sqrtRatioAtTick(0)).toBe(1n << 96n);
    expect(sqrtRatioAtTick(-887272)).toBe(4295128739n); // MIN_SQRT_RATIO
    expect(sqrtRatioAtTick(887272)).toBe(1461446703485210103287273052203988822378723970342n); // MAX_SQRT_RATIO
  });
  it('finds the tick whose range holds a sqrt price, clamped to ±443636', () => {
    expect(tickAtSqrtPrice(ONE)).toBe(0);
    expect(tickAtSqrtPrice(sqrtPriceAtTick(100))).toBe(100);
    expect(tickAtSqrtPrice(sqrtPriceAtTick(100) - 1n)).toBe(99);
    expect(tickAtSqrtPrice(sqrtPriceAtTick(-5000))).toBe(-5000);
    expect(tickAtSqrtPrice((1n << 128n) - 1n)).toBe(TICK_MAX);
    expect(tickAtSqrtPrice(1n)).toBe(TICK_MIN);
  });
});

describe('the active-tick bitmap', () => {
  it('marks a tick offset by 887272 in three layers of 128-bit words', () => {
    // -443636 + 887272 = 443636 = 3465 * 128 + 116; 3465 = 27 * 128 + 9; 27 = 0 * 128 + 27
    expect(bitmapPositions(TICK_MIN)).toEqual([
      ['Top', 0, 1n << 27n],
      ['Middle', 27, 1n << 9n],
      ['Bottom', 3465, 1n << 116n],
    ]);
    // 443636 + 887272 = 1330908 = 10397 * 128 + 92; 10397 = 81 * 128 + 29; 81 = 0 * 128 + 81
    expect(bitmapPositions(TICK_MAX)).toEqual([
      ['Top', 0, 1n << 81n],
      ['Middle', 81, 1n << 29n],
      ['Bottom', 10397, 1n << 92n],
    ]);
  });
});

describe('the pool of a fresh subnet', () => {
  it('starts at price 1 with the protocol liquidity sqrt(tao * alpha) over the full range', () => {
    const pool = freshPool();
    swap(pool, 'buy', 10n * TAO, limitSqrtPrice(MAX_PRICE), false, true);
    // liquidity = sqrt(1e12 * 1e12) = 1e12; the ticks at ±443636 carry it (+L low, -L high)
    expect(pool.liquidity).toBe(10n ** 12n);
    expect(pool.ticks.get(TICK_MIN)).toMatchObject({ liquidity_net: 10n ** 12n, liquidity_gross: 10n ** 12n });
    expect(pool.ticks.get(TICK_MAX)).toMatchObject({ liquidity_net: -(10n ** 12n), liquidity_gross: 10n ** 12n });
  });

  it('stakes 1000 TAO into 499.874081366 alpha, and half of it back for 666.051294614 TAO', () => {
    const pool = freshPool();
    // Buy, one swap step (the edge is tick 443636, far above):
    //   fee       = floor(1e12 * (33 / 65535))                      = 503_547_722 rao (0.05 %)
    //   delta_in  = 1e12 - fee                                      = 999_496_452_278
    //   sqrt_p'   = delta_in / L + sqrt_p = 0.999496452278 + 1      ≈ 1.9995 (price ≈ 3.998)
    //   alpha out = L / ((L * sqrt_p + delta_in) * sqrt_p) * delta_in
    //             = 1e12 * 0.999496452278e12 / 1.999496452278e12    ≈ 499.874081 alpha (U64F64 truncations)
    const buy = swap(pool, 'buy', 1000n * TAO, limitSqrtPrice(MAX_PRICE), false, false);
    expect(buy).toEqual({ paidIn: 999_496_452_278n, paidOut: 499_874_081_366n, fee: 503_547_722n });
    expect(pool.sqrtPrice).toBe(36_884_199_331_462_469_787n);
    expect(pool.tick).toBe(13858);
    // the fee stays with the liquidity: FeeGlobalTao += fee / (L - MinimumLiquidity)
    expect(pool.feeGlobalTao).toBe(div(fromInt(503_547_722n), fromInt(10n ** 12n - 1000n)));
    // the staking layer moves the reserves: TAO += paid in (fee excluded), alpha -= paid out
    pool.taoReserve += buy.paidIn;
    pool.alphaReserve -= buy.paidOut;

    // Sell half: the same curve the other way, sqrt_p' = 1 / (delta_in / L + 1 / sqrt_p)
    const half = buy.paidOut / 2n;
    const sell = swap(pool, 'sell', half, limitSqrtPrice(MIN_PRICE), false, false);
    expect(sell.fee).toBe(125_855_227n); // floor(249_937_040_683 * 33 / 65535)
    expect(sell.paidIn + sell.fee).toBe(half);
    expect(sell.paidOut).toBe(666_051_294_614n);
    expect(tickAtSqrtPrice(pool.sqrtPrice)).toBe(pool.tick);
  });

  it('a simulated swap changes nothing the caller keeps; the quote equals the real swap', () => {
    const a = freshPool();
    const b = freshPool();
    const quote = swap(a, 'buy', 1000n * TAO, limitSqrtPrice(MAX_PRICE), false, true);
    const real = swap(b, 'buy', 1000n * TAO, limitSqrtPrice(MAX_PRICE), false, false);
    expect(quote).toEqual(real);
  });

  it('stops at the limit price and refuses a limit already passed', () => {
    const pool = freshPool();
    // limit 2 TAO per alpha: the price moves from 1 to 2, sqrt from 1 to sqrt(2): delta_in = L * (sqrt 2 - 1) ≈ 414.2 TAO
    const r = swap(pool, 'buy', 1000n * TAO, limitSqrtPrice(2n * TAO), false, true);
    expect(Number(r.paidIn) / 1e9).toBeCloseTo(414.2135, 3);
    expect(() => swap(freshPool(), 'sell', TAO, limitSqrtPrice(2n * TAO), false, true)).toThrow(SwapError);
  });

  it('refuses to swap against reserves below MinimumReserve', () => {
    expect(() => swap(freshPool(999_999n), 'buy', TAO, limitSqrtPrice(MAX_PRICE), false, true)).toThrow(/ReservesTooLow/);
  });
});
