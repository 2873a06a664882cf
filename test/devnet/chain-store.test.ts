import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeBody } from '../../devnet/block/body.ts';
import { type BlockRecord, hashHeader, type Header } from '../../devnet/block/header.ts';
import type { Hex } from '../../devnet/pallet.ts';
import { ChainStore, type Changes } from '../../devnet/state/chain-store.ts';
import { storagePrefixHex } from '../../devnet/storage/hashing.ts';

// The store on disk (LevelDB): System.Events is kept once per block and journals refer to it,
// block bodies are bytes; a schema 1 data dir (Events as an ordinary key, copied into every
// journal, extrinsics as hex in the block record) is read and continued.
const EVENTS = storagePrefixHex('System', 'Events');
const NUMBER = storagePrefixHex('System', 'Number');
const ZERO = `0x${'00'.repeat(32)}` as Hex;
const pad = (n: number) => n.toString().padStart(10, '0');
/** distinct bytes per block: an "events" value of `len` bytes */
const bytes = (seed: number, len = 300) => Uint8Array.from({ length: len }, (_, i) => (seed * 31 + i) & 0xff);

function block(number: number, parent: Hex, extrinsics: Hex[] = []): BlockRecord {
  const header: Header = { parentHash: parent, number, stateRoot: ZERO, extrinsicsRoot: ZERO, digestLogs: [] };
  return { hash: hashHeader(header), header, extrinsics };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'subnet-chain-store-'));
  dirs.push(d);
  return d;
};

async function commit(store: ChainStore, n: number, changes: [Hex, Uint8Array | null][]): Promise<void> {
  await store.commitBlock(block(n, store.head.hash), new Map(changes) as Changes);
}

