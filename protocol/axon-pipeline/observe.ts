import type { AxonObserver } from '../axon-policy.ts';
import { after, type Step } from './compose.ts';
import type { AxonRequest } from './request.ts';

/**
 * Reports every request to the observer once it is answered or refused: its status and latency,
 * and the refusal's code as a rejection. The first step.
 */
export function observe<C extends AxonRequest>(observer: AxonObserver | undefined, label: (ctx: C) => string = (ctx) => ctx.synapse): Step<C> {
  const report = (ctx: C): void => {
    if (!observer) return;
    const e = ctx.refusal;
    observer.request?.({ synapse: label(ctx), status: e ? e.status : 200, code: e?.code, seconds: (performance.now() - ctx.startedAt) / 1000 });
    if (e) observer.rejection?.(e.code.toLowerCase());
  };
  return (ctx, next) => after(next(), () => report(ctx));
}
