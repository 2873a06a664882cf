import { z } from 'zod';
import { fieldPathOption, readChallengePath, readPath } from '../field-path.ts';
import { defineRule } from '../rule-definition.ts';
import type { ScoringItem, ScoringRule } from '../rule.ts';

const ExactOptions = z.object({
  field: fieldPathOption('the value in the response body', 'answer'),
  expected: fieldPathOption('the expected value in the challenge', 'private.answer'),
  normalize: z.boolean().default(true).describe('trim, lowercase and collapse whitespace before comparing strings'),
});

/** 1 when the response value equals the expected one (strings normalised unless `normalize: false`; other values by JSON). */
export function exact(o: z.infer<typeof ExactOptions>, name = 'exact'): ScoringRule {
  const canon = (v: unknown) => (typeof v === 'string' && o.normalize ? v.trim().toLowerCase().replace(/\s+/g, ' ') : JSON.stringify(v));
  return {
    name,
    score(items: readonly ScoringItem[]) {
      return items.map((it) => {
        const got = readPath(it.response.body, o.field);
        const want = readChallengePath(it.challenge, o.expected);
        if (got === undefined || want === undefined) return 0;
        return canon(got) === canon(want) ? 1 : 0;
      });
    },
  };
}

export const exactDefinition = defineRule({ type: 'exact', options: ExactOptions, create: exact });
