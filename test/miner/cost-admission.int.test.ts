import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metagraph } from '../../chain/metagraph.ts';
import { createLogger } from '../../core/logger.ts';
import { CallerDirectory } from '../../miner/caller-directory.ts';
import { MinerPolicy } from '../../miner/policy.ts';
import { Axon } from '../../protocol/ws/axon.ts';
import { Dendrite } from '../../protocol/ws/dendrite.ts';
import { devKeys } from '../protocol/raw-peer.ts';

function metagraph(neurons: { hotkey: string; stake: number }[]): Metagraph {
  const n = neurons.length;
  const zeros = () => new Float64Array(n);
  return {
    netuid: 1,
    block: 1,
    n,
    uids: Uint16Array.from(neurons.map((_, i) => i)),
    hotkeys: neurons.map((x) => x.hotkey),
    coldkeys: neurons.map(() => 'cold'),
    stake: Float64Array.from(neurons.map((x) => x.stake)),
    rank: zeros(),
    trust: zeros(),
    consensus: zeros(),
    incentive: zeros(),
    dividends: zeros(),
    emission: zeros(),
    validatorTrust: zeros(),
    validatorPermit: neurons.map(() => true),
    active: neurons.map(() => true),
    lastUpdate: new Uint32Array(n),
    blockAtRegistration: new Uint32Array(n),
    axons: neurons.map(() => ({ block: 0, version: 0, ip: '0.0.0.0', port: 0, ipType: 4 as const, protocol: 4 })),
  };
}

/**
 * A miner's axon and policy in front of one model that runs one request at a time, for a time
 * proportional to its texts (as a real embedder does): what the policy admits queues there.
 */
describe('cost-aware admission: a low-stake validator flooding maximal requests', () => {
  let keys: Awaited<ReturnType<typeof devKeys>>;
  let axon: Axon;
  let url: string;
  /** the order the model started requests in, with who sent them */
  const started: { caller: string; at: number }[] = [];

  beforeAll(async () => {
    keys = await devKeys();
    const directory = new CallerDirectory();
    directory.update(
      metagraph([
        { hotkey: keys.validator.address, stake: 5_000 },
        { hotkey: keys.other.address, stake: 10 },
      ]),
    );
    const policy = new MinerPolicy(directory, { netuid: 1, ratePerSecond: 1_000, burst: 1_000 });
    let model = Promise.resolve();
    axon = new Axon({ keypair: keys.miner, policy, logger: createLogger('axon', { level: 'silent' }) });
    axon.attach('Embed', (s, ctx) => {
      const texts = (s.body as { texts: string[] }).texts;
      const run = model.then(async () => {
        started.push({ caller: ctx.caller, at: performance.now() });
        await new Promise((r) => setTimeout(r, texts.length));
      });
      model = run;
      return run.then(() => ({ n: texts.length }));
    });
    ({ url } = await axon.listen());
  });

  afterAll(async () => {
    await axon.close(1_000);
  });

  it('keeps serving the top-stake validator ahead of the flood (>= 99 % success, at most its share of maximal requests ahead)', async () => {
    const target = { url, hotkey: keys.miner.address };
    const top = new Dendrite({ keypair: keys.validator });
    const low = new Dendrite({ keypair: keys.other });
    await top.call(target, 'Embed', { texts: ['warm'] });
    await low.call(target, 'Embed', { texts: ['warm'] });
    const maximal = { texts: Array.from({ length: 64 }, () => 'x'.repeat(2_000)) };
    let flooding = true;
    let lowServed = 0;
    // 8 concurrent streams of maximal requests: the per-caller concurrency limit
    const flood = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (flooding) {
          await low.call(target, 'Embed', maximal, { timeoutMs: 30_000 }).then(
            () => (lowServed += 1),
            () => undefined,
          );
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 200));
    let ok = 0;
    const failures: string[] = [];
    /** for each top request: how many of the flood's requests the model started after it arrived and before it */
    const ahead: number[] = [];
    for (let i = 0; i < 40; i++) {
      const sentAt = performance.now();
      try {
        await top.call(target, 'Embed', { texts: [`top ${i}`] }, { timeoutMs: 10_000 });
        ok += 1;
        const mine = started.findLast((s) => s.caller === keys.validator.address)!;
        ahead.push(started.filter((s) => s.caller === keys.other.address && s.at >= sentAt && s.at <= mine.at).length);
      } catch (err) {
        failures.push((err as Error).message);
      }
    }
    flooding = false;
    await flood;
    await top.close();
    await low.close();
    expect(ok / 40, failures.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(0.99);
    expect(lowServed).toBeGreaterThan(0);
    // the flood holds at most the cost capacity (64 units: two maximal requests) in the model's queue,
    // never its 8 concurrent requests; the top validator waits for those at most
    expect(Math.max(...ahead)).toBeLessThanOrEqual(2);
  }, 60_000);
});
