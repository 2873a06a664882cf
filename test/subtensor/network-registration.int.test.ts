import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';
import { freeOf, headNumber, mustSubmit, newBlocks, submit } from './chain-client.ts';

/**
 * `register_network` as subtensor's spec-381 `do_register_network` runs it: the rate
 * limit, the lock cost (`get_network_lock_cost`) and every item `init_new_network` sets.
 */
let devnet: DevnetHandle;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
let poor: KeyringPair;
const TAO = 1_000_000_000n;
const MIN_LOCK = 1000n * TAO;
const RATE_LIMIT = 5;
/** `NetworkLockReductionInterval` (14 days of blocks) at the first emission level. */
const REDUCTION_INTERVAL = 100_800n;

const tx = () => api.tx.subtensorModule;
const big = (v: { toString(): string }) => BigInt(v.toString());

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob] = ['//Alice', '//Bob'].map((u) => keyring.addFromUri(u));
  poor = keyring.addFromUri('//Poor');
  devnet = await startDevnet({
    mode: 'instant',
    genesis: {
      balances: [
        [alice.address, '10000000000000'],
        [bob.address, '10000000000000'],
        [poor.address, '999000000000'],
      ],
      subtensorModule: { networkRateLimit: RATE_LIMIT },
    },
  });
  api = await connectApi(devnet.url);
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('register_network', () => {
  it('locks exactly the minimum for the first subnet, and lets it through the rate limit', async () => {
    const before = await freeOf(api, alice.address);
    const out = await mustSubmit(api, tx().registerNetwork(keyringHotkey('first')), alice);
    const fee = big(out.events.find((e) => e.event.method === 'TransactionFeePaid')?.event.data[1] ?? 0);
    expect(before - (await freeOf(api, alice.address)) - fee).toBe(MIN_LOCK);
    const q = api.query.subtensorModule;
    expect(big(await q.subnetLocked(1))).toBe(MIN_LOCK);
    expect(big(await q.networkLastLockCost())).toBe(MIN_LOCK);
    expect(big(await q.lastRateLimitedBlock('NetworkLastRegistered'))).toBe(BigInt(await headNumber(api)));
    // the whole lock is the pool's TAO: nothing is recycled
    expect(big(await q.subnetTAO(1))).toBe(MIN_LOCK);
    expect(big(await q.raoRecycledForRegistration(1))).toBe(0n);
  });

  it('refuses a second subnet inside NetworkRateLimit blocks as an invalid transaction (Custom 6)', async () => {
    // the transaction extension refuses it before dispatch: RateLimitExceeded is CustomTransactionError 6
    await expect(submit(api, tx().registerNetwork(keyringHotkey('early')), bob)).rejects.toThrow(/1010: Invalid Transaction: Custom error: 6/);
  });

  it('then charges twice the last lock, less its linear decay since that lock', async () => {
    const q = api.query.subtensorModule;
    const lastBlock = big(await q.lastRateLimitedBlock('NetworkLastRegistered'));
    await newBlocks(api, RATE_LIMIT);
    const before = await freeOf(api, bob.address);
    const out = await mustSubmit(api, tx().registerNetwork(keyringHotkey('second')), bob);
    const block = BigInt(await headNumber(api));
    const fee = big(out.events.find((e) => e.event.method === 'TransactionFeePaid')?.event.data[1] ?? 0);
    const expected = 2n * MIN_LOCK - (MIN_LOCK / REDUCTION_INTERVAL) * (block - lastBlock);
    expect(before - (await freeOf(api, bob.address)) - fee).toBe(expected);
    expect(big(await q.subnetLocked(2))).toBe(expected);
    // the pool keeps the minimum; the rest is recycled
    expect(big(await q.subnetTAO(2))).toBe(MIN_LOCK);
    expect(big(await q.raoRecycledForRegistration(2))).toBe(expected - MIN_LOCK);
  });

  it("sets init_new_network's values on the new subnet", async () => {
    const q = api.query.subtensorModule;
    const read = async (name: string) =>
      (await (q as unknown as Record<string, (n: number) => Promise<{ toJSON(): unknown; toString(): string }>>)[name](2)).toString();
    expect(await read('subnetworkN')).toBe('1');
    expect(await read('networkRegistrationAllowed')).toBe('true');
    expect(await read('maxAllowedUids')).toBe('256');
    expect(await read('maxAllowedValidators')).toBe('64');
    expect(await read('minAllowedWeights')).toBe('1');
    expect(await read('maxWeightsLimit')).toBe('65535');
    expect(await read('adjustmentInterval')).toBe('360');
    expect(await read('targetRegistrationsPerInterval')).toBe('1');
    expect(await read('adjustmentAlpha')).toBe('17893341751498265066');
    expect(await read('immunityPeriod')).toBe('5000');
    expect(await read('minDifficulty')).toBe('18446744073709551615');
    expect(await read('maxDifficulty')).toBe('18446744073709551615');
    expect(await read('subnetMechanism')).toBe('1');
  });

  it('refuses a coldkey that cannot afford the lock with CannotAffordLockCost', async () => {
    await newBlocks(api, RATE_LIMIT);
    const out = await submit(api, tx().registerNetwork(keyringHotkey('poor')), poor);
    expect(out.error).toBe('subtensorModule.CannotAffordLockCost');
  });
});

