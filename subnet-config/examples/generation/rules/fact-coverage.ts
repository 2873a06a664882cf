import type { ScoringItem, ScoringRule } from '../../../../scoring/rule.ts';

/**
 * A custom rule (loaded at runtime from subnet.yaml): the fraction of the
 * prompt's facts that the answer mentions. Cheap, and it pays nothing for an
 * answer written for another prompt.
 */
const factCoverage: ScoringRule = {
  name: 'fact-coverage',
  score(items: readonly ScoringItem[]) {
    return items.map((it) => {
      const facts = it.challenge.private.facts as Record<string, string> | undefined;
      const text = (it.response.body as { text?: unknown } | undefined)?.text;
      if (!facts || typeof text !== 'string') return 0;
      const words = new Set(text.toLowerCase().match(/[a-z]+/g) ?? []);
      const wanted = Object.values(facts);
      return wanted.filter((w) => words.has(w)).length / wanted.length;
    });
  },
};

export default factCoverage;
