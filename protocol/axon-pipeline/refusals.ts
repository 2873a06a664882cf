import { SubnetError } from '../../core/errors.ts';
import { isWireErrorCode, ProtocolError } from '../errors.ts';
import { isPromise, type Step, type StepResult } from './compose.ts';
import type { AxonRequest } from './request.ts';

/**
 * The wire refusal for any failure: a ProtocolError as it is; a SubnetError with a wire code (a
 * handler refusing, e.g. `SubnetError('BAD_REQUEST', 'prompt is empty')`) with that code; anything
 * else INTERNAL, worded by the transport.
 */
export function refusalOf(err: unknown, internal: (message: string) => string): ProtocolError {
  if (err instanceof ProtocolError) return err;
  if (err instanceof SubnetError && isWireErrorCode(err.code)) return new ProtocolError(err.code, err.message);
  const message = err instanceof Error ? err.message : String(err);
  return new ProtocolError('INTERNAL', internal(message).slice(0, 300));
}

export interface RefusalOptions<C> {
  /** how the transport writes a refusal: an error frame, an HTTP status */
  refuse: (ctx: C, err: ProtocolError) => void | Promise<void>;
  /** the message of an INTERNAL refusal, from the failure's own message */
  internal: (ctx: C, message: string) => string;
}

/** Turns a failure of any later step into the transport's refusal, and records it on the request. */
export function refusals<C extends AxonRequest>(o: RefusalOptions<C>): Step<C> {
  return (ctx, next) => {
    const refuse = (err: unknown): StepResult => {
      const e = refusalOf(err, (message) => o.internal(ctx, message));
      ctx.refusal = e;
      return o.refuse(ctx, e);
    };
    let result: StepResult;
    try {
      result = next();
    } catch (err) {
      return refuse(err);
    }
    return isPromise(result) ? result.then(undefined, refuse) : result;
  };
}
