import type { AxonPolicy } from '../axon-policy.ts';
import { isPromise, type Step } from './compose.ts';
import type { AxonRequest } from './request.ts';

/**
 * Waits for the policy's admission (rate, concurrency, cost, priority), or the request's abort.
 * `bytes` tells the policy the request's size, the measure of its cost, as the transport knows it.
 */
export function admit<C extends AxonRequest>(policy: AxonPolicy, bytes?: (ctx: C) => number | undefined): Step<C> {
  return (ctx, next) => {
    const admission = policy.admit({
      caller: ctx.caller!,
      synapse: ctx.synapse,
      deadline: ctx.deadline,
      bytes: bytes?.(ctx),
      // made when a policy that queues the request reads it
      get signal() {
        return ctx.controller.signal;
      },
    });
    if (!isPromise(admission)) {
      ctx.admission = admission;
      return next();
    }
    return Promise.race([admission, ctx.aborted]).then((slot) => {
      ctx.admission = slot;
      return next();
    });
  };
}
