import { ProtocolError } from '../errors.ts';

export type Next = () => Promise<void>;

/**
 * One stage of an axon's request pipeline. A step does its work, then calls `next()` to run the
 * steps after it (or throws a ProtocolError to refuse the request); code after `await next()` runs
 * once the inner steps are done, which is how a step cleans up or writes the answer.
 */
export type Step<C> = (ctx: C, next: Next) => Promise<void>;

/**
 * Chains steps into one request handler, outermost first (the shape of Hono's and Koa's
 * `compose`). Steps run synchronously up to their first real await, so checks that need no IO
 * happen in the order the requests arrive.
 */
export function compose<C>(steps: readonly Step<C>[]): (ctx: C) => Promise<void> {
  return (ctx) => {
    let reached = -1;
    const dispatch = (i: number): Promise<void> => {
      if (i <= reached) return Promise.reject(new ProtocolError('INTERNAL', 'a pipeline step called next() twice'));
      reached = i;
      const step = steps[i];
      if (!step) return Promise.resolve();
      try {
        return step(ctx, () => dispatch(i + 1));
      } catch (err) {
        return Promise.reject(err);
      }
    };
    return dispatch(0);
  };
}
