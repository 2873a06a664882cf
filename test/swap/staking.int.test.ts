import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';
import { freeOf, mustSubmit, submit } from '../subtensor/chain-client.ts';

/**
 * Staking through the Swap pallet's pool on a fresh subnet, with the amounts
 * the spec-381 runtime computes (derivations in test/swap/pool.test.ts):
 * the genesis subnet's pool holds the minimum lock, 1000 TAO and 1000 alpha.
 *
 * The real spec-293 chain gave about 514 alpha for 1000 TAO on a fresh subnet
 * (and 36.8 TAO for 10 alpha after it). 514 = 1000 * R / (R + 1000) needs a
 * pool of R ≈ 1058 on each side: by the time of that observation the subnet
 * had received some blocks of emission, which the coinbase injects into both
 * reserves at the current price. Here nothing is injected before the first
 * stake: a subnet's TAO share follows its net TAO inflow, which is zero until
 * someone stakes, so the pool is exactly the 1000/1000 of registration and
 * 1000 TAO buy 499.874 alpha; the swap math
 * itself (constant product over the full range, 33/65535 fee) is the same in
 * both runtimes.
 */
const TAO = 1_000_000_000n;
let devnet: InProcessDevnet;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
const NETUID = 1;

const big = (v: unknown) => BigInt((v as { toString(): string }).toString());

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob] = ['//Alice', '//Bob'].map((u) => keyring.addFromUri(u));
  devnet = await startInProcessDevnet({
    mode: 'instant',
    genesis: {
      balances: [
        [alice.address, '1000000000000000000'],
        [bob.address, '1000000000000000000'],
      ],
      subtensorModule: { subnet: { owner: '//Alice', ownerHotkey: '//Alice', tempo: 1000 } },
    },
  });
  api = await connectApi(devnet.url);
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('staking through the subnet pool', () => {
  it('a fresh subnet pool holds the minimum lock on both sides, at price 1', async () => {
    const q = api.query.subtensorModule;
    expect(big(await q.subnetTAO(NETUID))).toBe(1000n * TAO);
    expect(big(await q.subnetAlphaIn(NETUID))).toBe(1000n * TAO);
    expect(big(await q.subnetAlphaOut(NETUID))).toBe(0n);
    expect(big(await api.call.swapRuntimeApi.currentAlphaPrice(NETUID))).toBe(TAO);
  });

  it('1000 TAO buy 499.874081366 alpha, exactly as quoted', async () => {
    const quote = (await api.call.swapRuntimeApi.simSwapTaoForAlpha(NETUID, 1000n * TAO)).toJSON() as Record<string, string | number>;
    expect(big(quote.taoAmount)).toBe(999_496_452_278n);
    expect(big(quote.alphaAmount)).toBe(499_874_081_366n);
    expect(big(quote.taoFee)).toBe(503_547_722n);
    // no-slippage alpha at price 1 is 1000: slippage is the rest
    expect(big(quote.alphaSlippage)).toBe(1000n * TAO - 499_874_081_366n);

    const free0 = await freeOf(api, bob.address);
    const out = await mustSubmit(api, api.tx.subtensorModule.addStake(alice.address, NETUID, 1000n * TAO), bob);
    // the stake and the transaction fee
    expect(free0 - (await freeOf(api, bob.address))).toBe(1000n * TAO + out.fee);
    const added = out.events.find((e) => e.event.method === 'StakeAdded')!.event.data.map((d) => d.toString());
    expect(added).toEqual([bob.address, alice.address, String(1000n * TAO), '499874081366', String(NETUID), '503547722']);

    const q = api.query.subtensorModule;
    // SubnetTAO grows by what entered the pool (not the fee), SubnetAlphaIn shrinks by what left it
    expect(big(await q.subnetTAO(NETUID))).toBe(1000n * TAO + 999_496_452_278n);
    expect(big(await q.subnetAlphaIn(NETUID))).toBe(1000n * TAO - 499_874_081_366n);
    // outstanding alpha: what was bought, plus the block's alpha_out the coinbase minted (1 alpha per block)
    expect(big(await q.subnetAlphaOut(NETUID))).toBe(499_874_081_366n + 1_000_000_000n);
    expect(big(await q.totalHotkeyAlpha(alice.address, NETUID))).toBe(499_874_081_366n);
    const sw = api.query.swap;
    expect(BigInt(((await sw.alphaSqrtPrice(NETUID)).toJSON() as { bits: string | number }).bits)).toBe(36_884_199_331_462_469_787n);
    expect((await sw.currentTick(NETUID)).toJSON()).toBe(13858);
    expect(big(await sw.currentLiquidity(NETUID))).toBe(10n ** 12n);
    expect((await sw.swapV3Initialized(NETUID)).toJSON()).toBe(true);
    // the protocol position over the full range: ticks ±443636 and their bits in the top bitmap word
    expect(big(await sw.tickIndexBitmapWords(NETUID, 'Top', 0))).toBe((1n << 27n) | (1n << 81n));
    const position = (await sw.positions.entries(NETUID)).map(([, v]) => v.toJSON());
    expect(position).toEqual([expect.objectContaining({ id: 1, netuid: NETUID, tickLow: -443636, tickHigh: 443636, liquidity: 10 ** 12 })]);
  });

  it('unstaking half pays 666.051294614 TAO, exactly as quoted', async () => {
    const half = 499_874_081_366n / 2n;
    const quote = (await api.call.swapRuntimeApi.simSwapAlphaForTao(NETUID, half)).toJSON() as Record<string, string | number>;
    expect(big(quote.taoAmount)).toBe(666_051_294_614n);
    expect(big(quote.alphaFee)).toBe(125_855_227n);
    const free0 = await freeOf(api, bob.address);
    const out = await mustSubmit(api, api.tx.subtensorModule.removeStake(alice.address, NETUID, half), bob);
    expect(out.fee).toBeGreaterThan(0n);
    expect((await freeOf(api, bob.address)) - free0).toBe(666_051_294_614n - out.fee);
    expect(big(await api.query.subtensorModule.totalHotkeyAlpha(alice.address, NETUID))).toBe(499_874_081_366n - half);
  });

  it('a stake cannot be removed in the block it was added in', async () => {
    const st = api.tx.subtensorModule;
    const both = await submit(api, api.tx.utility.batchAll([st.addStake(alice.address, NETUID, 10n * TAO), st.removeStake(alice.address, NETUID, TAO)]), bob);
    expect(both.error).toBe('subtensorModule.StakingOperationRateLimitExceeded');
    await mustSubmit(api, st.addStake(alice.address, NETUID, 10n * TAO), bob);
    // the limit is lifted at the end of the block
    expect((await api.query.subtensorModule.stakingOperationRateLimiter.entries()).length).toBe(0);
    await mustSubmit(api, st.removeStake(alice.address, NETUID, TAO), bob);
  });

  it('add_stake_limit refuses to pass its price limit unless partial fills are allowed', async () => {
    const price = big(await api.call.swapRuntimeApi.currentAlphaPrice(NETUID));
    const limit = price + price / 100n; // at most 1 % above the current price
    const strict = await submit(api, api.tx.subtensorModule.addStakeLimit(alice.address, NETUID, 1000n * TAO, limit, false), bob);
    expect(strict.error).toBe('subtensorModule.SlippageTooHigh');
    const free0 = await freeOf(api, bob.address);
    await mustSubmit(api, api.tx.subtensorModule.addStakeLimit(alice.address, NETUID, 1000n * TAO, limit, true), bob);
    const spent = free0 - (await freeOf(api, bob.address));
    expect(spent).toBeGreaterThan(0n);
    expect(spent).toBeLessThan(1000n * TAO);
    const after = big(await api.call.swapRuntimeApi.currentAlphaPrice(NETUID));
    expect(after).toBeLessThanOrEqual(limit);
    expect(after).toBeGreaterThan(price);
  });

  it('remove_stake_limit refuses to sell below its price limit', async () => {
    const price = big(await api.call.swapRuntimeApi.currentAlphaPrice(NETUID));
    const above = await submit(api, api.tx.subtensorModule.removeStakeLimit(alice.address, NETUID, 10n * TAO, price * 2n, false), bob);
    expect(above.error).toBe('swap.PriceLimitExceeded');
  });

  it('set_fee_rate is root only, capped at MaxFeeRate, and changes the quoted fee', async () => {
    const notRoot = await submit(api, api.tx.swap.setFeeRate(NETUID, 0), bob);
    expect(notRoot.error).toBe('BadOrigin');
    const tooHigh = await mustSubmit(api, api.tx.sudo.sudo(api.tx.swap.setFeeRate(NETUID, 10_001)), alice);
    const sudid = tooHigh.events.find((e) => e.event.method === 'Sudid')!.event.data[0] as unknown as {
      isErr: boolean;
      asErr: { asModule: Parameters<typeof api.registry.findMetaError>[0] };
    };
    expect(sudid.isErr).toBe(true);
    const meta = api.registry.findMetaError(sudid.asErr.asModule);
    expect(`${meta.section}.${meta.name}`).toBe('swap.FeeRateTooHigh');
    await mustSubmit(api, api.tx.sudo.sudo(api.tx.swap.setFeeRate(NETUID, 0)), alice);
    expect((await api.query.swap.feeRate(NETUID)).toJSON()).toBe(0);
    const quote = (await api.call.swapRuntimeApi.simSwapTaoForAlpha(NETUID, 10n * TAO)).toJSON() as Record<string, string | number>;
    expect(big(quote.taoFee)).toBe(0n);
    expect(big(quote.taoAmount)).toBe(10n * TAO);
  });
});
