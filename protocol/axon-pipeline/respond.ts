import { after, type Step } from './compose.ts';
import type { AxonRequest } from './request.ts';

/**
 * Writes the handler's answer once the steps after it have run: the transport's writer gets a
 * value or an async iterable of chunks. Goes right before the handler step.
 */
export function respond<C extends AxonRequest>(write: (ctx: C, result: unknown) => void | Promise<void>): Step<C> {
  return (ctx, next) => after(next(), () => write(ctx, ctx.result));
}
