import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { SubtensorClient } from '../../chain/client.ts';
import { commitHash, commitPreimage, commitRevealModeOf, generateSalt } from '../../chain/commit-reveal.ts';
import { PendingCommitStore, type TimelockedCommitRecord } from '../../chain/pending-commits.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const dir = mkdtempSync(join(tmpdir(), 'subnet-cr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('commit-reveal v2 hash', () => {
  const reveal = { netuid: 1, uids: [0, 1, 2], values: [65535, 32768, 1], salt: [1, 2, 3, 4, 5, 6, 7, 8], versionKey: 2014n };

  it('is blake2-256 of the SCALE tuple (AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', () => {
    // expected value computed independently with Python hashlib.blake2b(digest_size=32) over hand-built SCALE bytes
    expect(u8aToHex(commitHash(decodeAddress(ALICE), reveal))).toBe('0x64ebe99fbb80f95121cd09a4e89a99d8c21951bedb7ea10f72fddaf337f5683f');
    const pre = commitPreimage(decodeAddress(ALICE), reveal);
    expect(pre.length).toBe(32 + 2 + (1 + 6) + (1 + 6) + (1 + 16) + 8);
  });

  it('changes with every field', () => {
    const base = u8aToHex(commitHash(decodeAddress(ALICE), reveal));
    for (const change of [{ netuid: 2 }, { uids: [0, 1, 3] }, { values: [65535, 32768, 2] }, { salt: [1, 2, 3, 4, 5, 6, 7, 9] }, { versionKey: 2015n }]) {
      expect(u8aToHex(commitHash(decodeAddress(ALICE), { ...reveal, ...change }))).not.toBe(base);
    }
  });

  it('binds the mechanism storage index mechid · 4096 + netuid in place of the netuid', () => {
    const pre = commitPreimage(decodeAddress(ALICE), { ...reveal, mechid: 1 });
    // 4097 = 0x1001, little-endian after the 32-byte hotkey
    expect([pre[32], pre[33]]).toEqual([0x01, 0x10]);
    expect(u8aToHex(commitHash(decodeAddress(ALICE), { ...reveal, mechid: 0 }))).toBe(u8aToHex(commitHash(decodeAddress(ALICE), reveal)));
    expect(() => commitPreimage(decodeAddress(ALICE), { ...reveal, mechid: 16 })).toThrowError(/mechanism id 16/);
  });

  it('salts are 8 random u16 values', () => {
    const a = generateSalt();
    expect(a).toHaveLength(8);
    expect(a.every((v) => Number.isInteger(v) && v >= 0 && v <= 65535)).toBe(true);
    expect(generateSalt()).not.toEqual(a);
  });

  it('rejects values that are not u16', () => {
    expect(() => commitHash(decodeAddress(ALICE), { ...reveal, values: [70000] })).toThrowError(/not a u16/);
  });
});

