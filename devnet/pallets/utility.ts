import type { DispatchContext, DispatchErrorValue, RuntimeCall } from '../pallet.ts';
import { DispatchFailure, definePallet, ensureRoot } from '../pallet.ts';

export const BATCHED_CALLS_LIMIT = 10_922;

function checkBatch(ctx: DispatchContext, calls: RuntimeCall[]): void {
  if (ctx.origin.kind === 'none') throw new DispatchFailure('BadOrigin');
  if (calls.length > BATCHED_CALLS_LIMIT) ctx.fail('TooManyCalls');
}

export const utility = definePallet({
  name: 'Utility',
  index: 11,
  calls: [
    {
      index: 0,
      name: 'batch',
      args: [{ name: 'calls', type: 'Vec<Call>' }],
      docs: ['Send a batch of dispatch calls; stops at the first failure (BatchInterrupted).'],
      dispatch(ctx, { calls }: { calls: RuntimeCall[] }) {
        checkBatch(ctx, calls);
        for (let i = 0; i < calls.length; i++) {
          const r = ctx.dispatch(calls[i], ctx.origin);
          if (!r.ok) {
            ctx.deposit('BatchInterrupted', [i, r.error]);
            return;
          }
          ctx.deposit('ItemCompleted', []);
        }
        ctx.deposit('BatchCompleted', []);
      },
    },
    {
      index: 2,
      name: 'batch_all',
      args: [{ name: 'calls', type: 'Vec<Call>' }],
      docs: ['Send a batch of dispatch calls and atomically execute them.'],
      dispatch(ctx, { calls }: { calls: RuntimeCall[] }) {
        checkBatch(ctx, calls);
        for (const call of calls) {
          const r = ctx.dispatch(call, ctx.origin);
          if (!r.ok) throw new DispatchFailure(r.error);
          ctx.deposit('ItemCompleted', []);
        }
        ctx.deposit('BatchCompleted', []);
      },
    },
    {
      index: 4,
      name: 'force_batch',
      args: [{ name: 'calls', type: 'Vec<Call>' }],
      docs: ["Send a batch of dispatch calls. Unlike `batch`, it allows errors and won't interrupt."],
      dispatch(ctx, { calls }: { calls: RuntimeCall[] }) {
        checkBatch(ctx, calls);
        let failed = false;
        for (const call of calls) {
          const r = ctx.dispatch(call, ctx.origin);
          if (r.ok) ctx.deposit('ItemCompleted', []);
          else {
            failed = true;
            ctx.deposit('ItemFailed', [r.error]);
          }
        }
        ctx.deposit(failed ? 'BatchCompletedWithErrors' : 'BatchCompleted', []);
      },
    },
    {
      index: 5,
      name: 'with_weight',
      args: [
        { name: 'call', type: 'Box<Call>' },
        { name: 'weight', type: 'Weight' },
      ],
      docs: ['Dispatch a function call with a specified weight (Root origin).'],
      dispatch(ctx, { call }: { call: RuntimeCall }) {
        ensureRoot(ctx.origin);
        const r = ctx.dispatch(call, ctx.origin);
        if (!r.ok) throw new DispatchFailure(r.error as DispatchErrorValue);
      },
    },
  ],
  events: [
    {
      index: 0,
      name: 'BatchInterrupted',
      fields: [
        { name: 'index', type: 'u32' },
        { name: 'error', type: 'DispatchError' },
      ],
      docs: ['Batch of dispatches did not complete fully. Index of first failing dispatch given, as well as the error.'],
    },
    { index: 1, name: 'BatchCompleted', fields: [], docs: ['Batch of dispatches completed fully with no error.'] },
    { index: 2, name: 'BatchCompletedWithErrors', fields: [], docs: ['Batch of dispatches completed but has errors.'] },
    { index: 3, name: 'ItemCompleted', fields: [], docs: ['A single item within a Batch of dispatches has completed with no error.'] },
    {
      index: 4,
      name: 'ItemFailed',
      fields: [{ name: 'error', type: 'DispatchError' }],
      docs: ['A single item within a Batch of dispatches has completed with error.'],
    },
    { index: 5, name: 'DispatchedAs', fields: [{ name: 'result', type: 'DispatchResult' }], docs: ['A call was dispatched.'] },
    { index: 6, name: 'IfElseMainSuccess', fields: [], docs: ['Main call was dispatched.'] },
    { index: 7, name: 'IfElseFallbackCalled', fields: [{ name: 'main_error', type: 'DispatchError' }], docs: ['The fallback call was dispatched.'] },
  ],
  errors: [
    { index: 0, name: 'TooManyCalls', docs: ['Too many calls batched.'] },
    { index: 1, name: 'InvalidDerivedAccount', docs: ['Bad input data for derived account ID'] },
  ],
  constants: [{ name: 'batched_calls_limit', type: 'u32', value: BATCHED_CALLS_LIMIT, docs: [' The limit on the number of batched calls.'] }],
});
