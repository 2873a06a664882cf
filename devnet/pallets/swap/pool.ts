import { SubnetError } from '../../../core/errors.ts';
import { add, div, fromF64, fromInt, isqrt, mul, sqrt, sub, toU64, roundToU64 } from './fixed.ts';
import { MAX_SQRT_PRICE, MIN_SQRT_PRICE, sqrtPriceAtTick, tickAtSqrtPrice, TICK_MAX, TICK_MIN } from './tick-math.ts';

/**
 * One subnet's concentrated-liquidity pool and its swap, pure: the Swap
 * pallet loads a `Pool` from storage, runs `swap` on it and writes it back.
 * Only the protocol-owned position over the full tick range exists (user
 * liquidity is not implemented), so the active ticks are TICK_MIN and TICK_MAX,
 * but the step loop is the runtime's (swap_step.rs), with its fixed-point
 * rounding, fee accounting and tick crossing.
 */
export interface PoolTick {
  liquidity_net: bigint;
  liquidity_gross: bigint;
  /** I64F64 bits (signed). */
  fees_out_tao: bigint;
  fees_out_alpha: bigint;
}

export interface Pool {
  /** `SubnetMechanism`: 1 is the dynamic (AMM) mechanism, anything else swaps 1:1. */
  mechanism: number;
  taoReserve: bigint;
  alphaReserve: bigint;
  initialized: boolean;
  sqrtPrice: bigint;
  tick: number;
  liquidity: bigint;
  feeRate: number;
  feeGlobalTao: bigint;
  feeGlobalAlpha: bigint;
  ticks: Map<number, PoolTick>;
}

export type Side = 'buy' | 'sell';

export interface SwapResult {
  /** The input that went into the pool, without the fee. */
  paidIn: bigint;
  paidOut: bigint;
  fee: bigint;
}

/** Swap constants of the spec-381 runtime. */
export const MINIMUM_LIQUIDITY = 1_000n;
export const MINIMUM_RESERVE = 1_000_000n;
export const MAX_SWAP_ITERATIONS = 1000;
const U16_MAX = 65535n;
const INIT_SQRT_EPSILON = fromF64(0.000000000001);
const LIMIT_SQRT_EPSILON = fromF64(0.0000000001);
const RAO = 1_000_000_000n;

export class SwapError extends SubnetError {
  constructor(readonly error: 'ReservesTooLow' | 'PriceLimitExceeded' | 'InsufficientLiquidity' | 'TooManySwapSteps') {
    super('SWAP_FAILED', `swap failed: ${error}`);
  }
}

/** Smallest and largest prices in RAO per alpha (`min_price_inner`, `max_price_inner`). */
export const MIN_PRICE = toU64(mul(mul(MIN_SQRT_PRICE, MIN_SQRT_PRICE), fromInt(RAO)));
export const MAX_PRICE = roundToU64(mul(mul(MAX_SQRT_PRICE, MAX_SQRT_PRICE), fromInt(RAO)));

/** A price limit in RAO per alpha as a sqrt price (`SwapEngine::swap`). */
export function limitSqrtPrice(priceLimit: bigint): bigint {
  return sqrt(div(fromInt(priceLimit), fromInt(RAO)), LIMIT_SQRT_EPSILON);
}

/**
 * `maybe_initialize_v3`: the price from the reserves, the protocol's liquidity
 * sqrt(tao * alpha) over the full range. Returns the liquidity the protocol
 * position gets (the caller stores the position).
 */
export function initialize(pool: Pool): bigint {
  const price = div(fromInt(pool.taoReserve), fromInt(pool.alphaReserve));
  pool.sqrtPrice = sqrt(price, INIT_SQRT_EPSILON);
  pool.tick = tickAtSqrtPrice(pool.sqrtPrice);
  const liquidity = isqrt(pool.taoReserve * pool.alphaReserve);
  addTickLiquidity(pool, TICK_MIN, liquidity, false);
  addTickLiquidity(pool, TICK_MAX, liquidity, true);
  const current = clampTick(pool.tick);
  if (current >= TICK_MAX || current <= TICK_MIN) pool.sqrtPrice = sqrtPriceAtTick(current);
  if (TICK_MIN <= current && current < TICK_MAX) pool.liquidity += liquidity;
  pool.initialized = true;
  return liquidity;
}

