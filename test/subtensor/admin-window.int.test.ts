import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextAllowedBlock } from '../../chain/admin-window.ts';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';
import { advanceTo, headNumber, mustSubmit, nextEpochBlock, submit, type TxOutcome } from './chain-client.ts';

/**
 * Spec 381's admin freeze window, the owner's hyperparameter rate limit and the owner-immunity
 * rules of pruning, on a devnet whose genesis creates netuid 1 (owner and sudo key //Alice,
 * owner hotkey //Alice) with a 5-block window and a 2-tempo rate limit.
 */
const NETUID = 1;
const TEMPO = 20;
const WINDOW = 5;
const RATE_TEMPOS = 2;
let devnet: InProcessDevnet;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
let keyring: Keyring;

const admin = () => api.tx.adminUtils;
const sudo =
  (call: ReturnType<typeof admin>[string]) =>
  (...args: unknown[]) =>
    api.tx.sudo.sudo(call(...args));

const num = (c: { toString(): string }) => Number(c.toString());

/** The error of the call Sudo dispatched (`Sudid`'s result), `section.Name`, or undefined when it passed. */
function sudidError(out: TxOutcome): string | undefined {
  const sudid = out.events.find(({ event }) => event.section === 'sudo' && event.method === 'Sudid');
  if (!sudid) throw new Error('no Sudid event');
  const result = sudid.event.data[0] as unknown as { isErr: boolean; asErr: { isModule: boolean; asModule: never } };
  if (!result.isErr) return undefined;
  const meta = api.registry.findMetaError(result.asErr.asModule);
  return `${meta.section}.${meta.name}`;
}

/** Leaves the head so that the next transaction lands `before` blocks ahead of the next epoch block. */
async function landBeforeEpoch(before: number): Promise<number> {
  let epoch = nextEpochBlock(await headNumber(api), NETUID, TEMPO);
  if (epoch - before - 1 < (await headNumber(api))) epoch = nextEpochBlock(epoch, NETUID, TEMPO);
  await advanceTo(api, epoch - before - 1);
  return epoch - before;
}

