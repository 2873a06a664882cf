import { describe, expect, it } from 'vitest';
import { blocksUntilEpoch, epochsRunBy, runsEpoch } from '../../chain/epoch-schedule.ts';

describe("the client's epoch schedule", () => {
  it('places the epoch in the block where (block + netuid + 1) % (tempo + 1) == tempo', () => {
    // netuid 1, tempo 10: epochs run in blocks 8, 19, 30, …
    expect([...Array(32).keys()].filter((b) => runsEpoch(1, 10, b))).toEqual([8, 19, 30]);
    expect(runsEpoch(1, 0, 8)).toBe(false);
  });

  it('counts the blocks from a state to the next epoch block, tempo + 1 right after one ran', () => {
    expect(blocksUntilEpoch(1, 10, 5)).toBe(3);
    expect(blocksUntilEpoch(1, 10, 7)).toBe(1);
    expect(blocksUntilEpoch(1, 10, 8)).toBe(11);
    expect(blocksUntilEpoch(1, 10, 9)).toBe(10);
    expect(blocksUntilEpoch(1, 0, 9)).toBe(Number.POSITIVE_INFINITY);
    for (let b = 0; b < 40; b++) expect(runsEpoch(1, 10, b + blocksUntilEpoch(1, 10, b))).toBe(true);
  });

  it('steps the count of epochs run in each epoch block', () => {
    expect(epochsRunBy(1, 10, 7)).toBe(0);
    expect(epochsRunBy(1, 10, 8)).toBe(1);
    expect(epochsRunBy(1, 10, 18)).toBe(1);
    expect(epochsRunBy(1, 10, 19)).toBe(2);
    for (let b = 1; b < 60; b++) expect(epochsRunBy(3, 7, b) - epochsRunBy(3, 7, b - 1)).toBe(runsEpoch(3, 7, b) ? 1 : 0);
  });
});
