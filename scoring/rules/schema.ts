import { z } from 'zod';
import { defineRule } from '../rule-definition.ts';
import type { RuleContext, ScoringItem, ScoringRule } from '../rule.ts';

const SchemaOptions = z.object({ synapse: z.string().optional().describe('synapse whose response schema applies (default: the challenge synapse)') });

/** 1 when the body satisfies the synapse's response schema, else 0. */
export function schemaRule(o: z.infer<typeof SchemaOptions>, name = 'schema'): ScoringRule {
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

export const schemaDefinition = defineRule({ type: 'schema', options: SchemaOptions, create: schemaRule });
