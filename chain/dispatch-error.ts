import { SubnetError } from '../core/errors.ts';

/**
 * A transaction included in a block whose call failed. Carries the pallet's
 * error name (e.g. `SettingWeightsTooFast`) and its docs from metadata.
 */
export class ChainDispatchError extends SubnetError {
  readonly pallet: string;
  readonly error: string;
  readonly docs: string;

  constructor(pallet: string, error: string, docs: string, what: string) {
    super('CHAIN_DISPATCH', `${what} failed: ${pallet}.${error}${docs ? ` (${docs})` : ''}`, { details: { pallet, error, docs } });
    this.name = 'ChainDispatchError';
    this.pallet = pallet;
    this.error = error;
    this.docs = docs;
  }
}

/**
 * subtensor's `CustomTransactionError` codes (1010 "Custom error: N"), as the
 * Bittensor docs list them; recent runtimes.
 */
const CUSTOM_ERRORS: Record<number, string> = {
  0: 'ColdKeyInSwapSchedule: the coldkey is scheduled to be swapped',
  1: 'StakeAmountTooLow: the amount is below the minimum stake',
  2: 'BalanceTooLow: not enough balance or stake for this amount',
  3: 'SubnetDoesntExist: the subnet does not exist',
  4: 'HotkeyAccountDoesntExist: the hotkey is not registered',
  5: 'NotEnoughStakeToWithdraw: not enough stake to remove, including fees',
  6: 'RateLimitExceeded: transactions sent too fast',
  7: 'InsufficientLiquidity: the subnet pool lacks liquidity for this amount',
  8: 'SlippageTooHigh: the price moved beyond the limit',
  9: 'TransferDisallowed: the subnet does not allow stake transfers',
};

/** Turns an RPC 1010/1011/1012 rejection into one readable line. */
export function invalidTransactionError(err: unknown, what: string): SubnetError | undefined {
  const msg = err instanceof Error ? err.message : String(err);
  const m = /(1010|1011|1012)[^:]*:\s*(.*)$/s.exec(msg);
  if (!m) return undefined;
  let reason = m[2].trim();
  const custom = /Custom error:\s*(\d+)/.exec(reason);
  if (custom) reason = CUSTOM_ERRORS[Number(custom[1])] ?? `custom error ${custom[1]}`;
  reason = reason.replace(/^Invalid Transaction:\s*/i, '');
  if (/Inability to pay some fees/i.test(reason)) reason = 'the account cannot pay the transaction fee (balance too low)';
  if (/Transaction is outdated/i.test(reason)) reason = 'stale nonce (another transaction from this account was included first); retry';
  return new SubnetError('CHAIN_INVALID_TX', `${what} rejected by the chain (${m[1]}): ${reason}`, { cause: err });
}
