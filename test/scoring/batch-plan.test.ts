import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paddedTokens, planRuns } from '../../scoring/onnx/batch-plan.ts';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('planRuns', () => {
  it('covers every row exactly once, in contiguous runs of at most maxBatch rows, longest first', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 128 }), { maxLength: 1200 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 300 }),
        (raw, workers, maxBatch) => {
          const lengths = sorted(raw);
          const runs = planRuns(lengths, workers, maxBatch);
          const covered = runs.map(([a, b]) => b - a).reduce((s, x) => s + x, 0);
          expect(covered).toBe(lengths.length);
          const byStart = [...runs].sort((x, y) => x[0] - y[0]);
          byStart.forEach(([a, b], i) => {
            expect(b).toBeGreaterThan(a);
            expect(b - a).toBeLessThanOrEqual(maxBatch);
            expect(a).toBe(i === 0 ? 0 : byStart[i - 1][1]);
          });
          for (let i = 1; i < runs.length; i++) expect(paddedTokens(lengths, runs[i - 1])).toBeGreaterThanOrEqual(paddedTokens(lengths, runs[i]));
        },
      ),
    );
  });

  it('gives a pool several runs per worker of about the same tokens, and one session as few runs as maxBatch allows', () => {
    // 1,024 texts of 15 to 40 tokens, as the example subnet sends a 256-miner round
    const lengths = sorted(Array.from({ length: 1024 }, (_, i) => 15 + ((i * 7919) % 26)));
    const runs = planRuns(lengths, 2, 256);
    expect(runs).toHaveLength(8);
    const tokens = runs.map(([a, b]) => lengths.slice(a, b).reduce((s, l) => s + l, 0));
    expect(Math.max(...tokens) / Math.min(...tokens)).toBeLessThan(1.1);
    expect(planRuns(lengths, 1, 256)).toHaveLength(4);
    // small calls are not cut below 8 rows a run
    expect(planRuns(sorted([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]), 4, 256)).toHaveLength(1);
    expect(planRuns([], 2, 256)).toEqual([]);
  });
});
