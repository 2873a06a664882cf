import { SubnetError } from '../core/errors.ts';

/**
 * Wire error codes, in the spirit of the Bittensor axon's HTTP statuses. Each
 * travels in an `err` frame with its numeric status so that peers and logs
 * written for the HTTP axon read naturally.
 */
export const WIRE_ERRORS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  BLACKLISTED: 403,
  UNKNOWN_SYNAPSE: 404,
  TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  OVERLOADED: 503,
} as const;

export type WireErrorCode = keyof typeof WIRE_ERRORS;

/** Client-side failures that never appear in an `err` frame. */
export type LocalErrorCode = 'CONNECTION_FAILED' | 'CONNECTION_CLOSED' | 'BAD_SIGNATURE' | 'WRONG_AXON';

export function isWireErrorCode(code: unknown): code is WireErrorCode {
  return typeof code === 'string' && Object.hasOwn(WIRE_ERRORS, code);
}

/** A protocol failure; `code` is a wire code or a local (client-side) one, prefixed nowhere. */
export class ProtocolError extends SubnetError {
  override readonly code: WireErrorCode | LocalErrorCode;
  /** the request it answers, when it answers one */
  readonly requestId?: number;

  constructor(code: WireErrorCode | LocalErrorCode, message: string, options?: { cause?: unknown; requestId?: number; details?: Record<string, unknown> }) {
    super(code, message, options);
    this.name = 'ProtocolError';
    this.code = code;
    this.requestId = options?.requestId;
  }

  get status(): number {
    return isWireErrorCode(this.code) ? WIRE_ERRORS[this.code] : 0;
  }
}