describe('devnet chain store', () => {
  it('stores each block’s System.Events once and reads historical Events after a restart', async () => {
    const dir = tempDir();
    let store = await ChainStore.open(dir);
    await store.writeGenesis(block(0, ZERO), new Map([[NUMBER, bytes(100, 4)]]));
    for (let n = 1; n <= 3; n++)
      await commit(store, n, [
        [EVENTS, bytes(n)],
        [NUMBER, bytes(100 + n, 4)],
      ]);
    await store.close();

    const db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' });
    const journal3 = JSON.parse((await db.get(`j:${pad(3)}`))!) as unknown[];
    expect(journal3).toContainEqual([EVENTS, null, 2]); // a reference, not a copy of block 2's events
    expect(await db.get(`s:${EVENTS}`)).toBeUndefined();
    const events3 = (await db.get(`e:${pad(3)}`, { valueEncoding: 'view' })) as unknown as Uint8Array;
    expect(new Uint8Array(events3)).toEqual(bytes(3));
    expect(await db.get('meta:schema')).toBe('3');
    await db.close();

    store = await ChainStore.open(dir);
    try {
      expect(store.head.header.number).toBe(3);
      expect(store.state.get(EVENTS)).toEqual(bytes(3));
      expect(store.stateAt(2)!.get(EVENTS)).toEqual(bytes(2));
      expect(store.stateAt(1)!.get(EVENTS)).toEqual(bytes(1));
      expect(store.stateAt(0)!.get(EVENTS)).toBeUndefined();
      expect(store.stateAt(1)!.get(NUMBER)).toEqual(bytes(101, 4));
      // a patch of the head (dev_setStorage) replaces its events; the parent's stay readable
      await store.patchHead(new Map([[EVENTS, bytes(33)]]));
      await commit(store, 4, [[EVENTS, bytes(4)]]);
    } finally {
      await store.close();
    }
    store = await ChainStore.open(dir);
    try {
      expect(store.state.get(EVENTS)).toEqual(bytes(4));
      expect(store.stateAt(3)!.get(EVENTS)).toEqual(bytes(33));
      expect(store.stateAt(2)!.get(EVENTS)).toEqual(bytes(2));
    } finally {
      await store.close();
    }
  });

  it('stores block bodies as bytes and reads the extrinsics back after a restart', async () => {
    const dir = tempDir();
    let store = await ChainStore.open(dir);
    await store.writeGenesis(block(0, ZERO), new Map());
    // extrinsics as blocks carry them: SCALE bytes with their compact length prefix
    const extrinsics = ['0x0c010203', '0x04ff', `0x9101${'ab'.repeat(100)}`] as Hex[];
    const b1 = block(1, store.head.hash, extrinsics);
    await store.commitBlock(b1, new Map([[EVENTS, bytes(1)]]) as Changes, encodeBody(extrinsics.map((x) => hexToU8a(x))));
    await store.commitBlock(block(2, b1.hash, ['0x0401'] as Hex[]), new Map() as Changes); // no body given: encoded from the hex
    await store.close();

    const db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' });
    expect(JSON.parse((await db.get(`b:${pad(1)}`))!)).toEqual({ hash: b1.hash, header: b1.header });
    await db.close();

    store = await ChainStore.open(dir);
    try {
      expect(await store.blockByNumber(1)).toEqual(b1);
      expect((await store.blockByHash(b1.hash))!.extrinsics).toEqual(extrinsics);
      expect((await store.blockByNumber(2))!.extrinsics).toEqual(['0x0401']);
      expect((await store.blockByNumber(0))!.extrinsics).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('reads a schema 1 data dir and continues it in the current schema', async () => {
    const dir = tempDir();
    const b0 = block(0, ZERO);
    const b1 = block(1, b0.hash, ['0x0401'] as Hex[]); // schema 1: extrinsics as hex in the b: record
    const db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' });
    await db.batch([
      { type: 'put', key: 'meta:schema', value: '1' },
      { type: 'put', key: 'meta:genesis', value: b0.hash },
      { type: 'put', key: 'meta:head', value: JSON.stringify({ number: 1, hash: b1.hash }) },
      { type: 'put', key: `b:${pad(0)}`, value: JSON.stringify(b0) },
      { type: 'put', key: `b:${pad(1)}`, value: JSON.stringify(b1) },
      { type: 'put', key: `h:${b0.hash}`, value: '0' },
      { type: 'put', key: `h:${b1.hash}`, value: '1' },
      { type: 'put', key: `s:${EVENTS}`, value: u8aToHex(bytes(1)) },
      { type: 'put', key: `s:${NUMBER}`, value: u8aToHex(bytes(101, 4)) },
      { type: 'put', key: `j:${pad(0)}`, value: '[]' },
      {
        type: 'put',
        key: `j:${pad(1)}`,
        value: JSON.stringify([
          [EVENTS, null],
          [NUMBER, u8aToHex(bytes(100, 4))],
        ]),
      },
    ]);
    await db.close();

    let store = await ChainStore.open(dir);
    expect(store.state.get(EVENTS)).toEqual(bytes(1));
    await commit(store, 2, [[EVENTS, bytes(2)]]);
    await commit(store, 3, [[EVENTS, bytes(3)]]);
    await store.close();

    store = await ChainStore.open(dir);
    try {
      expect(store.head.header.number).toBe(3);
      expect(store.state.get(EVENTS)).toEqual(bytes(3));
      expect(store.stateAt(2)!.get(EVENTS)).toEqual(bytes(2));
      expect(store.stateAt(1)!.get(EVENTS)).toEqual(bytes(1)); // from block 2's journal, written as a copy
      expect(store.stateAt(0)!.get(EVENTS)).toBeUndefined();
      expect(store.stateAt(0)!.get(NUMBER)).toEqual(bytes(100, 4));
      expect(await store.blockByNumber(1)).toEqual(b1);
    } finally {
      await store.close();
    }
    const after = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' });
    expect(await after.get('meta:schema')).toBe('3');
    expect(await after.get(`s:${EVENTS}`)).toBeUndefined();
    await after.close();
  });

  it('refuses a data dir of an unknown schema, naming it', async () => {
    const dir = tempDir();
    const b0 = block(0, ZERO);
    const db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' });
    await db.batch([
      { type: 'put', key: 'meta:schema', value: '99' },
      { type: 'put', key: 'meta:head', value: JSON.stringify({ number: 0, hash: b0.hash }) },
    ]);
    await db.close();
    await expect(ChainStore.open(dir)).rejects.toMatchObject({ code: 'DEVNET_DB_SCHEMA', message: expect.stringContaining('schema 99') });
  });
});
