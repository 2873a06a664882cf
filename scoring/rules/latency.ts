import type { RuleContext, ScoringItem, ScoringRule } from '../rule.ts';
import { ramp } from '../similarity.ts';

/** 1 at or under `target_ms`, falling linearly to 0 at `max_ms` (default: the validator timeout). */
export function latency(o: { target_ms: number; max_ms?: number }, name = 'latency'): ScoringRule {
  return {
    name,
    score(items: readonly ScoringItem[], ctx: RuleContext) {
      const max = o.max_ms ?? ctx.timeoutMs;
      return items.map((it) => (Number.isFinite(it.response.latencyMs) ? ramp(it.response.latencyMs, max, Math.min(o.target_ms, max)) : 0));
    },
  };
}
