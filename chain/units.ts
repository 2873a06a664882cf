import { SubnetError } from '../core/errors.ts';

/**
 * Money on a subtensor chain comes in two units that must never be confused:
 * TAO (τ), the chain's currency, and each subnet's alpha, its stake token
 * (shown with the subnet's `TokenSymbol`). Both are fixed point with 9 decimals
 * (1 TAO = 1e9 RAO; alpha likewise); amounts are bigint base units inside,
 * text outside. `add_stake` takes TAO and `remove_stake` alpha.
 */
export const RAO_PER_TAO = 1_000_000_000n;

function parseAmount(text: string, unit: string): bigint {
  const t = text.trim();
  const m = /^(\d+)(?:\.(\d{0,9}))?$/.exec(t);
  if (!m) {
    if (/^\d+\.\d{10,}$/.test(t)) throw new SubnetError('BAD_AMOUNT', `amount '${text}' has more than 9 decimals (1 RAO = 0.000000001 ${unit})`);
    throw new SubnetError('BAD_AMOUNT', `amount '${text}' is not a non-negative ${unit} number`);
  }
  return BigInt(m[1]) * RAO_PER_TAO + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** Parses a TAO amount ("1", "0.5", "12.000000001") into RAO, exactly. */
export function parseTao(text: string): bigint {
  return parseAmount(text, 'TAO');
}

/** Parses an alpha amount (same 9-decimal form) into its base units, exactly. */
export function parseAlpha(text: string): bigint {
  return parseAmount(text, 'alpha');
}

/** Base units → "1.500000000" (always 9 decimals, no unit): the form of JSON output. */
export function formatAmount(units: bigint): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  return `${neg ? '-' : ''}${abs / RAO_PER_TAO}.${(abs % RAO_PER_TAO).toString().padStart(9, '0')}`;
}

/**
 * What `alpha` base units are worth in RAO at `price` (RAO per alpha, `current_alpha_price`):
 * the stake's value at the current price, before the slippage and fee of actually selling it.
 */
export function taoValue(alpha: bigint, price: bigint): bigint {
  return (alpha * price) / RAO_PER_TAO;
}

/** RAO → "τ1.500000000". */
export function formatTao(rao: bigint): string {
  return `τ${formatAmount(rao)}`;
}

/**
 * Alpha → "1.500000000 α1": the symbol goes after the number, because a
 * fallback symbol ends in digits that would run into the amount.
 */
export function formatAlpha(units: bigint, symbol: string): string {
  return `${formatAmount(units)} ${symbol}`;
}

/** The symbol of subnet `netuid`'s alpha: the runtime's `TokenSymbol`, else `α` with the netuid. */
export function alphaSymbol(netuid: number, stored?: string): string {
  const s = stored?.trim();
  return s ? s : `α${netuid}`;
}
