import { z } from 'zod';
import { defineRule } from '../rule-definition.ts';
import type { RuleContext, ScoringItem, ScoringRule } from '../rule.ts';
import { ramp } from '../similarity.ts';

const LatencyOptions = z.object({
  target_ms: z.number().min(0).default(200).describe('latency at or below which the score is 1'),
  max_ms: z.number().positive().optional().describe('latency mapped to 0 (default: the validator timeout)'),
});

/** 1 at or under `target_ms`, falling linearly to 0 at `max_ms` (default: the validator timeout). */
export function latency(o: z.infer<typeof LatencyOptions>, name = 'latency'): ScoringRule {
  return {
    name,
    score(items: readonly ScoringItem[], ctx: RuleContext) {
      const max = o.max_ms ?? ctx.timeoutMs;
      return items.map((it) => (Number.isFinite(it.response.latencyMs) ? ramp(it.response.latencyMs, max, Math.min(o.target_ms, max)) : 0));
    },
  };
}

export const latencyDefinition = defineRule({ type: 'latency', options: LatencyOptions, create: latency });
