import { fromF64 } from './fixed.ts';

/**
 * Ticks of the concentrated-liquidity pool: tick `i` starts at sqrt price
 * 1.0001^(i/2). The runtime uses Uniswap v3's integer TickMath (Q64.96 sqrt
 * prices, exact to the bit) and converts to and from `U64F64`; its tick range
 * is half of Uniswap's because U64F64 has 32 integer bits fewer than Q64.96.
 */
export const UNISWAP_MAX_TICK = 887272;
export const TICK_MIN = -(UNISWAP_MAX_TICK / 2);
export const TICK_MAX = UNISWAP_MAX_TICK / 2;

// 2^128 / sqrt(1.0001)^(2^k) for k = 0..19, Uniswap v3 TickMath's factors.
const FACTORS: bigint[] = [
  0xfffcb933bd6fad37aa2d162d1a594001n,
  0xfff97272373d413259a46990580e213an,
  0xfff2e50f5f656932ef12357cf3c7fdccn,
  0xffe5caca7e10e4e61c3624eaa0941cd0n,
  0xffcb9843d60f6159c9db58835c926644n,
  0xff973b41fa98c081472e6896dfb254c0n,
  0xff2ea16466c96a3843ec78b326b52861n,
  0xfe5dee046a99a2a811c461f1969c3053n,
  0xfcbe86c7900a88aedcffc83b479aa3a4n,
  0xf987a7253ac413176f2b074cf7815e54n,
  0xf3392b0822b70005940c7a398e4b70f3n,
  0xe7159475a2c29b7443b29c7fa6e889d9n,
  0xd097f3bdfd2022b8845ad8f792aa5825n,
  0xa9f746462d870fdf8a65dc1f90e061e5n,
  0x70d869a156d2a1b890bb3df62baf32f7n,
  0x31be135f97d08fd981231505542fcfa6n,
  0x9aa508b5b7a84e1c677de54f3e99bc9n,
  0x5d6af8dedb81196699c329225ee604n,
  0x2216e584f5fa1ea926041bedfe98n,
  0x48a170391f7dc42444e8fa2n,
];
const U256_MAX = (1n << 256n) - 1n;

/** Uniswap's `getSqrtRatioAtTick`: sqrt(1.0001^tick) in Q64.96, rounded up. */
export function sqrtRatioAtTick(tick: number): bigint {
  const abs = Math.abs(tick);
  if (abs > UNISWAP_MAX_TICK) throw new RangeError(`tick ${tick} out of range`);
  let ratio = (abs & 1) !== 0 ? FACTORS[0]! : 1n << 128n;
  for (let k = 1; k < 20; k++) if ((abs & (1 << k)) !== 0) ratio = (ratio * FACTORS[k]!) >> 128n;
  if (tick > 0) ratio = U256_MAX / ratio;
  const shifted = ratio >> 32n;
  return (ratio & 0xffffffffn) !== 0n ? shifted + 1n : shifted;
}

/** Q64.96 → U64F64 bits, rounding up when bits are dropped (tick.rs `q_to_u64f64`). */
function q96ToU64F64(x: bigint): bigint {
  const shifted = x >> 32n;
  return (x & 0xffffffffn) !== 0n ? shifted + 1n : shifted;
}

/** The sqrt price where `tick` starts, U64F64 bits (`as_sqrt_price_bounded`). */
export function sqrtPriceAtTick(tick: number): bigint {
  if (tick >= TICK_MAX) return q96ToU64F64(sqrtRatioAtTick(TICK_MAX));
  if (tick <= TICK_MIN) return q96ToU64F64(sqrtRatioAtTick(TICK_MIN));
  return q96ToU64F64(sqrtRatioAtTick(tick));
}

const MIN_SQRT_RATIO = 4295128739n;
const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;

/**
 * `TickIndex::from_sqrt_price_bounded`: the tick whose range
 * [sqrt(tick), sqrt(tick + 1)) holds the price, clamped to [TICK_MIN, TICK_MAX].
 * The runtime estimates with Uniswap's log2 and then verifies against
 * `getSqrtRatioAtTick` in both directions, so its answer is the greatest tick
 * whose ratio does not exceed the price: found here by bisection.
 */
export function tickAtSqrtPrice(sqrtPrice: bigint): number {
  const x96 = sqrtPrice << 32n;
  if (x96 < MIN_SQRT_RATIO || x96 >= MAX_SQRT_RATIO) return sqrtPrice > sqrtPriceAtTick(TICK_MAX) ? TICK_MAX : TICK_MIN;
  let lo = -UNISWAP_MAX_TICK;
  let hi = UNISWAP_MAX_TICK;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (sqrtRatioAtTick(mid) <= x96) lo = mid;
    else hi = mid - 1;
  }
  if (lo > TICK_MAX) return TICK_MAX;
  if (lo < TICK_MIN) return TICK_MIN;
  return lo;
}

/** `TickIndex::min_sqrt_price()` / `max_sqrt_price()`: the runtime's float literals. */
export const MIN_SQRT_PRICE = fromF64(0.0000000002328350195);
export const MAX_SQRT_PRICE = fromF64(4294886577.20989222513899790805);

export type LayerLevel = 'Top' | 'Middle' | 'Bottom';

/**
 * Where an initialized tick is marked in the three-layer bitmap the runtime
 * searches for the next active tick (`TickIndexBitmap`): the tick offset by
 * 887272 is bit `i % 128` of bottom word `i / 128`, that word index is a bit
 * of the middle layer, and so on up. Returns (layer, word, bit mask).
 */
export function bitmapPositions(tick: number): [LayerLevel, number, bigint][] {
  const offset = tick + UNISWAP_MAX_TICK;
  const bottom = { word: Math.floor(offset / 128), bit: offset % 128 };
  const middle = { word: Math.floor(bottom.word / 128), bit: bottom.word % 128 };
  const top = { word: Math.floor(middle.word / 128), bit: middle.word % 128 };
  return [
    ['Top', top.word, 1n << BigInt(top.bit)],
    ['Middle', middle.word, 1n << BigInt(middle.bit)],
    ['Bottom', bottom.word, 1n << BigInt(bottom.bit)],
  ];
}
