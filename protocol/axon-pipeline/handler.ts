import { ProtocolError } from '../errors.ts';
import type { Step } from './compose.ts';
import type { AxonRequest } from './request.ts';

/** Runs the synapse's handler; the request's abort (deadline, cancel, disconnect) ends the wait, not the work. */
export function handle<C extends AxonRequest>(): Step<C> {
  return async (ctx, next) => {
    const handler = ctx.handler;
    if (!handler) throw new ProtocolError('UNKNOWN_SYNAPSE', `no handler for synapse ${JSON.stringify(ctx.synapse)}`);
    const work = (async () =>
      handler({ name: ctx.synapse, body: ctx.body, timeoutMs: ctx.timeoutMs }, { caller: ctx.caller!, requestId: ctx.requestId, signal: ctx.controller.signal, deadline: ctx.deadline }))();
    ctx.work = work;
    ctx.result = await Promise.race([work, ctx.aborted]);
    await next();
  };
}
