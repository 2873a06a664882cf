import { describe, expect, it } from 'vitest';
import type { Metagraph } from '../../chain/metagraph.ts';
import { CallerDirectory } from '../../miner/caller-directory.ts';
import { MinerPolicy } from '../../miner/policy.ts';
import type { Admission } from '../../protocol/axon-policy.ts';
import { ProtocolError } from '../../protocol/errors.ts';

function metagraph(neurons: { hotkey: string; stake: number; permit: boolean }[]): Metagraph {
  const n = neurons.length;
  const zeros = () => new Float64Array(n);
  return {
    netuid: 1,
    block: 42,
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
    validatorPermit: neurons.map((x) => x.permit),
    active: neurons.map(() => true),
    lastUpdate: new Uint32Array(n),
    blockAtRegistration: new Uint32Array(n),
    axons: neurons.map(() => ({ block: 0, version: 0, ip: '0.0.0.0', port: 0, ipType: 4 as const, protocol: 4 })),
  };
}

const NEURONS = [
  { hotkey: 'big', stake: 5000, permit: true },
  { hotkey: 'small', stake: 10, permit: true },
  { hotkey: 'nopermit', stake: 9000, permit: false },
  { hotkey: 'mid', stake: 1000, permit: true },
];

function setup(config: Partial<ConstructorParameters<typeof MinerPolicy>[1]> = {}, clock = { t: 0 }) {
  const directory = new CallerDirectory();
  const policy = new MinerPolicy(directory, { netuid: 1, ...config }, () => clock.t);
  return { directory, policy, clock };
}

const req = (caller: string, signal = new AbortController().signal) => ({ caller, synapse: 'Embed', deadline: Date.now() + 10_000, signal });

describe('miner policy: blacklist', () => {
  it('fails closed before the first metagraph, then refuses unregistered, permit-less and low-stake callers', () => {
    const { directory, policy } = setup({ minStake: 100 });
    expect(policy.blacklist('big')).toBe('metagraph not loaded yet');
    directory.update(metagraph(NEURONS));
    expect(policy.blacklist('big')).toBeUndefined();
    expect(policy.blacklist('mid')).toBeUndefined();
    expect(policy.blacklist('stranger')).toBe('not registered on netuid 1');
    expect(policy.blacklist('nopermit')).toBe('uid 2 has no validator permit on netuid 1');
    expect(policy.blacklist('small')).toBe('uid 1 has 10 TAO staked, below the minimum of 100 TAO');
  });

  it('defaults are at least as strict as the subnet template (registered + permit)', () => {
    const { directory, policy } = setup();
    directory.update(metagraph(NEURONS));
    expect(policy.config.allowUnregistered).toBe(false);
    expect(policy.config.requireValidatorPermit).toBe(true);
    expect(policy.blacklist('stranger')).toMatch(/not registered/);
    expect(policy.blacklist('nopermit')).toMatch(/no validator permit/);
  });

  it('can be loosened explicitly, and an allowlist bypasses it', () => {
    const { directory, policy } = setup({ requireValidatorPermit: false, allowlist: ['owner'] });
    directory.update(metagraph(NEURONS));
    expect(policy.blacklist('nopermit')).toBeUndefined();
    expect(policy.blacklist('owner')).toBeUndefined();
    expect(policy.blacklist('stranger')).toMatch(/not registered/);
  });

  it('follows metagraph updates (a deregistered caller is refused on the next sync)', () => {
    const { directory, policy } = setup();
    directory.update(metagraph(NEURONS));
    expect(policy.blacklist('mid')).toBeUndefined();
    directory.update(metagraph(NEURONS.filter((x) => x.hotkey !== 'mid')));
    expect(policy.blacklist('mid')).toBe('not registered on netuid 1');
  });
});

