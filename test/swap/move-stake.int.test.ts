import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';
import { freeOf, mustSubmit, submit, type TxOutcome } from '../subtensor/chain-client.ts';

/**
 * Stake that moves between hotkeys, coldkeys and subnets through the pools
 * (staking/move_stake.rs, remove_stake.rs of the spec-381 runtime). Subnets 1
 * and 2 both start with the 1000 TAO / 1000 alpha pool of the minimum lock
 * (price 1) and the 33/65535 fee; Bob stakes 100 TAO on subnet 1 through
 * Alice's hotkey. The pool is the full-range position of liquidity
 * L = sqrt(1000e9 * 1000e9) = 1e12, so every swap below is constant-product:
 * a sale of `a` alpha into reserves (T, A) pays T - T*A/(A + a - fee).
 */
const TAO = 1_000_000_000n;
let devnet: InProcessDevnet;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
let charlie: KeyringPair;

const big = (v: unknown) => BigInt((v as { toString(): string }).toString());
const stakeOf = async (hotkey: string, coldkey: string, netuid: number) =>
  big(
    await api.call.stakeInfoRuntimeApi
      .getStakeInfoForHotkeyColdkeyNetuid(hotkey, coldkey, netuid)
      .then((o) => (o.toJSON() as { stake?: number | string } | null)?.stake ?? 0),
  );
const eventData = (out: TxOutcome, method: string) => out.events.filter((e) => e.event.method === method).map((e) => e.event.data.map((d) => d.toString()));

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map((u) => keyring.addFromUri(u));
  devnet = await startInProcessDevnet({
    mode: 'instant',
    genesis: {
      balances: [
        [alice.address, '1000000000000000000'],
        [bob.address, '1000000000000000000'],
        [charlie.address, '1000000000000000000'],
      ],
      // subnet 2 gets subnet 1's long tempo: no epoch pays dividends into the stakes the tests read
      subtensorModule: { defaultTempo: 1000, subnet: { owner: '//Alice', ownerHotkey: '//Alice', tempo: 1000 } },
    },
  });
  api = await connectApi(devnet.url);
  // subnet 2: registered by Alice with the same hotkey, started after DurationOfStartCall
  await mustSubmit(api, api.tx.subtensorModule.registerNetwork(alice.address), alice);
  await devnet.newBlock(10);
  await mustSubmit(api, api.tx.subtensorModule.startCall(2), alice);
  await mustSubmit(api, api.tx.subtensorModule.addStake(alice.address, 1, 100n * TAO), bob);
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

const q = () => api.query.subtensorModule;
const pool = async (netuid: number) => [big(await q().subnetTAO(netuid)), big(await q().subnetAlphaIn(netuid))];

