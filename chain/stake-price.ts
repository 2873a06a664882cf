import { SubnetError } from '../core/errors.ts';
import { RAO_PER_TAO } from './units.ts';

/**
 * Prices and price limits of stake operations, pure. A subnet's price is RAO
 * of TAO per alpha (the runtime's `current_alpha_price`); the `_limit` calls
 * take a limit in the same unit, and `swap_stake_limit` the origin's price in
 * the destination's alpha. Like btcli's safe staking, the limit is the current
 * price moved by the tolerance against the caller: up for a purchase, down for
 * a sale or a swap (the origin's price only falls as its alpha is sold).
 */

/** Parts per billion: tolerances are exact fractions, not floats. */
const PPB = 1_000_000_000n;

/** The default tolerance of `--safe`, as btcli's `--tolerance` (0.5 %). */
export const DEFAULT_TOLERANCE = '0.005';

/**
 * Parses a tolerance given as a fraction ("0.005" = 0.5 %) into parts per
 * billion. Above 1 is allowed (a purchase may accept a price several times
 * today's); a sale's limit needs one under 1 (see `limitPrice`).
 */
export function parseTolerance(text: string): bigint {
  const m = /^\s*(\d{0,6})(?:\.(\d{1,9}))?\s*$/.exec(text);
  const ppb = m && (m[1] !== '' || m[2] !== undefined) ? BigInt(m[1] || '0') * PPB + BigInt((m[2] ?? '').padEnd(9, '0')) : 0n;
  if (ppb <= 0n) {
    throw new SubnetError('BAD_TOLERANCE', `--tolerance '${text}' is not a positive fraction with up to 9 decimals (0.005 allows the price to move 0.5 %)`);
  }
  return ppb;
}

export type LimitSide = 'buy' | 'sell';

/** The `limit_price` of `add_stake_limit` (buy) or `remove_stake_limit` (sell), RAO per alpha. */
export function limitPrice(price: bigint, tolerancePpb: bigint, side: LimitSide): bigint {
  if (side === 'sell' && tolerancePpb >= PPB) {
    throw new SubnetError(
      'BAD_TOLERANCE',
      `a sale's --tolerance must be under 1 (the price cannot fall by 100 % or more), not ${formatPpbPercent(tolerancePpb)}`,
    );
  }
  return side === 'buy' ? (price * (PPB + tolerancePpb)) / PPB : (price * (PPB - tolerancePpb)) / PPB;
}

/** The origin's price in the destination's alpha (RAO), what `swap_stake_limit` compares its limit with. */
export function swapRatio(originPrice: bigint, destinationPrice: bigint): bigint {
  return destinationPrice === 0n ? 0n : (originPrice * RAO_PER_TAO) / destinationPrice;
}

/** The `limit_price` of `swap_stake_limit`: the ratio lowered by the tolerance. */
export function swapLimitPrice(originPrice: bigint, destinationPrice: bigint, tolerancePpb: bigint): bigint {
  return limitPrice(swapRatio(originPrice, destinationPrice), tolerancePpb, 'sell');
}

/**
 * Price impact of a quote, in parts per billion: what slippage cost of what
 * the amount would have bought at the current price (`slippage / (out + slippage)`).
 */
export function priceImpactPpb(received: bigint, slippage: bigint): bigint {
  const ideal = received + slippage;
  return ideal === 0n ? 0n : (slippage * PPB) / ideal;
}

/** Parts per billion → "0.50 %" (two decimals, truncated). */
export function formatPpbPercent(ppb: bigint): string {
  const hundredths = ppb / 100_000n;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')} %`;
}

/**
 * The TAO amount whose quoted purchase puts exactly `tao` into the pool: a
 * move across subnets buys the destination's alpha with the fee dropped, which
 * the runtime's quote (always fee-paying) gives for this larger amount.
 * `feeRate` is the pool's rate over 65535; returns the first guess, which the
 * caller refines against the quote.
 */
export function grossForNet(tao: bigint, feeRate: number): bigint {
  const r = BigInt(feeRate);
  if (r === 0n) return tao;
  return (tao * 65535n) / (65535n - r);
}
