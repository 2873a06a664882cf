/**
 * Every error subnetkit raises on purpose is a `SubnetError` with a stable,
 * SCREAMING_SNAKE `code`. Callers branch on `code`, never on message text; the
 * CLI prints `message` as one line and the stack only with `--verbose`.
 *
 * Domains define their own codes (e.g. `WALLET_WRONG_PASSWORD`, `CHAIN_DISPATCH`,
 * `PROTOCOL_REPLAY`) and may subclass to carry typed details.
 */
export class SubnetError extends Error {
  readonly code: string;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SubnetError';
    this.code = code;
    this.details = options?.details;
  }
}

export function isSubnetError(err: unknown, code?: string): err is SubnetError {
  return err instanceof SubnetError && (code === undefined || err.code === code);
}

/** One line for humans: the message of a SubnetError, or a best effort for anything else. */
export function describeError(err: unknown): string {
  if (err instanceof SubnetError) return `${err.message} [${err.code}]`;
  if (err instanceof Error) return err.message;
  return String(err);
}