describe('move_stake, swap_stake, transfer_stake', () => {
  it('move_stake across subnets sells on the origin pool and buys on the destination pool without a second fee', async () => {
    // Bob's 100 TAO: fee 100e9*33/65535 = 50_354_772, 99_949_645_228 into the pool,
    // 1000e9 - 1e24/1_099_949_645_228 = 90_867_473_489 alpha out
    expect(await stakeOf(alice.address, bob.address, 1)).toBe(90_867_473_489n);
    const quote = (await api.call.swapRuntimeApi.simSwapAlphaForTao(1, 40n * TAO)).toJSON() as Record<string, number | string>;
    const out = await mustSubmit(api, api.tx.subtensorModule.moveStake(alice.address, alice.address, 1, 2, 40n * TAO), bob);
    // sale of 40 alpha: fee 40e9*33/65535 = 20_141_908, 39_979_858_092 into reserves (909_132_526_511 alpha,
    // 1_099_949_645_228 TAO): 1_099_949_645_228 - 1e24/949_112_384_603 ≈ 46_333_639_133.75, the sqrt-price path pays 46_333_639_132
    expect(big(quote.taoAmount)).toBe(46_333_639_132n);
    expect(eventData(out, 'StakeRemoved')).toEqual([[bob.address, alice.address, '46333639132', String(40n * TAO), '1', '20141908']]);
    // purchase with the fee dropped: 1000e9 - 1e24/(1000e9 + 46_333_639_132) = 44_281_897_665.49
    expect(eventData(out, 'StakeAdded')).toEqual([[bob.address, alice.address, '46333639132', '44281897665', '2', '0']]);
    expect(eventData(out, 'StakeMoved')).toEqual([[bob.address, alice.address, '1', alice.address, '2', '46333639132']]);
    expect(await pool(1)).toEqual([1_099_949_645_228n - 46_333_639_132n, 909_132_526_511n + 39_979_858_092n]);
    expect(await pool(2)).toEqual([1000n * TAO + 46_333_639_132n, 1000n * TAO - 44_281_897_665n]);
    expect(await stakeOf(alice.address, bob.address, 1)).toBe(90_867_473_489n - 40n * TAO);
    expect(await stakeOf(alice.address, bob.address, 2)).toBe(44_281_897_665n);
  });

  it('stake moved in a block cannot leave the destination in the same block', async () => {
    const st = api.tx.subtensorModule;
    const both = await submit(
      api,
      api.tx.utility.batchAll([st.moveStake(alice.address, alice.address, 1, 2, TAO), st.swapStake(alice.address, 2, 1, TAO)]),
      bob,
    );
    expect(both.error).toBe('subtensorModule.StakingOperationRateLimitExceeded');
  });

  it('swap_stake moves stake of one hotkey between subnets, as quoted', async () => {
    const quote = (await api.call.swapRuntimeApi.simSwapAlphaForTao(2, 20n * TAO)).toJSON() as Record<string, number | string>;
    const before = await stakeOf(alice.address, bob.address, 1);
    const out = await mustSubmit(api, api.tx.subtensorModule.swapStake(alice.address, 2, 1, 20n * TAO), bob);
    const tao = String(quote.taoAmount);
    expect(eventData(out, 'StakeSwapped')).toEqual([[bob.address, alice.address, '2', '1', tao]]);
    const [added] = eventData(out, 'StakeAdded');
    expect(added.slice(0, 3)).toEqual([bob.address, alice.address, tao]);
    expect(added[4]).toBe('1');
    expect(added[5]).toBe('0');
    // shares round down: the new stake reads at most one unit under what was bought
    const gained = (await stakeOf(alice.address, bob.address, 1)) - before;
    expect(BigInt(added[3]) - gained).toBeGreaterThanOrEqual(0n);
    expect(BigInt(added[3]) - gained).toBeLessThanOrEqual(1n);
  });

  it('transfer_stake within a subnet hands alpha to another coldkey without touching the pool', async () => {
    const poolBefore = await pool(1);
    const price = big(await api.call.swapRuntimeApi.currentAlphaPrice(1));
    const out = await mustSubmit(api, api.tx.subtensorModule.transferStake(charlie.address, alice.address, 1, 1, 10n * TAO), bob);
    expect(await pool(1)).toEqual(poolBefore);
    const [moved] = eventData(out, 'StakeTransferred');
    expect(moved.slice(0, 5)).toEqual([bob.address, charlie.address, alice.address, '1', '1']);
    // 10 alpha at the pool's price (U96F32 price × alpha, floored): within 10 RAO of 10 × the RAO price
    const tao = BigInt(moved[5]);
    expect(tao - 10n * price).toBeLessThanOrEqual(10n);
    expect(10n * price - tao).toBeLessThanOrEqual(10n);
    expect(eventData(out, 'StakeRemoved')).toEqual([[bob.address, alice.address, moved[5], String(10n * TAO), '1', '0']]);
    expect(eventData(out, 'StakeAdded')).toEqual([[charlie.address, alice.address, moved[5], String(10n * TAO), '1', '0']]);
    expect(10n * TAO - (await stakeOf(alice.address, charlie.address, 1))).toBeLessThanOrEqual(1n);
  });

  it('refuses a move to where the stake already is, and amounts under the minimum stake', async () => {
    const st = api.tx.subtensorModule;
    expect((await submit(api, st.swapStake(alice.address, 1, 1, TAO), bob)).error).toBe('subtensorModule.SameNetuid');
    // 0.001 alpha sells for about 0.001 TAO, under DefaultMinStake (0.002 TAO)
    expect((await submit(api, st.moveStake(alice.address, alice.address, 1, 2, 1_000_000n), bob)).error).toBe('subtensorModule.AmountTooLow');
    expect((await submit(api, st.transferStake(charlie.address, alice.address, 1, 1, 1_000_000n), bob)).error).toBe('subtensorModule.AmountTooLow');
    expect((await submit(api, st.moveStake(alice.address, alice.address, 1, 7, TAO), bob)).error).toBe('subtensorModule.SubnetNotExists');
  });

  it("transfer_stake is refused while the subnet's owner has transfers off (TransferToggle), and goes through again after", async () => {
    const st = api.tx.subtensorModule;
    await mustSubmit(api, api.tx.adminUtils.sudoSetToggleTransfer(1, false), alice);
    expect((await q().transferToggle(1)).toJSON()).toBe(false);
    expect((await submit(api, st.transferStake(charlie.address, alice.address, 1, 1, TAO), bob)).error).toBe('subtensorModule.TransferDisallowed');
    await mustSubmit(api, api.tx.adminUtils.sudoSetToggleTransfer(1, true), alice);
    const out = await mustSubmit(api, st.transferStake(charlie.address, alice.address, 1, 1, TAO), bob);
    expect(eventData(out, 'StakeTransferred')).toHaveLength(1);
  });

  it('swap_stake_limit: no amount above the price ratio, the whole amount or a partial fill below it', async () => {
    const st = api.tx.subtensorModule;
    const p1 = big(await api.call.swapRuntimeApi.currentAlphaPrice(1));
    const p2 = big(await api.call.swapRuntimeApi.currentAlphaPrice(2));
    // the limit is subnet 1's price in subnet 2's alpha (RAO); moving only lowers it
    const ratio = (p1 * TAO) / p2;
    expect((await submit(api, st.swapStakeLimit(alice.address, 1, 2, 10n * TAO, ratio * 2n, false), bob)).error).toBe('subtensorModule.ZeroMaxStakeAmount');
    const limit = ratio - ratio / 100n;
    const held = await stakeOf(alice.address, bob.address, 1);
    expect((await submit(api, st.swapStakeLimit(alice.address, 1, 2, held, limit, false), bob)).error).toBe('subtensorModule.SlippageTooHigh');
    const out = await mustSubmit(api, st.swapStakeLimit(alice.address, 1, 2, held, limit, true), bob);
    const [removed] = eventData(out, 'StakeRemoved');
    const sold = BigInt(removed[3]);
    expect(sold).toBeGreaterThan(0n);
    expect(sold).toBeLessThan(held);
    expect(eventData(out, 'StakeSwapped')).toHaveLength(1);
  });
});

