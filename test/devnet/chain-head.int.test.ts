import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsHex, xxhashAsHex } from '@polkadot/util-crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

// The new JSON-RPC interface (chainHead_v1_*, chainSpec_v1_*, transaction*_v1_*) over a raw WebSocket.

type Json = Record<string, unknown>;

/** A minimal JSON-RPC client that keeps every notification per subscription. */
class RawClient {
  private nextId = 1;
  private readonly pending = new Map<number, (msg: Json) => void>();
  readonly events = new Map<string, Json[]>();
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as Json;
      if (typeof msg.id === 'number') {
        this.pending.get(msg.id)?.(msg);
        this.pending.delete(msg.id);
        return;
      }
      const { subscription, result } = msg.params as { subscription: string; result: Json };
      if (!this.events.has(subscription)) this.events.set(subscription, []);
      this.events.get(subscription)!.push(result);
      for (const w of [...this.waiters]) w();
    });
  }

  static async connect(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new RawClient(ws);
  }

  /** The full response: `{ result }` or `{ error }`. */
  send(method: string, params: unknown[] = []): Promise<Json> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer in 10 s`)), 10_000);
      this.pending.set(id, (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
    });
  }

  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const msg = await this.send(method, params);
    if (msg.error) throw new Error(`${method}: ${JSON.stringify(msg.error)}`);
    return msg.result as T;
  }

  async errorCode(method: string, params: unknown[]): Promise<number | undefined> {
    return ((await this.send(method, params)).error as { code: number } | undefined)?.code;
  }

  of(sub: string): Json[] {
    return this.events.get(sub) ?? [];
  }

  /** Waits until the subscription has an event matching `match`; returns it. */
  waitFor(sub: string, match: (e: Json) => boolean, timeoutMs = 10_000): Promise<Json> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.of(sub).find(match);
        if (!hit) return false;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const waiter = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `no matching event on ${sub} in ${timeoutMs} ms; got ${JSON.stringify(this.of(sub).map((e) => ({ ...e, items: undefined, value: undefined, output: undefined, finalizedBlockRuntime: undefined })))}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
      check();
    });
  }

  /** Events of one operation, up to the one that ends it. */
  async operation(sub: string, operationId: string, end: string): Promise<Json[]> {
    await this.waitFor(sub, (e) => e.operationId === operationId && (e.event === end || e.event === 'operationError'));
    return this.of(sub).filter((e) => e.operationId === operationId);
  }

  close(): void {
    this.ws.close();
  }
}

const storagePrefix = (pallet: string, item: string) => xxhashAsHex(pallet, 128) + xxhashAsHex(item, 128).slice(2);

let devnet: DevnetHandle;
let rpc: RawClient;

beforeAll(async () => {
  devnet = await startDevnet({ mode: 'manual' });
  rpc = await RawClient.connect(devnet.url);
});

afterAll(async () => {
  rpc?.close();
  await devnet?.stop();
});

/** Follows with runtime and waits for `initialized`; returns the subscription and the finalized hash. */
async function follow(client: RawClient, withRuntime = true): Promise<{ sub: string; finalized: string; initialized: Json }> {
  const sub = await client.call<string>('chainHead_v1_follow', [withRuntime]);
  const initialized = await client.waitFor(sub, (e) => e.event === 'initialized');
  const hashes = initialized.finalizedBlockHashes as string[];
  return { sub, finalized: hashes[hashes.length - 1], initialized };
}

