import { ProtocolError } from '../errors.ts';

/** What a step returns: nothing when it finished synchronously, a promise when it had to wait. */
export type StepResult = void | Promise<void>;

export type Next = () => StepResult;

/**
 * One stage of an axon's request pipeline. A step does its work, then calls `next()` to run the
 * steps after it (or throws a ProtocolError to refuse the request); code after `next()` has settled
 * runs once the inner steps are done, which is how a step cleans up or writes the answer. A step
 * may be an `async` function; the shared steps are not, and return `next()`'s own result where
 * they have nothing to wait for (see `after` and `finallyAfter`), so a request that no step makes
 * wait runs to its answer without a microtask per step.
 */
export type Step<C> = (ctx: C, next: Next) => StepResult;

const DONE: Promise<void> = Promise.resolve();

export function isPromise(x: unknown): x is Promise<unknown> {
  return typeof (x as { then?: unknown } | null | undefined)?.then === 'function';
}

/** Runs `then` once `result` has settled successfully: at once when it is synchronous. */
export function after(result: StepResult, then: () => StepResult): StepResult {
  return isPromise(result) ? result.then(then) : then();
}

/** `try { await run() } finally { cleanup() }`, without an await when `run` finishes synchronously. */
export function finallyAfter(run: () => StepResult, cleanup: () => void): StepResult {
  let result: StepResult;
  try {
    result = run();
  } catch (err) {
    cleanup();
    throw err;
  }
  if (isPromise(result)) return result.finally(cleanup);
  cleanup();
}

/**
 * Chains steps into one request handler, outermost first (the shape of Hono's and Koa's
 * `compose`). Steps run synchronously up to their first real await, so checks that need no IO
 * happen in the order the requests arrive.
 */
export function compose<C>(steps: readonly Step<C>[]): (ctx: C) => Promise<void> {
  return (ctx) => {
    let reached = -1;
    const dispatch = (i: number): StepResult => {
      if (i <= reached) throw new ProtocolError('INTERNAL', 'a pipeline step called next() twice');
      reached = i;
      const step = steps[i];
      if (!step) return;
      return step(ctx, () => dispatch(i + 1));
    };
    try {
      const result = dispatch(0);
      return isPromise(result) ? result : DONE;
    } catch (err) {
      return Promise.reject(err);
    }
  };
}
