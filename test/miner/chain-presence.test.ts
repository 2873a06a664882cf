import type { KeyringPair } from '@polkadot/keyring/types';
import { describe, expect, it } from 'vitest';
import { nextServeBlock, serveAxonWhenAllowed, type ServingState } from '../../chain/axon-serving.ts';
import { ChainDispatchError, invalidTransactionError } from '../../chain/dispatch-error.ts';
import type { Metagraph } from '../../chain/metagraph.ts';
import type { Logger } from '../../core/logger.ts';
import { ensureServing, type MinerChain } from '../../miner/chain-presence.ts';

const hotkey = { address: '5Hotkey' } as unknown as KeyringPair;

/** A chain whose serve_axon answers from `refusals` in turn (undefined: accepted); blocks move only through waitForBlock. */
function fakeChain(refusals: unknown[], state: ServingState) {
  const calls = { serves: [] as number[], waits: [] as number[] };
  const chain: MinerChain = {
    uidOf: async () => 0,
    burnedRegister: async () => ({ uid: 0 }),
    serveAxon: async () => {
      calls.serves.push(state.block);
      const refusal = refusals.shift();
      if (refusal) throw refusal;
      state.lastServed = state.block;
      return {};
    },
    servingState: async () => ({ ...state }),
    waitForBlock: async (block) => {
      calls.waits.push(block);
      state.block = Math.max(state.block, block);
      return state.block;
    },
  };
  return { chain, calls };
}

function recordingLog() {
  const lines: { level: string; msg: string }[] = [];
  const log = {
    info: (_o: unknown, msg: string) => lines.push({ level: 'info', msg }),
    warn: (_o: unknown, msg: string) => lines.push({ level: 'warn', msg }),
  };
  return { log: log as unknown as Logger, lines };
}

const metagraph = { axons: [{ block: 90, version: 0, ip: '10.0.0.1', port: 8091, ipType: 4, protocol: 4 }] } as unknown as Metagraph;
const rateLimited = new ChainDispatchError('SubtensorModule', 'ServingRateLimitExceeded', 'Serving rate limit exceeded', 'serve axon on subnet 1');

describe('the serving rate limit', () => {
  it('allows a serve once rate_limit blocks passed since the last one, or at once without a limit or a last serve', () => {
    expect(nextServeBlock({ block: 100, rateLimit: 50, lastServed: 90 })).toBe(140);
    expect(nextServeBlock({ block: 200, rateLimit: 50, lastServed: 90 })).toBe(200);
    expect(nextServeBlock({ block: 100, rateLimit: 0, lastServed: 90 })).toBe(100);
    expect(nextServeBlock({ block: 100, rateLimit: 50, lastServed: 0 })).toBe(100);
  });

  it('serveAxonWhenAllowed waits for that block after a refusal, then serves', async () => {
    const { chain, calls } = fakeChain([rateLimited], { block: 100, rateLimit: 50, lastServed: 90 });
    const waited: number[] = [];
    const r = await serveAxonWhenAllowed(chain, hotkey, { netuid: 1, ip: '10.0.0.1', port: 9000 }, { onWait: (b) => waited.push(b) });
    expect(r).toMatchObject({ served: true, retries: 1 });
    expect(waited).toEqual([140]);
    expect(calls.serves).toEqual([100, 140]);
  });

  it('throws other refusals as they came, and the last one when attempts run out', async () => {
    const invalidIp = invalidTransactionError(new Error('1010: Invalid Transaction: Custom error: 11'), 'serve axon')!;
    await expect(
      serveAxonWhenAllowed(fakeChain([invalidIp], { block: 1, rateLimit: 0, lastServed: 0 }).chain, hotkey, { netuid: 1, ip: '1.2.3.4', port: 1 }),
    ).rejects.toBe(invalidIp);
    const always = fakeChain([rateLimited, rateLimited], { block: 100, rateLimit: 50, lastServed: 90 });
    await expect(serveAxonWhenAllowed(always.chain, hotkey, { netuid: 1, ip: '1.2.3.4', port: 1 }, { attempts: 2 })).rejects.toBe(rateLimited);
    expect(always.calls.serves).toHaveLength(2);
  });
});

describe('ensureServing', () => {
  it('after a rate-limit refusal (pool code 12) names that cause, not the IP, and retries once the limit allows', async () => {
    const pool = invalidTransactionError(new Error('1010: Invalid Transaction: {"invalid":{"custom":12}}'), 'serve axon on subnet 1')!;
    const { chain, calls } = fakeChain([pool], { block: 100, rateLimit: 50, lastServed: 90 });
    const { log, lines } = recordingLog();
    const out = await ensureServing(chain, { netuid: 1, uid: 0, hotkey, ip: '10.0.0.1', port: 9000, metagraph, log });
    expect(out.served).toBe(false);
    expect(out.warning).toContain('ServingRateLimitExceeded');
    expect(out.warning).toContain('serving_rate_limit (50) blocks ago (at block 90, now 100)');
    expect(out.warning).toContain('still lists 10.0.0.1:8091 until the retry at block 140');
    expect(out.warning).not.toMatch(/external-ip|public address/);
    expect(await out.retry).toBe(true);
    // one refused serve, then one at block 140: no resend before the limit allows it
    expect(calls.serves).toEqual([100, 140]);
    expect(calls.waits).toEqual([140]);
    expect(lines.at(-1)).toEqual({ level: 'info', msg: 'axon served on chain after the serving rate limit' });
  });

  it('a refused IP still points at --external-ip, and nothing is retried', async () => {
    const invalidIp = new ChainDispatchError('SubtensorModule', 'InvalidIpAddress', '', 'serve axon on subnet 1');
    const { chain, calls } = fakeChain([invalidIp], { block: 100, rateLimit: 50, lastServed: 0 });
    const out = await ensureServing(chain, { netuid: 1, uid: 0, hotkey, ip: '127.0.0.1', port: 9000, metagraph, log: recordingLog().log });
    expect(out.warning).toContain('pass --external-ip with a public address');
    expect(out.retry).toBeUndefined();
    expect(calls.serves).toHaveLength(1);
  });

  it('stopping the miner (the signal) ends a pending retry without serving', async () => {
    const { chain, calls } = fakeChain([rateLimited], { block: 100, rateLimit: 50, lastServed: 90 });
    chain.waitForBlock = () => new Promise(() => undefined);
    const stop = new AbortController();
    const out = await ensureServing(chain, { netuid: 1, uid: 0, hotkey, ip: '10.0.0.1', port: 9000, metagraph, log: recordingLog().log, signal: stop.signal });
    stop.abort();
    expect(await out.retry).toBe(false);
    expect(calls.serves).toHaveLength(1);
  });
});