describe('chainSpec_v1 and rpc_methods', () => {
  it('answers the chain name, genesis hash and properties, and lists the new methods', async () => {
    expect(await rpc.call('chainSpec_v1_chainName')).toBe(await rpc.call('system_chain'));
    expect(await rpc.call('chainSpec_v1_genesisHash')).toBe(devnet.genesisHash);
    expect(await rpc.call('chainSpec_v1_properties')).toMatchObject({ ss58Format: 42, tokenSymbol: 'TAO', tokenDecimals: 9 });
    const { methods } = await rpc.call<{ methods: string[] }>('rpc_methods');
    for (const name of [
      'chainHead_v1_follow',
      'chainHead_v1_unfollow',
      'chainHead_v1_header',
      'chainHead_v1_body',
      'chainHead_v1_storage',
      'chainHead_v1_call',
      'chainHead_v1_unpin',
      'chainHead_v1_continue',
      'chainHead_v1_stopOperation',
      'chainSpec_v1_chainName',
      'chainSpec_v1_genesisHash',
      'chainSpec_v1_properties',
      'transaction_v1_broadcast',
      'transaction_v1_stop',
      'transactionWatch_v1_submitAndWatch',
      'transactionWatch_v1_unwatch',
      'chain_getBlock',
      'state_getStorage',
    ]) {
      expect(methods).toContain(name);
    }
  });
});

