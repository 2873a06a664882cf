import type { ApiPromise } from '@polkadot/api';
import type { ApiDecoration } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMetagraph } from '../../chain/metagraph-reader.ts';
import { SELECTIVE_METAGRAPH_FIELDS } from '../../devnet/pallets/subtensor/types.ts';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';
import { advanceTo, headNumber, mustSubmit, nextEpochBlock } from './chain-client.ts';

/**
 * The sync runtime APIs of spec 381, decoded by @polkadot/api from the devnet's
 * answers and checked against the storage they read, at one block: a subnet
 * with a staked validator, two miners (one serving an axon) and two epochs run.
 */
const NETUID = 1;
const TEMPO = 10;
let devnet: InProcessDevnet;
let api: ApiPromise;
let at: ApiDecoration<'promise'>;
let block: number;
let alice: KeyringPair;
let bob: KeyringPair;
let validator: KeyringPair;
let miners: KeyringPair[];

const tx = () => api.tx.subtensorModule;
type Json = any;
const json = async (p: Promise<unknown>): Promise<Json> => ((await p) as { toJSON(): unknown }).toJSON();
/** Whether a runtime API answered `None`. */
const isNone = async (p: Promise<unknown>): Promise<boolean> => ((await p) as { isNone: boolean }).isNone;
const call = () => at.call.subnetInfoRuntimeApi;
const q = () => at.query.subtensorModule;

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob] = ['//Alice', '//Bob'].map((u) => keyring.addFromUri(u));
  validator = keyring.addFromUri('//Bob//validator');
  miners = [1, 2].map((i) => keyring.addFromUri(`//Bob//miner${i}`));
  devnet = await startInProcessDevnet({
    mode: 'instant',
    genesis: {
      subtensorModule: { subnet: { tempo: TEMPO, weightsSetRateLimit: 0, minAllowedWeights: 1, immunityPeriod: 3, commitRevealWeightsEnabled: false } },
    },
  });
  api = await connectApi(devnet.url);
  await mustSubmit(api, tx().burnedRegister(NETUID, validator.address), bob);
  for (const m of miners) await mustSubmit(api, tx().burnedRegister(NETUID, m.address), bob);
  await mustSubmit(api, tx().addStake(validator.address, NETUID, 50_000_000_000n), bob);
  await mustSubmit(api, tx().serveAxon(NETUID, 7, 0x0a010203n, 8091, 4, 0, 0, 0), miners[0]!);
  // the first epoch gives permits; then the validator's weights count in the second
  await advanceTo(api, nextEpochBlock(await headNumber(api), NETUID, TEMPO));
  await mustSubmit(api, tx().setWeights(NETUID, [2, 3], [40000, 20000], 0), validator);
  await advanceTo(api, nextEpochBlock(await headNumber(api), NETUID, TEMPO) + 1);
  const hash = await api.rpc.chain.getBlockHash();
  block = (await api.rpc.chain.getHeader(hash)).number.toNumber();
  at = await api.at(hash);
}, 90_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('SubnetInfoRuntimeApi.get_metagraph', () => {
  it("decodes and reports the subnet's storage", async () => {
    const mg = await json(call().getMetagraph(NETUID));
    const n = (await q().subnetworkN(NETUID)).toJSON() as number;
    expect(n).toBe(4);
    expect(mg.netuid).toBe(NETUID);
    expect(mg.block).toBe(block);
    expect(mg.numUids).toBe(n);
    expect(mg.ownerColdkey).toBe(alice.address);
    expect(mg.ownerHotkey).toBe((await q().subnetOwnerHotkey(NETUID)).toString());
    expect(mg.tempo).toBe(TEMPO);
    const lastStep = (await q().lastMechansimStepBlock(NETUID)).toJSON() as number;
    expect(lastStep).toBeGreaterThan(0);
    expect(mg.lastStep).toBe(lastStep);
    expect(mg.blocksSinceLastStep).toBe(block - lastStep);
    expect(mg.networkRegisteredAt).toBe((await q().networkRegisteredAt(NETUID)).toJSON());
    // the pool
    expect(BigInt(mg.taoIn)).toBe(BigInt((await q().subnetTAO(NETUID)).toString()));
    expect(BigInt(mg.alphaIn)).toBe(BigInt((await q().subnetAlphaIn(NETUID)).toString()));
    expect(BigInt(mg.alphaOut)).toBe(BigInt((await q().subnetAlphaOut(NETUID)).toString()));
    const pending = BigInt((await q().pendingServerEmission(NETUID)).toString()) + BigInt((await q().pendingValidatorEmission(NETUID)).toString());
    expect(BigInt(mg.pendingAlphaEmission)).toBe(pending);
    // the coinbase's records of the last block's injection, and the moving price
    expect(BigInt(mg.alphaOutEmission)).toBe(BigInt((await q().subnetAlphaOutEmission(NETUID)).toString()));
    expect(BigInt(mg.alphaInEmission)).toBe(BigInt((await q().subnetAlphaInEmission(NETUID)).toString()));
    expect(BigInt(mg.taoInEmission)).toBe(BigInt((await q().subnetTaoInEmission(NETUID)).toString()));
    expect(BigInt(mg.alphaOutEmission)).toBeGreaterThan(0n);
    expect(mg.movingPrice).toEqual((await q().subnetMovingPrice(NETUID)).toJSON());
    // hyperparameters
    expect(mg.immunityPeriod).toBe(3);
    expect(mg.minAllowedWeights).toBe(1);
    expect(mg.kappa).toBe((await q().kappa(NETUID)).toJSON());
    expect(mg.activityCutoff).toBe((await q().activityCutoff(NETUID)).toJSON());
    expect(BigInt(mg.burn)).toBe(BigInt((await q().burn(NETUID)).toString()));
    const [alphaLow, alphaHigh] = (await q().alphaValues(NETUID)).toJSON() as number[];
    expect([mg.alphaLow, mg.alphaHigh]).toEqual([alphaLow, alphaHigh]);
    // the per-uid columns
    const hotkeys = await Promise.all(Array.from({ length: n }, async (_, uid) => (await q().keys(NETUID, uid)).toString()));
    expect(mg.hotkeys).toEqual(hotkeys);
    expect(mg.hotkeys.slice(1)).toEqual([validator.address, miners[0]!.address, miners[1]!.address]);
    expect(mg.coldkeys).toEqual(await Promise.all(hotkeys.map(async (hk) => (await q().owner(hk)).toString())));
    expect(mg.axons[2]).toMatchObject({ ip: 0x0a010203, port: 8091, version: 7 });
    expect(mg.axons[3]).toMatchObject({ ip: 0, port: 0 });
    for (const [field, item] of [
      ['active', 'active'],
      ['validatorPermit', 'validatorPermit'],
      ['emission', 'emission'],
      ['dividends', 'dividends'],
      ['incentives', 'incentive'],
      ['consensus', 'consensus'],
      ['lastUpdate', 'lastUpdate'],
    ] as const)
      expect(mg[field], field).toEqual((await q()[item](NETUID)).toJSON());
    expect(mg.incentives.slice(2).every((x: number) => x > 0)).toBe(true);
    expect(mg.dividends[1]).toBeGreaterThan(0);
    expect(mg.blockAtRegistration).toEqual(await Promise.all(hotkeys.map(async (_, uid) => (await q().blockAtRegistration(NETUID, uid)).toJSON())));
    const stakes = await Promise.all(hotkeys.map(async (hk) => BigInt((await q().totalHotkeyAlpha(hk, NETUID)).toString())));
    expect(mg.alphaStake.map(BigInt)).toEqual(stakes);
    expect(mg.totalStake.map(BigInt)).toEqual(stakes);
    expect(stakes[1]).toBeGreaterThan(0n);
    expect(mg.alphaDividendsPerHotkey.map((p: [string, number]) => p[0])).toEqual(hotkeys);
  });

  it('answers None for a subnet that does not exist, and get_all_metagraphs one per subnet', async () => {
    expect(await isNone(call().getMetagraph(77))).toBe(true);
    const all = await json(call().getAllMetagraphs());
    // one entry per NetworksAdded key, in the map's order
    const netuids = (await q().networksAdded.entries()).map(([k]) => Number(k.args[0]!.toString()));
    expect(all.map((m: Json) => m?.netuid)).toEqual(netuids);
    expect(all.find((m: Json) => m.netuid === NETUID)).toEqual(await json(call().getMetagraph(NETUID)));
  });

  it('get_mechagraph of mechanism 0 is the metagraph; a mechanism the subnet lacks is None', async () => {
    expect(await json(call().getMechagraph(NETUID, 0))).toEqual(await json(call().getMetagraph(NETUID)));
    expect(await isNone(call().getMechagraph(NETUID, 1))).toBe(true);
  });
});

