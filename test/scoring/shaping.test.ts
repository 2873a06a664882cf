import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicatePenalty } from '../../scoring/duplicate-penalty.ts';
import type { ScoringItem } from '../../scoring/rule.ts';
import { normalize, power, rank, shapeRewards, temperature, topK } from '../../scoring/shaping.ts';
import { challenge, items, ok } from './helpers.ts';

const scoresArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('reward shaping', () => {
  it('normalize sums to 1 (or stays all zero)', () => {
    fc.assert(
      fc.property(scoresArb, (s) => {
        const n = normalize(s);
        if (sum(s) > 0) expect(sum(n)).toBeCloseTo(1, 9);
        else expect(n.every((x) => x === 0)).toBe(true);
      }),
    );
    expect(normalize([1, 2, 4], 'max')).toEqual([0.25, 0.5, 1]);
  });

  it('power and temperature keep the order and keep zeros at zero', () => {
    fc.assert(
      fc.property(scoresArb, fc.double({ min: 0.5, max: 5, noNaN: true }), fc.double({ min: 0.05, max: 2, noNaN: true }), (s, e, t) => {
        for (const out of [power(s, e), temperature(s, t)]) {
          s.forEach((x, i) => {
            if (x === 0) expect(out[i]).toBe(0);
            s.forEach((y, j) => {
              if (x > y) expect(out[i]).toBeGreaterThanOrEqual(out[j]);
            });
          });
        }
      }),
    );
    const t = temperature([0.9, 0.8, 0], 0.05);
    expect(t[0]).toBeGreaterThan(0.85);
    expect(t[2]).toBe(0);
  });

  it('rank: decay ** rank (competition ranking: ties share the better rank, the next rank is skipped)', () => {
    expect(rank([0.2, 0.9, 0.9, 0, 0.5], 0.5)).toEqual([0.125, 1, 1, 0, 0.25]);
  });

  it('top-k: the top k get `share` of the total, in proportion', () => {
    const out = topK([0.9, 0.6, 0.3, 0.1, 0], 2, 0.8);
    expect(out[0] + out[1]).toBeCloseTo(0.8, 12);
    expect(out[2] + out[3]).toBeCloseTo(0.2, 12);
    expect(out[0] / out[1]).toBeCloseTo(1.5, 12);
    expect(out[4]).toBe(0);
    fc.assert(
      fc.property(scoresArb, fc.integer({ min: 1, max: 5 }), (s, k) => {
        const o = topK(s, k, 0.9);
        if (sum(s) > 0) expect(sum(o)).toBeCloseTo(1, 9);
      }),
    );
  });

  it('duplicate penalty: later copies of an answer lose their score, the first responder keeps it', () => {
    const c = challenge({ prompt: 'p' });
    const its = items(c, [
      ok(1, { text: 'the fox runs in the forest every winter morning' }, 120),
      ok(2, { text: 'The fox runs in the forest every winter morning!' }, 200), // copy, later
      ok(3, { text: 'a grey wolf sleeps by the river in summer' }, 100),
      ok(4, { text: 'the fox runs in the forest every winter morning' }, 90), // earliest of the cluster
    ]);
    expect(duplicatePenalty([0.8, 0.8, 0.7, 0.8], its, { field: 'text', similarity: 0.9, penalty: 1 })).toEqual([0, 0, 0.7, 0.8]);
    expect(duplicatePenalty([0.8, 0.8, 0.7, 0.8], its, { field: 'text', similarity: 0.9, penalty: 0.5 })).toEqual([0.4, 0.4, 0.7, 0.8]);
  });

  it('duplicate penalty compares vectors by cosine and only within one challenge', () => {
    const a = challenge({}, {}, 'a');
    const b = challenge({}, {}, 'b');
    const its: ScoringItem[] = [
      { challenge: a, response: ok(1, { v: [1, 0, 0] }, 10) },
      { challenge: a, response: ok(2, { v: [0.99, 0.01, 0] }, 20) },
      { challenge: b, response: ok(3, { v: [1, 0, 0] }, 30) },
      { challenge: a, response: ok(4, { v: [0, 1, 0] }, 40) },
    ];
    expect(duplicatePenalty([1, 1, 1, 1], its, { field: 'v', similarity: 0.95, penalty: 1 })).toEqual([1, 0, 1, 1]);
  });

  it('a zero-scored answer does not make a later good one a "duplicate"', () => {
    const c = challenge({});
    const its = items(c, [ok(1, { text: 'same words here now' }, 10), ok(2, { text: 'same words here now' }, 20)]);
    expect(duplicatePenalty([0, 0.9], its, { field: 'text', similarity: 0.9, penalty: 1 })).toEqual([0, 0.9]);
  });

  it('steps apply in the definition order', () => {
    const c = challenge({});
    const its = items(c, [ok(1, { text: 'a b c d' }, 10), ok(2, { text: 'a b c d' }, 20), ok(3, { text: 'x y z w' }, 30)]);
    const out = shapeRewards([0.5, 0.5, 1], its, [
      { type: 'duplicate-penalty', field: 'text', similarity: 0.9, penalty: 1 },
      { type: 'power', exponent: 2 },
      { type: 'normalize', to: 'sum' },
    ]);
    expect(out).toEqual([0.2, 0, 0.8]);
  });
});
