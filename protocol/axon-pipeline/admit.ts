import type { AxonPolicy } from '../axon-policy.ts';
import type { Step } from './compose.ts';
import type { AxonRequest } from './request.ts';

/** Waits for the policy's admission (rate, concurrency, priority), or the request's abort. */
export function admit<C extends AxonRequest>(policy: AxonPolicy): Step<C> {
  return async (ctx, next) => {
    ctx.admission = await Promise.race([policy.admit({ caller: ctx.caller!, synapse: ctx.synapse, deadline: ctx.deadline, signal: ctx.controller.signal }), ctx.aborted]);
    await next();
  };
}
