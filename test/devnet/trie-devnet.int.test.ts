import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import { type BlockRecord, hashHeader, type Header } from '../../devnet/block/header.ts';
import { DevnetNode } from '../../devnet/node.ts';
import type { Hex } from '../../devnet/pallet.ts';
import { ChainStore } from '../../devnet/state/chain-store.ts';
import { storagePrefixHex } from '../../devnet/storage/hashing.ts';
import { orderedTrieRoot } from '../../devnet/trie/ordered-root.ts';
import { verifyReadProof } from '../../devnet/trie/proof.ts';
import { Trie } from '../../devnet/trie/trie.ts';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

// Header roots are the real ones (state: sp-trie LayoutV1 over the whole state; extrinsics:
// frame_system's V0 ordered trie root), and state_getReadProof proves values against them.
let devnet: DevnetHandle;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;

const EVENTS = storagePrefixHex('System', 'Events');
const NUMBER = storagePrefixHex('System', 'Number');
const NOW = storagePrefixHex('Timestamp', 'Now');
const ABSENT = `${storagePrefixHex('System', 'Account')}${'77'.repeat(48)}` as Hex;

/** The whole state at `hash` through the RPC, as a full rebuild of its trie sees it. */
async function fullRoot(hash: string): Promise<Hex> {
  const entries: [string, Uint8Array][] = [];
  let start: string | null = null;
  for (;;) {
    const keys: string[] = await devnet.rpc('state_getKeysPaged', ['0x', 1000, start, hash]);
    if (!keys.length) break;
    const [{ changes }] = await devnet.rpc<{ changes: [string, string][] }[]>('state_queryStorageAt', [keys, hash]);
    for (const [k, v] of changes) entries.push([k, Buffer.from(v.slice(2), 'hex')]);
    start = keys[keys.length - 1];
  }
  return Trie.fromEntries(entries).rootHex();
}

async function checkProof(hash: string, keys: Hex[]): Promise<void> {
  const header = await api.rpc.chain.getHeader(hash);
  const proof = await api.rpc.state.getReadProof(keys, hash);
  expect(proof.at.toHex()).toBe(hash);
  const nodes = proof.proof.map((p) => p.toU8a(true));
  expect(nodes.length).toBeGreaterThan(0);
  for (const key of keys) {
    const proven = verifyReadProof(header.stateRoot.toU8a(), nodes, key);
    const stored = await api.rpc.state.getStorage<import('@polkadot/types').Option<import('@polkadot/types').Bytes>>(key, hash);
    const expected: string | null = await devnet.rpc('state_getStorage', [key, hash]);
    expect(proven === undefined ? null : `0x${Buffer.from(proven).toString('hex')}`, key).toBe(expected);
    expect(stored.toHex() === '0x' ? null : stored.toHex()).toBe(expected);
  }
}

