import { SubnetError } from '../core/errors.ts';

/** 1 TAO = 1e9 RAO. Amounts are bigint RAO inside, TAO text with 9 decimals outside. */
export const RAO_PER_TAO = 1_000_000_000n;
/** Parses a TAO amount ("1", "0.5", "12.000000001") into RAO, exactly. */
export function parseTao(text: string): bigint {
  const t = text.trim();
  const m = /^(\d+)(?:\.(\d{0,9}))?$/.exec(t);
  if (!m) {
    if (/^\d+\.\d{10,}$/.test(t)) throw new SubnetError('BAD_AMOUNT', `amount '${text}' has more than 9 decimals (1 RAO = 0.000000001 TAO)`);
    throw new SubnetError('BAD_AMOUNT', `amount '${text}' is not a non-negative TAO number`);
  }
  return BigInt(m[1]) * RAO_PER_TAO + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** RAO → "1.500000000" (always 9 decimals). */
export function formatTao(rao: bigint): string {
  const neg = rao < 0n;
  const abs = neg ? -rao : rao;
  return `${neg ? '-' : ''}${abs / RAO_PER_TAO}.${(abs % RAO_PER_TAO).toString().padStart(9, '0')}`;
}

