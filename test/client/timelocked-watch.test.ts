import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredTimelockedCommit } from '../../chain/client.ts';
import { resolveGoneCommit, TimelockedCommitWatch } from '../../chain/timelocked-watch.ts';
import { keyFromUri, ss58Of } from '../../chain/wallet/keypair.ts';
import { createDevBeacon, encodeWeightsTlockPayload, timelockEncrypt } from '../../core/timelock/index.ts';

const beacon = createDevBeacon('timelocked-watch test beacon');
const ROUND = 1234;
let alice: string;
let bob: string;

/** A commit as `TimelockedWeightCommits` holds it: `hotkey` committed a payload naming `payloadHotkey`. */
function stored(hotkey: string, payloadHotkey: string, values: number[], message?: Uint8Array): StoredTimelockedCommit {
  const payload = encodeWeightsTlockPayload({ hotkey: decodeAddress(payloadHotkey), uids: [1, 2], values, versionKey: 0n });
  const commit = timelockEncrypt(message ?? payload, ROUND, { publicKey: beacon.publicKey });
  return { epoch: 7, hotkey, commitBlock: 100, commit: u8aToHex(commit), revealRound: ROUND };
}

beforeAll(async () => {
  await cryptoWaitReady();
  alice = ss58Of(keyFromUri('//Alice').publicKey);
  bob = ss58Of(keyFromUri('//Bob').publicKey);
});

describe('a timelocked commit that left storage, as an observer resolves it', () => {
  it('is revealed when the pulse opens it to weights the committer now holds (max-upscaled as the chain stores them)', () => {
    const c = stored(alice, alice, [100, 50]);
    expect(
      resolveGoneCommit(c, {
        signature: beacon.sign(ROUND),
        row: [
          [1, 65535],
          [2, 32768],
        ],
      }),
    ).toEqual({ status: 'revealed' });
  });

  it('is dropped, with the reason the chain had, otherwise', () => {
    const sig = beacon.sign(ROUND);
    expect(resolveGoneCommit(stored(alice, alice, [100, 50]), { signature: sig, row: [] })).toEqual({ status: 'dropped', reason: 'weights-refused' });
    expect(resolveGoneCommit(stored(alice, bob, [100, 50]), { signature: sig, row: [] })).toEqual({ status: 'dropped', reason: 'hotkey-mismatch' });
    expect(resolveGoneCommit(stored(alice, alice, [1, 1], new Uint8Array([1, 2, 3])), { signature: sig, row: [] })).toEqual({
      status: 'dropped',
      reason: 'bad-payload',
    });
    expect(resolveGoneCommit(stored(alice, alice, [100, 50]), { signature: beacon.sign(ROUND + 1), row: [] })).toEqual({
      status: 'dropped',
      reason: 'undecryptable',
    });
    const corrupted = stored(alice, alice, [100, 50]);
    corrupted.commit = corrupted.commit.slice(0, -4) + (corrupted.commit.endsWith('00') ? 'ffff' : '0000');
    expect(resolveGoneCommit(corrupted, { signature: sig, row: [] })).toEqual({ status: 'dropped', reason: 'undecryptable' });
    expect(resolveGoneCommit(stored(alice, alice, [100, 50]), { signature: null, row: [] })).toEqual({ status: 'dropped', reason: 'unknown' });
  });

  it('follows commits block by block: pending, the round arriving, then resolved once gone', () => {
    const watch = new TimelockedCommitWatch(2);
    const c = stored(alice, alice, [100, 50]);
    watch.update(10, [c], ROUND - 1);
    expect(watch.list()).toEqual([{ hotkey: alice, commitBlock: 100, epoch: 7, revealRound: ROUND, status: 'pending', roundArrived: false, block: 10 }]);
    watch.update(11, [c], ROUND);
    expect(watch.list()[0]).toMatchObject({ status: 'pending', roundArrived: true, block: 11 });
    expect(watch.gone()).toEqual([]);
    watch.update(12, [], ROUND);
    const [gone] = watch.gone();
    expect(gone).toBe(c);
    expect(watch.gone()).toEqual([]);
    watch.resolve(gone, 12, {
      signature: beacon.sign(ROUND),
      row: [
        [1, 65535],
        [2, 32768],
      ],
    });
    expect(watch.list()).toEqual([{ hotkey: alice, commitBlock: 100, epoch: 7, revealRound: ROUND, status: 'revealed', block: 12 }]);
    // only the last `keepResolved` outcomes stay
    for (let i = 0; i < 3; i++) watch.resolve(gone, 13 + i, { signature: null, row: [] });
    expect(watch.list().map((w) => w.block)).toEqual([15, 14]);
  });
});
