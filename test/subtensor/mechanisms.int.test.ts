import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubtensorClient } from '../../chain/client.ts';
import { commitHash } from '../../chain/commit-reveal.ts';
import { ChainMetagraphSource } from '../../dashboard/chain-source.ts';
import { PendingCommitStore } from '../../chain/pending-commits.ts';
import { checkTimelockedCommits, submitWeights } from '../../chain/submit-weights.ts';
import { roundTime } from '../../core/timelock/index.ts';
import { runEpoch, type EpochOutput } from '../../consensus/index.ts';
import { readEpochInput as readMechanismInput } from '../../devnet/pallets/subtensor/epoch.ts';
import { combineMechanisms, splitEmission } from '../../devnet/pallets/subtensor/mechanism.ts';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';
import { advanceTo, epochAlpha, expectedStakeGains, headNumber, mustSubmit, nextEpochBlock, newBlocks, readEpochInput, submit } from './chain-client.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A subnet with two mechanisms on a real devnet: the owner's mechanism setters and their checks,
 * weights per mechanism (mechanism 1 set through the client), one epoch that runs Yuma per
 * mechanism on its share of the emission, and the client's metagraph of each mechanism.
 */
const NETUID = 1;
const MECH1 = 4096 + NETUID;
const TEMPO = 10;
const SPLIT = [16384, 49151];
let devnet: InProcessDevnet;
let api: ApiPromise;
let client: SubtensorClient;
let alice: KeyringPair;
let bob: KeyringPair;
let validator: KeyringPair;
let miners: KeyringPair[];
let dir: string;

const tx = () => api.tx.subtensorModule;
const admin = () => api.tx.adminUtils;
const q = () => api.query.subtensorModule;
function devRpc(method: string, params: unknown[]): Promise<unknown> {
  return (api as unknown as { _rpcCore: { provider: { send(m: string, p: unknown[]): Promise<unknown> } } })._rpcCore.provider.send(method, params);
}
const json = async (p: Promise<unknown>): Promise<unknown> => ((await p) as { toJSON(): unknown }).toJSON();

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob] = ['//Alice', '//Bob'].map((u) => keyring.addFromUri(u));
  validator = keyring.addFromUri('//Bob//validator');
  miners = [1, 2].map((i) => keyring.addFromUri(`//Bob//miner${i}`));
  dir = mkdtempSync(join(tmpdir(), 'mechanisms-'));
  devnet = await startInProcessDevnet({
    mode: 'instant',
    genesis: {
      subtensorModule: {
        subnet: { tempo: TEMPO, weightsSetRateLimit: 0, minAllowedWeights: 1, immunityPeriod: 3, commitRevealWeightsEnabled: false, maxAllowedUids: 256 },
      },
    },
  });
  api = await connectApi(devnet.url);
  client = await SubtensorClient.connect(devnet.url);
  await mustSubmit(api, tx().burnedRegister(NETUID, validator.address), bob);
  for (const m of miners) await mustSubmit(api, tx().burnedRegister(NETUID, m.address), bob);
  await mustSubmit(api, tx().addStake(validator.address, NETUID, 50_000_000_000n), bob);
  // the first epoch gives the validator its permit
  await advanceTo(api, nextEpochBlock(await headNumber(api), NETUID, TEMPO));
}, 90_000);

