import { z } from 'zod';
import { fieldPathOption, readPath } from '../field-path.ts';
import { defineRule } from '../rule-definition.ts';
import type { ScoringItem, ScoringRule } from '../rule.ts';
import { words } from '../similarity.ts';

const LengthOptions = z.object({
  field: fieldPathOption('the text in the response body', 'text'),
  unit: z.enum(['chars', 'words', 'items']).default('words'),
  min: z.number().int().min(0).default(0),
  max: z.number().int().min(0).optional(),
  softness: z.number().min(0).default(0).describe('units outside [min, max] over which the score falls from 1 to 0 (0 = hard cut)'),
});
type LengthOptions = z.infer<typeof LengthOptions>;

/** 1 inside [min, max] (in chars, words or array items); outside, falls to 0 over `softness` units. */
export function lengthRule(o: LengthOptions, name = 'length'): ScoringRule {
  return {
    name,
    score(items: readonly ScoringItem[]) {
      return items.map((it) => {
        const v = readPath(it.response.body, o.field);
        let len: number;
        if (o.unit === 'items') {
          if (!Array.isArray(v)) return 0;
          len = v.length;
        } else {
          if (typeof v !== 'string') return 0;
          len = o.unit === 'chars' ? v.length : words(v).length;
        }
        const below = Math.max(0, o.min - len);
        const above = o.max === undefined ? 0 : Math.max(0, len - o.max);
        const off = below + above;
        if (off === 0) return 1;
        return o.softness === 0 ? 0 : Math.max(0, 1 - off / o.softness);
      });
    },
  };
}

export const lengthDefinition = defineRule({ type: 'length', options: LengthOptions, create: lengthRule });
