import { describe, expect, it, vi } from 'vitest';
import { gate, product, weightedSum } from '../../scoring/compose.ts';
import type { ScoringRule } from '../../scoring/rule.ts';
import { challenge, items, ok } from './helpers.ts';

const fixed = (name: string, scores: number[]): ScoringRule => ({ name, score: (its) => its.map((it) => scores[it.response.uid]) });
const c = challenge({});
const batch = items(c, [ok(0, {}), ok(1, {}), ok(2, {})]);
const ctx = { timeoutMs: 1000 };

describe('rule composition', () => {
  it('weighted sum divides by the total weight and clamps inputs', async () => {
    const r = weightedSum([
      { weight: 3, rule: fixed('a', [1, 0, 0.5]) },
      { weight: 1, rule: fixed('b', [0, 1, 2]) },
    ]);
    expect(await r.score(batch, ctx)).toEqual([0.75, 0.25, 0.625]);
  });

  it('product zeroes on any zero', async () => {
    const r = product([fixed('a', [1, 0.5, 0]), fixed('b', [0.5, 0.5, 1])]);
    expect(await r.score(batch, ctx)).toEqual([0.5, 0.25, 0]);
  });

  it('gate: 0 unless the gate passes, and the inner rule only sees passing items', async () => {
    const inner = fixed('inner', [0.9, 0.8, 0.7]);
    const spy = vi.spyOn(inner, 'score');
    const r = gate(fixed('verify', [1, 0.4, 0.95]), 0.9, inner);
    expect(await r.score(batch, ctx)).toEqual([0.9, 0, 0.7]);
    expect(spy.mock.calls[0][0].map((it) => it.response.uid)).toEqual([0, 2]);
    const none = gate(fixed('verify', [0, 0, 0]), 0.5, inner);
    expect(await none.score(batch, ctx)).toEqual([0, 0, 0]);
  });

  it('non-finite rule output never leaks into a composite', async () => {
    const r = weightedSum([{ weight: 1, rule: fixed('nan', [Number.NaN, Number.POSITIVE_INFINITY, -1]) }]);
    expect(await r.score(batch, ctx)).toEqual([0, 0, 0]);
  });
});