function addTickLiquidity(pool: Pool, index: number, liquidity: bigint, upper: boolean): void {
  const net = upper ? -liquidity : liquidity;
  const tick = pool.ticks.get(index);
  if (tick) {
    tick.liquidity_net += net;
    tick.liquidity_gross += liquidity;
    return;
  }
  const above = index > clampTick(pool.tick);
  pool.ticks.set(index, {
    liquidity_net: net,
    liquidity_gross: liquidity,
    fees_out_tao: above ? pool.feeGlobalTao : 0n,
    fees_out_alpha: above ? pool.feeGlobalAlpha : 0n,
  });
}

function clampTick(tick: number): number {
  return tick > TICK_MAX ? TICK_MAX : tick < TICK_MIN ? TICK_MIN : tick;
}

function closestHigher(pool: Pool, index: number): number | undefined {
  let best: number | undefined;
  for (const t of pool.ticks.keys()) if (t >= index && (best === undefined || t < best)) best = t;
  return best;
}

function closestLower(pool: Pool, index: number): number | undefined {
  let best: number | undefined;
  for (const t of pool.ticks.keys()) if (t <= index && (best === undefined || t > best)) best = t;
  return best;
}

/** The fee on `amount` at the pool's rate (`calculate_fee_amount`). */
export function feeOf(pool: Pool, amount: bigint, dropFees: boolean): bigint {
  if (dropFees || pool.mechanism !== 1) return 0n;
  return toU64(mul(fromInt(amount), div(fromInt(BigInt(pool.feeRate)), fromInt(U16_MAX))));
}

/**
 * `do_swap` / `swap_inner`: swaps `amount` of TAO (buy) or alpha (sell) through
 * the pool, one step per tick range, until the amount is used, the limit
 * price is reached or the liquidity runs out. Mutates `pool`.
 */
export function swap(pool: Pool, side: Side, amount: bigint, limitSqrt: bigint, dropFees: boolean, simulate: boolean): SwapResult {
  const reserveOut = side === 'buy' ? pool.alphaReserve : pool.taoReserve;
  if (reserveOut < MINIMUM_RESERVE) throw new SwapError('ReservesTooLow');
  if (!pool.initialized) initialize(pool);
  const beyond = side === 'buy' ? pool.sqrtPrice < limitSqrt : pool.sqrtPrice > limitSqrt;
  if (!beyond) throw new SwapError('PriceLimitExceeded');
  let remaining = amount;
  let paidOut = 0n;
  let paidIn = 0n;
  let fees = 0n;
  let iterations = 0;
  while (remaining > 0n) {
    const step = swapStep(pool, side, remaining, limitSqrt, dropFees);
    paidIn += step.deltaIn;
    fees += step.fee;
    remaining = remaining > step.take ? remaining - step.take : 0n;
    paidOut += step.deltaOut;
    if (step.stop || step.take === 0n) remaining = 0n;
    iterations++;
    if (iterations > MAX_SWAP_ITERATIONS) throw new SwapError('TooManySwapSteps');
  }
  if (!simulate && reserveOut < paidOut) throw new SwapError('InsufficientLiquidity');
  return { paidIn, paidOut, fee: fees };
}

interface StepResult {
  take: bigint;
  fee: bigint;
  deltaIn: bigint;
  deltaOut: bigint;
  stop: boolean;
}

