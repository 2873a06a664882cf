import { describe, expect, it } from 'vitest';
import { SubnetError } from '../../core/errors.ts';
import { admit } from '../../protocol/axon-pipeline/admit.ts';
import { blacklist } from '../../protocol/axon-pipeline/blacklist.ts';
import { compose, type Step } from '../../protocol/axon-pipeline/compose.ts';
import { deadline } from '../../protocol/axon-pipeline/deadline.ts';
import { handle } from '../../protocol/axon-pipeline/handler.ts';
import { observe } from '../../protocol/axon-pipeline/observe.ts';
import { refusalOf, refusals } from '../../protocol/axon-pipeline/refusals.ts';
import { release } from '../../protocol/axon-pipeline/release.ts';
import { axonRequest, type AxonRequest } from '../../protocol/axon-pipeline/request.ts';
import { respond } from '../../protocol/axon-pipeline/respond.ts';
import { verify } from '../../protocol/axon-pipeline/verify.ts';
import type { AxonObserver, AxonPolicy } from '../../protocol/axon-policy.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { SynapseHandler } from '../../protocol/synapse-handler.ts';

describe('compose', () => {
  it('runs steps outermost first and unwinds them in reverse', async () => {
    const seen: string[] = [];
    const step =
      (name: string): Step<object> =>
      async (_ctx, next) => {
        seen.push(`${name} in`);
        await next();
        seen.push(`${name} out`);
      };
    await compose([step('a'), step('b'), step('c')])({});
    expect(seen).toEqual(['a in', 'b in', 'c in', 'c out', 'b out', 'a out']);
  });

  it('stops where a step does not call next, and refuses a step that calls it twice', async () => {
    const seen: string[] = [];
    await compose<object>([async () => void seen.push('stop'), async () => void seen.push('never')])({});
    expect(seen).toEqual(['stop']);
    const twice = compose<object>([
      async (_ctx, next) => {
        await next();
        await next();
      },
    ]);
    await expect(twice({})).rejects.toMatchObject({ code: 'INTERNAL', message: 'a pipeline step called next() twice' });
  });

  it('turns a step that throws synchronously into a rejection', async () => {
    const throwing: Step<object> = () => {
      throw new ProtocolError('BAD_REQUEST', 'no');
    };
    await expect(compose([throwing])({})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('refusalOf', () => {
  it('keeps a ProtocolError, maps a SubnetError with a wire code to it, and words anything else as the transport says', () => {
    const own = new ProtocolError('RATE_LIMITED', 'slow down');
    expect(refusalOf(own, (m) => m)).toBe(own);
    expect(refusalOf(new SubnetError('BAD_REQUEST', 'prompt is empty'), (m) => m)).toMatchObject({
      code: 'BAD_REQUEST',
      status: 400,
      message: 'prompt is empty',
    });
    expect(refusalOf(new SubnetError('WALLET_LOCKED', 'locked'), (m) => `failed: ${m}`)).toMatchObject({ code: 'INTERNAL', message: 'failed: locked' });
    expect(refusalOf(new Error('x'.repeat(400)), (m) => `Internal Server Error: ${m}`).message).toHaveLength(300);
  });
});

/** The shared stages in the order the adapters use them, with a recording transport around them. */
function harness(policy: AxonPolicy, handler: SynapseHandler, options: { verifier?: (ctx: AxonRequest) => string } = {}) {
  const reports: Parameters<NonNullable<AxonObserver['request']>>[0][] = [];
  const rejections: string[] = [];
  const refused: ProtocolError[] = [];
  const answers: unknown[] = [];
  const run = compose<AxonRequest>([
    observe({ request: (e) => reports.push(e), rejection: (r) => rejections.push(r) }),
    refusals({ refuse: (_ctx, e) => void refused.push(e), internal: (ctx, m) => `${ctx.synapse} failed: ${m}` }),
    blacklist(policy),
    verify(options.verifier ?? ((ctx) => ctx.caller!)),
    async (ctx, next) => {
      ctx.handler = handler;
      await next();
    },
    deadline((ctx) => new ProtocolError('TIMEOUT', `no answer within ${ctx.timeoutMs} ms`)),
    release(),
    admit(policy),
    respond((_ctx, result) => void answers.push(result)),
    handle(),
  ]);
  const call = (timeoutMs = 1_000, caller = 'alice') => {
    const ctx = axonRequest({ synapse: 'Echo', requestId: 1, timeoutMs, caller });
    ctx.body = 'hi';
    return run(ctx).then(() => ctx);
  };
  return { call, reports, rejections, refused, answers };
}

describe('the shared stages', () => {
  it('answer through the transport writer and report 200', async () => {
    const h = harness({ blacklist: () => undefined, admit: () => ({ release: () => {} }) }, (s, c) => `${s.body} from ${c.caller}`);
    const ctx = await h.call();
    expect(h.answers).toEqual(['hi from alice']);
    expect(ctx.verified).toBe(true);
    expect(h.reports).toMatchObject([{ synapse: 'Echo', status: 200, code: undefined }]);
    expect(h.rejections).toEqual([]);
  });

  it('refuse a blacklisted caller before verification, keeping the policy reason, and report the refusal', async () => {
    let verified = 0;
    const h = harness({ blacklist: (k) => (k === 'eve' ? 'not registered' : undefined), admit: () => ({ release: () => {} }) }, () => 'never', {
      verifier: (ctx) => {
        verified += 1;
        return ctx.caller!;
      },
    });
    await h.call(1_000, 'eve');
    expect(verified).toBe(0);
    expect(h.refused[0]).toMatchObject({ code: 'BLACKLISTED', message: 'caller eve is blacklisted: not registered', details: { reason: 'not registered' } });
    expect(h.reports).toMatchObject([{ status: 403, code: 'BLACKLISTED' }]);
    expect(h.rejections).toEqual(['blacklisted']);
  });

  it('word a failing handler as the transport says', async () => {
    const h = harness({ blacklist: () => undefined, admit: () => ({ release: () => {} }) }, () => {
      throw new Error('model not loaded');
    });
    await h.call();
    expect(h.refused[0]).toMatchObject({ code: 'INTERNAL', message: 'Echo failed: model not loaded' });
    expect(h.answers).toEqual([]);
  });

  it('time out with the transport refusal, abort the handler, and hold the slot until the handler settles', async () => {
    let held = 0;
    let finish!: () => void;
    let aborted: unknown;
    const h = harness(
      {
        blacklist: () => undefined,
        admit: () => {
          held += 1;
          return { release: () => (held -= 1) };
        },
      },
      (_s, c) =>
        new Promise<string>((resolve) => {
          c.signal.addEventListener('abort', () => (aborted = c.signal.reason));
          finish = () => resolve('late');
        }),
    );
    await h.call(50);
    expect(h.refused[0]).toMatchObject({ code: 'TIMEOUT', message: 'no answer within 50 ms' });
    expect(aborted).toBe(h.refused[0]);
    expect(held).toBe(1);
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(held).toBe(0);
    expect(h.answers).toEqual([]);
  });

  it('pass an admission refusal through and take no slot', async () => {
    const h = harness(
      {
        blacklist: () => undefined,
        admit: () => {
          throw new ProtocolError('RATE_LIMITED', 'more than 1 request/s');
        },
      },
      () => 'never',
    );
    await h.call();
    expect(h.reports).toMatchObject([{ status: 429, code: 'RATE_LIMITED' }]);
    expect(h.rejections).toEqual(['rate_limited']);
  });
});
