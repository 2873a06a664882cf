import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitDividend } from '../../devnet/pallets/subtensor/children.ts';
import { u96, u96Add, u96Mul, u96PerU16, u96PerU64, u96Sub, u96ToU64 } from '../../devnet/pallets/subtensor/fixed.ts';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';
import { advanceTo, headNumber, mustSubmit, nextEpochBlock, submit } from './chain-client.ts';

/**
 * Child hotkeys on a real devnet, as spec 381: `set_children` refused with the
 * runtime's errors, scheduled, applied at the subnet's first epoch after the
 * cooldown; the metagraph's stake is the inherited stake, and the child's
 * dividends are shared with its parent less the childkey take.
 */
const TAO = 1_000_000_000n;
const U64_MAX = (1n << 64n) - 1n;
const HALF = U64_MAX / 2n;
const NETUID = 1;
const TEMPO = 10;
const COOLDOWN = 15n; // PendingChildKeyCooldown's default
const TAKE = 6553; // ≈ 10 %, under MaxChildkeyTake (11796)
const big = (v: unknown) => BigInt((v as { toString(): string }).toString());
type Links = [string | number, string][];

let devnet: InProcessDevnet;
let api: ApiPromise;
let alice: KeyringPair, bob: KeyringPair, charlie: KeyringPair;
let parent: KeyringPair, child: KeyringPair, miner: KeyringPair;
const tx = () => api.tx.subtensorModule;
const q = () => api.query.subtensorModule;
const links = async (p: Promise<unknown>) => ((await p) as { toJSON(): Links }).toJSON().map(([prop, who]) => [BigInt(prop), who] as const);

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map((u) => keyring.addFromUri(u));
  parent = keyring.addFromUri('//Bob//parent');
  child = keyring.addFromUri('//Charlie//child');
  miner = keyring.addFromUri('//Bob//miner');
  devnet = await startInProcessDevnet({
    mode: 'instant',
    genesis: {
      balances: [alice, bob, charlie].map((k) => [k.address, '1000000000000000']),
      subtensorModule: { subnet: { tempo: TEMPO, weightsSetRateLimit: 0, minAllowedWeights: 1, commitRevealWeightsEnabled: false } },
    },
  });
  api = await connectApi(devnet.url);
  await mustSubmit(api, tx().burnedRegister(NETUID, parent.address), bob);
  await mustSubmit(api, tx().burnedRegister(NETUID, child.address), charlie);
  await mustSubmit(api, tx().burnedRegister(NETUID, miner.address), bob);
  await mustSubmit(api, tx().addStake(parent.address, NETUID, 100n * TAO), bob);
  await mustSubmit(api, tx().addStake(child.address, NETUID, 10n * TAO), charlie);
}, 90_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('set_children', () => {
  it("refuses bad children with the runtime's errors, in its order", async () => {
    const others = [1, 2, 3, 4, 5, 6].map((i) => new Keyring({ type: 'sr25519' }).addFromUri(`//Dave//${i}`).address);
    const error = async (call: ReturnType<ReturnType<typeof tx>['setChildren']>, signer = bob) => (await submit(api, call, signer)).error;
    expect(await error(tx().setChildren(parent.address, NETUID, [[HALF, child.address]]), charlie)).toBe('subtensorModule.NonAssociatedColdKey');
    expect(await error(tx().setChildren(parent.address, 0, [[HALF, child.address]]))).toBe('subtensorModule.RegistrationNotPermittedOnRootSubnet');
    expect(await error(tx().setChildren(parent.address, 77, [[HALF, child.address]]))).toBe('subtensorModule.SubnetNotExists');
    expect(await error(tx().setChildren(parent.address, NETUID, [[HALF, parent.address]]))).toBe('subtensorModule.InvalidChild');
    expect(
      await error(
        tx().setChildren(parent.address, NETUID, [
          [1, child.address],
          [2, child.address],
        ]),
      ),
    ).toBe('subtensorModule.DuplicateChild');
    expect(
      await error(
        tx().setChildren(
          parent.address,
          NETUID,
          others.map((o) => [1, o]),
        ),
      ),
    ).toBe('subtensorModule.TooManyChildren');
    expect(
      await error(
        tx().setChildren(parent.address, NETUID, [
          [U64_MAX, child.address],
          [1, others[0]],
        ]),
      ),
    ).toBe('subtensorModule.ProportionOverflow');
    // the parent's own stake (its alpha at the pool price, ≈ 100 τ) must reach StakeThreshold
    await mustSubmit(api, api.tx.sudo.sudo(api.tx.adminUtils.sudoSetStakeThreshold(1_000_000n * TAO)), alice);
    expect(await error(tx().setChildren(parent.address, NETUID, [[HALF, child.address]]))).toBe('subtensorModule.NotEnoughStakeToSetChildkeys');
    await mustSubmit(api, api.tx.sudo.sudo(api.tx.adminUtils.sudoSetStakeThreshold(0)), alice);
    // nothing was scheduled by the refused calls
    expect(((await q().pendingChildKeys(NETUID, parent.address)).toJSON() as [Links, number])[0]).toEqual([]);
  });

  it('schedules the children; they apply at the first epoch after the cooldown, with the parent links', async () => {
    const out = await mustSubmit(api, tx().setChildren(parent.address, NETUID, [[HALF, child.address]]), bob);
    const scheduledAt = await headNumber(api);
    const cooldown = BigInt(scheduledAt) + COOLDOWN;
    const event = out.events.find(({ event }) => event.method === 'SetChildrenScheduled')!.event;
    expect(event.data.toJSON()).toEqual([parent.address, NETUID, Number(cooldown), [[expect.anything(), child.address]]]);
    const [pending, due] = (await q().pendingChildKeys(NETUID, parent.address)).toJSON() as [Links, number];
    expect(pending.map(([p, c]) => [BigInt(p), c])).toEqual([[HALF, child.address]]);
    expect(BigInt(due)).toBe(cooldown);
    // the rate limit is 150 blocks per (hotkey, subnet)
    expect((await submit(api, tx().setChildren(parent.address, NETUID, []), bob)).error).toBe('subtensorModule.TxRateLimitExceeded');

    // applied at an epoch block strictly after the cooldown block
    let epoch = nextEpochBlock(scheduledAt, NETUID, TEMPO);
    while (BigInt(epoch) <= cooldown) epoch = nextEpochBlock(epoch, NETUID, TEMPO);
    await advanceTo(api, epoch - 1);
    expect(await links(q().childKeys(parent.address, NETUID))).toEqual([]);
    await advanceTo(api, epoch);
    expect(await links(q().childKeys(parent.address, NETUID))).toEqual([[HALF, child.address]]);
    expect(await links(q().parentKeys(child.address, NETUID))).toEqual([[HALF, parent.address]]);
    expect((await q().pendingChildKeys.entries(NETUID)).length).toBe(0);
    const events = (await api.query.system.events()) as unknown as { event: { method: string; data: { toJSON(): unknown } } }[];
    const applied = events.find(({ event }) => event.method === 'SetChildren');
    expect(applied?.event.data.toJSON()).toEqual([parent.address, NETUID, [[expect.anything(), child.address]]]);
  }, 60_000);

  it("the metagraph's alpha stake is the inherited stake: half the parent's alpha moves to the child", async () => {
    const [p, c] = [big(await q().totalHotkeyAlpha(parent.address, NETUID)), big(await q().totalHotkeyAlpha(child.address, NETUID))];
    // get_inherited_for_hotkey_on_subnet: the parent keeps P − P · (HALF / u64::MAX), the child gets C + P · (HALF / u64::MAX), in U96F32
    const lent = u96Mul(u96(p), u96PerU64(HALF));
    const mg = (
      (await api.call.subnetInfoRuntimeApi.getMetagraph(NETUID)) as unknown as { toJSON(): { hotkeys: string[]; alphaStake: (string | number)[] } }
    ).toJSON();
    const stakeOf = (who: string) => BigInt(mg.alphaStake[mg.hotkeys.indexOf(who)]);
    expect(stakeOf(parent.address)).toBe(u96ToU64(u96Sub(u96(p), lent)));
    expect(stakeOf(child.address)).toBe(u96ToU64(u96Add(u96(c), lent)));
    // HALF / u64::MAX in U96F32 is 0.5 − 2^-32 (the fraction cut to 32 bits), so the child gets P / 2^32 RAO less than half
    const short = c + p / 2n - stakeOf(child.address);
    expect(short).toBeGreaterThan(0n);
    expect(short).toBeLessThanOrEqual((p >> 32n) + 1n);
  });
});

