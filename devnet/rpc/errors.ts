import { SubnetError } from '../../core/errors.ts';
import { TxPoolError, type TxPoolErrorKind } from '../txpool.ts';

/**
 * JSON-RPC errors with the codes Substrate (jsonrpsee) uses, so clients that
 * match on codes (1010 invalid transaction, ...) behave as against a real node.
 */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export const RPC = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  TOO_MANY_SUBSCRIPTIONS: -32006,
  OVERSIZED_REQUEST: -32007,
  /** jsonrpsee: one answer over the response size limit */
  OVERSIZED_RESPONSE: -32008,
  /** jsonrpsee: a batch's answers together over the response size limit */
  BATCH_RESPONSE_TOO_LARGE: -32011,
  /** author: extrinsic bytes do not decode */
  BAD_FORMAT: 1001,
  /** author: verification error (runtime could not decode/validate) */
  VERIFICATION: 1002,
  INVALID_TRANSACTION: 1010,
  UNKNOWN_TRANSACTION: 1011,
  ALREADY_IMPORTED: 1013,
  TOO_LOW_PRIORITY: 1014,
  /** chain: block not found and similar */
  CHAIN_ERROR: 3001,
  /** state: client/runtime call error */
  STATE_ERROR: 4003,
} as const;

export const invalidParams = (what: string) => new RpcError(RPC.INVALID_PARAMS, `Invalid params: ${what}`);

/** The pool's refusals as Substrate reports them: code, message, and whether the reason goes in `data`. */
const POOL_ERRORS: Record<TxPoolErrorKind, { code: number; message: string; data: boolean }> = {
  invalid: { code: RPC.INVALID_TRANSACTION, message: 'Invalid Transaction', data: true },
  unknown: { code: RPC.UNKNOWN_TRANSACTION, message: 'Unknown Transaction Validity', data: true },
  'already-imported': { code: RPC.ALREADY_IMPORTED, message: 'Transaction Already Imported', data: false },
  full: { code: RPC.TOO_LOW_PRIORITY, message: 'Transaction pool is full', data: false },
  'too-low-priority': { code: RPC.TOO_LOW_PRIORITY, message: 'Priority is too low: (0 vs 0)', data: true },
};

/** Node errors a Substrate client reports as "Client error" (4003): unknown or pruned blocks, failed runtime calls. */
const CLIENT_ERRORS = new Set(['DEVNET_UNKNOWN_BLOCK', 'DEVNET_STATE_DISCARDED', 'DEVNET_EXECUTION']);

/**
 * The JSON-RPC error of an error the devnet raised on purpose; undefined for
 * anything else (a bug: the server answers it as an internal error).
 */
export function toRpcError(err: unknown): RpcError | undefined {
  if (err instanceof RpcError) return err;
  if (err instanceof TxPoolError) {
    const e = POOL_ERRORS[err.kind];
    return new RpcError(e.code, e.message, e.data ? err.reason : undefined);
  }
  if (err instanceof SubnetError) {
    if (CLIENT_ERRORS.has(err.code)) return new RpcError(RPC.STATE_ERROR, `Client error: ${err.message}`);
    if (err.code === 'DEVNET_INVALID_INPUT') return invalidParams(err.message);
    return new RpcError(RPC.INTERNAL_ERROR, err.message);
  }
  return undefined;
}