describe('chainHead_v1_follow', () => {
  it('reports initialized with the runtime, then newBlock, bestBlockChanged and finalized in order', async () => {
    const { sub, finalized, initialized } = await follow(rpc);
    expect(finalized).toBe(await rpc.call('chain_getFinalizedHead'));
    const runtime = initialized.finalizedBlockRuntime as { type: string; spec: Json };
    expect(runtime.type).toBe('valid');
    expect(runtime.spec).toMatchObject({ specName: 'node-subtensor', specVersion: 381, transactionVersion: 1 });
    const version = await rpc.call<{ apis: [string, number][] }>('state_getRuntimeVersion');
    expect(runtime.spec.apis).toEqual(Object.fromEntries(version.apis));
    expect((runtime.spec.apis as Json)['0xdf6acb689907609b']).toBe(5); // Core

    const hash = await devnet.newBlock();
    await rpc.waitFor(sub, (e) => e.event === 'finalized' && (e.finalizedBlockHashes as string[]).includes(hash));
    const blockEvents = rpc.of(sub).filter((e) => !String(e.event).startsWith('operation'));
    // the initial best block (the finalized head) is announced right after `initialized`, as Substrate does
    expect(blockEvents.map((e) => e.event)).toEqual(['initialized', 'bestBlockChanged', 'newBlock', 'bestBlockChanged', 'finalized']);
    expect(blockEvents[1]).toEqual({ event: 'bestBlockChanged', bestBlockHash: finalized });
    expect(blockEvents[2]).toEqual({ event: 'newBlock', blockHash: hash, parentBlockHash: finalized, newRuntime: null });
    expect(blockEvents[3]).toEqual({ event: 'bestBlockChanged', bestBlockHash: hash });
    expect(blockEvents[4]).toEqual({ event: 'finalized', finalizedBlockHashes: [hash], prunedBlockHashes: [] });

    // without runtime: no runtime fields
    const plain = await follow(rpc, false);
    expect(plain.initialized.finalizedBlockRuntime).toBeUndefined();
    const next = await devnet.newBlock();
    const nb = await rpc.waitFor(plain.sub, (e) => e.event === 'newBlock');
    expect(nb).toEqual({ event: 'newBlock', blockHash: next, parentBlockHash: hash });
    expect(await rpc.call('chainHead_v1_unfollow', [plain.sub])).toBeNull();
    expect(await rpc.call('chainHead_v1_unfollow', [sub])).toBeNull();
  });

  it('serves header, body, storage and runtime calls of pinned blocks as operations', async () => {
    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    await devnet.newBlock(); // a block with a body (timestamp.set)
    const { sub, finalized } = await follow(rpc);

    const header = await rpc.call<string>('chainHead_v1_header', [sub, finalized]);
    expect(blake2AsHex(hexToU8a(header), 256)).toBe(finalized);
    const legacy = await rpc.call<{ parentHash: string }>('chain_getHeader', [finalized]);
    expect(header.slice(0, 66)).toBe(legacy.parentHash);

    const body = await rpc.call<Json>('chainHead_v1_body', [sub, finalized]);
    expect(body.result).toBe('started');
    const [bodyDone] = await rpc.operation(sub, body.operationId as string, 'operationBodyDone');
    const block = await rpc.call<{ block: { extrinsics: string[] } }>('chain_getBlock', [finalized]);
    expect(bodyDone.value).toEqual(block.block.extrinsics);
    expect((bodyDone.value as string[]).length).toBeGreaterThan(0); // timestamp.set

    const accountPrefix = storagePrefix('System', 'Account');
    const aliceKey = accountPrefix + blake2AsHex(alice.publicKey, 128).slice(2) + u8aToHex(alice.publicKey).slice(2);
    const aliceValue = await rpc.call<string>('state_getStorage', [aliceKey, finalized]);
    const storage = await rpc.call<Json>('chainHead_v1_storage', [
      sub,
      finalized,
      [
        { key: aliceKey, type: 'value' },
        { key: aliceKey, type: 'hash' },
        { key: `${accountPrefix}00`, type: 'value' }, // absent: no item
        { key: accountPrefix, type: 'descendantsHashes' },
        { key: accountPrefix, type: 'closestDescendantMerkleValue' },
        { key: `${storagePrefix('Nothing', 'Here')}`, type: 'closestDescendantMerkleValue' }, // no descendant: no item
        { key: '0x', type: 'closestDescendantMerkleValue' }, // the root: the header's state root
      ],
      null,
    ]);
    expect(storage).toMatchObject({ result: 'started', discardedItems: 0 });
    const events = await rpc.operation(sub, storage.operationId as string, 'operationStorageDone');
    expect(events.at(-1)!.event).toBe('operationStorageDone');
    const items = events.filter((e) => e.event === 'operationStorageItems').flatMap((e) => e.items as Json[]);
    expect(items[0]).toEqual({ key: aliceKey, value: aliceValue });
    expect(items[1]).toEqual({ key: aliceKey, hash: blake2AsHex(hexToU8a(aliceValue), 256) });
    const descendants = items.slice(2, -2); // request order: value, hash, (nothing for the absent key), descendants, Merkle values
    const accountKeys = await rpc.call<string[]>('state_getKeysPaged', [accountPrefix, 1000, null, finalized]);
    expect(descendants.map((i) => i.key).sort()).toEqual([...accountKeys].sort());
    const merkle = items.filter((i) => 'closestDescendantMerkleValue' in i);
    expect(merkle.map((i) => i.key)).toEqual([accountPrefix, '0x']);
    // the branch node over the accounts: one of the nodes that prove an account's value
    const { proof } = await rpc.call<{ proof: string[] }>('state_getReadProof', [[aliceKey], finalized]);
    expect(proof.map((n) => blake2AsHex(hexToU8a(n), 256))).toContain(merkle[0].closestDescendantMerkleValue);
    expect(merkle[1].closestDescendantMerkleValue).toBe((await rpc.call<{ stateRoot: string }>('chain_getHeader', [finalized])).stateRoot);

    // `:code` has a stand-in (the runtime is TypeScript): clients key runtimes by its hash
    const code = await rpc.call<Json>('chainHead_v1_storage', [sub, finalized, [{ key: '0x3a636f6465', type: 'hash' }], null]);
    const [codeItems] = await rpc.operation(sub, code.operationId as string, 'operationStorageDone');
    expect(codeItems.items).toEqual([{ key: '0x3a636f6465', hash: expect.stringMatching(/^0x[0-9a-f]{64}$/) }]);

    const call = await rpc.call<Json>('chainHead_v1_call', [sub, finalized, 'Core_version', '0x']);
    const [callDone] = await rpc.operation(sub, call.operationId as string, 'operationCallDone');
    expect(callDone).toEqual({
      event: 'operationCallDone',
      operationId: call.operationId,
      output: await rpc.call('state_call', ['Core_version', '0x', finalized]),
    });
    // "" is no bytes, as Substrate parses it (polkadot-api sends it)
    const empty = await rpc.call<Json>('chainHead_v1_call', [sub, finalized, 'Core_version', '']);
    expect((await rpc.operation(sub, empty.operationId as string, 'operationCallDone'))[0].output).toBe(callDone.output);
    const meta = await rpc.call<Json>('chainHead_v1_call', [sub, finalized, 'Metadata_metadata_at_version', '0x0f000000']);
    const [metaDone] = await rpc.operation(sub, meta.operationId as string, 'operationCallDone');
    expect((metaDone.output as string).length).toBeGreaterThan(10_000);
    const missing = await rpc.call<Json>('chainHead_v1_call', [sub, finalized, 'Nope_nothing', '0x']);
    const [missingDone] = await rpc.operation(sub, missing.operationId as string, 'operationCallDone');
    expect(missingDone.event).toBe('operationError');
    expect(missingDone.error).toMatch(/Nope_nothing/);
    await rpc.call('chainHead_v1_unfollow', [sub]);
  });

  it('pages large descendant queries with operationWaitingForContinue and chainHead_v1_continue', async () => {
    const prefix = `0x${'ab'.repeat(16)}`;
    const entries = Array.from({ length: 600 }, (_, i) => [`${prefix}${i.toString(16).padStart(8, '0')}`, `0x${(i % 256).toString(16).padStart(2, '0')}`]);
    await devnet.rpc('dev_setStorage', [entries]);
    const hash = await devnet.newBlock();
    const { sub, finalized } = await follow(rpc);
    expect(finalized).toBe(hash);
    const op = await rpc.call<Json>('chainHead_v1_storage', [sub, finalized, [{ key: prefix, type: 'descendantsValues' }], null]);
    const id = op.operationId as string;
    await rpc.waitFor(sub, (e) => e.operationId === id && e.event === 'operationWaitingForContinue');
    // not waiting yet again after a continue is consumed; unknown ids are refused
    expect(await rpc.errorCode('chainHead_v1_continue', [sub, 'not-an-operation'])).toBe(-32803);
    let waits = 1;
    for (;;) {
      await rpc.call('chainHead_v1_continue', [sub, id]);
      const ev = await rpc.waitFor(
        sub,
        (e) =>
          e.operationId === id &&
          (e.event === 'operationStorageDone' ||
            (e.event === 'operationWaitingForContinue' &&
              rpc.of(sub).filter((x) => x.operationId === id && x.event === 'operationWaitingForContinue').length > waits)),
      );
      if (ev.event === 'operationStorageDone') break;
      waits++;
    }
    const pages = rpc.of(sub).filter((e) => e.operationId === id && e.event === 'operationStorageItems');
    expect(pages.map((p) => (p.items as Json[]).length)).toEqual([256, 256, 88]);
    const got = pages.flatMap((p) => p.items as Json[]);
    expect(got.map((i) => [i.key, i.value])).toEqual(entries);

    // a stopped operation reports nothing more
    const op2 = await rpc.call<Json>('chainHead_v1_storage', [sub, finalized, [{ key: prefix, type: 'descendantsHashes' }], null]);
    const id2 = op2.operationId as string;
    await rpc.waitFor(sub, (e) => e.operationId === id2 && e.event === 'operationWaitingForContinue');
    expect(await rpc.call('chainHead_v1_stopOperation', [sub, id2])).toBeNull();
    expect(await rpc.errorCode('chainHead_v1_continue', [sub, id2])).toBe(-32803);
    await rpc.call('chain_getHeader'); // a round trip: anything the node would still send has arrived
    expect(
      rpc
        .of(sub)
        .filter((e) => e.operationId === id2)
        .map((e) => e.event),
    ).toEqual(['operationStorageItems', 'operationWaitingForContinue']);
    await rpc.call('chainHead_v1_unfollow', [sub]);
  });

  it('unpins blocks and answers bad ids, hashes and params with the spec errors', async () => {
    const { sub, finalized } = await follow(rpc);
    const next = await devnet.newBlock();
    await rpc.waitFor(sub, (e) => e.event === 'finalized' && (e.finalizedBlockHashes as string[]).includes(next));

    expect(await rpc.errorCode('chainHead_v1_unpin', [sub, [finalized, finalized]])).toBe(-32804);
    expect(await rpc.errorCode('chainHead_v1_unpin', [sub, [finalized, `0x${'00'.repeat(32)}`]])).toBe(-32801);
    // an error unpins nothing
    expect(await rpc.call('chainHead_v1_header', [sub, finalized])).toMatch(/^0x/);
    expect(await rpc.call('chainHead_v1_unpin', [sub, finalized])).toBeNull();
    expect(await rpc.errorCode('chainHead_v1_header', [sub, finalized])).toBe(-32801);
    expect(await rpc.errorCode('chainHead_v1_body', [sub, finalized])).toBe(-32801);
    expect(await rpc.errorCode('chainHead_v1_unpin', [sub, [finalized]])).toBe(-32801);
    expect(await rpc.call('chainHead_v1_unpin', [sub, [next]])).toBeNull();

    // a subscription id that is not ours: null / limitReached / no-op, as the spec says
    const bogus = 'not-a-subscription';
    expect(await rpc.call('chainHead_v1_header', [bogus, next])).toBeNull();
    expect(await rpc.call('chainHead_v1_body', [bogus, next])).toEqual({ result: 'limitReached' });
    expect(await rpc.call('chainHead_v1_call', [bogus, next, 'Core_version', '0x'])).toEqual({ result: 'limitReached' });
    expect(await rpc.call('chainHead_v1_storage', [bogus, next, [{ key: '0x00', type: 'value' }], null])).toEqual({ result: 'limitReached' });
    expect(await rpc.call('chainHead_v1_unpin', [bogus, next])).toBeNull();
    expect(await rpc.call('chainHead_v1_continue', [bogus, 'x'])).toBeNull();
    expect(await rpc.call('chainHead_v1_stopOperation', [bogus, 'x'])).toBeNull();
    expect(await rpc.call('chainHead_v1_unfollow', [bogus])).toBeNull();

    // wrong params
    expect(await rpc.errorCode('chainHead_v1_follow', ['yes'])).toBe(-32602);
    expect(await rpc.errorCode('chainHead_v1_header', [sub, '0x1234'])).toBe(-32602);
    expect(await rpc.errorCode('chainHead_v1_storage', [sub, next, [{ key: '0x00', type: 'everything' }], null])).toBe(-32602);
    expect(await rpc.errorCode('chainHead_v1_storage', [sub, next, 'items', null])).toBe(-32602);
    expect(await rpc.errorCode('chainHead_v1_call', [sub, next, 'Core_version', 'zz'])).toBe(-32602);

    // calls need withRuntime
    const plain = await follow(rpc, false);
    expect(await rpc.errorCode('chainHead_v1_call', [plain.sub, plain.finalized, 'Core_version', '0x'])).toBe(-32802);
    await rpc.call('chainHead_v1_unfollow', [plain.sub]);
    await rpc.call('chainHead_v1_unfollow', [sub]);
    // the node keeps serving
    expect(await rpc.call('chainSpec_v1_genesisHash')).toBe(devnet.genesisHash);
  });

  it('limits follow subscriptions, operations and pinned blocks', async () => {
    const client = await RawClient.connect(devnet.url);
    try {
      const subs = [];
      for (let i = 0; i < 4; i++) subs.push(await follow(client));
      expect(await client.errorCode('chainHead_v1_follow', [true])).toBe(-32800);
      await client.call('chainHead_v1_unfollow', [subs.pop()!.sub]);
      subs.push(await follow(client)); // a slot is free again

      const { sub, finalized } = subs[0];
      const items = Array.from({ length: 100 }, (_, i) => ({ key: `0x${i.toString(16).padStart(4, '0')}`, type: 'value' }));
      const op = await client.call<Json>('chainHead_v1_storage', [sub, finalized, items, null]);
      expect(op).toMatchObject({ result: 'started', discardedItems: 36 }); // 64 operation slots per subscription
      await client.operation(sub, op.operationId as string, 'operationStorageDone');

      // a subscription that never unpins is stopped once it holds more than 512 blocks
      await devnet.newBlock(512);
      const stop = await client.waitFor(sub, (e) => e.event === 'stop', 30_000);
      expect(stop).toEqual({ event: 'stop' });
      expect(client.of(sub).filter((e) => e.event === 'newBlock')).toHaveLength(511);
      // the stopped subscription is gone: its slot is free, its ids are stale
      expect(await client.call('chainHead_v1_body', [sub, finalized])).toEqual({ result: 'limitReached' });
      const again = await follow(client);
      expect(again.sub).not.toBe(sub);
    } finally {
      client.close();
    }
  });
});

