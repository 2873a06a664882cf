import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { commitHash, commitPreimage, commitRevealModeOf, generateSalt } from '../../chain/commit-reveal.ts';
import { PendingCommitStore } from '../../chain/pending-commits.ts';

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
  it('set when off, v2 on older runtimes, timelocked (refused) when the chain says v3+ or lacks the v2 calls', () => {
    expect(commitRevealModeOf({ enabled: false, version: 4, hasV2Calls: true })).toBe('disabled');
    expect(commitRevealModeOf({ enabled: true, hasV2Calls: true })).toBe('v2');
    expect(commitRevealModeOf({ enabled: true, version: 2, hasV2Calls: true })).toBe('v2');
    expect(commitRevealModeOf({ enabled: true, version: 4, hasV2Calls: true })).toBe('timelocked');
    expect(commitRevealModeOf({ enabled: true, hasV2Calls: false })).toBe('timelocked');
  });
});
