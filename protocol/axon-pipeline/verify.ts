import type { Step } from './compose.ts';
import type { AxonRequest } from './request.ts';

/**
 * How a transport authenticates a request (a session or per-request sr25519 signature, the SDK's
 * signed headers, ...): returns the caller's hotkey, or throws a ProtocolError.
 */
export type Verifier<C> = (ctx: C) => string | Promise<string>;

/** Authenticates the request with the transport's verifier; the caller is known from here on. */
export function verify<C extends AxonRequest>(verifier: Verifier<C>): Step<C> {
  return async (ctx, next) => {
    ctx.caller = await verifier(ctx);
    ctx.verified = true;
    await next();
  };
}
