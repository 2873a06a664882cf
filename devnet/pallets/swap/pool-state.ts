import { stringToU8a, u8aToHex } from '@polkadot/util';
import { ModuleError, type State, type StateReader } from '../../pallet.ts';
import { SubnetAlphaIn, SubnetMechanism, SubnetTAO } from '../subtensor/storage.ts';
import { fromInt, mul, toU64, truncateToU96F32 } from './fixed.ts';
import { initialize, limitSqrtPrice, MAX_PRICE, MIN_PRICE, swap, SwapError, type Pool, type Side, type SwapResult } from './pool.ts';
import {
  AlphaSqrtPrice,
  CurrentLiquidity,
  CurrentTick,
  FeeGlobalAlpha,
  FeeGlobalTao,
  FeeRate,
  LastPositionId,
  Positions,
  SwapV3Initialized,
  TickIndexBitmapWords,
  Ticks,
  toPoolTick,
} from './storage.ts';
import { bitmapPositions, TICK_MAX, TICK_MIN } from './tick-math.ts';

/**
 * A subnet's pool as the Swap pallet keeps it in storage: loaded into a pure
 * `Pool`, swapped, written back. The reserves are SubtensorModule's
 * `SubnetTAO` and `SubnetAlphaIn`; moving them is the staking layer's part.
 */

/** `PalletId(*b"ten/swap").into_account_truncating()`: "modl" ++ id, zero-padded to 32 bytes. */
export const PROTOCOL_ACCOUNT = u8aToHex(new Uint8Array([...stringToU8a('modlten/swap'), ...new Uint8Array(20)]));

function loadPool(state: StateReader, netuid: number): Pool {
  const ticks = new Map();
  const initialized = SwapV3Initialized.get(state, netuid);
  if (initialized) {
    for (const index of [TICK_MIN, TICK_MAX]) {
      const t = Ticks.get(state, netuid, index);
      if (t) ticks.set(index, toPoolTick(t));
    }
  }
  return {
    mechanism: SubnetMechanism.get(state, netuid),
    taoReserve: SubnetTAO.get(state, netuid),
    alphaReserve: SubnetAlphaIn.get(state, netuid),
    initialized,
    sqrtPrice: AlphaSqrtPrice.get(state, netuid).bits,
    tick: CurrentTick.get(state, netuid),
    liquidity: CurrentLiquidity.get(state, netuid),
    feeRate: FeeRate.get(state, netuid),
    feeGlobalTao: FeeGlobalTao.get(state, netuid).bits,
    feeGlobalAlpha: FeeGlobalAlpha.get(state, netuid).bits,
    ticks,
  };
}

function savePool(state: State, netuid: number, pool: Pool, before: Pool): void {
  if (!before.initialized) {
    // the protocol position created by the first swap
    const id = LastPositionId.get(state) + 1n;
    LastPositionId.set(state, id);
    const liquidity = pool.ticks.get(TICK_MIN)?.liquidity_gross ?? 0n;
    Positions.set(state, netuid, PROTOCOL_ACCOUNT, id, {
      id,
      netuid,
      tick_low: TICK_MIN,
      tick_high: TICK_MAX,
      liquidity,
      fees_tao: { bits: 0n },
      fees_alpha: { bits: 0n },
    });
    SwapV3Initialized.set(state, netuid, true);
    for (const index of [TICK_MIN, TICK_MAX]) {
      for (const [layer, word, mask] of bitmapPositions(index)) TickIndexBitmapWords.mutate(state, netuid, layer, word, (w) => w | mask);
    }
  }
  AlphaSqrtPrice.set(state, netuid, { bits: pool.sqrtPrice });
  CurrentTick.set(state, netuid, pool.tick);
  CurrentLiquidity.set(state, netuid, pool.liquidity);
  if (pool.feeGlobalTao !== before.feeGlobalTao) FeeGlobalTao.set(state, netuid, { bits: pool.feeGlobalTao });
  if (pool.feeGlobalAlpha !== before.feeGlobalAlpha) FeeGlobalAlpha.set(state, netuid, { bits: pool.feeGlobalAlpha });
  for (const [index, t] of pool.ticks) {
    Ticks.set(state, netuid, index, {
      liquidity_net: t.liquidity_net,
      liquidity_gross: t.liquidity_gross,
      fees_out_tao: { bits: t.fees_out_tao },
      fees_out_alpha: { bits: t.fees_out_alpha },
    });
  }
}

function snapshot(pool: Pool): Pool {
  return { ...pool, ticks: new Map([...pool.ticks].map(([k, v]) => [k, { ...v }])) };
}

/**
 * `SwapHandler::swap`: `amount` of TAO (buy) or alpha (sell) through `netuid`'s
 * pool, not beyond `priceLimit` (RAO per alpha). With `simulate` nothing is
 * written. A subnet of another mechanism swaps 1:1 without a fee. Throws
 * `ModuleError('Swap', ...)` as the runtime fails.
 */
export function poolSwap(state: StateReader, netuid: number, side: Side, amount: bigint, priceLimit: bigint, dropFees: boolean, simulate: boolean): SwapResult {
  const pool = loadPool(state, netuid);
  if (pool.mechanism !== 1) return { paidIn: amount, paidOut: amount, fee: 0n };
  const before = simulate ? pool : snapshot(pool);
  let result: SwapResult;
  try {
    result = swap(pool, side, amount, limitSqrtPrice(priceLimit), dropFees, simulate);
  } catch (err) {
    if (err instanceof SwapError) throw new ModuleError('Swap', err.error);
    throw err;
  }
  if (!simulate) savePool(state as State, netuid, pool, before);
  return result;
}

/**
 * `maybe_initialize_v3` run ahead of the first swap: the price from the current
 * reserves, the protocol's full-range position and the tick bitmap, exactly the
 * state the first swap would leave before it moves the price. A rehearsal genesis
 * uses it so that its pools are the pallet's own state for the price they start at.
 */
export function initializePool(state: State, netuid: number): void {
  const pool = loadPool(state, netuid);
  if (pool.mechanism !== 1 || pool.initialized) return;
  const before = snapshot(pool);
  initialize(pool);
  savePool(state, netuid, pool, before);
}

/** The default limits: any price for a buy, any price for a sell. */
export const NO_LIMIT: Record<Side, bigint> = { buy: MAX_PRICE, sell: MIN_PRICE };

/** `current_price` as U64F64 bits (the runtime's U96F32, so 32 fractional bits). */
export function currentPrice(state: StateReader, netuid: number): bigint {
  if (SubnetMechanism.get(state, netuid) !== 1) return fromInt(1n);
  if (SwapV3Initialized.get(state, netuid)) {
    const sq = AlphaSqrtPrice.get(state, netuid).bits;
    return truncateToU96F32(mul(sq, sq));
  }
  const alpha = SubnetAlphaIn.get(state, netuid);
  if (alpha === 0n) return 0n;
  return ((SubnetTAO.get(state, netuid) << 32n) / alpha) << 32n;
}

/** The pool's price in RAO per alpha (`current_alpha_price`). */
export function currentAlphaPrice(state: StateReader, netuid: number): bigint {
  return toU64(mul(currentPrice(state, netuid), fromInt(1_000_000_000n)));
}