describe('the registration cap of a subnet register_network made (target 1 per interval of 360 blocks)', () => {
  const NETUID = 2;
  const q = () => api.query.subtensorModule;

  it('takes one registration per block: a second in the same block fails with TooManyRegistrationsThisBlock', async () => {
    const keyring = new Keyring({ type: 'sr25519' });
    const [c1, c2] = ['//Cap1', '//Cap2'].map((u) => keyring.addFromUri(u));
    await mustSubmit(api, api.tx.balances.transferKeepAlive(c1.address, 10n * TAO), alice);
    await mustSubmit(api, api.tx.balances.transferKeepAlive(c2.address, 10n * TAO), alice);
    const signed = await Promise.all(
      [c1, c2].map(async (c, i) =>
        (
          await tx()
            .burnedRegister(NETUID, keyringHotkey(`block-${i}`))
            .signAsync(c, { nonce: 0 })
        ).toHex(),
      ),
    );
    const hash = (await (api as unknown as { _rpcCore: { provider: { send(m: string, p: unknown[]): Promise<string> } } })._rpcCore.provider.send(
      'dev_newBlock',
      [{ transactions: signed }],
    )) as string;
    const events = (await (await api.at(hash)).query.system.events()) as unknown as { event: { section: string; method: string; data: unknown[] } }[];
    expect(events.filter((e) => e.event.method === 'NeuronRegistered')).toHaveLength(1);
    const failed = events.find((e) => e.event.method === 'ExtrinsicFailed');
    const err = failed!.event.data[0] as unknown as { isModule: boolean; asModule: Parameters<typeof api.registry.findMetaError>[0] };
    expect(api.registry.findMetaError(err.asModule).name).toBe('TooManyRegistrationsThisBlock');
  });

  it('takes 3 × TargetRegistrationsPerInterval per interval, then refuses the transaction (1010 Custom 6)', async () => {
    expect((await q().targetRegistrationsPerInterval(NETUID)).toString()).toBe('1');
    expect((await q().registrationsThisInterval(NETUID)).toString()).toBe('1');
    await mustSubmit(api, tx().burnedRegister(NETUID, keyringHotkey('interval-1')), alice);
    await mustSubmit(api, tx().burnedRegister(NETUID, keyringHotkey('interval-2')), alice);
    await expect(submit(api, tx().burnedRegister(NETUID, keyringHotkey('interval-3')), alice)).rejects.toThrow(/1010: Invalid Transaction: Custom error: 6/);
  });

  it('at the interval end raises the burn toward current × (3 + 1) / 2 with alpha 0.97 and opens the next interval', async () => {
    const burn = big(await q().burn(NETUID));
    const head = await headNumber(api);
    // LastAdjustmentBlock is 0: the adjustment runs in the first block at or after 360
    await newBlocks(api, 360 - head);
    expect(big(await q().lastAdjustmentBlock(NETUID))).toBe(360n);
    expect((await q().registrationsThisInterval(NETUID)).toString()).toBe('0');
    // U110F18: alpha = 254279 / 2^18; burn registrations outnumber proof-of-work ones, so only the burn moves
    expect(big(await q().burn(NETUID))).toBe((254_279n * burn + 7_865n * 2n * burn) / 262_144n);
    await mustSubmit(api, tx().burnedRegister(NETUID, keyringHotkey('next-interval')), alice);
  });
});

function keyringHotkey(name: string): string {
  return new Keyring({ type: 'sr25519' }).addFromUri(`//Hotkey//${name}`).address;
}