describe('unstake_all, unstake_all_alpha, remove_stake_full_limit', () => {
  it('unstake_all sells the stake on every subnet and pays the coldkey', async () => {
    const on1 = await stakeOf(alice.address, bob.address, 1);
    const on2 = await stakeOf(alice.address, bob.address, 2);
    expect(on1).toBeGreaterThan(0n);
    expect(on2).toBeGreaterThan(0n);
    const free0 = await freeOf(api, bob.address);
    const out = await mustSubmit(api, api.tx.subtensorModule.unstakeAll(alice.address), bob);
    const removed = eventData(out, 'StakeRemoved');
    expect(removed.map((r) => [r[3], r[4]])).toEqual([
      [String(on1), '1'],
      [String(on2), '2'],
    ]);
    const paid = removed.reduce((a, r) => a + BigInt(r[2]), 0n);
    const fee = big((out.events.find((e) => e.event.method === 'TransactionFeePaid')?.event.data[1] as unknown) ?? 0);
    expect((await freeOf(api, bob.address)) - free0).toBe(paid - fee);
    expect(await stakeOf(alice.address, bob.address, 1)).toBe(0n);
    expect(await stakeOf(alice.address, bob.address, 2)).toBe(0n);
  });

  it('unstake_all_alpha sells subnet stake and stakes the TAO on root, 1:1 without a fee', async () => {
    const held = await stakeOf(alice.address, charlie.address, 1);
    const quote = (await api.call.swapRuntimeApi.simSwapAlphaForTao(1, held)).toJSON() as Record<string, number | string>;
    const out = await mustSubmit(api, api.tx.subtensorModule.unstakeAllAlpha(alice.address), charlie);
    const [removed] = eventData(out, 'StakeRemoved');
    const tao = removed[2];
    expect(removed).toEqual([charlie.address, alice.address, tao, String(held), '1', String(quote.alphaFee)]);
    // the inclusion block's coinbase first injects subnet 1's emission into its pool at its price:
    // the deeper pool pays at least the quote and at most 0.1 % more
    expect(BigInt(tao)).toBeGreaterThanOrEqual(big(quote.taoAmount));
    expect(BigInt(tao) - big(quote.taoAmount)).toBeLessThanOrEqual(big(quote.taoAmount) / 1000n);
    expect(eventData(out, 'StakeAdded')).toEqual([[charlie.address, alice.address, tao, tao, '0', '0']]);
    expect(await stakeOf(alice.address, charlie.address, 1)).toBe(0n);
    expect(await stakeOf(alice.address, charlie.address, 0)).toBe(BigInt(tao));
    // nothing left to sell: staking nothing into root fails as the runtime's stake_into_subnet does
    expect((await submit(api, api.tx.subtensorModule.unstakeAllAlpha(alice.address), charlie)).error).toBe('subtensorModule.AmountTooLow');
  });

  it('remove_stake_full_limit sells the whole stake, with or without a price limit', async () => {
    const st = api.tx.subtensorModule;
    await mustSubmit(api, st.addStake(alice.address, 2, 10n * TAO), bob);
    const held = await stakeOf(alice.address, bob.address, 2);
    const price = big(await api.call.swapRuntimeApi.currentAlphaPrice(2));
    // a limit above the price: the reverting swap of get_max_amount_remove fails first
    expect((await submit(api, st.removeStakeFullLimit(alice.address, 2, price * 2n), bob)).error).toBe('swap.PriceLimitExceeded');
    const out = await mustSubmit(api, st.removeStakeFullLimit(alice.address, 2, null), bob);
    expect(eventData(out, 'StakeRemoved')[0][3]).toBe(String(held));
    expect(await stakeOf(alice.address, bob.address, 2)).toBe(0n);
  });
});

