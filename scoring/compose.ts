import type { Challenge, RuleContext, ScoringItem, ScoringRule } from './rule.ts';
import { clampScore } from './similarity.ts';

/** sum(weight_i * score_i) / sum(weight_i) */
export function weightedSum(parts: { weight: number; rule: ScoringRule }[], name = 'weighted-sum'): ScoringRule {
  const total = parts.reduce((s, p) => s + p.weight, 0);
  return {
    name,
    async score(items: readonly ScoringItem[], ctx: RuleContext) {
      const all = await Promise.all(parts.map((p) => p.rule.score(items, ctx)));
      return items.map((_, i) => (total === 0 ? 0 : clampScore(parts.reduce((s, p, k) => s + p.weight * clampScore(all[k][i]), 0) / total)));
    },
    prepare: (challenges, ctx) =>
      prepareAll(
        parts.map((p) => p.rule),
        challenges,
        ctx,
      ),
  };
}

/** product of the scores: any zero zeroes the whole */
export function product(rules: ScoringRule[], name = 'product'): ScoringRule {
  return {
    name,
    async score(items: readonly ScoringItem[], ctx: RuleContext) {
      const all = await Promise.all(rules.map((r) => r.score(items, ctx)));
      return items.map((_, i) => all.reduce((s, scores) => s * clampScore(scores[i]), 1));
    },
    prepare: (challenges, ctx) => prepareAll(rules, challenges, ctx),
  };
}

/**
 * 0 unless `gate` scores at least `min` (e.g. verification failed), else
 * `then`'s score. Only the responses that pass reach `then`, so expensive
 * model rules do not run on answers that failed a cheap check.
 */
export function gate(gateRule: ScoringRule, min: number, then: ScoringRule, name = 'gate'): ScoringRule {
  return {
    name,
    async score(items: readonly ScoringItem[], ctx: RuleContext) {
      const g = await gateRule.score(items, ctx);
      const passed = items.map((_, i) => i).filter((i) => clampScore(g[i]) >= min);
      const out = items.map(() => 0);
      if (passed.length === 0) return out;
      const inner = await then.score(
        passed.map((i) => items[i]),
        ctx,
      );
      passed.forEach((i, k) => (out[i] = clampScore(inner[k])));
      return out;
    },
    prepare: (challenges, ctx) => prepareAll([gateRule, then], challenges, ctx),
  };
}

function prepareAll(rules: readonly ScoringRule[], challenges: readonly Challenge[], ctx: RuleContext): void {
  for (const r of rules) r.prepare?.(challenges, ctx);
}
