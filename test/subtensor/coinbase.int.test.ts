import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEpoch } from '../../consensus/index.ts';
import { blockEmission, splitAlphaOut, subnetTerms } from '../../devnet/pallets/subtensor/emission.ts';
import { u96, u96Add, u96Div, u96Mul, u96Sub, u96ToU64, U96_ONE } from '../../devnet/pallets/subtensor/fixed.ts';
import { nextEmaFlow, powNormalize, subnetBlockEmissions } from '../../devnet/pallets/subtensor/subnet-emissions.ts';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';
import {
  advanceTo,
  epochAlpha,
  expectedStakeGains,
  headNumber,
  hotkeyStakes,
  mustSubmit,
  newBlocks,
  nextEpochBlock,
  readEpochInput,
  submit,
} from './chain-client.ts';

/**
 * Spec 381's `run_coinbase` on a real devnet, block by block: each started
 * subnet's TAO share by its TAO flow, the pool injection at the pool's price,
 * the alpha minted and accrued for the epoch, and the owner's own miner
 * incentive burned or recycled. Each block's expectation is computed from the
 * state of the block before it with the pure terms (whose arithmetic
 * test/subtensor/coinbase.test.ts derives by hand).
 */
// balances of 1M τ each keep TotalIssuance below the first halving (10.5M τ)
const TAO = 1_000_000_000n;
const ONE64 = 1n << 64n;
const big = (v: unknown) => BigInt((v as { toString(): string }).toString());
const bits = (v: unknown) => BigInt((v as { toJSON(): { bits: string | number } }).toJSON().bits);

let keyring: Keyring;

beforeAll(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
});

