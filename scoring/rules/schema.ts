import type { RuleContext, ScoringItem, ScoringRule } from '../rule.ts';

/** 1 when the body satisfies the synapse's response schema, else 0. */
export function schemaRule(o: { synapse?: string }, name = 'schema'): ScoringRule {
  return {
    name,
    score(items: readonly ScoringItem[], ctx: RuleContext) {
      return items.map((it) => {
        if (it.response.body === undefined) return 0;
        if (!ctx.checkResponse) return 1;
        return ctx.checkResponse(o.synapse ?? it.challenge.synapse, it.response.body) === undefined ? 1 : 0;
      });
    },
  };
}
