import { z } from 'zod';
import { fieldPathOption, readPath } from './field-path.ts';
import type { ScoringItem } from './rule.ts';
import { cosine, textSimilarity } from './similarity.ts';

export const DuplicatePenaltyOptions = z.object({
  field: fieldPathOption('the compared value in the response body (text or number array)', 'text'),
  similarity: z.number().min(0).max(1).default(0.95).describe('token-Jaccard (text) or cosine (vectors) at or above which two answers are duplicates'),
  penalty: z.number().min(0).max(1).default(1).describe('fraction of the score removed from every duplicate but the first responder'),
});

/**
 * Within each challenge, an answer that duplicates (or nearly duplicates) an
 * answer that arrived earlier loses `penalty` of its score: copying another
 * miner's answer cannot pay, and several miners answering identically are
 * paid once. Arrival order is latency, then uid. Texts compare by word-bigram
 * Jaccard, number arrays by cosine; only non-zero-scored answers count as originals.
 */
export function duplicatePenalty(scores: readonly number[], items: readonly ScoringItem[], o: z.infer<typeof DuplicatePenaltyOptions>): number[] {
  const out = [...scores];
  const byChallenge = new Map<string, number[]>();
  items.forEach((it, i) => {
    if (it.response.status !== 'ok') return;
    const list = byChallenge.get(it.challenge.id) ?? [];
    list.push(i);
    byChallenge.set(it.challenge.id, list);
  });
  for (const members of byChallenge.values()) {
    members.sort((a, b) => items[a].response.latencyMs - items[b].response.latencyMs || items[a].response.uid - items[b].response.uid);
    const originals: unknown[] = [];
    for (const i of members) {
      const v = readPath(items[i].response.body, o.field);
      if (v === undefined) continue;
      if (originals.some((orig) => similar(orig, v) >= o.similarity)) out[i] = scores[i] * (1 - o.penalty);
      else if (scores[i] > 0) originals.push(v);
    }
  }
  return out;
}

function similar(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return textSimilarity(a, b);
  const flat = (v: unknown): number[] | undefined => {
    if (!Array.isArray(v)) return undefined;
    const f = v.flat(2);
    return f.every((x) => typeof x === 'number') ? (f as number[]) : undefined;
  };
  const fa = flat(a);
  const fb = flat(b);
  if (fa && fb) return cosine(fa, fb);
  return JSON.stringify(a) === JSON.stringify(b) ? 1 : 0;
}