describe('two started subnets at different prices', () => {
  let devnet: InProcessDevnet;
  let api: ApiPromise;

  beforeAll(async () => {
    const [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map((u) => keyring.addFromUri(u));
    devnet = await startInProcessDevnet({
      mode: 'instant',
      genesis: {
        balances: [alice, bob, charlie].map((k) => [k.address, '1000000000000000']),
        subtensorModule: { defaultTempo: 1000, networkRateLimit: 0, subnet: { owner: '//Alice', ownerHotkey: '//Alice', tempo: 1000 } },
      },
    });
    api = await connectApi(devnet.url);
    const tx = api.tx.subtensorModule;
    const bobHot = keyring.addFromUri('//Bob//subnet-hot');
    await mustSubmit(api, tx.registerNetwork(bobHot.address), bob);
    await newBlocks(api, 10);
    await mustSubmit(api, tx.startCall(2), bob);
    // different inflows make different prices: 500 τ into subnet 1, 100 τ into subnet 2 (both pools start at 1000 τ / 1000 α)
    await mustSubmit(api, tx.addStake(alice.address, 1, 500n * TAO), charlie);
    await mustSubmit(api, tx.addStake(bobHot.address, 2, 100n * TAO), charlie);
  }, 60_000);

  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  it('20 blocks: each block emits one block emission between them, by TAO flow, injected at each pool price', async () => {
    const subnets = [1, 2];
    let issuedTao = 0n;
    const taoBySubnet = new Map(subnets.map((n) => [n, 0n]));
    const start = await headNumber(api);
    for (let block = start + 1; block <= start + 20; block++) {
      const p = (await api.at(await api.rpc.chain.getBlockHash(block - 1))).query.subtensorModule;
      const sp = (await api.at(await api.rpc.chain.getBlockHash(block - 1))).query.swap;
      await newBlocks(api, 1);
      const n = (await api.at(await api.rpc.chain.getBlockHash(block))).query.subtensorModule;
      const sn = (await api.at(await api.rpc.chain.getBlockHash(block))).query.swap;

      const taoBlock = blockEmission(big(await p.totalIssuance()));
      expect(taoBlock).toBe(TAO);
      const factor = big(await p.flowEmaSmoothingFactor());
      const emas: bigint[] = [];
      for (const netuid of subnets) {
        const last = (await p.subnetEmaTaoFlow(netuid)).toJSON() as [number, { bits: string | number }] | null;
        const ema = nextEmaFlow(last === null ? 0n : BigInt(last[1].bits), big(await p.subnetTaoFlow(netuid)), factor);
        // the block's flow is folded into the EMA and cleared
        expect((await n.subnetEmaTaoFlow(netuid)).toJSON()).toEqual([block, { bits: expect.anything() }]);
        expect(BigInt(((await n.subnetEmaTaoFlow(netuid)).toJSON() as [number, { bits: string | number }])[1].bits)).toBe(ema);
        expect(big(await n.subnetTaoFlow(netuid))).toBe(0n);
        emas.push(ema);
      }
      // lower limit max(TaoFlowCutoff = 0, min flow ≤ 0) = 0: offsets are the positive EMAs
      const shares = powNormalize(
        emas.map((e) => (e > 0n ? e : 0n)),
        ONE64,
      );
      const emissions = subnetBlockEmissions(new Map(subnets.map((s, i) => [s, shares[i]])), u96(taoBlock));

      let issued = 0n;
      const prices: bigint[] = [];
      for (const netuid of subnets) {
        const sqrt = bits(await sp.alphaSqrtPrice(netuid));
        const price = ((sqrt * sqrt) >> 64n) >> 32n; // U64F64 square, then U96F32
        prices.push(price);
        const alphaIssuance = big(await p.subnetAlphaIn(netuid)) + big(await p.subnetAlphaOut(netuid));
        const terms = subnetTerms(emissions.get(netuid)!, blockEmission(alphaIssuance), price, taoBlock);
        const [taoIn, alphaIn, alphaOut, excess] = [terms.taoIn, terms.alphaIn, terms.alphaOut, terms.excessTao].map(u96ToU64);
        expect(excess, 'prices above 1 are never capped').toBe(0n);
        expect(big(await n.subnetTaoInEmission(netuid))).toBe(taoIn);
        expect(big(await n.subnetAlphaInEmission(netuid))).toBe(alphaIn);
        expect(big(await n.subnetAlphaOutEmission(netuid))).toBe(alphaOut);
        expect(big(await n.subnetTAO(netuid)) - big(await p.subnetTAO(netuid))).toBe(taoIn);
        expect(big(await n.subnetAlphaIn(netuid)) - big(await p.subnetAlphaIn(netuid))).toBe(alphaIn);
        expect(big(await n.subnetAlphaOut(netuid)) - big(await p.subnetAlphaOut(netuid))).toBe(alphaOut);
        // the injection keeps the pool's price and deepens its liquidity
        expect(bits(await sn.alphaSqrtPrice(netuid))).toBe(sqrt);
        if (taoIn > 0n) expect(big(await sn.currentLiquidity(netuid))).toBeGreaterThan(big(await sp.currentLiquidity(netuid)));
        // alpha out: 18 % owner cut, then half to miners, half to validators, none to root (no root TAO)
        const split = splitAlphaOut(terms.alphaOut, Number((await p.subnetOwnerCut()).toString()), 0n);
        expect(big(await n.pendingOwnerCut(netuid)) - big(await p.pendingOwnerCut(netuid))).toBe(split.ownerCut);
        expect(big(await n.pendingServerEmission(netuid)) - big(await p.pendingServerEmission(netuid))).toBe(split.server);
        expect(big(await n.pendingValidatorEmission(netuid)) - big(await p.pendingValidatorEmission(netuid))).toBe(split.validator);
        expect(big(await n.pendingRootAlphaDivs(netuid))).toBe(0n);
        // the moving price: α = SubnetMovingAlpha · b / (b + EMAPriceHalvingBlocks), b = blocks since start_call
        const first = big((await p.firstEmissionBlockNumber(netuid)).toString());
        const since = u96(BigInt(block) - (first - 1n));
        const alpha = u96Mul(bits(await p.subnetMovingAlpha()), u96Div(since, u96Add(since, u96(big(await p.emaPriceHalvingBlocks(netuid))))));
        const moving = u96Add(u96Mul(alpha, price < U96_ONE ? price : U96_ONE), u96Mul(u96Sub(U96_ONE, alpha), bits(await p.subnetMovingPrice(netuid))));
        expect(bits(await n.subnetMovingPrice(netuid))).toBe(moving);
        issued += taoIn + excess;
        taoBySubnet.set(netuid, taoBySubnet.get(netuid)! + taoIn);
      }
      // one block emission between the two subnets, less at most a rao of truncation each
      expect(big(await n.totalIssuance()) - big(await p.totalIssuance())).toBe(issued);
      expect(issued).toBeLessThanOrEqual(TAO);
      expect(issued).toBeGreaterThanOrEqual(TAO - 2n);
      expect(prices[0]).toBeGreaterThan(prices[1]);
      expect(prices[1]).toBeGreaterThan(U96_ONE);
      issuedTao += issued;
    }
    expect(issuedTao).toBeGreaterThanOrEqual(20n * TAO - 40n);
    expect(issuedTao).toBeLessThanOrEqual(20n * TAO);
    // 500 τ of inflow against 100 τ: subnet 1's share is five sixths, up to the ln/exp approximation
    const share1 = Number(taoBySubnet.get(1)!) / Number(issuedTao);
    expect(share1).toBeCloseTo(5 / 6, 5);
    expect(taoBySubnet.get(2)!).toBeGreaterThan(0n);
  }, 120_000);
});

describe("the owner's own miner incentive", () => {
  let devnet: InProcessDevnet;
  let api: ApiPromise;
  let alice: KeyringPair;
  let ownerMiner: KeyringPair;
  let validator: KeyringPair;
  const TEMPO = 10;
  const NETUID = 1;

  beforeAll(async () => {
    alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    ownerMiner = keyring.addFromUri('//Alice//miner');
    validator = keyring.addFromUri('//Bob//validator');
    devnet = await startInProcessDevnet({
      mode: 'instant',
      genesis: {
        balances: [alice, bob].map((k) => [k.address, '1000000000000000']),
        subtensorModule: {
          subnet: {
            owner: '//Alice',
            ownerHotkey: '//Alice',
            tempo: TEMPO,
            commitRevealWeightsEnabled: false,
            weightsSetRateLimit: 0,
            minAllowedWeights: 1,
          },
        },
      },
    });
    api = await connectApi(devnet.url);
    const tx = api.tx.subtensorModule;
    // a second hotkey of the owner's coldkey mines; Bob's validator holds the stake
    await mustSubmit(api, tx.burnedRegister(NETUID, ownerMiner.address), alice);
    await mustSubmit(api, tx.burnedRegister(NETUID, validator.address), bob);
    await mustSubmit(api, tx.addStake(validator.address, NETUID, 1000n * TAO), bob);
    await advanceTo(api, nextEpochBlock(await headNumber(api), NETUID, TEMPO));
    // the validator, with its permit from that epoch, weights only the owner's miner (uid 1)
    await mustSubmit(api, tx.setWeights(NETUID, [1], [65535], 0), validator);
  }, 60_000);

  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  async function epochWithOwnerMiner() {
    const hotkeys = [alice.address, ownerMiner.address, validator.address];
    const epoch = nextEpochBlock(await headNumber(api), NETUID, TEMPO);
    await advanceTo(api, epoch - 1);
    const alpha = await epochAlpha(api, NETUID, epoch);
    const expected = runEpoch(await readEpochInput(api, NETUID, epoch, alpha.rao));
    const before = await hotkeyStakes(api, NETUID, hotkeys, epoch - 1);
    const outBefore = big(await api.query.subtensorModule.subnetAlphaOut(NETUID));
    await newBlocks(api, 1);
    const after = await hotkeyStakes(api, NETUID, hotkeys, epoch);
    const q = api.query.subtensorModule;
    const minted = big(await q.subnetAlphaOutEmission(NETUID));
    const outDelta = big(await q.subnetAlphaOut(NETUID)) - outBefore;
    // all the miner incentive is the owner's miner's: half of the epoch's alpha
    expect(BigInt(expected.server_emission[1])).toBe(alpha.rao / 2n);
    expect(expected.server_emission.filter((_, uid) => uid !== 1).every((x) => x === '0')).toBe(true);
    const takes = await Promise.all(hotkeys.map(async (h) => Number((await q.delegates(h)).toString())));
    const gains = expectedStakeGains(expected, alpha, takes, [0, 1], 0);
    hotkeys.forEach((_, uid) => expect(after[uid] - before[uid], `uid ${uid} stake change`).toBe(gains[uid]));
    // the epoch's records: one alpha and one root dividend entry per hotkey (zeros included), the stake they were paid on
    expect(await q.alphaDividendsPerSubnet.entries(NETUID)).toHaveLength(hotkeys.length);
    expect(await q.rootAlphaDividendsPerSubnet.entries(NETUID)).toHaveLength(hotkeys.length);
    expect(big(await q.alphaDividendsPerSubnet(NETUID, alice.address))).toBe(0n);
    for (const [uid, h] of hotkeys.entries()) expect(big(await q.totalHotkeyAlphaLastEpoch(h, NETUID))).toBe(after[uid]);
    return { incentive: BigInt(expected.server_emission[1]), minted, outDelta, minerGain: after[1] - before[1] };
  }

  it('is burned by default: the miner gains nothing and the alpha stays counted as issued (burn changes no state in 381)', async () => {
    expect((await api.query.subtensorModule.recycleOrBurn(NETUID)).toString()).toBe('Burn');
    const r = await epochWithOwnerMiner();
    expect(r.incentive).toBeGreaterThan(0n);
    expect(r.minerGain).toBe(0n);
    expect(r.outDelta).toBe(r.minted);
  });

  it('is recycled once the owner sets Recycle: it leaves SubnetAlphaOut', async () => {
    const stranger = await submit(api, api.tx.adminUtils.sudoSetRecycleOrBurn(NETUID, 'Recycle'), keyring.addFromUri('//Bob'));
    expect(stranger.error).toBe('BadOrigin');
    await mustSubmit(api, api.tx.adminUtils.sudoSetRecycleOrBurn(NETUID, 'Recycle'), alice);
    expect((await api.query.subtensorModule.recycleOrBurn(NETUID)).toString()).toBe('Recycle');
    const r = await epochWithOwnerMiner();
    expect(r.incentive).toBeGreaterThan(0n);
    expect(r.minerGain).toBe(0n);
    expect(r.outDelta).toBe(r.minted - r.incentive);
  });
});