function swapStep(pool: Pool, side: Side, remaining: bigint, limit: bigint, dropFees: boolean): StepResult {
  const buy = side === 'buy';
  const current = pool.sqrtPrice;
  const edgeTick = buy ? edgeTickBuy(pool) : edgeTickSell(pool);
  const edge = sqrtPriceAtTick(edgeTick);
  let fee = feeOf(pool, remaining, dropFees);
  const possible = remaining - fee;
  const liquidity = fromInt(pool.liquidity);
  const target = sqrtPriceTarget(side, liquidity, current, possible);
  // buys move the price up: "closer" is lower; sells: higher
  const closer = (a: bigint, b: bigint) => (buy ? a <= b : a >= b);
  let crossing: boolean;
  let finalPrice: bigint;
  let deltaIn: bigint;
  let recalculate = false;
  if (closer(target, limit) && closer(target, edge)) {
    crossing = false;
    finalPrice = target;
    deltaIn = possible;
  } else if (closer(limit, target) && closer(limit, edge)) {
    crossing = false;
    finalPrice = limit;
    deltaIn = deltaInTo(side, liquidity, current, limit);
    recalculate = true;
  } else {
    crossing = true;
    finalPrice = edge;
    deltaIn = deltaInTo(side, liquidity, current, edge);
    recalculate = true;
  }
  if (recalculate) {
    const rate = dropFees ? 0n : fromInt(BigInt(pool.feeRate));
    fee = toU64(mul(fromInt(deltaIn), div(rate, sub(fromInt(U16_MAX), rate))));
  }
  const naturalStop = closer(limit, target) ? limit : target;
  // the tick range is half-open: a buy that ends on the edge crosses it, a sell stops
  if (naturalStop === edge) crossing = buy;

  const safeLiquidity = fromInt(pool.liquidity > MINIMUM_LIQUIDITY ? pool.liquidity - MINIMUM_LIQUIDITY : 0n);
  if (safeLiquidity !== 0n) {
    const perLiquidity = div(fromInt(fee), safeLiquidity);
    if (buy) pool.feeGlobalTao = add(pool.feeGlobalTao, perLiquidity);
    else pool.feeGlobalAlpha = add(pool.feeGlobalAlpha, perLiquidity);
  }
  const deltaOut = convertDelta(side, pool, deltaIn);
  if (crossing) {
    const tick = pool.ticks.get(edgeTick) ?? { liquidity_net: 0n, liquidity_gross: 0n, fees_out_tao: 0n, fees_out_alpha: 0n };
    tick.fees_out_tao = pool.feeGlobalTao - tick.fees_out_tao;
    tick.fees_out_alpha = pool.feeGlobalAlpha - tick.fees_out_alpha;
    crossLiquidity(pool, side);
    pool.ticks.set(edgeTick, tick);
  }
  pool.sqrtPrice = finalPrice;
  pool.tick = tickAtSqrtPrice(finalPrice);
  return { take: deltaIn + fee, fee, deltaIn, deltaOut, stop: !crossing };
}

function edgeTickBuy(pool: Pool): number {
  const next = pool.tick + 1 > TICK_MAX ? TICK_MAX : pool.tick + 1;
  return closestHigher(pool, next) ?? TICK_MAX;
}

function edgeTickSell(pool: Pool): number {
  const tickPrice = sqrtPriceAtTick(pool.tick);
  if (pool.ticks.has(pool.tick) && pool.sqrtPrice > tickPrice) return closestLower(pool, pool.tick) ?? TICK_MIN;
  const prev = pool.tick - 1 < TICK_MIN ? TICK_MIN : pool.tick - 1;
  return closestLower(pool, prev) ?? TICK_MIN;
}

function crossLiquidity(pool: Pool, side: Side): void {
  const current = clampTick(pool.tick);
  const index = side === 'buy' ? edgeTickBuy({ ...pool, tick: current }) : edgeTickSell({ ...pool, tick: current });
  const tick = pool.ticks.get(index);
  if (!tick) throw new SwapError('InsufficientLiquidity');
  const abs = tick.liquidity_net < 0n ? -tick.liquidity_net : tick.liquidity_net;
  const update = abs > 0xffffffffffffffffn ? 0xffffffffffffffffn : abs;
  // a buy crossing upward adds liquidity_net, a sell crossing downward subtracts it
  const add_ = side === 'buy' ? tick.liquidity_net >= 0n : tick.liquidity_net < 0n;
  pool.liquidity = add_ ? pool.liquidity + update : pool.liquidity > update ? pool.liquidity - update : 0n;
}

function sqrtPriceTarget(side: Side, liquidity: bigint, current: bigint, deltaIn: bigint): bigint {
  const delta = fromInt(deltaIn);
  if (side === 'buy') {
    if (liquidity === 0n) return fromInt(MAX_PRICE);
    return add(div(delta, liquidity), current);
  }
  if (liquidity === 0n) return fromInt(MIN_PRICE);
  return div(fromInt(1n), add(div(delta, liquidity), div(fromInt(1n), current)));
}

function deltaInTo(side: Side, liquidity: bigint, current: bigint, target: bigint): bigint {
  if (side === 'buy') return toU64(mul(liquidity, sub(target, current)));
  const one = fromInt(1n);
  return toU64(mul(liquidity, sub(div(one, target), div(one, current))));
}

/** The output of `deltaIn` at the current price and liquidity (`convert_deltas`). */
function convertDelta(side: Side, pool: Pool, deltaIn: bigint): bigint {
  if (deltaIn === 0n) return 0n;
  const liquidity = fromInt(pool.liquidity);
  const price = pool.sqrtPrice;
  const delta = fromInt(deltaIn);
  if (side === 'buy') {
    const a = mul(add(mul(liquidity, price), delta), price);
    return toU64(mul(div(liquidity, a), delta));
  }
  const denom = add(div(liquidity, price), delta);
  return toU64(mul(delta, mul(div(liquidity, denom), price)));
}
