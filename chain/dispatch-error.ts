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

/** One `InvalidTransaction::Custom(N)` code of subtensor's `CustomTransactionError`. */
export interface CustomTransactionErrorInfo {
  code: number;
  name: string;
  hint: string;
}

/**
 * subtensor's `CustomTransactionError` as the runtime numbers it (spec 381,
 * `pallets/subtensor/src/lib.rs`). The pool rejects with these codes before a
 * transaction reaches a block, so no pallet error (and no metadata doc) names them.
 * Code 6 means different limits for different calls: see `customErrorReason`.
 */
export const CUSTOM_TRANSACTION_ERRORS: readonly CustomTransactionErrorInfo[] = [
  {
    code: 0,
    name: 'ColdkeySwapAnnounced',
    hint: 'the coldkey has announced or scheduled a swap (ColdkeyInSwapSchedule before spec 381); it may only complete the swap until then',
  },
  { code: 1, name: 'StakeAmountTooLow', hint: 'the amount is below the minimum stake, or the hotkey holds too little stake to set weights' },
  { code: 2, name: 'BalanceTooLow', hint: 'not enough free balance for this amount' },
  { code: 3, name: 'SubnetNotExists', hint: 'the subnet does not exist' },
  { code: 4, name: 'HotkeyAccountDoesntExist', hint: 'the hotkey is not registered anywhere' },
  { code: 5, name: 'NotEnoughStakeToWithdraw', hint: 'not enough stake to remove this amount' },
  { code: 6, name: 'RateLimitExceeded', hint: 'transactions sent too fast' },
  { code: 7, name: 'InsufficientLiquidity', hint: 'the subnet pool lacks liquidity for this amount' },
  { code: 8, name: 'SlippageTooHigh', hint: 'the price would move beyond the limit' },
  { code: 9, name: 'TransferDisallowed', hint: 'the subnet does not allow stake transfers' },
  { code: 10, name: 'HotKeyNotRegisteredInNetwork', hint: 'the hotkey is not registered on any subnet; register it first' },
  { code: 11, name: 'InvalidIpAddress', hint: 'the chain refuses this IP address (127.0.0.1, ::1, all-ones or a malformed address); serve a public address' },
  { code: 12, name: 'ServingRateLimitExceeded', hint: "this hotkey served its axon less than the subnet's serving_rate_limit blocks ago; retry after it" },
  { code: 13, name: 'InvalidPort', hint: 'the port is 0' },
  { code: 14, name: 'ZeroMaxAmount', hint: 'the maximum amount is zero' },
  { code: 15, name: 'InvalidRevealRound', hint: 'the drand reveal round is already in the past' },
  { code: 16, name: 'CommitNotFound', hint: 'no weights commit matches this reveal' },
  { code: 17, name: 'CommitBlockNotInRevealRange', hint: 'the commit is outside its reveal window (too early or expired)' },
  { code: 18, name: 'InputLengthsUnequal', hint: 'the batch lists differ in length' },
  { code: 19, name: 'UidNotFound', hint: 'the hotkey has no uid on this subnet' },
  { code: 20, name: 'EvmKeyAssociateRateLimitExceeded', hint: 'an EVM key was associated too recently; wait and retry' },
  { code: 21, name: 'ColdkeySwapDisputed', hint: "the coldkey's swap is disputed; the account is frozen until it is resolved" },
  { code: 22, name: 'InvalidRealAccount', hint: 'the proxied (real) account is not valid for this call' },
  { code: 255, name: 'BadRequest', hint: 'the runtime refused the call arguments' },
];

const BY_CODE = new Map(CUSTOM_TRANSACTION_ERRORS.map((e) => [e.code, e]));

export function customTransactionError(code: number): CustomTransactionErrorInfo | undefined {
  return BY_CODE.get(code);
}

/**
 * The custom validity code in a pool rejection, from either form a node or RPC
 * library gives it: the text "Custom error: N" or the structured
 * `{"invalid":{"custom":N}}` (any case, with or without quotes).
 */
export function parseCustomErrorCode(text: string): number | undefined {
  const m = /Custom error:\s*(\d+)/i.exec(text) ?? /"?invalid"?\s*:\s*\{\s*"?custom"?\s*:\s*(\d+)/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `burned_register`, `burnedRegister`, `SubtensorModule.burned_register` → `burnedregister`. */
function callKey(call: string | undefined): string {
  return (call ?? '').split('.').pop()!.replace(/_/g, '').toLowerCase();
}

/**
 * Readable reason for custom code `code`. Code 6 is the subnet's registration cap
 * for `register`/`burned_register` (at most 3 × TargetRegistrationsPerInterval
 * per interval) and NetworkRateLimit for `register_network`; the runtime uses
 * the same code for both, so only the call tells them apart.
 */
export function customErrorReason(code: number, call?: string): string {
  const info = customTransactionError(code);
  if (!info) return `custom error ${code} (not a code this client knows)`;
  if (code === 6) {
    const key = callKey(call);
    if (key === 'register' || key === 'burnedregister') {
      return `${info.name}: the subnet already took its registrations for this interval (3 × target_regs_per_interval); retry after the next adjustment_interval`;
    }
    if (key === 'registernetwork') {
      return `${info.name}: the chain registers one new subnet per NetworkRateLimit blocks; wait, or lower it (subnet sudo set --param network_rate_limit --value 0 --sudo, signed by the sudo key)`;
    }
  }
  return `${info.name}: ${info.hint}`;
}

/**
 * Turns an RPC 1010/1011/1012 rejection into one readable line. `call` (the
 * call name, e.g. `burned_register`) picks the meaning of codes the runtime
 * shares between calls.
 */
export function invalidTransactionError(err: unknown, what: string, call?: string): SubnetError | undefined {
  const msg = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err);
  // a bare structured rejection (no RPC code in front) is still a pool refusal: 1010
  const m = /(1010|1011|1012)[^:]*:\s*(.*)$/s.exec(msg) ?? (parseCustomErrorCode(msg) === undefined ? null : ['', '1010', msg]);
  if (!m) return undefined;
  let reason = m[2].trim();
  const code = parseCustomErrorCode(reason);
  const info = code === undefined ? undefined : customTransactionError(code);
  if (code !== undefined) reason = customErrorReason(code, call);
  reason = reason.replace(/^Invalid Transaction:\s*/i, '');
  if (/Inability to pay some fees/i.test(reason)) reason = 'the account cannot pay the transaction fee (balance too low)';
  if (/Transaction is outdated/i.test(reason)) reason = 'stale nonce (another transaction from this account was included first); retry';
  const details = code === undefined ? undefined : { custom: code, error: info?.name };
  return new SubnetError('CHAIN_INVALID_TX', `${what} rejected by the chain (${m[1]}): ${reason}`, { cause: err, details });
}

/**
 * The runtime's name for why `err` failed: the pallet error of a dispatch
 * failure, or the `CustomTransactionError` name of a pool rejection.
 */
export function chainErrorName(err: unknown): string | undefined {
  if (err instanceof ChainDispatchError) return err.error;
  const details = (err as { details?: { error?: unknown } } | undefined)?.details;
  return typeof details?.error === 'string' ? details.error : undefined;
}