describe('SubnetInfoRuntimeApi.get_selective_metagraph', () => {
  const index = (field: string) => SELECTIVE_METAGRAPH_FIELDS.indexOf(field);

  it("fills exactly the fields whose index is listed, with the full answer's values", async () => {
    const full = await json(call().getMetagraph(NETUID));
    const asked = ['netuid', 'hotkeys', 'alpha_stake', 'tempo', 'block_at_registration'];
    const sel = await json(call().getSelectiveMetagraph(NETUID, [...asked.map(index), 9999]));
    expect(sel.netuid).toBe(NETUID);
    expect(sel.hotkeys).toEqual(full.hotkeys);
    expect(sel.alphaStake).toEqual(full.alphaStake);
    expect(sel.tempo).toBe(TEMPO);
    expect(sel.blockAtRegistration).toEqual(full.blockAtRegistration);
    for (const [k, v] of Object.entries(sel)) if (!['netuid', 'hotkeys', 'alphaStake', 'tempo', 'blockAtRegistration'].includes(k)) expect(v, k).toBeNull();
  });

  it('reports netuid 0 unless index 0 is asked for, and an asked-for identity as Some(None)', async () => {
    const sel = (await call().getSelectiveMetagraph(NETUID, [index('identity'), index('coldkeys')])) as Json;
    const value = sel.unwrap();
    expect(value.netuid.toNumber()).toBe(0);
    expect(value.identity.isSome).toBe(true);
    expect(value.identity.unwrap().isNone).toBe(true);
    expect(value.name.isNone).toBe(true);
    expect(value.coldkeys.unwrap().map(String)).toEqual((await json(call().getMetagraph(NETUID))).coldkeys);
    expect(await isNone(call().getSelectiveMetagraph(77, [0]))).toBe(true);
  });

  it('lists as validators the permitted uids with stake above the threshold, by ascending stake', async () => {
    const full = await json(call().getMetagraph(NETUID));
    const sel = await json(call().getSelectiveMetagraph(NETUID, [index('validators'), index('commitments')]));
    const threshold = BigInt((await q().stakeThreshold()).toString());
    const expected = full.hotkeys
      .map((_: string, uid: number) => uid)
      .filter((uid: number) => full.validatorPermit[uid] && BigInt(full.totalStake[uid]) > threshold)
      .sort((a: number, b: number) => Number(BigInt(full.totalStake[a]) - BigInt(full.totalStake[b])));
    expect(expected).toContain(1);
    expect(sel.validators).toEqual(expected);
    expect(sel.commitments).toEqual([]);
  });

  it("get_selective_mechagraph always carries the netuid and reads the mechanism's own incentive row", async () => {
    const full = await json(call().getMetagraph(NETUID));
    const zero = await json(call().getSelectiveMechagraph(NETUID, 0, [index('incentives'), index('last_update')]));
    expect(zero.netuid).toBe(NETUID);
    expect(zero.incentives).toEqual(full.incentives);
    expect(zero.lastUpdate).toEqual(full.lastUpdate);
    const other = await json(call().getSelectiveMechagraph(NETUID, 1, [index('incentives'), index('hotkeys')]));
    expect(other.netuid).toBe(NETUID);
    expect(other.incentives).toEqual([]);
    expect(other.hotkeys).toEqual(full.hotkeys);
  });
});