beforeAll(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  devnet = await startInProcessDevnet({
    mode: 'instant',
    genesis: {
      subtensorModule: {
        adminFreezeWindow: WINDOW,
        ownerHyperparamRateLimit: RATE_TEMPOS,
        subnet: { owner: '//Alice', ownerHotkey: '//Alice', tempo: TEMPO, maxAllowedUids: 4, immunityPeriod: 30, targetRegistrationsPerInterval: 4 },
      },
    },
  });
  api = await connectApi(devnet.url);
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('admin freeze window', () => {
  it('refuses owner and root setters in the last AdminFreezeWindow blocks before the epoch, and allows them again after it', async () => {
    expect(num(await api.query.subtensorModule.adminFreezeWindow())).toBe(WINDOW);
    // the last open block: WINDOW blocks left before the epoch
    await landBeforeEpoch(WINDOW);
    expect((await submit(api, admin().sudoSetMaxDifficulty(NETUID, 1000), alice)).error).toBeUndefined();
    // the next block is inside the window
    const owner = await submit(api, admin().sudoSetMinBurn(NETUID, 1000), alice);
    expect(owner.error).toBe('subtensorModule.AdminActionProhibitedDuringWeightsWindow');
    const root = await mustSubmit(api, sudo(admin().sudoSetTempo)(NETUID, TEMPO), alice);
    expect(sudidError(root)).toBe('subtensorModule.AdminActionProhibitedDuringWeightsWindow');
    // in the epoch block itself, then the block after it opens the window again
    const epoch = nextEpochBlock(await headNumber(api), NETUID, TEMPO);
    await advanceTo(api, epoch - 1);
    expect((await submit(api, admin().sudoSetMinBurn(NETUID, 1000), alice)).error).toBe('subtensorModule.AdminActionProhibitedDuringWeightsWindow');
    expect((await submit(api, admin().sudoSetMinBurn(NETUID, 1000), alice)).error).toBeUndefined();
    expect((await api.query.subtensorModule.minBurn(NETUID)).toString()).toBe('1000');
  });

  it('root changes the window with sudo_set_admin_freeze_window and its event', async () => {
    const out = await mustSubmit(api, sudo(admin().sudoSetAdminFreezeWindow)(WINDOW + 1), alice);
    expect(sudidError(out)).toBeUndefined();
    expect(out.events.some(({ event }) => event.method === 'AdminFreezeWindowSet' && event.data[0].toString() === String(WINDOW + 1))).toBe(true);
    await landBeforeEpoch(WINDOW);
    expect((await submit(api, admin().sudoSetRho(NETUID, 11), alice)).error).toBe('subtensorModule.AdminActionProhibitedDuringWeightsWindow');
    expect(sudidError(await mustSubmit(api, sudo(admin().sudoSetAdminFreezeWindow)(WINDOW), alice))).toBeUndefined();
    expect((await submit(api, admin().sudoSetMaxAllowedValidators(NETUID, 4), bob)).error).toBe('BadOrigin');
  });
});

describe('owner hyperparameter rate limit', () => {
  it('refuses a second owner change of one hyperparameter until OwnerHyperparamRateLimit tempos have passed', async () => {
    // 10 blocks before the epoch: the retry block 2 tempos on is clear of the window too
    const at = await landBeforeEpoch(10);
    const first = await mustSubmit(api, admin().sudoSetImmunityPeriod(NETUID, 40), alice);
    expect((await api.rpc.chain.getHeader(first.blockHash)).number.toNumber()).toBe(at);
    const key = { OwnerHyperparamUpdate: [NETUID, 'ImmunityPeriod'] };
    expect(num(await api.query.subtensorModule.lastRateLimitedBlock(key))).toBe(at);

    expect((await submit(api, admin().sudoSetImmunityPeriod(NETUID, 30), alice)).error).toBe('subtensorModule.TxRateLimitExceeded');
    // another hyperparameter has its own limit; root is exempt and leaves the owner's record alone
    expect((await submit(api, admin().sudoSetServingRateLimit(NETUID, 3), alice)).error).toBeUndefined();
    expect(sudidError(await mustSubmit(api, sudo(admin().sudoSetImmunityPeriod)(NETUID, 30), alice))).toBeUndefined();
    expect(num(await api.query.subtensorModule.lastRateLimitedBlock(key))).toBe(at);

    // the retry block the client computes: refused in the block before it, allowed in it
    const state = { netuid: NETUID, tempo: TEMPO, freezeWindow: WINDOW, rateLimitTempos: RATE_TEMPOS, lastChange: at, byRoot: false };
    const retry = nextAllowedBlock(state, (await headNumber(api)) + 1)!;
    expect(retry).toBe(at + TEMPO * RATE_TEMPOS);
    await advanceTo(api, retry - 2);
    expect((await submit(api, admin().sudoSetImmunityPeriod(NETUID, 30), alice)).error).toBe('subtensorModule.TxRateLimitExceeded');
    const again = await submit(api, admin().sudoSetImmunityPeriod(NETUID, 30), alice);
    expect(again.error).toBeUndefined();
    expect((await api.rpc.chain.getHeader(again.blockHash)).number.toNumber()).toBe(retry);
  });

  it('root sets the limit in tempos with sudo_set_owner_hparam_rate_limit; 0 lifts it', async () => {
    const out = await mustSubmit(api, sudo(admin().sudoSetOwnerHparamRateLimit)(0), alice);
    expect(out.events.some(({ event }) => event.method === 'OwnerHyperparamRateLimitSet')).toBe(true);
    await landBeforeEpoch(TEMPO);
    expect((await submit(api, admin().sudoSetRho(NETUID, 12), alice)).error).toBeUndefined();
    expect((await submit(api, admin().sudoSetRho(NETUID, 13), alice)).error).toBeUndefined();
    expect(num(await api.query.subtensorModule.rho(NETUID))).toBe(13);
  });
});

describe('pruning with the owner immunity limits', () => {
  it("keeps the owner's hotkeys up to ImmuneOwnerUidsLimit and replaces immune uids while MinNonImmuneUids are not exceeded", async () => {
    const h1 = keyring.addFromUri('//Alice//h1');
    const m1 = keyring.addFromUri('//Bob//m1');
    const m2 = keyring.addFromUri('//Bob//m2');
    const uidOf = async (k: KeyringPair) => (await api.query.subtensorModule.uids(NETUID, k.address)).toJSON();
    // uid 0 is the owner hotkey; the owner's second hotkey, then two of Bob's fill the subnet
    await mustSubmit(api, api.tx.subtensorModule.burnedRegister(NETUID, h1.address), alice);
    await mustSubmit(api, api.tx.subtensorModule.burnedRegister(NETUID, m1.address), bob);
    await mustSubmit(api, api.tx.subtensorModule.burnedRegister(NETUID, m2.address), bob);
    expect(num(await api.query.subtensorModule.subnetworkN(NETUID))).toBe(4);
    expect(num(await api.query.subtensorModule.immuneOwnerUidsLimit(NETUID))).toBe(1);
    expect(num(await api.query.subtensorModule.minNonImmuneUids(NETUID))).toBe(10);

    // everyone is immune (period 30): the lowest emission, then the earliest registration, goes
    // first among the non-owner uids; with limit 1 the owner's second hotkey is not protected
    await landBeforeEpoch(TEMPO);
    const limit = await submit(api, admin().sudoSetOwnerImmuneNeuronLimit(NETUID, 2), alice);
    expect(limit.error).toBeUndefined();
    // 1 to 10 (`MinImmuneOwnerUidsLimit`, `MaxImmuneOwnerUidsLimit`)
    expect(sudidError(await mustSubmit(api, sudo(admin().sudoSetOwnerImmuneNeuronLimit)(NETUID, 11), alice))).toBe('subtensorModule.InvalidValue');

    const n1 = keyring.addFromUri('//Bob//n1');
    await mustSubmit(api, api.tx.subtensorModule.burnedRegister(NETUID, n1.address), bob);
    // h1 (uid 1) is now immortal with the owner hotkey: the earliest of Bob's immune uids is replaced
    expect(await uidOf(h1)).toBe(1);
    expect(await uidOf(m1)).toBeNull();
    expect(await uidOf(n1)).toBe(2);

    // once past immunity m2 (uid 3) is the only non-immune uid: at or below MinNonImmuneUids an
    // immune uid (n1) is replaced instead; with the floor at 0 the non-immune one goes
    const registeredAt = num(await api.query.subtensorModule.blockAtRegistration(NETUID, 3));
    await advanceTo(api, registeredAt + 30);
    const n2 = keyring.addFromUri('//Bob//n2');
    await mustSubmit(api, api.tx.subtensorModule.burnedRegister(NETUID, n2.address), bob);
    expect(await uidOf(n1)).toBeNull();
    expect(await uidOf(n2)).toBe(2);
    expect(await uidOf(m2)).toBe(3);

    const floor = await mustSubmit(api, sudo(admin().sudoSetMinNonImmuneUids)(NETUID, 0), alice);
    expect(floor.events.some(({ event }) => event.method === 'MinNonImmuneUidsSet')).toBe(true);
    const n3 = keyring.addFromUri('//Bob//n3');
    await mustSubmit(api, api.tx.subtensorModule.burnedRegister(NETUID, n3.address), bob);
    expect(await uidOf(m2)).toBeNull();
    expect(await uidOf(n3)).toBe(3);
    expect(await uidOf(h1)).toBe(1);
  });
});
