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