describe('set_childkey_take', () => {
  it('refuses other coldkeys and takes above MaxChildkeyTake; a raise waits TxChildkeyTakeRateLimit blocks, a cut does not', async () => {
    expect((await submit(api, tx().setChildkeyTake(child.address, NETUID, TAKE), bob)).error).toBe('subtensorModule.NonAssociatedColdKey');
    expect((await submit(api, tx().setChildkeyTake(child.address, NETUID, 11797), charlie)).error).toBe('subtensorModule.InvalidChildkeyTake');
    const out = await mustSubmit(api, tx().setChildkeyTake(child.address, NETUID, TAKE - 100), charlie);
    expect(out.events.find(({ event }) => event.method === 'ChildKeyTakeSet')?.event.data.toJSON()).toEqual([child.address, TAKE - 100]);
    expect((await submit(api, tx().setChildkeyTake(child.address, NETUID, TAKE), charlie)).error).toBe('subtensorModule.TxChildkeyTakeRateLimitExceeded');
    await mustSubmit(api, tx().setChildkeyTake(child.address, NETUID, TAKE - 200), charlie);
    await advanceTo(api, (await headNumber(api)) + 5);
    await mustSubmit(api, tx().setChildkeyTake(child.address, NETUID, TAKE), charlie);
    expect((await q().childkeyTake(child.address, NETUID)).toJSON()).toBe(TAKE);
  });
});

