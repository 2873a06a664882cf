import { z } from 'zod';
import { duplicatePenalty, DuplicatePenaltyOptions } from './duplicate-penalty.ts';
import type { ScoringItem } from './rule.ts';

/** One entry of a subnet definition's `rewards` list; the steps apply in order. */
export const RewardStepSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('duplicate-penalty'), ...DuplicatePenaltyOptions.shape })
    .strict()
    .describe('within one challenge, duplicates of an earlier (faster) answer lose `penalty` of their score'),
  z
    .object({ type: z.literal('power'), exponent: z.number().positive().default(2) })
    .strict()
    .describe('score ** exponent (sharpens when > 1)'),
  z
    .object({ type: z.literal('temperature'), temperature: z.number().positive().default(0.1) })
    .strict()
    .describe('softmax(score / temperature) over non-zero scores; zeros stay zero'),
  z
    .object({ type: z.literal('rank'), decay: z.number().min(0).max(1).default(0.8) })
    .strict()
    .describe('the r-th best non-zero score becomes decay ** r'),
  z
    .object({ type: z.literal('top-k'), k: z.number().int().min(1).default(3), share: z.number().min(0).max(1).default(0.8) })
    .strict()
    .describe('the top k split `share` in proportion to their scores; the rest split 1 - share'),
  z
    .object({ type: z.literal('normalize'), to: z.enum(['sum', 'max']).default('sum') })
    .strict()
    .describe('divide by the sum (or max) so the scores sum (or peak) at 1'),
]);

export type RewardStep = z.infer<typeof RewardStepSchema>;

/** Divide by the sum (or the max); all-zero stays all-zero. */
export function normalize(scores: readonly number[], to: 'sum' | 'max' = 'sum'): number[] {
  const d = to === 'sum' ? scores.reduce((a, b) => a + b, 0) : Math.max(0, ...scores);
  return d > 0 ? scores.map((s) => s / d) : scores.map(() => 0);
}

export function power(scores: readonly number[], exponent: number): number[] {
  return scores.map((s) => (s > 0 ? s ** exponent : 0));
}

/** softmax(s / T) over the non-zero scores; zeros (failed answers) stay zero. */
export function temperature(scores: readonly number[], t: number): number[] {
  const live = scores.filter((s) => s > 0);
  if (live.length === 0) return scores.map(() => 0);
  const m = Math.max(...live);
  const e = scores.map((s) => (s > 0 ? Math.exp((s - m) / t) : 0));
  return normalize(e);
}

/** The r-th best non-zero score (r from 0) becomes decay ** r; ties share the better rank. */
export function rank(scores: readonly number[], decay: number): number[] {
  const order = scores
    .map((s, i) => [s, i] as const)
    .filter(([s]) => s > 0)
    .sort((a, b) => b[0] - a[0]);
  const out = scores.map(() => 0);
  let r = 0;
  order.forEach(([s, i], k) => {
    if (k > 0 && s < order[k - 1][0]) r = k;
    out[i] = decay ** r;
  });
  return out;
}

/** Winner-takes-most: the top k split `share` in proportion to their scores, everyone else splits the rest. */
export function topK(scores: readonly number[], k: number, share: number): number[] {
  const order = scores
    .map((s, i) => [s, i] as const)
    .filter(([s]) => s > 0)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const top = new Set(order.slice(0, k).map(([, i]) => i));
  const sumTop = order.filter(([, i]) => top.has(i)).reduce((a, [s]) => a + s, 0);
  const sumRest = order.filter(([, i]) => !top.has(i)).reduce((a, [s]) => a + s, 0);
  const restShare = sumRest > 0 ? 1 - share : 0;
  const topShare = sumRest > 0 ? share : 1;
  return scores.map((s, i) => {
    if (s <= 0) return 0;
    if (top.has(i)) return sumTop > 0 ? topShare * (s / sumTop) : 0;
    return restShare * (s / sumRest);
  });
}

/** Applies the definition's reward steps in order to one step's scores. */
export function shapeRewards(scores: readonly number[], items: readonly ScoringItem[], steps: readonly RewardStep[]): number[] {
  let out = [...scores];
  for (const step of steps) {
    switch (step.type) {
      case 'duplicate-penalty':
        out = duplicatePenalty(out, items, step);
        break;
      case 'power':
        out = power(out, step.exponent);
        break;
      case 'temperature':
        out = temperature(out, step.temperature);
        break;
      case 'rank':
        out = rank(out, step.decay);
        break;
      case 'top-k':
        out = topK(out, step.k, step.share);
        break;
      case 'normalize':
        out = normalize(out, step.to);
        break;
    }
  }
  return out;
}