describe('pending commits survive a restart', () => {
  it('persists, reloads from a fresh store, removes, with mode 0600', () => {
    const path = join(dir, 'pending.json');
    const store = new PendingCommitStore(path);
    store.add({ netuid: 1, hotkey: ALICE, hash: '0xaa', uids: [1], values: [65535], salt: [9, 9, 9, 9, 9, 9, 9, 9], versionKey: 7n, commitBlock: 12 });
    store.add({ netuid: 2, hotkey: ALICE, hash: '0xbb', uids: [1], values: [65535], salt: [1, 1, 1, 1, 1, 1, 1, 1], versionKey: 0n, commitBlock: 10 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const reopened = new PendingCommitStore(path);
    expect(reopened.list().map((c) => c.hash)).toEqual(['0xbb', '0xaa']);
    expect(reopened.list({ netuid: 1 })[0].versionKey).toBe(7n);
    reopened.remove('0xbb');
    expect(new PendingCommitStore(path).list().map((c) => c.hash)).toEqual(['0xaa']);
  });
});

describe('how weights go to a subnet', () => {
  it('set when off, v2 on older runtimes, timelocked when the chain says v3+ or lacks the v2 calls', () => {
    expect(commitRevealModeOf({ enabled: false, version: 4, hasV2Calls: true })).toBe('disabled');
    expect(commitRevealModeOf({ enabled: true, hasV2Calls: true })).toBe('v2');
    expect(commitRevealModeOf({ enabled: true, version: 2, hasV2Calls: true })).toBe('v2');
    expect(commitRevealModeOf({ enabled: true, version: 4, hasV2Calls: true })).toBe('timelocked');
    expect(commitRevealModeOf({ enabled: true, hasV2Calls: false })).toBe('timelocked');
  });
});

describe('pending commits of both kinds', () => {
  const timelocked: TimelockedCommitRecord = {
    kind: 'timelocked',
    netuid: 1,
    mechid: 0,
    hotkey: ALICE,
    hash: '0xcc',
    commit: '0x0102',
    revealRound: 123_456,
    commitBlock: 11,
    included: true,
    commitEpoch: 4,
    revealEpoch: 5,
    firstRevealBlock: 53,
    uids: [0, 1],
    values: [65535, 7],
    versionKey: 3n,
  };

  it('reads a file written before the timelocked kind (version 1, v2 commits only)', () => {
    const path = join(dir, 'old.json');
    const v1 = {
      version: 1,
      commits: [{ netuid: 1, hotkey: ALICE, hash: '0xaa', uids: [1], values: [65535], salt: [9, 9, 9, 9, 9, 9, 9, 9], versionKey: '7', commitBlock: 12 }],
    };
    writeFileSync(path, JSON.stringify(v1));
    const store = new PendingCommitStore(path);
    expect(store.list()).toEqual([
      { netuid: 1, hotkey: ALICE, hash: '0xaa', uids: [1], values: [65535], salt: [9, 9, 9, 9, 9, 9, 9, 9], versionKey: 7n, commitBlock: 12 },
    ]);
    expect(store.listTimelocked()).toEqual([]);
    store.add(timelocked);
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written.version).toBe(2);
    expect(written.commits.map((c: { kind: string }) => c.kind)).toEqual(['v2', 'timelocked']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps the kinds apart and survives a reopen', () => {
    const path = join(dir, 'both.json');
    const store = new PendingCommitStore(path);
    store.add({ netuid: 1, hotkey: ALICE, hash: '0xaa', uids: [1], values: [65535], salt: [1, 2, 3, 4, 5, 6, 7, 8], versionKey: 7n, commitBlock: 12 });
    store.add(timelocked);
    const reopened = new PendingCommitStore(path);
    expect(reopened.list().map((c) => c.hash)).toEqual(['0xaa']);
    expect(reopened.listTimelocked()).toEqual([timelocked]);
    expect(reopened.listTimelocked({ netuid: 2 })).toEqual([]);
    reopened.remove('0xcc');
    expect(new PendingCommitStore(path).listTimelocked()).toEqual([]);
    expect(new PendingCommitStore(path).list()).toHaveLength(1);
  });

  it('refuses a file of an unknown format', () => {
    const path = join(dir, 'future.json');
    writeFileSync(path, JSON.stringify({ version: 3, commits: [] }));
    expect(() => new PendingCommitStore(path).list()).toThrow(expect.objectContaining({ code: 'STATE_CORRUPT' }));
  });
});

/** A client over a stand-in for the API: what the runtime's metadata offers and what its storage holds. */
function clientOver(runtime: { calls: string[]; enabled: boolean; version?: number; consts?: Record<string, unknown> }): SubtensorClient {
  const codec = (v: unknown) => ({ toString: () => String(v), toJSON: () => v, isTrue: v === true });
  const subtensorModule: Record<string, unknown> = { commitRevealWeightsEnabled: async () => codec(runtime.enabled) };
  if (runtime.version !== undefined) subtensorModule.commitRevealWeightsVersion = async () => codec(runtime.version);
  const api = {
    query: { subtensorModule },
    tx: { subtensorModule: Object.fromEntries(runtime.calls.map((c) => [c, () => undefined])) },
    consts: runtime.consts ?? {},
  };
  return Object.assign(Object.create(SubtensorClient.prototype), { api, url: 'ws://fake', opts: { callTimeoutMs: 1_000 } }) as SubtensorClient;
}

describe('commit-reveal mode from the connected runtime', () => {
  const v2 = ['commitWeights', 'revealWeights'];
  const tl = ['commitTimelockedWeights', 'commitTimelockedMechanismWeights'];

  it('reads CommitRevealWeightsEnabled, CommitRevealWeightsVersion and which calls the metadata has', async () => {
    expect(await clientOver({ calls: [...v2, ...tl], enabled: false, version: 4 }).commitRevealInfo(1)).toEqual({ mode: 'disabled', version: 4 });
    expect(await clientOver({ calls: [...v2, ...tl], enabled: true, version: 4 }).commitRevealInfo(1)).toEqual({ mode: 'timelocked', version: 4 });
    expect(await clientOver({ calls: [...v2, ...tl], enabled: true, version: 2 }).commitRevealInfo(1)).toEqual({ mode: 'v2', version: 2 });
    // spec 293 (our devnet today): no version storage, v2 calls
    expect(await clientOver({ calls: v2, enabled: true }).commitRevealInfo(1)).toEqual({ mode: 'v2', version: undefined });
    // no v2 calls, only the timelocked ones
    expect(await clientOver({ calls: tl, enabled: true }).commitRevealMode(1)).toBe('timelocked');
    expect(clientOver({ calls: tl, enabled: true }).hasCall('SubtensorModule', 'commit_timelocked_weights')).toBe(true);
  });

  it("takes the block time from Aura's slot duration, else Timestamp's minimum period, else 12 s", () => {
    const n = (v: number) => ({ toString: () => String(v) });
    expect(clientOver({ calls: [], enabled: true, consts: { aura: { slotDuration: n(12_000) } } }).blockTimeSeconds()).toBe(12);
    expect(clientOver({ calls: [], enabled: true, consts: { aura: { slotDuration: n(250) }, timestamp: { minimumPeriod: n(125) } } }).blockTimeSeconds()).toBe(
      0.25,
    );
    expect(clientOver({ calls: [], enabled: true, consts: { timestamp: { minimumPeriod: n(3_000) } } }).blockTimeSeconds()).toBe(6);
    expect(clientOver({ calls: [], enabled: true }).blockTimeSeconds()).toBe(12);
  });
});
