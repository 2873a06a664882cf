import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEpoch, type EpochOutput } from '../../consensus/index.ts';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';
import {
  advanceTo,
  epochAlpha,
  expectedStakeGains,
  freeOf,
  headNumber,
  hotkeyStakes,
  mustSubmit,
  newBlocks,
  nextEpochBlock,
  readEpochInput,
  submit,
} from './chain-client.ts';

/**
 * The whole participant flow against a devnet child process with plain
 * @polkadot/api: subnet creation and start, registration, stake, serving,
 * weights, then two epochs whose results must equal `runEpoch` on the storage
 * read back from the chain.
 */
let devnet: DevnetHandle;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
let charlie: KeyringPair;
let ownerHot: KeyringPair;
let validator: KeyringPair;
let miners: KeyringPair[];
let stranger: KeyringPair;
let netuid: number;
const TEMPO = 10;

const tx = () => api.tx.subtensorModule;
const admin = () => api.tx.adminUtils;

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map((u) => keyring.addFromUri(u));
  ownerHot = keyring.addFromUri('//Alice//owner-hot');
  validator = keyring.addFromUri('//Bob//validator');
  miners = [1, 2, 3].map((i) => keyring.addFromUri(`//Charlie//miner${i}`));
  stranger = keyring.addFromUri('//Stranger');
  const funded = [validator, ...miners, stranger, ownerHot].map((k) => [k.address, '1000000000000']);
  devnet = await startDevnet({
    mode: 'instant',
    genesis: {
      balances: [
        ...['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((u) => [keyring.addFromUri(u).address, '1000000000000000000']),
        ...funded,
      ],
      subtensorModule: { allowLoopbackAxons: true, defaultTempo: TEMPO },
    },
  });
  api = await connectApi(devnet.url);
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('SubtensorModule participant flow', () => {
  it('register_network creates a subnet owned by the caller', async () => {
    const out = await mustSubmit(api, tx().registerNetwork(ownerHot.address), alice);
    const added = out.events.find((e) => e.event.section === 'subtensorModule' && e.event.method === 'NetworkAdded');
    expect(added).toBeDefined();
    netuid = (added!.event.data[0] as unknown as { toNumber(): number }).toNumber();
    expect(netuid).toBe(1);
    const q = api.query.subtensorModule;
    expect((await q.networksAdded(netuid)).toJSON()).toBe(true);
    expect((await q.subnetOwner(netuid)).toString()).toBe(alice.address);
    expect((await q.subnetOwnerHotkey(netuid)).toString()).toBe(ownerHot.address);
    expect((await q.subnetworkN(netuid)).toJSON()).toBe(1);
    expect((await q.tempo(netuid)).toJSON()).toBe(TEMPO);
  });

  it('start_call waits StartCallDelay blocks, then enables emission', async () => {
    const early = await submit(api, tx().startCall(netuid), alice);
    expect(early.error).toBe('subtensorModule.NeedWaitingMoreBlocksToStarCall');
    const notOwner = await submit(api, tx().startCall(netuid), bob);
    expect(notOwner.error).toBe('BadOrigin');
    const duration = Number((await api.query.subtensorModule.startCallDelay()).toString());
    await newBlocks(api, duration);
    await mustSubmit(api, tx().startCall(netuid), alice);
    expect((await api.query.subtensorModule.subtokenEnabled(netuid)).toJSON()).toBe(true);
    expect((await api.query.subtensorModule.firstEmissionBlockNumber(netuid)).toJSON()).toBe((await headNumber(api)) + 1);
  });

  it('burned_register charges the burn and assigns uids in order', async () => {
    // a new subnet takes 3 × TargetRegistrationsPerInterval (1) registrations per interval; root raises it for the four here
    await mustSubmit(api, api.tx.sudo.sudo(admin().sudoSetTargetRegistrationsPerInterval(netuid, 2)), alice);
    const burn0 = BigInt((await api.query.subtensorModule.burn(netuid)).toString());
    const recycled0 = BigInt((await api.query.subtensorModule.raoRecycledForRegistration(netuid)).toString());
    const free0 = await freeOf(api, bob.address);
    const out = await mustSubmit(api, tx().burnedRegister(netuid, validator.address), bob);
    const free1 = await freeOf(api, bob.address);
    // the price moves only at the end of an adjustment interval: the burn paid is the quote
    const paid = BigInt((await api.query.subtensorModule.raoRecycledForRegistration(netuid)).toString()) - recycled0;
    expect(out.fee).toBeGreaterThan(0n);
    expect(free0 - free1).toBe(paid + out.fee);
    expect(paid).toBe(burn0);
    const reg = out.events.find((e) => e.event.method === 'NeuronRegistered')!;
    expect(reg.event.data.toJSON()).toEqual([netuid, 1, validator.address]);
    expect(BigInt((await api.query.subtensorModule.burn(netuid)).toString())).toBe(burn0);
    for (const m of miners) await mustSubmit(api, tx().burnedRegister(netuid, m.address), charlie);
    expect((await api.query.subtensorModule.subnetworkN(netuid)).toJSON()).toBe(5);
    expect((await api.query.subtensorModule.uids(netuid, miners[2].address)).toJSON()).toBe(4);
    expect((await api.query.subtensorModule.owner(miners[0].address)).toString()).toBe(charlie.address);
    const again = await submit(api, tx().burnedRegister(netuid, miners[0].address), charlie);
    expect(again.error).toBe('subtensorModule.HotKeyAlreadyRegisteredInSubNet');
  });

  it('add_stake buys alpha from the subnet pool at the quoted amount', async () => {
    const amount = 100_000_000_000n;
    const quote = (await api.call.swapRuntimeApi.simSwapTaoForAlpha(netuid, amount)).toJSON() as Record<string, number | string>;
    const alpha = BigInt(quote.alphaAmount!);
    // the pool is constant-product over the full range: after the 0.05 % fee (33/65535), dx TAO
    // buy alphaIn * dx / (taoIn + dx) alpha (the registrations' burns already bought some)
    const taoIn = Number((await api.query.subtensorModule.subnetTAO(netuid)).toString());
    const alphaIn = Number((await api.query.subtensorModule.subnetAlphaIn(netuid)).toString());
    const dx = Number(amount) * (1 - 33 / 65535);
    expect(Number(alpha) / 1e9).toBeCloseTo((alphaIn * dx) / (taoIn + dx) / 1e9, 3);
    expect(alpha).toBeLessThan(amount);
    await mustSubmit(api, tx().addStake(validator.address, netuid, amount), bob);
    expect(BigInt((await api.query.subtensorModule.totalHotkeyAlpha(validator.address, netuid)).toString())).toBe(alpha);
    const shares = await api.query.subtensorModule.alpha(validator.address, bob.address, netuid);
    expect(BigInt((shares.toJSON() as { bits: string | number }).bits)).toBe(alpha << 64n);
    const low = await submit(api, tx().addStake(validator.address, netuid, 1000), bob);
    expect(low.error).toBe('subtensorModule.AmountTooLow');
  });

  it('serve_axon stores a loopback axon on the devnet', async () => {
    const ip = 0x7f000001;
    for (const [i, m] of miners.entries()) {
      await mustSubmit(api, tx().serveAxon(netuid, 1, ip, 8091 + i, 4, 4, 0, 0), m);
    }
    const axon = (await api.query.subtensorModule.axons(netuid, miners[1].address)).toJSON() as Record<string, number>;
    expect(axon).toMatchObject({ ip, port: 8092, ipType: 4, protocol: 4, version: 1 });
    const bad = await submit(api, tx().serveAxon(netuid, 1, ip, 0, 4, 4, 0, 0), miners[0]);
    expect(bad.error).toBe('subtensorModule.InvalidPort');
  });

  it('owner may change owner hyperparameters; root-only ones fail with BadOrigin', async () => {
    await mustSubmit(api, admin().sudoSetMinAllowedWeights(netuid, 3), alice);
    expect((await api.query.subtensorModule.minAllowedWeights(netuid)).toJSON()).toBe(3);
    const kappa = await submit(api, admin().sudoSetKappa(netuid, 100), alice);
    expect(kappa.error).toBe('BadOrigin');
    const stranger1 = await submit(api, admin().sudoSetMinAllowedWeights(netuid, 1), bob);
    expect(stranger1.error).toBe('BadOrigin');
    // root through Sudo
    await mustSubmit(api, api.tx.sudo.sudo(admin().sudoSetWeightsSetRateLimit(netuid, 5)), alice);
    expect((await api.query.subtensorModule.weightsSetRateLimit(netuid)).toJSON()).toBe(5);
    // the weight checks below go through set_weights: the owner makes sure commit-reveal is off
    await mustSubmit(api, admin().sudoSetCommitRevealWeightsEnabled(netuid, false), alice);
    expect((await api.query.subtensorModule.commitRevealWeightsEnabled(netuid)).toJSON()).toBe(false);
  });

  it('the first epoch gives the staked validator a permit', async () => {
    const head = await headNumber(api);
    await advanceTo(api, nextEpochBlock(head, netuid, TEMPO));
    const permits = (await api.query.subtensorModule.validatorPermit(netuid)).toJSON() as boolean[];
    expect(permits[1]).toBe(true);
    expect(permits[0]).toBe(true); // the owner's hotkey
    expect(permits.slice(2)).toEqual([false, false, false]);
  });

  it('set_weights rejects bad input with the real errors, then stores max-upscaled weights', async () => {
    const err = async (signer: KeyringPair, dests: number[], weights: number[], key = 0) =>
      (await submit(api, tx().setWeights(netuid, dests, weights, key), signer)).error;
    expect(await err(stranger, [2, 3, 4], [1, 1, 1])).toBe('subtensorModule.HotKeyNotRegisteredInSubNet');
    expect(await err(miners[0], [2, 3, 4], [1, 1, 1])).toBe('subtensorModule.NeuronNoValidatorPermit');
    expect(await err(validator, [2, 2, 3], [1, 1, 1])).toBe('subtensorModule.DuplicateUids');
    expect(await err(validator, [2, 3], [1, 1])).toBe('subtensorModule.WeightVecLengthIsLow');
    await mustSubmit(api, tx().setWeights(netuid, [2, 3, 4], [100, 200, 300], 0), validator);
    expect((await api.query.subtensorModule.weights(netuid, 1)).toJSON()).toEqual([
      [2, 21845],
      [3, 43690],
      [4, 65535],
    ]);
    expect(await err(validator, [2, 3, 4], [1, 1, 1])).toBe('subtensorModule.SettingWeightsTooFast');
    await mustSubmit(api, admin().sudoSetWeightsVersionKey(netuid, 7), alice);
    expect(await err(validator, [2, 3, 4], [1, 1, 1], 6)).toBe('subtensorModule.IncorrectWeightVersionKey');
  });

  it('two epochs pay exactly what runEpoch computes from the chain state', async () => {
    const hotkeys = [ownerHot, validator, ...miners].map((k) => k.address);
    let first = 0;
    for (let round = 0; round < 2; round++) {
      const epoch = nextEpochBlock(await headNumber(api), netuid, TEMPO);
      if (round === 0) first = epoch;
      await advanceTo(api, epoch - 1);
      const q = api.query.subtensorModule;
      const alpha = await epochAlpha(api, netuid, epoch);
      expect(alpha.root).toBe(0n); // no root stake: no root alpha
      const takes = await Promise.all(hotkeys.map(async (h) => Number((await q.delegates(h)).toString())));
      const input = await readEpochInput(api, netuid, epoch, alpha.rao);
      const expected: EpochOutput = runEpoch(input);
      const before = await hotkeyStakes(api, netuid, hotkeys, epoch - 1);
      await newBlocks(api, 1);
      expect(await headNumber(api)).toBe(epoch);

      expect((await q.incentive(netuid)).toJSON()).toEqual(expected.incentive);
      expect((await q.dividends(netuid)).toJSON()).toEqual(expected.dividends);
      expect((await q.consensus(netuid)).toJSON()).toEqual(expected.consensus);
      expect((await q.validatorTrust(netuid)).toJSON()).toEqual(expected.validator_trust);
      expect((await q.stakeWeight(netuid)).toJSON()).toEqual(expected.stake_weight);
      expect((await q.active(netuid)).toJSON()).toEqual(expected.active);
      expect((await q.validatorPermit(netuid)).toJSON()).toEqual(expected.new_validator_permits);
      expect(((await q.emission(netuid)).toJSON() as (number | string)[]).map(String)).toEqual(expected.emission);
      for (let uid = 0; uid < hotkeys.length; uid++) {
        expect((await q.bonds(netuid, uid)).toJSON()).toEqual(expected.bonds[uid]);
      }
      expect(BigInt((await q.lastMechansimStepBlock(netuid)).toString())).toBe(BigInt(epoch));
      for (const item of [q.pendingServerEmission, q.pendingValidatorEmission, q.pendingRootAlphaDivs, q.pendingOwnerCut]) {
        expect(BigInt((await item(netuid)).toString())).toBe(0n);
      }

      // stake: miners gain their incentive (the owner hotkey's, uid 0, is burned), validators their share of the
      // validator alpha by dividends, the owner hotkey the owner cut
      const after = await hotkeyStakes(api, netuid, hotkeys, epoch);
      const gains = expectedStakeGains(expected, alpha, takes, [0], 0);
      hotkeys.forEach((_, uid) => expect(after[uid] - before[uid], `uid ${uid} stake change`).toBe(gains[uid]));
      expect(expected.incentive.slice(2).every((x) => x > 0)).toBe(true);
      expect(expected.dividends[1]).toBeGreaterThan(0);
    }
    expect(first).toBeGreaterThan(0);
  });

  it('getNeuronsLite decodes with @polkadot/api', async () => {
    const neurons = (await api.call.neuronInfoRuntimeApi.getNeuronsLite(netuid)) as unknown as { toJSON(): unknown[] };
    const list = neurons.toJSON() as Record<string, any>[];
    expect(list).toHaveLength(5);
    expect(list[3]).toMatchObject({ uid: 3, netuid, active: true, hotkey: miners[1].address, coldkey: charlie.address });
    expect(list[3].axonInfo).toMatchObject({ ip: 0x7f000001, port: 8092 });
    const incentive = (await api.query.subtensorModule.incentive(netuid)).toJSON() as number[];
    expect(list.map((n) => n.incentive)).toEqual(incentive);
    const stake = BigInt((await api.query.subtensorModule.totalHotkeyAlpha(validator.address, netuid)).toString());
    expect(BigInt(list[1].stake[0][1])).toBe(stake);
    expect(list[1].validatorPermit).toBe(true);
    const one = (await api.call.neuronInfoRuntimeApi.getNeuronLite(netuid, 2)) as unknown as { toJSON(): unknown };
    expect(one.toJSON()).toMatchObject({ uid: 2, hotkey: miners[0].address });
    const full = ((await api.call.neuronInfoRuntimeApi.getNeurons(netuid)) as unknown as { toJSON(): any[] }).toJSON();
    expect(full).toHaveLength(5);
    expect(full[1].weights).toEqual((await api.query.subtensorModule.weights(netuid, 1)).toJSON());
    expect(full[1].bonds.length).toBeGreaterThan(0);
    const hp = ((await api.call.subnetInfoRuntimeApi.getSubnetHyperparams(netuid)) as unknown as { toJSON(): any }).toJSON();
    expect(hp).toMatchObject({ tempo: TEMPO, minAllowedWeights: 3, weightsVersion: 7, weightsRateLimit: 5 });
    const info = ((await api.call.subnetInfoRuntimeApi.getSubnetInfo(netuid)) as unknown as { toJSON(): any }).toJSON();
    expect(info).toMatchObject({ netuid, subnetworkN: 5, owner: alice.address });
  });

  it('remove_stake sells alpha back to the pool for the quoted TAO', async () => {
    const alpha = 10_000_000_000n;
    const quote = (await api.call.swapRuntimeApi.simSwapAlphaForTao(netuid, alpha)).toJSON() as Record<string, number | string>;
    const free0 = await freeOf(api, bob.address);
    const out = await mustSubmit(api, tx().removeStake(validator.address, netuid, alpha), bob);
    const free1 = await freeOf(api, bob.address);
    // the quoted TAO, less the transaction fee
    expect(free1 - free0).toBe(BigInt(quote.taoAmount!) - out.fee);
    // the price rose with the stake bought, so 10 alpha pay more than 10 TAO
    expect(BigInt(quote.taoAmount!)).toBeGreaterThan(alpha);
    const tooMuch = await submit(api, tx().removeStakeLimit(validator.address, netuid, 10n ** 15n, 0, false), bob);
    expect(tooMuch.error).toBe('subtensorModule.NotEnoughStakeToWithdraw');
  });

  it('swap_hotkey moves the registration and the stake to the new hotkey', async () => {
    const q = api.query.subtensorModule;
    const fresh = new Keyring({ type: 'sr25519' }).addFromUri('//Charlie//miner1-new');
    const taken = await submit(api, tx().swapHotkey(miners[0].address, miners[1].address, null), charlie);
    expect(taken.error).toBe('subtensorModule.HotKeyAlreadyRegisteredInSubNet');
    const notMine = await submit(api, tx().swapHotkey(miners[0].address, fresh.address, null), bob);
    expect(notMine.error).toBe('subtensorModule.NonAssociatedColdKey');
    const stake = BigInt((await q.totalHotkeyAlpha(miners[0].address, netuid)).toString());
    const out = await mustSubmit(api, tx().swapHotkey(miners[0].address, fresh.address, null), charlie);
    expect(out.events.some((e) => e.event.method === 'HotkeySwapped')).toBe(true);
    expect((await q.uids(netuid, fresh.address)).toJSON()).toBe(2);
    expect((await q.uids(netuid, miners[0].address)).toJSON()).toBeNull();
    expect((await q.keys(netuid, 2)).toString()).toBe(fresh.address);
    expect(BigInt((await q.totalHotkeyAlpha(fresh.address, netuid)).toString())).toBe(stake);
    expect(BigInt((await q.totalHotkeyAlpha(miners[0].address, netuid)).toString())).toBe(0n);
    expect((await q.owner(fresh.address)).toString()).toBe(charlie.address);
    expect((await q.axons(netuid, fresh.address)).toJSON()).toMatchObject({ port: 8091 });
  });

  it('batch_set_weights reports a failing item by its error and keeps the others', async () => {
    const out = await mustSubmit(
      api,
      tx().batchSetWeights(
        [netuid, 99],
        [
          [
            [2, 1],
            [3, 1],
            [4, 2],
          ],
          [[0, 1]],
        ],
        [7, 7],
      ),
      validator,
    );
    const failed = out.events.find((e) => e.event.method === 'BatchWeightItemFailed');
    expect(failed).toBeDefined();
    const err = failed!.event.data[0] as unknown as { isModule: boolean; asModule: Parameters<typeof api.registry.findMetaError>[0] };
    expect(err.isModule).toBe(true);
    const meta = api.registry.findMetaError(err.asModule);
    // commit-reveal is on by default (spec 381), for a netuid that does not exist too, and
    // set_weights checks it before the subnet's existence
    expect(`${meta.section}.${meta.name}`).toBe('subtensorModule.CommitRevealEnabled');
    expect(out.events.some((e) => e.event.method === 'BatchCompletedWithErrors')).toBe(true);
    expect((await api.query.subtensorModule.weights(netuid, 1)).toJSON()).toEqual([
      [2, 32768],
      [3, 32768],
      [4, 65535],
    ]);
  });

  it('decrease_take lowers the delegate take; increase_take is rate limited', async () => {
    await mustSubmit(api, tx().decreaseTake(validator.address, 5000), bob);
    expect((await api.query.subtensorModule.delegates(validator.address)).toJSON()).toBe(5000);
    const up = await submit(api, tx().increaseTake(validator.address, 6000), bob);
    expect(up.error).toBe('subtensorModule.DelegateTxRateLimitExceeded');
    const notOwner = await submit(api, tx().decreaseTake(validator.address, 100), charlie);
    expect(notOwner.error).toBe('subtensorModule.NonAssociatedColdKey');
  });
});
