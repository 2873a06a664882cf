import type { ProtocolError } from '../errors.ts';
import { finallyAfter, type Step } from './compose.ts';
import type { AxonRequest } from './request.ts';

/**
 * Sets the request's deadline (arrival + its timeout) and aborts the request when it passes,
 * with the transport's own TIMEOUT refusal.
 */
export function deadline<C extends AxonRequest>(expired: (ctx: C) => ProtocolError): Step<C> {
  return (ctx, next) => {
    ctx.deadline = ctx.receivedAt + ctx.timeoutMs;
    const timer = setTimeout(() => ctx.controller.abort(expired(ctx)), Math.max(0, ctx.deadline - Date.now()));
    return finallyAfter(next, () => clearTimeout(timer));
  };
}