describe('transaction_v1 and transactionWatch_v1', () => {
  it('submits and watches a transfer: validated, bestChainBlockIncluded, finalized; invalid ones get invalid', async () => {
    const api = await connectApi(devnet.url);
    try {
      const keyring = new Keyring({ type: 'sr25519' });
      const alice = keyring.addFromUri('//Alice');
      const bob = keyring.addFromUri('//Bob');
      const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
      const tx = await api.tx.balances.transferKeepAlive(bob.address, 1_234n).signAsync(alice, { nonce });

      const sub = await rpc.call<string>('transactionWatch_v1_submitAndWatch', [tx.toHex()]);
      await rpc.waitFor(sub, (e) => e.event === 'validated');
      const hash = await devnet.newBlock();
      const fin = await rpc.waitFor(sub, (e) => e.event === 'finalized');
      expect(rpc.of(sub)).toEqual([
        { event: 'validated' },
        { event: 'bestChainBlockIncluded', block: { hash, index: 1 } },
        { event: 'finalized', block: { hash, index: 1 } },
      ]);
      expect(fin.block).toEqual({ hash, index: 1 });
      expect(await rpc.call('transactionWatch_v1_unwatch', [sub])).toBeNull();

      // replaying it: stale nonce → invalid, with the reason
      const replay = await rpc.call<string>('transactionWatch_v1_submitAndWatch', [tx.toHex()]);
      const invalid = await rpc.waitFor(replay, (e) => e.event === 'invalid');
      expect(invalid.error).toMatch(/outdated/i);
      const garbage = await rpc.call<string>('transactionWatch_v1_submitAndWatch', ['0x1234']);
      expect((await rpc.waitFor(garbage, (e) => e.event === 'invalid')).error).toMatch(/decode/i);
      expect(await rpc.errorCode('transactionWatch_v1_submitAndWatch', ['not hex'])).toBe(-32602);

      // accepted by the pool, then invalid when the block is built (the signer's nonce moved on): invalid, with the reason
      const charlie = keyring.addFromUri('//Charlie');
      const doomed = await api.tx.balances.transferKeepAlive(bob.address, 1_000n).signAsync(charlie, { nonce: 0 });
      const doomedSub = await rpc.call<string>('transactionWatch_v1_submitAndWatch', [doomed.toHex()]);
      await rpc.waitFor(doomedSub, (e) => e.event === 'validated');
      await devnet.rpc('dev_setStorage', [{ System: { Account: [[[charlie.address], { nonce: 5, providers: 1, data: { free: '1000000000000000' } }]] } }]);
      await devnet.newBlock();
      expect((await rpc.waitFor(doomedSub, (e) => e.event === 'invalid')).error).toMatch(/outdated/i);
      expect(rpc.of(doomedSub).map((e) => e.event)).toEqual(['validated', 'invalid']);

      // broadcast: an operation id; the transaction lands in the next block
      const tx2 = await api.tx.balances.transferKeepAlive(bob.address, 4_321n).signAsync(alice, { nonce: nonce + 1 });
      const opId = await rpc.call<string>('transaction_v1_broadcast', [tx2.toHex()]);
      expect(opId).toMatch(/^[0-9a-f]+$/);
      expect(await rpc.call('author_pendingExtrinsics')).toEqual([tx2.toHex()]);
      expect(await rpc.call('transaction_v1_stop', [opId])).toBeNull();
      expect(await rpc.errorCode('transaction_v1_stop', [opId])).toBe(-32602);
      const included = await devnet.newBlock();
      const block = await rpc.call<{ block: { extrinsics: string[] } }>('chain_getBlock', [included]);
      expect(block.block.extrinsics).toContain(tx2.toHex());
      // an invalid transaction is no JSON-RPC error for broadcast, it is simply never included
      expect(await rpc.call('transaction_v1_broadcast', ['0x1234'])).toMatch(/^[0-9a-f]+$/);
      expect(await rpc.errorCode('transaction_v1_broadcast', [42])).toBe(-32602);
    } finally {
      await api.disconnect();
    }
  });
});

