import { isPromise, type Step } from './compose.ts';
import type { AxonRequest } from './request.ts';

/**
 * How a transport authenticates a request (a session or per-request sr25519 signature, the SDK's
 * signed headers, ...): returns the caller's hotkey, or throws a ProtocolError.
 */
export type Verifier<C> = (ctx: C) => string | Promise<string>;

/** Authenticates the request with the transport's verifier; the caller is known from here on. */
export function verify<C extends AxonRequest>(verifier: Verifier<C>): Step<C> {
  const verified = (ctx: C, caller: string) => {
    ctx.caller = caller;
    ctx.verified = true;
  };
  return (ctx, next) => {
    const caller = verifier(ctx);
    if (!isPromise(caller)) {
      verified(ctx, caller);
      return next();
    }
    return caller.then((c) => {
      verified(ctx, c);
      return next();
    });
  };
}