describe('StakeInfoRuntimeApi', () => {
  it("lists a coldkey's stake per hotkey and subnet, as the share pools value it", async () => {
    await mustSubmit(api, api.tx.subtensorModule.addStake(alice.address, 1, 5n * TAO), bob);
    await mustSubmit(api, api.tx.subtensorModule.addStake(alice.address, 2, 7n * TAO), bob);
    const list = (await api.call.stakeInfoRuntimeApi.getStakeInfoForColdkey(bob.address)).toJSON() as Record<string, unknown>[];
    expect(list.map((i) => [i.hotkey, i.coldkey, i.netuid, i.isRegistered])).toEqual([
      [alice.address, bob.address, 1, true],
      [alice.address, bob.address, 2, true],
    ]);
    for (const i of list) {
      // the pool value of Bob's shares: TotalHotkeyAlpha × his shares / all shares
      const netuid = i.netuid as number;
      const shares = BigInt(((await q().alpha(alice.address, bob.address, netuid)).toJSON() as { bits: number | string }).bits);
      const total = BigInt(((await q().totalHotkeyShares(alice.address, netuid)).toJSON() as { bits: number | string }).bits);
      expect(big(i.stake)).toBe((shares * big(await q().totalHotkeyAlpha(alice.address, netuid))) / total);
    }
    const many = (await api.call.stakeInfoRuntimeApi.getStakeInfoForColdkeys([bob.address, alice.address])).toJSON() as [string, unknown[]][];
    expect(many.map(([c, l]) => [c, l.length])).toEqual([
      [bob.address, 2],
      [alice.address, 0],
    ]);
    const none = (await api.call.stakeInfoRuntimeApi.getStakeInfoForHotkeyColdkeyNetuid(alice.address, alice.address, 1)).toJSON() as Record<string, unknown>;
    expect(none).toMatchObject({ hotkey: alice.address, coldkey: alice.address, netuid: 1, stake: 0 });
  });

  it('get_stake_fee: the pool fee of the destination subnet, nothing when nothing moves', async () => {
    const call = api.call.stakeInfoRuntimeApi.getStakeFee;
    // 100 TAO × 33/65535 = 50_354_772.26
    expect(big(await call([alice.address, 1], bob.address, [alice.address, 2], bob.address, 100n * TAO))).toBe(50_354_772n);
    expect(big(await call([alice.address, 1], bob.address, [alice.address, 1], bob.address, 100n * TAO))).toBe(0n);
    expect(big(await call(null, bob.address, [alice.address, 1], bob.address, 100n * TAO))).toBe(50_354_772n);
  });
});
