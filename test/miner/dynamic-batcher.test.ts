import { describe, expect, it } from 'vitest';
import { DynamicBatcher } from '../../miner/dynamic-batcher.ts';

describe('dynamic batcher', () => {
  it('runs a lone request at once and batches requests that arrive while the model is busy', async () => {
    const runs: number[][] = [];
    const sizes: number[] = [];
    const batcher = new DynamicBatcher<number, number>(
      async (items) => {
        runs.push(items);
        await new Promise((r) => setTimeout(r, 20));
        return items.map((x) => x * 10);
      },
      { maxBatch: 8, onBatch: (n) => sizes.push(n) },
    );
    const first = batcher.submit([1]);
    const rest = [batcher.submit([2, 3]), batcher.submit([4]), batcher.submit([5, 6, 7, 8, 9, 10]), batcher.submit([11])];
    expect(await first).toEqual([10]);
    expect(await Promise.all(rest)).toEqual([[20, 30], [40], [50, 60, 70, 80, 90, 100], [110]]);
    // [1] alone; then [2,3],[4] (+6 would exceed 8) ; then [5..10],[11]
    expect(runs).toEqual([[1], [2, 3, 4], [5, 6, 7, 8, 9, 10, 11]]);
    expect(sizes).toEqual([1, 3, 7]);
  });

  it('fails every request of a failed run, and keeps working afterwards', async () => {
    let fail = true;
    const batcher = new DynamicBatcher<string, string>(
      async (items) => {
        if (fail) throw new Error('model crashed');
        return items.map((s) => s.toUpperCase());
      },
      { maxBatch: 4 },
    );
    await expect(batcher.submit(['a'])).rejects.toThrow('model crashed');
    fail = false;
    expect(await batcher.submit(['b', 'c'])).toEqual(['B', 'C']);
  });
});
