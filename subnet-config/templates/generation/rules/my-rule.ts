import type { ScoringItem, ScoringRule } from 'subnetkit/scoring';

/**
 * A custom scoring rule: one score in [0, 1] per (challenge, response) item.
 * This stub pays for mentioning the prompt's keywords; replace it with your own.
 */
const myRule: ScoringRule = {
  name: 'my-rule',
  score(items: readonly ScoringItem[]) {
    return items.map((it) => {
      const keywords = (it.challenge.private.keywords as string[] | undefined) ?? [];
      const text = String((it.response.body as { text?: unknown } | undefined)?.text ?? '').toLowerCase();
      return keywords.length === 0 ? 0 : keywords.filter((k) => text.includes(k)).length / keywords.length;
    });
  },
};

export default myRule;