describe('miner policy: admission', () => {
  it('rate-limits per caller with a token bucket', async () => {
    const { directory, policy, clock } = setup({ ratePerSecond: 2, burst: 3 });
    directory.update(metagraph(NEURONS));
    for (let i = 0; i < 3; i++) (await policy.admit(req('big'))).release();
    expect(() => policy.admit(req('big'))).toThrow(/exceeds 2 requests\/s \(burst 3\); retry in 500 ms/);
    // another caller has its own bucket
    (await policy.admit(req('mid'))).release();
    clock.t += 500;
    (await policy.admit(req('big'))).release();
    expect(() => policy.admit(req('big'))).toThrow(ProtocolError);
  });

  it('limits concurrency per caller', async () => {
    const { directory, policy } = setup({ maxConcurrentPerCaller: 2, burst: 100 });
    directory.update(metagraph(NEURONS));
    const a = await policy.admit(req('big'));
    await policy.admit(req('big'));
    let err: unknown;
    try {
      policy.admit(req('big'));
    } catch (e) {
      err = e;
    }
    expect((err as ProtocolError).code).toBe('RATE_LIMITED');
    expect((err as Error).message).toMatch(/already has 2 requests running \(limit 2\)/);
    a.release();
    await policy.admit(req('big'));
  });

  it('when saturated, serves the highest-stake caller first and displaces the lowest when the queue is full', async () => {
    const { directory, policy } = setup({ maxConcurrent: 1, maxQueue: 2, burst: 100 });
    directory.update(metagraph(NEURONS));
    const running = await policy.admit(req('small'));
    const order: string[] = [];
    const wait = (caller: string) =>
      Promise.resolve(policy.admit(req(caller))).then(
        (a: Admission) => {
          order.push(caller);
          return a;
        },
        (e: ProtocolError) => {
          order.push(`${caller}:${e.code}`);
          return undefined;
        },
      );
    const small = wait('small'); // queued, stake 10
    const mid = wait('mid'); // queued, stake 1000
    const big = wait('big'); // queue full: displaces 'small'
    await small;
    expect(order).toEqual(['small:OVERLOADED']);
    expect(policy.stats()).toMatchObject({ active: 1, queued: 2 });
    running.release();
    const bigSlot = await big;
    expect(order).toEqual(['small:OVERLOADED', 'big']);
    bigSlot!.release();
    (await mid)!.release();
    expect(order).toEqual(['small:OVERLOADED', 'big', 'mid']);
    expect(policy.stats()).toMatchObject({ active: 0, queued: 0 });
  });

  it('weighs requests by size: a low-stake caller gets spare capacity only, the top-stake caller is admitted at once', async () => {
    const { directory, policy } = setup({ burst: 1_000, maxConcurrentCost: 64, costUnitBytes: 4096 });
    directory.update(metagraph(NEURONS));
    // 64 texts × 2,000 characters, and the envelope
    const maximal = 132_000;
    expect(policy.costOf(maximal)).toBe(33);
    expect(policy.costOf(600)).toBe(1);
    expect(policy.costOf(undefined)).toBe(1);
    expect(policy.costOf(10 * 1024 * 1024)).toBe(64);
    const order: string[] = [];
    const running: Admission[] = [];
    const waiting: Promise<void>[] = [];
    // 8 maximal requests from the low-stake caller: alone, it may hold the whole capacity (64 units: one maximal request, as 2 × 33 > 64)
    for (let i = 0; i < 8; i++) {
      const a = policy.admit({ ...req('small'), bytes: maximal });
      if (a instanceof Promise) waiting.push(a.then((x) => void (order.push('small'), running.push(x))));
      else running.push(a);
    }
    expect(running).toHaveLength(1);
    expect(policy.stats()).toMatchObject({ active: 1, queued: 7, activeCost: 33 });
    // the top-stake caller is within its share whatever the flood holds: admitted without waiting, 100 times out of 100
    for (let i = 0; i < 100; i++) {
      const a = policy.admit({ ...req('big'), bytes: 600 });
      expect(a).not.toBeInstanceOf(Promise);
      order.push('big');
      (a as Admission).release();
    }
    // a maximal request of its own too, while the low-stake one's wait
    const bigMaximal = policy.admit({ ...req('big'), bytes: maximal });
    expect(bigMaximal).not.toBeInstanceOf(Promise);
    // the flood's next request starts only on spare capacity: not while 66 units run
    running.shift()!.release();
    await Promise.resolve();
    expect(policy.stats()).toMatchObject({ active: 1, queued: 7 });
    (bigMaximal as Admission).release();
    await new Promise((r) => setImmediate(r));
    expect(policy.stats()).toMatchObject({ active: 1, queued: 6, activeCost: 33 });
    expect(order.filter((o) => o === 'big')).toHaveLength(100);
    expect(order.at(-1)).toBe('small');
    while (running.length > 0 || policy.stats().queued > 0) {
      running.shift()?.release();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(waiting);
    expect(policy.stats()).toMatchObject({ active: 0, queued: 0, activeCost: 0 });
  });

  it('a queued request whose deadline passes leaves the queue', async () => {
    const { directory, policy } = setup({ maxConcurrent: 1, burst: 100 });
    directory.update(metagraph(NEURONS));
    const running = await policy.admit(req('big'));
    const ctl = new AbortController();
    const queued = policy.admit(req('mid', ctl.signal));
    ctl.abort(new ProtocolError('TIMEOUT', 'deadline passed'));
    await expect(queued).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(policy.stats().queued).toBe(0);
    running.release();
    expect(policy.stats().active).toBe(0);
  });
});
