import { describe, expect, it } from 'vitest';
import { challengeSeed, makeChallenge, SeededRng } from '../../scoring/challenge.ts';
import { readPath } from '../../scoring/field-path.ts';
import { buildRule, ScoringPipeline } from '../../scoring/pipeline.ts';
import type { ScoringRule } from '../../scoring/rule.ts';
import { challenge, items, ok } from './helpers.ts';

describe('scoring pipeline', () => {
  it('timeouts and errors score 0 without reaching the rules; the rest is shaped', async () => {
    const seen: number[] = [];
    const rule: ScoringRule = {
      name: 'spy',
      score: (its) => its.map((it) => (seen.push(it.response.uid), 0.5)),
    };
    const pipeline = new ScoringPipeline(rule, [{ type: 'normalize', to: 'sum' }], { timeoutMs: 100 });
    const c = challenge({});
    const result = await pipeline.score([
      ...items(c, [ok(1, { a: 1 }), ok(2, { a: 1 })]),
      { challenge: c, response: { uid: 3, status: 'timeout', latencyMs: 100 } },
      { challenge: c, response: { uid: 4, status: 'error', latencyMs: 3 } },
    ]);
    expect(seen).toEqual([1, 2]);
    expect(result.scores).toEqual([0.5, 0.5, 0, 0]);
    expect(result.rewards).toEqual([0.5, 0.5, 0, 0]);
  });

  it('builds composite rule trees from definition config', async () => {
    const rule = buildRule(
      {
        type: 'gate',
        gate: { type: 'exact', field: 'answer', expected: 'private.answer', normalize: true },
        min: 1,
        then: {
          type: 'weighted-sum',
          rules: [
            { weight: 1, rule: { type: 'latency', target_ms: 0, max_ms: 100 } },
            { weight: 1, rule: { type: 'custom', module: 'x', export: 'default', options: {} } },
          ],
        },
      },
      () => ({ name: 'custom', score: (its) => its.map(() => 1) }),
    );
    const c = challenge({}, { answer: 'yes' });
    expect(await rule.score(items(c, [ok(1, { answer: 'yes' }, 50), ok(2, { answer: 'no' }, 0)]), { timeoutMs: 100 })).toEqual([0.75, 0]);
    expect(() => buildRule({ type: 'custom', module: 'x', export: 'default', options: {} })).toThrow(/was not loaded/);
  });

  it('challenges are a pure function of (block hash, validator secret, step, uid)', async () => {
    const gen = { generate: (ctx: { rng: SeededRng; uid?: number }) => ({ request: { n: ctx.rng.int(1e9), uid: ctx.uid } }) };
    const seed = challengeSeed({ blockHash: '0xaa', validatorSecret: 's', step: 3, uid: 7 });
    const a = await makeChallenge(gen, 'S', { seed, step: 3, uid: 7, options: {} });
    const b = await makeChallenge(gen, 'S', {
      seed: challengeSeed({ blockHash: '0xaa', validatorSecret: 's', step: 3, uid: 7 }),
      step: 3,
      uid: 7,
      options: {},
    });
    expect(a).toEqual(b);
    for (const other of [
      { blockHash: '0xab', validatorSecret: 's', step: 3, uid: 7 },
      { blockHash: '0xaa', validatorSecret: 't', step: 3, uid: 7 },
      { blockHash: '0xaa', validatorSecret: 's', step: 4, uid: 7 },
      { blockHash: '0xaa', validatorSecret: 's', step: 3, uid: 8 },
    ])
      expect(challengeSeed(other)).not.toBe(seed);
    const r = new SeededRng('x');
    const xs = Array.from({ length: 1000 }, () => r.float());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(readPath({ a: [{ b: 2 }] }, 'a.0.b')).toBe(2);
    expect(readPath({ a: 1 }, 'a.b.c')).toBeUndefined();
  });
});
