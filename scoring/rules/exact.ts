import { readChallengePath, readPath } from '../field-path.ts';
import type { ScoringItem, ScoringRule } from '../rule.ts';

/** 1 when the response value equals the expected one (strings normalised unless `normalize: false`; other values by JSON). */
export function exact(o: { field: string; expected: string; normalize: boolean }, name = 'exact'): ScoringRule {
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