describe('WebSocket methods under random input', () => {
  it('answers every method over WebSocket with random params, real ids mixed in, and keeps following', async () => {
    const client = await RawClient.connect(devnet.url);
    try {
      const { sub, finalized } = await follow(client, false);
      const { methods } = await client.call<{ methods: string[] }>('rpc_methods');
      // the follow stays usable to the end: unfollow and subscribing more would only end this test's subject
      // every method over WebSocket (rpc-fuzz.int.test.ts covers HTTP), subscriptions and unsubscribes included
      const fuzzed = methods.filter((m) => !m.startsWith('dev_') && m !== 'chainHead_v1_unfollow' && m !== 'chainHead_v1_follow');
      expect(fuzzed.length).toBeGreaterThanOrEqual(50);
      const hex = fc.uint8Array({ maxLength: 40 }).map((b) => u8aToHex(b));
      const storageItem = fc.record(
        {
          key: fc.oneof(hex, fc.constant('0x'), fc.constant('')),
          type: fc.oneof(fc.constantFrom('value', 'hash', 'closestDescendantMerkleValue', 'descendantsValues', 'descendantsHashes'), fc.string()),
        },
        { requiredKeys: [] },
      );
      const param = fc.oneof(fc.constant(sub), fc.constant(finalized), fc.constant([finalized]), hex, fc.array(storageItem, { maxLength: 3 }), fc.jsonValue());
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fuzzed), fc.array(param, { maxLength: 4 }), async (method, params) => {
          const answer = await client.send(method, params);
          const error = answer.error as { code?: unknown } | undefined;
          expect('result' in answer || typeof error?.code === 'number', `${method} ${JSON.stringify(params)} → ${JSON.stringify(answer)}`).toBe(true);
        }),
        { numRuns: 300 },
      );
      // the follow subscription still follows: new blocks reach it and it serves them (the fuzz may
      // legitimately have unpinned the first block, with chainHead_v1_unpin and its real ids)
      const newHash = await devnet.newBlock();
      await client.waitFor(sub, (e) => e.event === 'newBlock' && e.blockHash === newHash);
      expect(await client.call('chainHead_v1_header', [sub, newHash])).toMatch(/^0x/);
      expect(devnet.cli.stderr()).not.toMatch(/rpc handler failed/);
    } finally {
      client.close();
    }
  }, 60_000);
});

describe('unsubscribe methods', () => {
  it('end only subscriptions of their own kind (the fuzzer found transactionWatch_v1_unwatch ending a follow)', async () => {
    const client = await RawClient.connect(devnet.url);
    try {
      const { sub, finalized } = await follow(client, false);
      const heads = await client.call<string>('chain_subscribeNewHeads');
      expect(await client.errorCode('transactionWatch_v1_unwatch', [sub])).toBe(-32602);
      expect(await client.call('chain_unsubscribeFinalizedHeads', [heads])).toBe(false);
      expect(await client.call('state_unsubscribeStorage', [sub])).toBe(false);
      expect(await client.call('chainHead_v1_header', [sub, finalized])).toMatch(/^0x/);
      const newHash = await devnet.newBlock();
      await client.waitFor(sub, (e) => e.event === 'newBlock' && e.blockHash === newHash);
      await client.waitFor(heads, () => true);
      expect(await client.call('chain_unsubscribeNewHeads', [heads])).toBe(true);
      expect(await client.call('chainHead_v1_unfollow', [sub])).toBeNull();
      expect(await client.call('chainHead_v1_header', [sub, finalized])).toBeNull();
    } finally {
      client.close();
    }
  });
});