describe('SubnetInfoRuntimeApi: dynamic info, subnet state, v2 info and hyperparameters', () => {
  it('get_dynamic_info reports the pool and owner as the metagraph does', async () => {
    const mg = await json(call().getMetagraph(NETUID));
    const dyn = await json(call().getDynamicInfo(NETUID));
    expect(dyn).toMatchObject({
      netuid: NETUID,
      ownerHotkey: mg.ownerHotkey,
      ownerColdkey: mg.ownerColdkey,
      tempo: TEMPO,
      lastStep: mg.lastStep,
      blocksSinceLastStep: mg.blocksSinceLastStep,
      taoIn: mg.taoIn,
      alphaIn: mg.alphaIn,
      alphaOut: mg.alphaOut,
      networkRegisteredAt: mg.networkRegisteredAt,
      subnetIdentity: null,
    });
    expect(dyn.tokenSymbol).toEqual(mg.symbol);
    const all = await json(call().getAllDynamicInfo());
    expect(all.find((d: Json) => d.netuid === NETUID)).toEqual(dyn);
    expect(await isNone(call().getDynamicInfo(77))).toBe(true);
  });

  it('get_subnet_state carries the metagraph columns and one emission row per subnet', async () => {
    const mg = await json(call().getMetagraph(NETUID));
    const st = await json(call().getSubnetState(NETUID));
    for (const k of [
      'hotkeys',
      'coldkeys',
      'active',
      'validatorPermit',
      'lastUpdate',
      'emission',
      'dividends',
      'incentives',
      'consensus',
      'blockAtRegistration',
      'alphaStake',
      'taoStake',
      'totalStake',
    ])
      expect(st[k], k).toEqual(mg[k]);
    const subnets = (await json(call().getAllMetagraphs())).length;
    expect(st.emissionHistory).toHaveLength(subnets);
    for (const row of st.emissionHistory) expect(row).toHaveLength(mg.numUids);
  });

  it('get_subnet_info_v2 and get_subnet_hyperparams_v2 read the hyperparameters', async () => {
    const info = await json(call().getSubnetInfoV2(NETUID));
    expect(info).toMatchObject({ netuid: NETUID, tempo: TEMPO, subnetworkN: 4, owner: alice.address, immunityPeriod: 3, identity: null });
    expect(info.blocksSinceLastStep).toBe((await q().blocksSinceLastStep(NETUID)).toJSON());
    expect((await json(call().getSubnetsInfoV2())).find((i: Json) => i?.netuid === NETUID)).toEqual(info);
    const hp = await json(call().getSubnetHyperparamsV2(NETUID));
    const v1 = await json(call().getSubnetHyperparams(NETUID));
    expect(hp).toMatchObject(v1);
    expect(hp.activityCutoff).toBe((await q().activityCutoff(NETUID)).toJSON());
    const steepness = (await q().alphaSigmoidSteepness(NETUID)).toJSON() as number;
    expect(BigInt(hp.alphaSigmoidSteepness.bits)).toBe(BigInt(steepness) << 32n);
    expect(hp.yumaVersion).toBe((await q().yuma3On(NETUID)).toJSON() ? 3 : 2);
    expect(hp.subnetIsActive).toBe((await q().subtokenEnabled(NETUID)).toJSON());
    expect(await isNone(call().getSubnetHyperparamsV2(77))).toBe(true);
  });
});