describe('dividends of a child with a parent', () => {
  it('the parent gets its contribution share of the child’s dividends less the take; the child keeps the rest', async () => {
    await mustSubmit(api, tx().setWeights(NETUID, [(await q().uids(NETUID, miner.address)).toJSON() as number], [65535], 0), child);
    const epoch = nextEpochBlock(await headNumber(api), NETUID, TEMPO);
    await advanceTo(api, epoch - 1);
    const before = await api.at(await api.rpc.chain.getBlockHash(epoch - 1));
    const stake = async (who: string, netuid: number) => big(await before.query.subtensorModule.totalHotkeyAlpha(who, netuid));
    await advanceTo(api, epoch);
    const record = async (who: string) => big(await q().alphaDividendsPerSubnet(NETUID, who));
    const [toParent, toChild] = [await record(parent.address), await record(child.address)];
    expect(toChild).toBeGreaterThan(0n);
    expect(toParent).toBeGreaterThan(0n);

    // no root stake and no TaoWeight'd part: the child's self contribution is its alpha (no children of its own),
    // the parent's HALF / u64::MAX of its alpha; another coldkey, so the parent's share pays the 10 % take
    const self = u96(await stake(child.address, NETUID));
    const contribution = u96Mul(u96(await stake(parent.address, NETUID)), u96PerU64(HALF));
    const split = splitDividend(1_000_000n * TAO, self, [{ contribution, otherColdkey: true }], u96PerU16(TAKE), 0n);
    // both records are the same validator alpha shared by these dividends, less the same delegate take: the ratio is the split's
    const ratio = Number(split.toParents[0]) / Number(split.toHotkey);
    expect(Number(toParent) / Number(toChild)).toBeCloseTo(ratio, 6);
  }, 60_000);
});

describe('swap_hotkey', () => {
  it('moves the parent’s links to the new hotkey and leaves the old one none', async () => {
    const fresh = new Keyring({ type: 'sr25519' }).addFromUri('//Bob//parent2').address;
    await mustSubmit(api, tx().swapHotkey(parent.address, fresh, null), bob);
    expect(await links(q().childKeys(fresh, NETUID))).toEqual([[HALF, child.address]]);
    expect(await links(q().parentKeys(child.address, NETUID))).toEqual([[HALF, fresh]]);
    expect(await links(q().childKeys(parent.address, NETUID))).toEqual([]);
  });
});
