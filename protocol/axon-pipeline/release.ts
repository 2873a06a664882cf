import { finallyAfter, type Step } from './compose.ts';
import type { AxonRequest } from './request.ts';

/**
 * Frees the admission slot once the answer is done (a stream has ended) and the handler has really
 * settled, even past a timeout: releasing earlier would let a caller pile up abandoned work.
 * Goes right before the admit step.
 */
export function release<C extends AxonRequest>(): Step<C> {
  return (ctx, next) =>
    finallyAfter(next, () => {
      const slot = ctx.admission;
      ctx.admission = undefined;
      if (slot && ctx.work) {
        void ctx.work.then(
          () => slot.release(),
          () => slot.release(),
        );
      } else {
        slot?.release();
      }
    });
}