afterAll(async () => {
  await client?.close();
  await api?.disconnect();
  await devnet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('mechanism count and emission split', () => {
  it('every subnet starts with one mechanism, evenly split', async () => {
    expect(await json(q().maxMechanismCount())).toBe(2);
    expect(await client.getMechanismCount(NETUID)).toBe(1);
    expect(await client.getMechanismEmissionSplit(NETUID)).toBeUndefined();
    expect(await client.getHyperparameter(NETUID, 'mechanism_emission_split')).toBe('even');
  });

  it('the owner sets the count within the limits the runtime checks', async () => {
    // 256 uids × 2 mechanisms exceeds the 256 allowed
    expect((await submit(api, admin().sudoSetMechanismCount(NETUID, 2), alice)).error).toBe('subtensorModule.TooManyUIDsPerMechanism');
    expect((await submit(api, admin().sudoSetMaxAllowedUids(NETUID, 128), bob)).error).toBe('BadOrigin');
    await mustSubmit(api, admin().sudoSetMaxAllowedUids(NETUID, 128), alice);
    expect((await submit(api, admin().sudoSetMechanismCount(NETUID, 3), alice)).error).toBe('subtensorModule.InvalidValue');
    expect((await submit(api, admin().sudoSetMechanismCount(NETUID, 0), alice)).error).toBe('subtensorModule.InvalidValue');
    expect((await submit(api, admin().sudoSetMechanismCount(NETUID, 2), bob)).error).toBe('BadOrigin');
    expect((await submit(api, admin().sudoSetMechanismCount(7, 2), alice)).error).toBe('BadOrigin');
    // through the client's hyperparameter path, as `subnet sudo set --param mechanism_count` sends it
    const out = await client.setHyperparameter(alice, { netuid: NETUID, name: 'mechanism_count', value: '2' });
    expect(out.blockNumber).toBeGreaterThan(0);
    expect(await client.getMechanismCount(NETUID)).toBe(2);
    // with two mechanisms, max UIDs may not go back above 128
    expect((await submit(api, admin().sudoSetMaxAllowedUids(NETUID, 129), alice)).error).toBe('subtensorModule.TooManyUIDsPerMechanism');
  });

  it('a split has one share per mechanism at most and sums to 65535', async () => {
    expect((await submit(api, admin().sudoSetMechanismEmissionSplit(NETUID, [1, 2]), alice)).error).toBe('subtensorModule.InvalidValue');
    expect((await submit(api, admin().sudoSetMechanismEmissionSplit(NETUID, [65533, 1, 1]), alice)).error).toBe('subtensorModule.InvalidValue');
    expect((await submit(api, admin().sudoSetMechanismEmissionSplit(NETUID, []), alice)).error).toBe('subtensorModule.InvalidValue');
    await client.setHyperparameter(alice, { netuid: NETUID, name: 'mechanism_emission_split', value: SPLIT.join(',') });
    expect(await client.getMechanismEmissionSplit(NETUID)).toEqual(SPLIT);
    expect(await client.getHyperparameter(NETUID, 'mechanism_emission_split')).toEqual(SPLIT);
  });
});

describe('weights per mechanism', () => {
  it('set_weights writes mechanism 0 and the client writes mechanism 1 with set_mechanism_weights', async () => {
    await mustSubmit(api, tx().setWeights(NETUID, [2, 3], [65535, 6553], 0), validator);
    const pending = new PendingCommitStore(join(dir, 'pending.json'));
    const r = await submitWeights(client, validator, { netuid: NETUID, mechid: 1, uids: [2, 3], weights: [6553, 65535], versionKey: 0, pending, raw: true });
    expect(r.mode).toBe('set');
    const event = r.result.events.find((e) => e.method === 'WeightsSet');
    expect(event?.data).toEqual([MECH1, 1]);
    expect(await json(q().weights(NETUID, 1))).toEqual([
      [2, 65535],
      [3, 6553],
    ]);
    expect(await json(q().weights(MECH1, 1))).toEqual([
      [2, 6553],
      [3, 65535],
    ]);
    // each mechanism keeps its own last update
    const block = await headNumber(api);
    expect(((await json(q().lastUpdate(MECH1))) as number[])[1]).toBe(block);
    expect(((await json(q().lastUpdate(NETUID))) as number[])[1]).toBe(block - 1);
  });

  it('a mechanism the subnet does not run is refused', async () => {
    expect((await submit(api, tx().setMechanismWeights(NETUID, 2, [2], [65535], 0), validator)).error).toBe('subtensorModule.MechanismDoesNotExist');
    await expect(client.setWeights(validator, { netuid: NETUID, mechid: 2, uids: [2], weights: [65535], versionKey: 0 })).rejects.toThrow(
      /MechanismDoesNotExist/,
    );
  });
});

describe('the epoch of a two-mechanism subnet', () => {
  let expected: EpochOutput[];
  let parts: bigint[];

  it('runs Yuma per mechanism on its share of the emission and pays the sum', async () => {
    const hotkeys = ((await json(api.call.subnetInfoRuntimeApi.getMetagraph(NETUID))) as { hotkeys: string[] }).hotkeys;
    const epoch = nextEpochBlock(await headNumber(api), NETUID, TEMPO);
    await advanceTo(api, epoch - 1);
    // the alpha the epoch drains: what is pending plus the epoch block's own share, owner cut apart
    const alpha = await epochAlpha(api, NETUID, epoch);
    const rao = alpha.rao;
    const takes = await Promise.all(hotkeys.map(async (h) => Number(await json(q().delegates(h)))));
    parts = splitEmission(rao, 2, SPLIT);
    expect(parts[0] + parts[1]).toBe(rao);
    expected = [runEpoch(await readEpochInput(api, NETUID, epoch, parts[0], 0)), runEpoch(await readEpochInput(api, NETUID, epoch, parts[1], 1))];
    const stakeAt = async (block: number) => {
      const at = await api.at(await api.rpc.chain.getBlockHash(block));
      return Promise.all(hotkeys.map(async (h) => BigInt((await at.query.subtensorModule.totalHotkeyAlpha(h, NETUID)).toString())));
    };
    const before = await stakeAt(epoch - 1);
    await newBlocks(api, 1);
    expect(await headNumber(api)).toBe(epoch);

    // incentive and bonds belong to the mechanism
    expect(await json(q().incentive(NETUID))).toEqual(expected[0].incentive);
    expect(await json(q().incentive(MECH1))).toEqual(expected[1].incentive);
    for (let uid = 0; uid < hotkeys.length; uid++) {
      expect(await json(q().bonds(NETUID, uid))).toEqual(expected[0].bonds[uid]);
      expect(await json(q().bonds(MECH1, uid))).toEqual(expected[1].bonds[uid]);
    }
    // each miner leads the mechanism whose validator weights favour it
    expect(expected[0].incentive[2]).toBeGreaterThan(expected[0].incentive[3]);
    expect(expected[1].incentive[3]).toBeGreaterThan(expected[1].incentive[2]);

    // the subnet's results combine the mechanisms weighted by their emission share
    const combined = combineMechanisms(
      hotkeys.length,
      expected.map((o, m) => ({
        emission: parts[m],
        server_emission: o.server_emission.map(BigInt),
        validator_emission: o.validator_emission.map(BigInt),
        dividends: o.dividends,
        stake_weight: o.stake_weight,
        active: o.active,
        combined_emission: o.emission.map(BigInt),
        consensus: o.consensus,
        validator_trust: o.validator_trust,
        new_validator_permits: o.new_validator_permits,
      })),
      rao,
    );
    expect(await json(q().dividends(NETUID))).toEqual(combined.dividends);
    expect(await json(q().consensus(NETUID))).toEqual(combined.consensus);
    expect(await json(q().validatorTrust(NETUID))).toEqual(combined.validator_trust);
    expect(await json(q().stakeWeight(NETUID))).toEqual(combined.stake_weight);
    expect(await json(q().active(NETUID))).toEqual(combined.active);
    expect(await json(q().validatorPermit(NETUID))).toEqual(combined.new_validator_permits);
    expect(((await json(q().emission(NETUID))) as (number | string)[]).map((v) => BigInt(v))).toEqual(combined.emission);

    // every hotkey is paid the server and validator emission of both mechanisms combined, as spec 381's
    // distribute_emission pays one epoch (the owner's hotkey, uid 0, gets the cut and no incentive)
    const after = await stakeAt(epoch);
    const combinedOut = { server_emission: combined.server_emission.map(String), validator_emission: combined.validator_emission.map(String) } as EpochOutput;
    const gains = expectedStakeGains(combinedOut, alpha, takes, [0], 0);
    hotkeys.forEach((_, uid) => expect(after[uid] - before[uid], `uid ${uid} stake change`).toBe(gains[uid]));
    // the miners' pay follows the split: mechanism 1 carries about three quarters
    const minerPay = (o: EpochOutput, uid: number) => BigInt(o.server_emission[uid]);
    expect(minerPay(expected[1], 3)).toBeGreaterThan(2n * minerPay(expected[0], 2));
  });

  it("the client's metagraph of each mechanism reads that mechanism's incentive, from every source", async () => {
    const inc = async (index: number) => ((await json(q().incentive(index))) as number[]).map((v) => v / 65535);
    const [inc0, inc1] = [await inc(NETUID), await inc(MECH1)];
    expect(inc0).not.toEqual(inc1);
    for (const source of ['selective-metagraph', 'neurons-lite', 'storage'] as const) {
      const m0 = await client.getMetagraph(NETUID, { source });
      const m1 = await client.getMetagraph(NETUID, { source, mechid: 1 });
      expect(Array.from(m0.incentive), source).toEqual(inc0);
      expect(Array.from(m1.incentive), source).toEqual(inc1);
      expect(Array.from(m1.lastUpdate), source).toEqual(await json(q().lastUpdate(MECH1)));
      // the per-subnet columns are the same for both mechanisms
      expect(Array.from(m1.dividends), source).toEqual(Array.from(m0.dividends));
      expect(m1.hotkeys).toEqual(m0.hotkeys);
    }
    await expect(client.getMetagraph(NETUID, { mechid: 2 })).rejects.toThrow(/has 2 mechanism\(s\)/);
    const mechagraph = (await json(api.call.subnetInfoRuntimeApi.getMechagraph(NETUID, 1))) as { netuid: number; incentives: number[] };
    expect(mechagraph.netuid).toBe(MECH1);
    expect(mechagraph.incentives).toEqual(await json(q().incentive(MECH1)));
    expect(await json(api.call.subnetInfoRuntimeApi.getMechagraph(NETUID, 2))).toBeNull();
    // root's one mechanism, then subnet 1's two
    expect((await json(api.call.subnetInfoRuntimeApi.getAllMechagraphs())) as unknown[]).toHaveLength(3);
  });

  it('the dashboard shows the mechanism count and the chosen mechanism; stake stays per subnet', async () => {
    const snapshot = await new ChainMetagraphSource(client, NETUID, { mechid: 1 }).read();
    expect(snapshot.status).toMatchObject({ mechanismCount: 2, mechid: 1 });
    expect(Array.from(snapshot.metagraph.incentive)).toEqual(((await json(q().incentive(MECH1))) as number[]).map((v) => v / 65535));
    expect(snapshot.weights[1].map(([dest]) => dest)).toEqual([2, 3]);
    expect(snapshot.weights[1][1][1]).toBe(1);
    // the mechanism storage index is no subnet: `stake list` and `subnets list` see root and netuid 1 once
    expect((await client.listSubnets()).map((s) => s.netuid)).toEqual([0, NETUID]);
    expect(await client.getStake({ coldkey: bob.address, hotkey: validator.address, netuid: NETUID })).toBeGreaterThan(0n);
  });

  it('commit_mechanism_weights and reveal_mechanism_weights: the commit hash binds the mechanism', async () => {
    await mustSubmit(api, admin().sudoSetCommitRevealWeightsEnabled(NETUID, true), alice);
    const reveal = { netuid: NETUID, mechid: 1, uids: [2, 3], values: [65535, 1], salt: [7, 8, 9], versionKey: 0n };
    const hash = u8aToHex(commitHash(decodeAddress(validator.address), reveal));
    expect(hash).not.toBe(u8aToHex(commitHash(decodeAddress(validator.address), { ...reveal, mechid: 0 })));
    const committed = await mustSubmit(api, tx().commitMechanismWeights(NETUID, 1, hash), validator);
    const event = committed.events.find((e) => e.event.method === 'WeightsCommitted')!;
    expect(event.event.data.map(String)).toEqual([validator.address, String(MECH1), hash]);
    expect(((await json(q().weightCommits(MECH1, validator.address))) as unknown[]).length).toBe(1);
    expect(await json(q().weightCommits(NETUID, validator.address))).toBeNull();
    const args = [reveal.uids, reveal.values, reveal.salt, 0] as const;
    expect((await submit(api, tx().revealMechanismWeights(NETUID, 1, ...args), validator)).error).toBe('subtensorModule.RevealTooEarly');
    await advanceTo(api, nextEpochBlock(await headNumber(api), NETUID, TEMPO));
    // mechanism 0 holds no commit of the validator
    expect((await submit(api, tx().revealWeights(NETUID, ...args), validator)).error).toBe('subtensorModule.NoWeightsCommitFound');
    const revealed = await mustSubmit(api, tx().revealMechanismWeights(NETUID, 1, ...args), validator);
    expect(revealed.events.find((e) => e.event.method === 'WeightsRevealed')!.event.data.map(String)).toEqual([validator.address, String(MECH1), hash]);
    expect(await json(q().weights(MECH1, 1))).toEqual([
      [2, 65535],
      [3, 1],
    ]);
    expect(await json(q().weightCommits(MECH1, validator.address))).toBeNull();
    await mustSubmit(api, admin().sudoSetCommitRevealWeightsEnabled(NETUID, false), alice);
  });

  it('a timelocked commit for mechanism 1 is filed and revealed under mechanism 1', async () => {
    await mustSubmit(api, admin().sudoSetCommitRevealWeightsEnabled(NETUID, true), alice);
    const pending = new PendingCommitStore(join(dir, 'timelocked.json'));
    const r = await submitWeights(client, validator, { netuid: NETUID, mechid: 1, uids: [2, 3], weights: [1000, 65535], versionKey: 0, pending, raw: true });
    expect(r).toMatchObject({ mode: 'commit', commitReveal: 'timelocked' });
    const record = r.timelocked!;
    expect(record.mechid).toBe(1);
    expect((await client.getTimelockedCommits(MECH1)).map((c) => c.hotkey)).toEqual([validator.address]);
    expect(await client.getTimelockedCommits(NETUID)).toEqual([]);
    // until it is revealed, the commit masks the validator's row of mechanism 1 in the epoch, as a v2 commit does
    const next = (await headNumber(api)) + 1;
    const { state } = await devnet.node.at();
    expect(readMechanismInput(state, NETUID, BigInt(next), 1, 0n).commit_blocks?.[1]).toBe(BigInt(record.commitBlock));
    expect(readMechanismInput(state, NETUID, BigInt(next), 0, 0n).commit_blocks?.[1]).toBeNull();
    expect((await readEpochInput(api, NETUID, next, 0n, 1)).commit_blocks?.[1]).toBe(record.commitBlock);
    // the devnet's beacon publishes the round once its clock passes it
    const config = (await api.query.drand.beaconConfig()) as unknown as { period: { toString(): string }; genesisTime: { toString(): string } };
    const beacon = { genesisTime: Number(config.genesisTime.toString()), period: Number(config.period.toString()) };
    await devRpc('dev_timeTravel', [(roundTime(record.revealRound, beacon) + 1) * 1000]);
    await advanceTo(api, record.firstRevealBlock);
    for (let i = 0; i <= TEMPO && ((await json(q().weights(MECH1, 1))) as number[][])[0]?.[1] !== 1000; i++) await newBlocks(api, 1);
    expect(await json(q().weights(MECH1, 1))).toEqual([
      [2, 1000],
      [3, 65535],
    ]);
    const [outcome] = await checkTimelockedCommits(client, validator.address, { netuid: NETUID, pending });
    expect(outcome.status).toBe('revealed');
    await mustSubmit(api, admin().sudoSetCommitRevealWeightsEnabled(NETUID, false), alice);
  });

  it('lowering the count removes the mechanism rows and resets the split', async () => {
    await mustSubmit(api, admin().sudoSetMechanismCount(NETUID, 1), alice);
    expect(await json(q().incentive(MECH1))).toEqual([]);
    expect(await json(q().weights(MECH1, 1))).toEqual([]);
    expect(await json(q().lastUpdate(MECH1))).toEqual([]);
    expect(await client.getMechanismEmissionSplit(NETUID)).toBeUndefined();
    expect((await json(q().incentive(NETUID))) as number[]).toEqual(expected[0].incentive);
  });
});
