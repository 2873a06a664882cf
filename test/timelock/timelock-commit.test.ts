import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubtensorClient, TxResult } from '../../chain/client.ts';
import { ChainDispatchError } from '../../chain/dispatch-error.ts';
import { PendingCommitStore, type TimelockedCommitRecord } from '../../chain/pending-commits.ts';
import { checkTimelockedCommits, commitTimelockedPersisted, planTimelockedCommit } from '../../chain/submit-weights.ts';
import { chainUpscaled, classifyTimelockedCommit, rowHoldsPayload, type TimelockedChainReads } from '../../chain/timelock-outcome.ts';
import { buildTimelockedCommit, firstBlockOfEpoch, mechanismStorageIndex, revealRoundFor } from '../../chain/timelock-weights.ts';
import { cryptoReady } from '../../chain/wallet/keypair.ts';
import { createDevBeacon, decodeWeightsTlockPayload, timelockDecrypt, timelockEncrypt } from '../../core/timelock/index.ts';
import { seededRandom } from '../helpers/timelock.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const beacon = createDevBeacon('timelock-commit-test', { genesisTime: 1_700_000_000, period: 3 });
const dir = mkdtempSync(join(tmpdir(), 'subnet-tlc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => cryptoReady());

const NETUID = 3;
const TEMPO = 10;
const NOW = 1_700_000_600;
const reveal = revealRoundFor({ currentBlock: 100, netuid: NETUID, tempo: TEMPO, revealPeriodEpochs: 1, blockTimeSeconds: 12, nowSeconds: NOW, beacon });

/** A record as the client keeps it, for `payloadHotkey`'s payload encrypted to `round` under `publicKey`. */
function record(
  opts: { payloadHotkey?: string; publicKey?: Uint8Array; message?: Uint8Array; included?: boolean; uids?: number[]; values?: number[] } = {},
): TimelockedCommitRecord {
  const uids = opts.uids ?? [0, 1, 2];
  const values = opts.values ?? [65535, 32768, 0];
  const input = { currentBlock: 100, netuid: NETUID, tempo: TEMPO, revealPeriodEpochs: 1, blockTimeSeconds: 12, nowSeconds: NOW, beacon };
  const commit = opts.message
    ? timelockEncrypt(opts.message, reveal.revealRound, { publicKey: beacon.publicKey, random: seededRandom('msg') })
    : buildTimelockedCommit({
        ...input,
        hotkey: decodeAddress(opts.payloadHotkey ?? ALICE),
        uids,
        values,
        versionKey: 7n,
        encrypt: { publicKey: opts.publicKey ?? beacon.publicKey, random: seededRandom('rec') },
      }).commit;
  return {
    kind: 'timelocked',
    netuid: NETUID,
    mechid: 0,
    hotkey: ALICE,
    hash: blake2AsHex(commit, 256),
    commit: u8aToHex(commit),
    revealRound: reveal.revealRound,
    commitBlock: 100,
    included: opts.included ?? true,
    commitEpoch: reveal.currentEpoch,
    revealEpoch: reveal.revealEpoch,
    firstRevealBlock: reveal.firstRevealBlock,
    uids,
    values,
    versionKey: 7n,
  };
}

const due = reveal.firstRevealBlock + 5;
const reads = (r: Partial<TimelockedChainReads>): TimelockedChainReads => ({ block: due, stored: false, row: [], signature: null, lastStoredRound: 0, ...r });
const rowOf = (c: { uids: number[]; values: number[] }): [number, number][] => c.uids.map((u, i) => [u, c.values[i]]);

describe('the outcome of a timelocked commit, from chain reads', () => {
  const good = record();
  const sig = beacon.sign(reveal.revealRound);

  it('pending while the chain holds it: before the reveal epoch, and in it while the pulse is missing', () => {
    const early = classifyTimelockedCommit(good, reads({ block: reveal.firstRevealBlock - 1, stored: true }));
    expect(early).toMatchObject({ status: 'pending', hash: good.hash, revealRound: reveal.revealRound });
    expect(early.detail).toMatch(/waiting for reveal epoch/);
    const waiting = classifyTimelockedCommit(good, reads({ stored: true, signature: null, lastStoredRound: reveal.revealRound - 4 }));
    expect(waiting.status).toBe('pending');
    expect(waiting.detail).toMatch(new RegExp(`drand pulse of round ${reveal.revealRound}; the chain's last stored round is ${reveal.revealRound - 4}`));
    expect(classifyTimelockedCommit(good, reads({ stored: true, signature: sig })).status).toBe('pending');
  });

  it('revealed when it is gone and the Weights row holds the payload', () => {
    const outcome = classifyTimelockedCommit(good, reads({ row: rowOf(good), signature: sig }));
    expect(outcome.status).toBe('revealed');
    expect(outcome.reason).toBeUndefined();
    expect(outcome.superseded).toBeUndefined();
    // the pulse pruned since: the row alone decides
    expect(classifyTimelockedCommit(good, reads({ row: rowOf(good), signature: null, lastStoredRound: reveal.revealRound + 100 })).status).toBe('revealed');
  });

  it('dropped with the reason a local decryption with the stored pulse gives', () => {
    const otherKey = createDevBeacon('another beacon').publicKey;
    expect(classifyTimelockedCommit(record({ publicKey: otherKey }), reads({ signature: sig }))).toMatchObject({ status: 'dropped', reason: 'undecryptable' });
    expect(classifyTimelockedCommit(record({ payloadHotkey: BOB }), reads({ signature: sig }))).toMatchObject({ status: 'dropped', reason: 'hotkey-mismatch' });
    expect(classifyTimelockedCommit(record({ message: new Uint8Array(0) }), reads({ signature: sig }))).toMatchObject({
      status: 'dropped',
      reason: 'bad-payload',
    });
    // a commit the chain cannot open is dropped even where the row shows the same weights from before
    expect(classifyTimelockedCommit(record({ publicKey: otherKey }), reads({ signature: sig, row: rowOf(good) })).status).toBe('dropped');
    expect(classifyTimelockedCommit(good, reads({ signature: sig, row: [[0, 65535]] }))).toMatchObject({ status: 'dropped', reason: 'weights-refused' });
  });

  it('dropped for a pulse that never came, a commit that never landed, or an unknown reason', () => {
    expect(classifyTimelockedCommit(good, reads({ signature: null, lastStoredRound: reveal.revealRound - 1 }))).toMatchObject({
      status: 'dropped',
      reason: 'pulse-missing',
    });
    expect(classifyTimelockedCommit(good, reads({ signature: null, lastStoredRound: reveal.revealRound + 1000 }))).toMatchObject({
      status: 'dropped',
      reason: 'unknown',
    });
    expect(classifyTimelockedCommit(good, reads({ signature: undefined, lastStoredRound: undefined }))).toMatchObject({ status: 'dropped', reason: 'unknown' });
    expect(classifyTimelockedCommit(record({ included: false }), reads({ signature: sig }))).toMatchObject({ status: 'dropped', reason: 'never-stored' });
    // before the reveal epoch a commit not (yet) seen on chain is still pending
    expect(classifyTimelockedCommit(record({ included: false }), reads({ block: reveal.firstRevealBlock - 1 })).status).toBe('pending');
  });

  it('an earlier commit whose weights a later one of the same epoch replaced counts as revealed, superseded', () => {
    const later = { uids: [4], values: [65535] };
    const outcome = classifyTimelockedCommit(good, reads({ signature: sig, row: rowOf(later), laterSameEpoch: [later] }));
    expect(outcome).toMatchObject({ status: 'revealed', superseded: true });
  });

  it('compares rows as the chain stores them: max-upscaled, one unit of rounding allowed', () => {
    expect(chainUpscaled([1, 2, 4])).toEqual([16384, 32768, 65535]);
    expect(chainUpscaled([0, 0])).toEqual([0, 0]);
    expect(
      rowHoldsPayload(
        [
          [1, 16383],
          [2, 32768],
          [3, 65535],
        ],
        { uids: [1, 2, 3], values: [1, 2, 4] },
      ),
    ).toBe(true);
    expect(
      rowHoldsPayload(
        [
          [1, 16380],
          [2, 32768],
          [3, 65535],
        ],
        { uids: [1, 2, 3], values: [1, 2, 4] },
      ),
    ).toBe(false);
    expect(
      rowHoldsPayload(
        [
          [2, 32768],
          [1, 16384],
          [3, 65535],
        ],
        { uids: [1, 2, 3], values: [1, 2, 4] },
      ),
    ).toBe(false);
    expect(rowHoldsPayload([], { uids: [1], values: [1] })).toBe(false);
  });
});

/** A SubtensorClient stand-in answering the reads a timelocked commit makes. */
function fakeClient(over: Partial<Record<keyof SubtensorClient, unknown>> & { calls?: string[] } = {}): SubtensorClient & { sent: unknown[] } {
  const calls = new Set(over.calls ?? ['commit_timelocked_weights', 'commit_timelocked_mechanism_weights']);
  const sent: unknown[] = [];
  const base = {
    url: 'ws://fake',
    sent,
    hasCall: (_p: string, c: string) => calls.has(c),
    getTempo: async () => TEMPO,
    getRevealPeriodEpochs: async () => 1,
    blockNumber: async () => 100,
    getDrandBeacon: async () => ({ publicKey: beacon.publicKey, genesisTime: beacon.genesisTime, period: beacon.period }),
    blockTimeSeconds: () => 12,
    getTimelockedCommits: async () => [],
    commitTimelockedWeights: async (_k: unknown, args: unknown): Promise<TxResult> => {
      sent.push(args);
      return { blockHash: '0x01', blockNumber: 101, events: [] };
    },
  };
  return { ...base, ...over } as unknown as SubtensorClient & { sent: unknown[] };
}

const hotkeyPair = { address: ALICE } as never;

describe('planning and sending a timelocked commit', () => {
  const args = { netuid: NETUID, mechid: 0, uids: [0, 1], values: [65535, 100], versionKey: 7n, chainVersion: 4, nowSeconds: NOW };

  it('aims at the reveal round on the chain beacon’s clock and encrypts the payload to its key', async () => {
    const plan = await planTimelockedCommit(fakeClient(), ALICE, args);
    expect(plan).toMatchObject({ call: 'commit_timelocked_weights', version: 4, beacon: 'chain', blockTimeSeconds: 12 });
    expect(plan.record).toMatchObject({
      kind: 'timelocked',
      netuid: NETUID,
      mechid: 0,
      hotkey: ALICE,
      revealRound: reveal.revealRound,
      commitBlock: 100,
      included: false,
    });
    expect(plan.record).toMatchObject({ commitEpoch: reveal.currentEpoch, revealEpoch: reveal.revealEpoch, firstRevealBlock: reveal.firstRevealBlock });
    expect(plan.record.hash).toBe(blake2AsHex(plan.commit, 256));
    expect(plan.record.commit).toBe(u8aToHex(plan.commit));
    const payload = decodeWeightsTlockPayload(timelockDecrypt(plan.commit, beacon.sign(plan.record.revealRound)));
    expect(payload).toEqual({ hotkey: decodeAddress(ALICE), uids: [0, 1], values: [65535, 100], versionKey: 7n });
  });

  it('uses the mechanism call for a mechid other than 0; quicknet without a Drand pallet', async () => {
    const plan = await planTimelockedCommit(fakeClient({ getDrandBeacon: async () => undefined }), ALICE, { ...args, mechid: 2 });
    expect(plan).toMatchObject({ call: 'commit_timelocked_mechanism_weights', beacon: 'quicknet' });
    expect(mechanismStorageIndex(NETUID, 2)).toBe(2 * 4096 + NETUID);
  });

  it('refuses a runtime without the call, and a commit-reveal version it does not build', async () => {
    await expect(planTimelockedCommit(fakeClient({ calls: [] }), ALICE, args)).rejects.toMatchObject({ code: 'CHAIN_UNSUPPORTED' });
    await expect(planTimelockedCommit(fakeClient(), ALICE, { ...args, chainVersion: 5 })).rejects.toMatchObject({ code: 'CHAIN_CR_VERSION_UNSUPPORTED' });
  });

  it('records the commit before sending, marks it included, and files it under the epoch the chain used', async () => {
    const store = new PendingCommitStore(join(dir, 'send.json'));
    let seenBeforeSend: TimelockedCommitRecord[] = [];
    const plan = await planTimelockedCommit(fakeClient(), ALICE, args);
    const chainEpoch = reveal.currentEpoch + 1;
    const client = fakeClient({
      commitTimelockedWeights: async () => {
        seenBeforeSend = store.listTimelocked();
        return { blockHash: '0x01', blockNumber: 104, events: [] };
      },
      getTimelockedCommits: async (index: number) =>
        index === NETUID ? [{ epoch: chainEpoch, hotkey: ALICE, commitBlock: 104, commit: plan.record.commit, revealRound: plan.record.revealRound }] : [],
    });
    const { record: sent } = await commitTimelockedPersisted(client, hotkeyPair, { plan, pending: store });
    expect(seenBeforeSend).toHaveLength(1);
    expect(seenBeforeSend[0].included).toBe(false);
    const kept = new PendingCommitStore(store.path).listTimelocked();
    expect(kept).toEqual([sent]);
    expect(sent).toMatchObject({
      included: true,
      commitBlock: 104,
      commitEpoch: chainEpoch,
      revealEpoch: chainEpoch + 1,
      firstRevealBlock: firstBlockOfEpoch(chainEpoch + 1, NETUID, TEMPO),
    });
    expect(new PendingCommitStore(store.path).list()).toEqual([]);
  });

  it('forgets a commit the chain refuses', async () => {
    const store = new PendingCommitStore(join(dir, 'refused.json'));
    const plan = await planTimelockedCommit(fakeClient(), ALICE, args);
    const client = fakeClient({
      commitTimelockedWeights: async () => {
        throw new ChainDispatchError('SubtensorModule', 'CommittingWeightsTooFast', 'rate limit', 'commit');
      },
    });
    await expect(commitTimelockedPersisted(client, hotkeyPair, { plan, pending: store })).rejects.toBeInstanceOf(ChainDispatchError);
    expect(store.listTimelocked()).toEqual([]);
  });
});

describe('checking recorded commits against the chain', () => {
  it('removes revealed and dropped commits from the store, keeps pending ones', async () => {
    const store = new PendingCommitStore(join(dir, 'check.json'));
    const revealed = record();
    const dropped = { ...record({ payloadHotkey: BOB }), hash: '0xdd' };
    const waiting = { ...record({ uids: [5], values: [65535] }), hash: '0xee', firstRevealBlock: due + 100, revealEpoch: reveal.revealEpoch + 1 };
    for (const r of [revealed, dropped, waiting]) store.add(r);
    const client = fakeClient({
      blockNumber: async () => due,
      uidOf: async () => 0,
      getDrandLastStoredRound: async () => reveal.revealRound + 10,
      getDrandSignature: async (round: number) => beacon.sign(round),
      getTimelockedCommits: async () => [
        { epoch: waiting.commitEpoch, hotkey: ALICE, commitBlock: 100, commit: waiting.commit, revealRound: waiting.revealRound },
      ],
      getWeightsRow: async () => rowOf(revealed),
    });
    const outcomes = await checkTimelockedCommits(client, ALICE, { netuid: NETUID, pending: store });
    expect(Object.fromEntries(outcomes.map((o) => [o.hash, o.status]))).toEqual({ [revealed.hash]: 'revealed', '0xdd': 'dropped', '0xee': 'pending' });
    expect(outcomes.find((o) => o.hash === '0xdd')!.reason).toBe('hotkey-mismatch');
    expect(store.listTimelocked().map((c) => c.hash)).toEqual(['0xee']);
    expect(hexToU8a(store.listTimelocked()[0].commit)).toEqual(hexToU8a(waiting.commit));
  });
});
