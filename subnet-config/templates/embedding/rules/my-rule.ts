import type { ScoringItem, ScoringRule } from 'subnetkit/scoring';

/**
 * A custom scoring rule: receives the batch of (challenge, response) items and
 * returns one score in [0, 1] per item, in order. This stub pays for answering
 * with exactly one vector per text; replace it with your own logic.
 */
const myRule: ScoringRule = {
  name: 'my-rule',
  score(items: readonly ScoringItem[]) {
    return items.map((it) => {
      const texts = it.challenge.request.texts as string[];
      const vectors = (it.response.body as { embeddings?: unknown[] } | undefined)?.embeddings;
      return Array.isArray(vectors) && vectors.length === texts.length ? 1 : 0;
    });
  },
};

export default myRule;