beforeAll(async () => {
  devnet = await startDevnet({ mode: 'manual' });
  api = await connectApi(devnet.url);
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
});

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('devnet trie roots and read proofs', () => {
  it('genesis and each block carry the state trie root of their whole state and the ordered root of their body', async () => {
    const genesis = await api.rpc.chain.getBlockHash(0);
    expect((await api.rpc.chain.getHeader(genesis)).stateRoot.toHex()).toBe(await fullRoot(genesis.toHex()));
    await api.tx.balances.transferKeepAlive(bob.address, 12_345n).signAndSend(alice);
    const hash = await devnet.newBlock();
    const block = await api.rpc.chain.getBlock(hash);
    expect(block.block.extrinsics.length).toBe(2);
    expect(block.block.header.stateRoot.toHex()).toBe(await fullRoot(hash));
    expect(block.block.header.extrinsicsRoot.toHex()).toBe(orderedTrieRoot(block.block.extrinsics.map((x) => x.toU8a())));
    expect((await api.rpc.chain.getHeader(genesis)).extrinsicsRoot.toHex()).toBe('0x03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314');
  });

  it('state_getReadProof proves present, absent and hashed values against the header root, at the head and at older blocks', async () => {
    const methods = await api.rpc.rpc.methods();
    expect(methods.methods.map((m) => m.toString())).toContain('state_getReadProof');
    const keys = [api.query.system.account.key(alice.address), api.query.system.account.key(bob.address), EVENTS, NUMBER, NOW, ABSENT] as Hex[];
    const head = (await api.rpc.chain.getHeader()).hash.toHex();
    await checkProof(head, keys);
    // System.Events and AccountInfo are 33 bytes or more: V1 stores them as value nodes, which the proof carries
    const proof = await devnet.rpc<{ proof: string[] }>('state_getReadProof', [[EVENTS], head]);
    const events: string = await devnet.rpc('state_getStorage', [EVENTS, head]);
    expect(events.length).toBeGreaterThan(2 + 66);
    expect(proof.proof).toContain(events);
    expect(proof.proof).toEqual([...proof.proof].sort());
    const older = head;
    await devnet.newBlock(2);
    await checkProof(older, keys);
    await checkProof((await api.rpc.chain.getBlockHash(0)).toHex(), keys);
    await checkProof((await api.rpc.chain.getHeader()).hash.toHex(), keys);
    // more than 32 blocks back: the trie is rebuilt from the block's state (journals)
    await devnet.newBlock(40);
    await checkProof(older, keys);
    // without `at`: the head
    const atHead = await devnet.rpc<{ at: string }>('state_getReadProof', [[NUMBER]]);
    expect(atHead.at).toBe((await api.rpc.chain.getHeader()).hash.toHex());
  });

  it('refuses bad params with -32602 and keeps serving', async () => {
    await expect(devnet.rpc('state_getReadProof', ['0x00'])).rejects.toThrow(/-32602|array of storage keys/);
    await expect(devnet.rpc('state_getReadProof', [['zz']])).rejects.toThrow(/storage key must be 0x hex/);
    await expect(devnet.rpc('state_getReadProof', [[NUMBER], `0x${'12'.repeat(32)}`])).rejects.toThrow(/UnknownBlock/);
    await checkProof((await api.rpc.chain.getHeader()).hash.toHex(), [NUMBER]);
  });

  it('dev_setStorage keeps the head trie in step: the next block root is the full rebuild root, also after kill -9', async () => {
    const key = `${storagePrefixHex('Trie', 'Test')}${'ab'.repeat(20)}` as Hex;
    await devnet.rpc('dev_setStorage', [
      [
        [key, `0x${'5a'.repeat(40)}`],
        [NOW, null],
      ],
    ]);
    const head = (await api.rpc.chain.getHeader()).hash.toHex();
    const patched = await devnet.rpc<{ proof: string[] }>('state_getReadProof', [[key], head]);
    expect(patched.proof).toContain(`0x${'5a'.repeat(40)}`);
    const next = await devnet.newBlock();
    expect((await api.rpc.chain.getHeader(next)).stateRoot.toHex()).toBe(await fullRoot(next));
    await api.disconnect();
    await devnet.kill9();
    await devnet.restart();
    api = await connectApi(devnet.url);
    const after = await devnet.newBlock();
    expect((await api.rpc.chain.getHeader(after)).stateRoot.toHex()).toBe(await fullRoot(after));
    await checkProof(next, [key, NUMBER, ABSENT]);
  });
});

describe('data dirs written before real roots', () => {
  it('keep their old header roots and continue with real roots', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'subnet-trie-compat-'));
    const log = createLogger('test', { level: 'silent' });
    try {
      // a genesis whose header root is not a trie root, as schema 3 data dirs hold
      const source = await DevnetNode.start({ dataDir: join(dir, 'source'), mode: { kind: 'manual' }, log });
      const genesisState = new Map([...source.store.state.entries()]);
      await source.close();
      const fake = `0x${'11'.repeat(32)}` as Hex;
      const header: Header = { parentHash: `0x${'00'.repeat(32)}` as Hex, number: 0, stateRoot: fake, extrinsicsRoot: fake, digestLogs: [] };
      const genesis: BlockRecord = { hash: hashHeader(header), header, extrinsics: [] };
      const old = await ChainStore.open(join(dir, 'old'));
      await old.writeGenesis(genesis, genesisState);
      await old.close();

      const node = await DevnetNode.start({ dataDir: join(dir, 'old'), mode: { kind: 'manual' }, log });
      try {
        const b1 = await node.newBlocks(1);
        expect(node.genesisHash).toBe(genesis.hash);
        expect((await node.store.blockByNumber(0))!.header.stateRoot).toBe(fake);
        expect(b1.header.parentHash).toBe(genesis.hash);
        expect(b1.header.stateRoot).toBe(Trie.fromEntries(node.store.state.entries()).rootHex());
        expect(b1.header.extrinsicsRoot).toBe(orderedTrieRoot(b1.extrinsics.map((x) => Buffer.from(x.slice(2), 'hex'))));
      } finally {
        await node.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
