import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevBeacon, encodeWeightsTlockPayload, roundTime, timelockDecrypt, timelockEncrypt } from '../../core/timelock/index.ts';
import { DEVNET_BEACON_SEED } from '../../devnet/pallets/drand.ts';
import { epochIndex, shouldRunEpoch } from '../../devnet/pallets/subtensor/schedule.ts';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';
import { advanceTo, headNumber, mustSubmit, nextEpochBlock, newBlocks } from './chain-client.ts';

/**
 * Commit-reveal v4 on the devnet: the local beacon's pulses in the Drand pallet, and the chain's own
 * reveal of `commit_timelocked_weights` at the start of the blocks of the reveal epoch.
 */
const NETUID = 1;
const TEMPO = 20;
let devnet: InProcessDevnet;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
let miner: KeyringPair;
let beaconKey: Uint8Array;
let period: number;
let genesisTime: number;

const tx = () => api.tx.subtensorModule;
type AnyCodec = { toJSON(): unknown; toHex(): string; toString(): string };

async function send(method: string, params: unknown[]): Promise<unknown> {
  return (api as unknown as { _rpcCore: { provider: { send(m: string, p: unknown[]): Promise<unknown> } } })._rpcCore.provider.send(method, params);
}

/** The epoch a commit made in `block` is filed under (an epoch block files into the epoch it starts). */
function commitEpoch(block: number): bigint {
  return epochIndex(NETUID, TEMPO, BigInt(block)) + (shouldRunEpoch(NETUID, TEMPO, BigInt(block)) ? 1n : 0n);
}

/** First block of epoch `e`. */
function firstBlockOf(e: bigint): number {
  return Number(e * BigInt(TEMPO + 1) - BigInt(NETUID + 1));
}

async function lastStoredRound(): Promise<number> {
  return Number((await api.query.drand.lastStoredRound()).toString());
}

async function weightsRow(uid: number): Promise<[number, number][]> {
  return ((await api.query.subtensorModule.weights(NETUID, uid)) as unknown as AnyCodec).toJSON() as [number, number][];
}

async function commitsOf(epoch: bigint): Promise<[string, number, string, number][]> {
  return ((await api.query.subtensorModule.timelockedWeightCommits(NETUID, epoch)) as unknown as AnyCodec).toJSON() as [string, number, string, number][];
}

async function eventsAtHead(): Promise<string[]> {
  const hash = await api.rpc.chain.getBlockHash();
  const events = (await (await api.at(hash)).query.system.events()) as unknown as { event: { section: string; method: string } }[];
  return events.map((e) => `${e.event.section}.${e.event.method}`);
}

/** Moves the devnet's clock to just after `round` is published, so the next block stores its pulse. */
async function travelPast(round: number): Promise<void> {
  await send('dev_timeTravel', [(roundTime(round, { genesisTime, period }) + 1) * 1000]);
}

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  miner = keyring.addFromUri('//Bob//m1');
  devnet = await startInProcessDevnet({
    mode: 'instant',
    genesis: {
      subtensorModule: {
        commitRevealWeightsVersion: 4,
        subnet: { tempo: TEMPO, commitRevealWeightsEnabled: true, weightsSetRateLimit: 0, minAllowedWeights: 1 },
      },
    },
  });
  api = await connectApi(devnet.url);
  const config = (await api.query.drand.beaconConfig()) as unknown as {
    publicKey: { toU8a(bare: boolean): Uint8Array };
    period: AnyCodec;
    genesisTime: AnyCodec;
  };
  beaconKey = config.publicKey.toU8a(true);
  period = Number(config.period.toString());
  genesisTime = Number(config.genesisTime.toString());
  await mustSubmit(api, tx().burnedRegister(NETUID, miner.address), bob);
  // the first epoch gives the owner's hotkey (//Alice, uid 0) its validator permit
  await advanceTo(api, nextEpochBlock(await headNumber(api), NETUID, TEMPO));
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('Drand pallet: the local beacon', () => {
  it('publishes the devnet beacon key and writes a verified pulse for each round the block clock passes', async () => {
    expect(u8aToHex(beaconKey)).toBe(u8aToHex(createDevBeacon(DEVNET_BEACON_SEED).publicKey));
    const before = await lastStoredRound();
    expect(before).toBeGreaterThan(0);
    await travelPast(before + 3);
    await newBlocks(api, 1);
    expect(await lastStoredRound()).toBe(before + 3);
    expect(await eventsAtHead()).toContain('drand.NewPulse');
    const pulse = ((await api.query.drand.pulses(before + 2)) as unknown as { unwrap(): { signature: { toU8a(b: boolean): Uint8Array } } }).unwrap();
    expect(u8aToHex(pulse.signature.toU8a(true))).toBe(u8aToHex(createDevBeacon(DEVNET_BEACON_SEED).sign(before + 2)));
  }, 60_000);
});

