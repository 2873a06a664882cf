/** Cosine similarity; 0 when either vector is zero or the lengths differ. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

/** Lowercased word tokens of a text. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Jaccard similarity of the word-bigram sets (word sets for one-word texts): near 1 only for near-identical texts. */
export function textSimilarity(a: string, b: string): number {
  const grams = (t: string) => {
    const w = words(t);
    if (w.length < 2) return new Set(w);
    const s = new Set<string>();
    for (let i = 0; i + 1 < w.length; i++) s.add(`${w[i]} ${w[i + 1]}`);
    return s;
  };
  const ga = grams(a);
  const gb = grams(b);
  if (ga.size === 0 && gb.size === 0) return a.trim() === b.trim() ? 1 : 0;
  let inter = 0;
  for (const g of ga) if (gb.has(g)) inter++;
  return inter / (ga.size + gb.size - inter);
}

/** Maps x linearly so that `zeroAt` -> 0 and `oneAt` -> 1, clamped to [0, 1]. Works for either direction. */
export function ramp(x: number, zeroAt: number, oneAt: number): number {
  if (!Number.isFinite(x)) return 0;
  if (zeroAt === oneAt) return x >= oneAt ? 1 : 0;
  const t = (x - zeroAt) / (oneAt - zeroAt);
  // snap float dust at the ends so "at the bound" means exactly 0 or 1
  if (t < 1e-12) return 0;
  if (t > 1 - 1e-12) return 1;
  return t;
}

/** Finite number in [0, 1], else 0: rules never leak NaN into weights. */
export function clampScore(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
