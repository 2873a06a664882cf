import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEpoch } from '../../consensus/index.ts';
import { commitHash, revealBlocks } from '../../devnet/pallets/subtensor/commit-reveal.ts';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';
import { advanceTo, epochAlpha, headNumber, mustSubmit, nextEpochBlock, readEpochInput, submit } from './chain-client.ts';

/**
 * Commit-reveal v2 windows and pruning of a full subnet, on a devnet whose
 * genesis creates netuid 1 (owner //Alice) with commit-reveal on and 4 slots.
 */
const NETUID = 1;
const TEMPO = 10;
const IMMUNITY = 8;
let devnet: InProcessDevnet;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
const miners: KeyringPair[] = [];

const tx = () => api.tx.subtensorModule;

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  for (let i = 1; i <= 5; i++) miners.push(keyring.addFromUri(`//Bob//m${i}`));
  devnet = await startInProcessDevnet({
    mode: 'instant',
    genesis: {
      subtensorModule: {
        subnet: {
          tempo: TEMPO,
          commitRevealWeightsEnabled: true,
          revealPeriodEpochs: 1,
          weightsSetRateLimit: 0,
          maxAllowedUids: 4,
          // spec 381 replaces a non-immune uid only while more than MinNonImmuneUids are left
          minNonImmuneUids: 0,
          immunityPeriod: IMMUNITY,
          minAllowedWeights: 1,
          // five registrations in one adjustment interval: 3 × 2 per interval
          targetRegistrationsPerInterval: 2,
        },
      },
    },
  });
  api = await connectApi(devnet.url);
  for (const m of miners.slice(0, 2)) await mustSubmit(api, tx().burnedRegister(NETUID, m.address), bob);
  // the first epoch gives the owner's hotkey (//Alice, uid 0) its permit
  await advanceTo(api, nextEpochBlock(await headNumber(api), NETUID, TEMPO));
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

function hashOf(uids: number[], values: number[], salt: number[], key = 0n): string {
  return u8aToHex(commitHash(decodeAddress(alice.address), NETUID, uids, values, salt, key));
}

describe('commit-reveal v2', () => {
  it('set_weights is refused while commit-reveal is on', async () => {
    const out = await submit(api, tx().setWeights(NETUID, [1, 2], [1, 1], 0), alice);
    expect(out.error).toBe('subtensorModule.CommitRevealEnabled');
  });

  it('reveal too early, at the reveal epoch, and after expiry', async () => {
    const salt = [7, 8, 9];
    // start at an epoch boundary so that the next blocks share the commit's epoch
    await advanceTo(api, nextEpochBlock(await headNumber(api), NETUID, TEMPO));
    const commit = await mustSubmit(api, tx().commitWeights(NETUID, hashOf([1, 2], [1, 3], salt)), alice);
    const commitBlock = (await api.rpc.chain.getHeader(commit.blockHash)).number.toNumber();
    const stored = (await api.query.subtensorModule.weightCommits(NETUID, alice.address)).toJSON() as unknown[][];
    const [first, last] = revealBlocks(NETUID, { tempo: TEMPO, revealPeriod: 1n }, BigInt(commitBlock));
    expect(stored).toEqual([[hashOf([1, 2], [1, 3], salt), commitBlock, Number(first), Number(last)]]);

    const early = await submit(api, tx().revealWeights(NETUID, [1, 2], [1, 3], salt, 0), alice);
    expect(early.error).toBe('subtensorModule.RevealTooEarly');

    await advanceTo(api, Number(first) - 1);
    const wrong = await submit(api, tx().revealWeights(NETUID, [1, 2], [1, 3], [1], 0), alice);
    expect(wrong.error).toBe('subtensorModule.InvalidRevealCommitHashNotMatch');
    const ok = await submit(api, tx().revealWeights(NETUID, [1, 2], [1, 3], salt, 0), alice);
    expect(ok.error).toBeUndefined();
    expect(ok.events.some((e) => e.event.method === 'WeightsRevealed')).toBe(true);
    expect((await api.query.subtensorModule.weights(NETUID, 0)).toJSON()).toEqual([
      [1, 21845],
      [2, 65535],
    ]);
    expect((await api.query.subtensorModule.weightCommits(NETUID, alice.address)).toJSON()).toBeNull();

    const salt2 = [1, 2];
    const c2 = await mustSubmit(api, tx().commitWeights(NETUID, hashOf([1, 2], [5, 5], salt2)), alice);
    const b2 = (await api.rpc.chain.getHeader(c2.blockHash)).number.toNumber();
    const [, last2] = revealBlocks(NETUID, { tempo: TEMPO, revealPeriod: 1n }, BigInt(b2));
    await advanceTo(api, Number(last2) + 1);
    const late = await submit(api, tx().revealWeights(NETUID, [1, 2], [5, 5], salt2, 0), alice);
    expect(late.error).toBe('subtensorModule.ExpiredWeightCommit');
  });

  it('at most 10 commits may wait for their reveal', async () => {
    for (let i = 0; i < 10; i++) await mustSubmit(api, tx().commitWeights(NETUID, hashOf([1], [1], [i])), alice);
    const eleventh = await submit(api, tx().commitWeights(NETUID, hashOf([1], [1], [99])), alice);
    expect(eleventh.error).toBe('subtensorModule.TooManyUnrevealedCommits');
  });

  it('an epoch with pending commits equals runEpoch given their commit blocks', async () => {
    const q = api.query.subtensorModule;
    const epoch = nextEpochBlock(await headNumber(api), NETUID, TEMPO);
    await advanceTo(api, epoch - 1);
    const input = await readEpochInput(api, NETUID, epoch, (await epochAlpha(api, NETUID, epoch)).rao);
    expect(input.commit_blocks?.[0]).not.toBeNull();
    const expected = runEpoch(input);
    await advanceTo(api, epoch);
    expect((await q.incentive(NETUID)).toJSON()).toEqual(expected.incentive);
    expect((await q.dividends(NETUID)).toJSON()).toEqual(expected.dividends);
    expect(((await q.emission(NETUID)).toJSON() as (number | string)[]).map(String)).toEqual(expected.emission);
  });
});