describe('commit_timelocked_weights and the chain reveal', () => {
  it('a commit for a future round waits in its reveal epoch for the pulse, then its weights are applied', async () => {
    const round = (await lastStoredRound()) + 5;
    const payload = encodeWeightsTlockPayload({ hotkey: decodeAddress(alice.address), uids: [0, 1], values: [1000, 65535], versionKey: 0n });
    const commit = timelockEncrypt(payload, round, { publicKey: beaconKey });
    const rowBefore = await weightsRow(0);

    const wrongVersion = await api.tx.subtensorModule.commitTimelockedWeights(NETUID, u8aToHex(commit), round, 3).signAsync(alice);
    const refused = await new Promise<string>((resolve) => {
      void wrongVersion.send((r) => {
        if (r.dispatchError?.isModule) {
          const m = api.registry.findMetaError(r.dispatchError.asModule);
          resolve(`${m.section}.${m.name}`);
        }
      });
    });
    expect(refused).toBe('subtensorModule.IncorrectCommitRevealVersion');

    const out = await mustSubmit(api, tx().commitTimelockedWeights(NETUID, u8aToHex(commit), round, 4), alice);
    const committed = out.events.find((e) => e.event.method === 'TimelockedWeightsCommitted')!;
    expect(committed.event.data.map((d) => d.toString())).toEqual([alice.address, String(NETUID), blake2AsHex(commit, 256), String(round)]);
    const block = await headNumber(api);
    const epoch = commitEpoch(block);
    expect(await commitsOf(epoch)).toEqual([[alice.address, block, u8aToHex(commit), round]]);

    // the reveal epoch starts before the round is published: the commit stays, retried each block
    await advanceTo(api, firstBlockOf(epoch + 1n) + 1);
    expect(await lastStoredRound()).toBeLessThan(round);
    expect(await commitsOf(epoch)).toHaveLength(1);
    expect(await weightsRow(0)).toEqual(rowBefore);

    await travelPast(round);
    await newBlocks(api, 1); // the pulse is stored
    expect(await lastStoredRound()).toBeGreaterThanOrEqual(round);
    await newBlocks(api, 1); // and read by the next block's reveal
    expect(await eventsAtHead()).toContain('subtensorModule.TimelockedWeightsRevealed');
    expect(await commitsOf(epoch)).toEqual([]);
    expect(await weightsRow(0)).toEqual([
      [0, 1000],
      [1, 65535],
    ]);
    // the stored pulse opens the commit to exactly what was committed
    const pulse = ((await api.query.drand.pulses(round)) as unknown as { unwrap(): { signature: { toU8a(b: boolean): Uint8Array } } }).unwrap();
    expect(u8aToHex(timelockDecrypt(commit, pulse.signature.toU8a(true)))).toBe(u8aToHex(payload));
  }, 120_000);

  it('a corrupted commit is dropped silently: no event, the commit gone, the weights unchanged', async () => {
    const rowBefore = await weightsRow(0);
    expect(rowBefore.length).toBeGreaterThan(0);
    const round = (await lastStoredRound()) + 2;
    const payload = encodeWeightsTlockPayload({ hotkey: decodeAddress(alice.address), uids: [1], values: [65535], versionKey: 0n });
    const commit = timelockEncrypt(payload, round, { publicKey: beaconKey });
    // flip bytes in the sealed body: the header still opens, AES-GCM authentication fails
    for (let i = commit.length - 10; i < commit.length - 5; i++) commit[i] ^= 0xff;
    await mustSubmit(api, tx().commitTimelockedWeights(NETUID, u8aToHex(commit), round, 4), alice);
    const epoch = commitEpoch(await headNumber(api));
    expect(await commitsOf(epoch)).toHaveLength(1);

    await travelPast(round);
    await advanceTo(api, firstBlockOf(epoch + 1n));
    const revealBlock = firstBlockOf(epoch + 1n);
    expect(await headNumber(api)).toBe(revealBlock);
    expect(await lastStoredRound()).toBeGreaterThanOrEqual(round);
    expect(await eventsAtHead()).not.toContain('subtensorModule.TimelockedWeightsRevealed');
    expect(await commitsOf(epoch)).toEqual([]);
    expect(await weightsRow(0)).toEqual(rowBefore);
  }, 120_000);
});
