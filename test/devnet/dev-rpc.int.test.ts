import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';

// chopsticks-compatible dev_* methods, the pool in manual mode, and the raw JSON-RPC surface.
let devnet: InProcessDevnet;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;

async function raw(body: string): Promise<unknown> {
  const res = await fetch(devnet.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
  return res.json();
}

beforeAll(async () => {
  devnet = await startInProcessDevnet({ mode: 'manual' });
  api = await connectApi(devnet.url);
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
});

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('devnet dev_* and pool (manual mode)', () => {
  it('keeps transactions pending until dev_newBlock', async () => {
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const hash = await api.tx.balances.transferKeepAlive(bob.address, 1_000n).signAndSend(alice);
    expect((await api.rpc.author.pendingExtrinsics()).length).toBe(1);
    expect((await api.rpc.system.accountNextIndex(alice.address)).toNumber()).toBe(1);
    // like a real node, AccountNonceApi (used by signAndSend) reads state: a second pending
    // transaction needs the pool-aware system_accountNextIndex, else it collides (1014)
    await expect(api.tx.balances.transferKeepAlive(bob.address, 3_000n).signAndSend(alice)).rejects.toThrow(/1014: Priority is too low/);
    const next = await api.rpc.system.accountNextIndex(alice.address);
    await api.tx.balances.transferKeepAlive(bob.address, 2_000n).signAndSend(alice, { nonce: next });
    expect((await api.rpc.chain.getHeader()).number.toNumber()).toBe(head);
    const blockHash = await devnet.newBlock();
    const block = await api.rpc.chain.getBlock(blockHash);
    expect(block.block.header.number.toNumber()).toBe(head + 1);
    expect(block.block.extrinsics.map((x) => x.hash.toHex())).toContain(hash.toHex());
    expect(block.block.extrinsics.length).toBe(3); // timestamp.set + 2 transfers
    expect(block.block.extrinsics[0].method.section).toBe('timestamp');
    expect((await api.rpc.author.pendingExtrinsics()).length).toBe(0);
  });

  it('produces several blocks with dev_newBlock {count} and {to}', async () => {
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    await devnet.newBlock(3);
    expect((await api.rpc.chain.getHeader()).number.toNumber()).toBe(head + 3);
    await devnet.rpc('dev_newBlock', [{ to: head + 5 }]);
    expect((await api.rpc.chain.getHeader()).number.toNumber()).toBe(head + 5);
  });

  it('sets storage with the pallet/item JSON form and the raw form', async () => {
    const dave = new Keyring({ type: 'sr25519' }).addFromUri('//Dave');
    await devnet.rpc('dev_setStorage', [{ System: { Account: [[[dave.address], { providers: 1, data: { free: 123_456_789 } }]] } }]);
    const acc = (await api.query.system.account(dave.address)).toJSON() as { data: { free: number } };
    expect(acc.data.free).toBe(123_456_789);
    const key = api.query.timestamp.now.key();
    const value = api.createType('u64', 1_700_000_000_000).toHex(true);
    await devnet.rpc('dev_setStorage', [[[key, value]]]);
    expect((await api.query.timestamp.now()).toString()).toBe('1700000000000');
    await devnet.rpc('dev_setStorage', [{ Sudo: { Key: bob.address } }]);
    expect((await api.query.sudo.key()).toString()).toBe(bob.address);
    await devnet.rpc('dev_setStorage', [{ Sudo: { Key: alice.address } }]);
    await expect(devnet.rpc('dev_setStorage', [{ Nope: { X: 1 } }])).rejects.toThrow(/-32602/);
  });

  it('moves time with dev_timeTravel', async () => {
    // a minute ahead: the drand pallet then catches up on the skipped beacon rounds within a block or two,
    // where a jump of years would have every later block of this file sign and verify its 50-round maximum
    const when = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000).toISOString();
    const target = Date.parse(when);
    expect(await devnet.rpc('dev_timeTravel', [when])).toBe(target);
    await devnet.newBlock();
    const now = BigInt((await api.query.timestamp.now()).toString());
    expect(now >= BigInt(target) && now < BigInt(target) + 60_000n).toBe(true);
  });

  it('rejects expired eras and a wrong genesis hash with 1010', async () => {
    const head = await api.rpc.chain.getHeader();
    const era = api.createType('ExtrinsicEra', { current: head.number.toNumber(), period: 4 });
    const mortal = await api.tx.balances
      .transferKeepAlive(bob.address, 1n)
      .signAsync(alice, { era, blockHash: head.hash, nonce: await api.rpc.system.accountNextIndex(alice.address) });
    await devnet.newBlock(8);
    await expect(api.rpc.author.submitExtrinsic(mortal)).rejects.toThrow(/1010: Invalid Transaction: Transaction has an ancient birth block/);
    // genesisHash is honoured by signAsync though not in its declared options
    const otherChain = { era: 0, genesisHash: `0x${'11'.repeat(32)}`, blockHash: `0x${'11'.repeat(32)}` };
    const wrongGenesis = await api.tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice, otherChain);
    await expect(api.rpc.author.submitExtrinsic(wrongGenesis)).rejects.toThrow(/1010: Invalid Transaction: Transaction has a bad signature/);
    // a call over 256 bytes is signed over its blake2-256 hash
    const remark = await api.tx.system.remark(`0x${'ab'.repeat(400)}`).signAsync(alice, { nonce: await api.rpc.system.accountNextIndex(alice.address) });
    const hash = await api.rpc.author.submitExtrinsic(remark);
    const block = await api.rpc.chain.getBlock(await devnet.newBlock());
    expect(block.block.extrinsics.map((x) => x.hash.toHex())).toContain(hash.toHex());
  });

  it('answers JSON-RPC errors with Substrate codes and keeps serving', async () => {
    expect(await raw('{not json')).toMatchObject({ error: { code: -32700 }, id: null });
    expect(await raw('{"jsonrpc":"2.0","id":1,"method":"no_such_method","params":[]}')).toMatchObject({ error: { code: -32601 }, id: 1 });
    expect(await raw('{"jsonrpc":"2.0","id":2,"method":"chain_getBlockHash","params":["x"]}')).toMatchObject({ error: { code: -32602 }, id: 2 });
    expect(await raw('{"jsonrpc":"1.0","id":3,"method":"system_chain"}')).toMatchObject({ error: { code: -32600 } });
    expect(await raw('[]')).toMatchObject({ error: { code: -32600 } });
    expect(await raw('{"jsonrpc":"2.0","id":4,"method":"author_submitExtrinsic","params":["0x1234"]}')).toMatchObject({ error: { code: 1002 }, id: 4 });
    const batch = (await raw('[{"jsonrpc":"2.0","id":5,"method":"system_chain"},{"jsonrpc":"2.0","id":6,"method":"system_name"}]')) as {
      id: number;
      result: string;
    }[];
    expect(batch.map((r) => r.id).sort()).toEqual([5, 6]);
    const big = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'system_chain', params: ['x'.repeat(11 * 1024 * 1024)] });
    expect(await raw(big)).toMatchObject({ error: { code: -32007 } });
    expect(await raw('{"jsonrpc":"2.0","id":8,"method":"system_chain","params":[]}')).toMatchObject({ result: 'Bittensor Devnet', id: 8 });
  });

  it('limits subscriptions per connection', async () => {
    const ws = new WebSocket(devnet.url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const responses = new Map<number, { error?: { code: number } }>();
    ws.on('message', (d) => {
      const msg = JSON.parse(d.toString()) as { id?: number; error?: { code: number } };
      if (typeof msg.id === 'number') responses.set(msg.id, msg);
    });
    for (let i = 0; i < 1030; i++) ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'chain_subscribeNewHeads', params: [] }));
    const deadline = Date.now() + 20_000;
    while (responses.size < 1030 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const rejected = [...responses.values()].filter((r) => r.error?.code === -32006).length;
    expect(rejected).toBe(1030 - 1024);
    ws.close();
  });

  it('refuses connections over the limit with HTTP 429 and serves again once they close', async () => {
    const open = (): Promise<WebSocket> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(devnet.url);
        ws.once('open', () => resolve(ws));
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.once('error', reject);
      });
    const sockets: WebSocket[] = [];
    let refused: Error | undefined;
    for (let i = 0; i < 110 && !refused; i++) {
      try {
        sockets.push(await open());
      } catch (err) {
        refused = err as Error;
      }
    }
    expect(refused?.message).toBe('HTTP 429');
    expect(sockets.length).toBeLessThanOrEqual(100);
    for (const ws of sockets) ws.close();
    await new Promise((r) => setTimeout(r, 300));
    const again = await open();
    again.close();
  });
});
