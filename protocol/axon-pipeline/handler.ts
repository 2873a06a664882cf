import { ProtocolError } from '../errors.ts';
import { isPromise, type Step } from './compose.ts';
import type { AxonRequest } from './request.ts';

/** Runs the synapse's handler; the request's abort (deadline, cancel, disconnect) ends the wait, not the work. */
export function handle<C extends AxonRequest>(): Step<C> {
  return (ctx, next) => {
    const handler = ctx.handler;
    if (!handler) throw new ProtocolError('UNKNOWN_SYNAPSE', `no handler for synapse ${JSON.stringify(ctx.synapse)}`);
    const result = handler(
      { name: ctx.synapse, body: ctx.body, timeoutMs: ctx.timeoutMs },
      {
        caller: ctx.caller!,
        requestId: ctx.requestId,
        deadline: ctx.deadline,
        // an AbortSignal costs microseconds to make: only a handler that reads it gets one
        get signal() {
          return ctx.controller.signal;
        },
      },
    );
    // a handler that answered synchronously has no work left to wait for, nor to outlive the request
    if (!isPromise(result)) {
      ctx.result = result;
      return next();
    }
    ctx.work = result;
    return Promise.race([result, ctx.aborted]).then((value) => {
      ctx.result = value;
      return next();
    });
  };
}