describe('pruning a full subnet', () => {
  it('replaces the lowest-emission non-immune uid, never an immune one while others are not', async () => {
    const q = api.query.subtensorModule;
    await mustSubmit(api, tx().burnedRegister(NETUID, miners[2].address), bob);
    expect((await q.subnetworkN(NETUID)).toJSON()).toBe(4);
    // let an epoch pay uids 1 and 2 (weighted by the owner), and every registration age past immunity
    const head = await headNumber(api);
    await advanceTo(api, Math.max(nextEpochBlock(head, NETUID, TEMPO), head + IMMUNITY + 1));
    const emission = ((await q.emission(NETUID)).toJSON() as number[]).map(Number);
    expect(emission[3]).toBe(0);

    const out = await mustSubmit(api, tx().burnedRegister(NETUID, miners[3].address), bob);
    const reg = out.events.find((e) => e.event.method === 'NeuronRegistered')!;
    expect(reg.event.data.toJSON()).toEqual([NETUID, 3, miners[3].address]);
    expect((await q.subnetworkN(NETUID)).toJSON()).toBe(4);
    expect((await q.uids(NETUID, miners[2].address)).toJSON()).toBeNull();
    expect((await q.keys(NETUID, 3)).toString()).toBe(miners[3].address);
    const regBlock = (await api.rpc.chain.getHeader(out.blockHash)).number.toNumber();
    expect((await q.blockAtRegistration(NETUID, 3)).toJSON()).toBe(regBlock);

    // uid 3 is now immune and has the lowest emission; the next registration must take a non-immune uid
    const emissionNow = ((await q.emission(NETUID)).toJSON() as number[]).map(Number);
    const nonImmune = [1, 2].sort((a, b) => emissionNow[a] - emissionNow[b] || a - b);
    const weightsBefore = (await q.weights(NETUID, 0)).toJSON() as [number, number][];
    const next = await mustSubmit(api, tx().burnedRegister(NETUID, miners[4].address), bob);
    const reg2 = next.events.find((e) => e.event.method === 'NeuronRegistered')!;
    const pruned = (reg2.event.data.toJSON() as number[])[1];
    expect(pruned).toBe(nonImmune[0]);
    expect((await q.keys(NETUID, 3)).toString()).toBe(miners[3].address);
    expect((await q.keys(NETUID, 0)).toString()).toBe(alice.address);
    // weights onto the replaced uid are zeroed, the entry kept; its bonds and emission are cleared
    const weightsAfter = (await q.weights(NETUID, 0)).toJSON() as [number, number][];
    expect(weightsAfter).toEqual(weightsBefore.map(([u, w]) => [u, u === pruned ? 0 : w]));
    expect(((await q.emission(NETUID)).toJSON() as number[])[pruned]).toBe(0);
    expect((await q.bonds(NETUID, pruned)).toJSON()).toEqual([]);
  });
});
