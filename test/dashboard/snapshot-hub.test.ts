import { describe, expect, it } from 'vitest';
import { SnapshotHub } from '../../dashboard/snapshot-hub.ts';
import type { SubnetSnapshot } from '../../dashboard/source.ts';

const snap = (block: number) => ({ metagraph: { block }, weights: [], status: { block } }) as unknown as SubnetSnapshot;

describe('SnapshotHub', () => {
  it('hands every consumer the newest snapshot, skipping what a slow one missed, and ends on abort', async () => {
    const hub = new SnapshotHub();
    const abort = new AbortController();
    const seen: number[] = [];
    const consumer = (async () => {
      for await (const s of hub.snapshots(abort.signal)) {
        seen.push(s.metagraph.block);
        if (s.metagraph.block === 1) await new Promise((r) => setTimeout(r, 50)); // slow on the first
      }
    })();
    hub.publish(snap(1));
    await new Promise((r) => setTimeout(r, 10));
    hub.publish(snap(2));
    hub.publish(snap(3));
    await new Promise((r) => setTimeout(r, 100));
    hub.publish(snap(4));
    await expect.poll(() => seen.at(-1)).toBe(4);
    expect(seen).toEqual([1, 3, 4]);
    abort.abort();
    await consumer;
  });

  it('ends its consumers when closed', async () => {
    const hub = new SnapshotHub();
    const consumer = (async () => {
      for await (const _ of hub.snapshots(new AbortController().signal)) void _;
      return 'ended';
    })();
    await hub.close();
    expect(await consumer).toBe('ended');
  });
});