describe('NeuronInfoRuntimeApi', () => {
  it('get_neurons_lite agrees with the metagraph, stake as (coldkey, alpha on the subnet)', async () => {
    const mg = await json(call().getMetagraph(NETUID));
    const neurons = await json(at.call.neuronInfoRuntimeApi.getNeuronsLite(NETUID));
    expect(neurons).toHaveLength(mg.numUids);
    neurons.forEach((nr: Json, uid: number) => {
      expect(nr).toMatchObject({ uid, netuid: NETUID, hotkey: mg.hotkeys[uid], coldkey: mg.coldkeys[uid], rank: 0, trust: 0, pruningScore: 65535 });
      expect(nr.stake).toEqual([[mg.coldkeys[uid], mg.alphaStake[uid]]]);
      expect([nr.incentive, nr.dividends, nr.emission, nr.lastUpdate]).toEqual([mg.incentives[uid], mg.dividends[uid], mg.emission[uid], mg.lastUpdate[uid]]);
    });
    const full = await json(at.call.neuronInfoRuntimeApi.getNeuron(NETUID, 1));
    expect(full.weights).toEqual((await q().weights(NETUID, 1)).toJSON());
    expect(await isNone(at.call.neuronInfoRuntimeApi.getNeuronLite(NETUID, 9))).toBe(true);
  });
});

describe('the client reads the same metagraph from every path', () => {
  it('get_selective_metagraph, get_neurons_lite and storage agree after two epochs', async () => {
    const viaApi = await readMetagraph(api, NETUID, 'selective-metagraph');
    expect(viaApi.block).toBe(block);
    expect(viaApi.incentive[2]).toBeGreaterThan(0);
    expect(viaApi.dividends[1]).toBeGreaterThan(0);
    expect(viaApi.validatorTrust[1]).toBeGreaterThan(0);
    expect(viaApi.validatorPermit[1]).toBe(true);
    expect(await readMetagraph(api, NETUID, 'neurons-lite')).toEqual(viaApi);
    expect(await readMetagraph(api, NETUID, 'storage')).toEqual(viaApi);
    expect(await readMetagraph(api, NETUID)).toEqual(viaApi);
  });
});
