import type { State } from '../../pallet.ts';
import { div, fromInt, isqrt, mul, sub, toU64 } from './fixed.ts';
import { PROTOCOL_ACCOUNT } from './pool-state.ts';
import {
  AlphaSqrtPrice,
  CurrentLiquidity,
  CurrentTick,
  FeeGlobalAlpha,
  FeeGlobalTao,
  Positions,
  ScrapReservoirAlpha,
  ScrapReservoirTao,
  Ticks,
  type PositionValue,
} from './storage.ts';
import { sqrtPriceAtTick, TICK_MAX, TICK_MIN } from './tick-math.ts';

/**
 * The coinbase's injection into a subnet's pool (impls.rs `adjust_protocol_liquidity`):
 * the protocol position collects its fees, adds them and the scrap reservoirs to
 * the injected TAO and alpha, keeps the part in proportion at the current price
 * (the remainder waits in `ScrapReservoirTao/Alpha`), and grows its liquidity to
 * sqrt(tao · alpha) of its new amounts, so the price does not move. A pool not
 * yet initialized (no swap yet) has no position: it starts from the reserves
 * when it is first used, so there is nothing to adjust.
 */
const I128_MIN = -(1n << 127n);
const I128_MAX = (1n << 127n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
const satI128 = (b: bigint) => (b > I128_MAX ? I128_MAX : b < I128_MIN ? I128_MIN : b);
const clampTick = (t: number) => (t > TICK_MAX ? TICK_MAX : t < TICK_MIN ? TICK_MIN : t);

function tickFees(state: State, netuid: number, index: number, tao: boolean, side: 'below' | 'above'): bigint {
  const current = clampTick(CurrentTick.get(state, netuid));
  const tick = Ticks.get(state, netuid, index);
  const out = tick === undefined ? 0n : tao ? tick.fees_out_tao.bits : tick.fees_out_alpha.bits;
  const global = tao ? FeeGlobalTao.get(state, netuid).bits : FeeGlobalAlpha.get(state, netuid).bits;
  const atOrBelow = index <= current;
  return (side === 'below') === atOrBelow ? out : satI128(global - out);
}

/** `Position::collect_fees`: the fees accrued in the position's range since the last collection. */
function collectFees(state: State, netuid: number, position: PositionValue): [bigint, bigint] {
  const collect = (tao: boolean): bigint => {
    const global = tao ? FeeGlobalTao.get(state, netuid).bits : FeeGlobalAlpha.get(state, netuid).bits;
    const agg = satI128(satI128(global - tickFees(state, netuid, position.tick_low, tao, 'below')) - tickFees(state, netuid, position.tick_high, tao, 'above'));
    const held = tao ? position.fees_tao : position.fees_alpha;
    const fee = satI128(agg - held.bits);
    held.bits = agg;
    const amount = satI128(((position.liquidity << 64n) * fee) >> 64n) >> 64n;
    return amount <= 0n ? 0n : amount > U64_MAX ? U64_MAX : amount;
  };
  return [collect(true), collect(false)];
}

/** `get_proportional_alpha_tao_and_remainders`: (tao, alpha) at the price, and what is left of each. */
function proportional(sqrtPrice: bigint, tao: bigint, alpha: bigint): [bigint, bigint, bigint, bigint] {
  const price = mul(sqrtPrice, sqrtPrice);
  const taoEquivalent = toU64(mul(fromInt(alpha), price));
  if (taoEquivalent <= tao) return [taoEquivalent, alpha, tao - taoEquivalent, 0n];
  const alphaEquivalent = toU64(div(fromInt(tao), price));
  return [tao, alphaEquivalent, 0n, alpha > alphaEquivalent ? alpha - alphaEquivalent : 0n];
}

/** `Position::to_token_amounts` at the current sqrt price. */
function tokenAmounts(position: PositionValue, current: bigint): [bigint, bigint] {
  const one = fromInt(1n);
  const low = sqrtPriceAtTick(position.tick_low);
  const high = sqrtPriceAtTick(position.tick_high);
  const liquidity = fromInt(position.liquidity);
  if (current < low) return [0n, toU64(mul(liquidity, sub(div(one, low), div(one, high))))];
  if (current > high) return [toU64(mul(liquidity, sub(high, low))), 0n];
  return [toU64(mul(liquidity, sub(current, low))), toU64(mul(liquidity, sub(div(one, current), div(one, high))))];
}

function addTickLiquidity(state: State, netuid: number, index: number, liquidity: bigint, upper: boolean): void {
  const net = upper ? -liquidity : liquidity;
  const tick = Ticks.get(state, netuid, index);
  if (tick) {
    Ticks.set(state, netuid, index, { ...tick, liquidity_net: tick.liquidity_net + net, liquidity_gross: tick.liquidity_gross + liquidity });
    return;
  }
  const above = index > clampTick(CurrentTick.get(state, netuid));
  Ticks.set(state, netuid, index, {
    liquidity_net: net,
    liquidity_gross: liquidity,
    fees_out_tao: { bits: above ? FeeGlobalTao.get(state, netuid).bits : 0n },
    fees_out_alpha: { bits: above ? FeeGlobalAlpha.get(state, netuid).bits : 0n },
  });
}

export function adjustProtocolLiquidity(state: State, netuid: number, taoDelta: bigint, alphaDelta: bigint): void {
  const found = Positions.entries(state, netuid, PROTOCOL_ACCOUNT)[0];
  if (found === undefined || found[1] === undefined) return;
  const position = { ...found[1], fees_tao: { ...found[1].fees_tao }, fees_alpha: { ...found[1].fees_alpha } };
  const [taoFees, alphaFees] = collectFees(state, netuid, position);
  const sqrtPrice = AlphaSqrtPrice.get(state, netuid).bits;
  const [tao, alpha, taoScrap, alphaScrap] = proportional(
    sqrtPrice,
    taoDelta + taoFees + ScrapReservoirTao.get(state, netuid),
    alphaDelta + alphaFees + ScrapReservoirAlpha.get(state, netuid),
  );
  ScrapReservoirTao.set(state, netuid, taoScrap);
  ScrapReservoirAlpha.set(state, netuid, alphaScrap);
  const [heldTao, heldAlpha] = tokenAmounts(position, sqrtPrice);
  const liquidity = isqrt((heldTao + tao) * (heldAlpha + alpha));
  const delta = liquidity > position.liquidity ? liquidity - position.liquidity : 0n;
  CurrentLiquidity.mutate(state, netuid, (l) => l + delta);
  position.liquidity = liquidity;
  Positions.set(state, netuid, PROTOCOL_ACCOUNT, position.id, position);
  addTickLiquidity(state, netuid, position.tick_low, delta, false);
  addTickLiquidity(state, netuid, position.tick_high, delta, true);
}
