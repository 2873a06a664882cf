import type { AxonPolicy } from '../axon-policy.ts';
import { ProtocolError } from '../errors.ts';
import type { Step } from './compose.ts';
import type { AxonRequest } from './request.ts';

/** The refusal for a blacklisted caller; `details.reason` is the policy's own words. */
export function blacklisted(caller: string, reason: string): ProtocolError {
  return new ProtocolError('BLACKLISTED', `caller ${caller} is blacklisted: ${reason}`, { details: { caller, reason } });
}

/** Refuses callers the policy blacklists (BLACKLISTED); the caller may still be only claimed. */
export function blacklist<C extends AxonRequest>(policy: AxonPolicy): Step<C> {
  return (ctx, next) => {
    if (ctx.caller === undefined) throw new ProtocolError('UNAUTHORIZED', 'the request names no caller');
    const reason = policy.blacklist(ctx.caller);
    if (reason !== undefined) throw blacklisted(ctx.caller, reason);
    return next();
  };
}
