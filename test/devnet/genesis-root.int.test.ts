import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubtensorClient } from '../../chain/client.ts';
import { ALICE_HOTKEY } from '../../devnet/pallets/subtensor/genesis.ts';
import { connectApi, type DevnetHandle, startDevnet, startInProcessDevnet } from '../helpers/devnet.ts';

let devnet: DevnetHandle;
let api: ApiPromise;

beforeAll(async () => {
  devnet = await startDevnet({ mode: 'instant' });
  api = await connectApi(devnet.url);
});

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('the root subnet at genesis', () => {
  it('netuid 0 exists as subtensor genesis builds it, owned by //Alice with hotkey //Alice_hk', async () => {
    const q = api.query.subtensorModule;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    expect(ALICE_HOTKEY).toBe(u8aToHex(keyring.addFromUri('//Alice_hk').publicKey));
    expect((await q.networksAdded(0)).toJSON()).toBe(true);
    expect((await q.totalNetworks()).toJSON()).toBe(1);
    expect((await q.subnetOwner(0)).toString()).toBe(keyring.addFromUri('//Alice').address);
    expect((await q.subnetOwnerHotkey(0)).toString()).toBe(keyring.addFromUri('//Alice_hk').address);
    expect((await q.subnetworkN(0)).toJSON()).toBe(0);
    expect((await q.maxAllowedUids(0)).toJSON()).toBe(64);
    expect((await q.maxAllowedValidators(0)).toJSON()).toBe(64);
    expect((await q.minAllowedWeights(0)).toJSON()).toBe(0);
    expect((await q.tempo(0)).toJSON()).toBe(100);
    expect((await q.networkRegistrationAllowed(0)).toJSON()).toBe(true);
    expect((await q.targetRegistrationsPerInterval(0)).toJSON()).toBe(1);
  });

  it('root is listed with no neurons, gets no emission, and the first created subnet is still netuid 1', async () => {
    const client = await SubtensorClient.connect(devnet.url);
    try {
      expect(await client.listSubnets()).toEqual([expect.objectContaining({ netuid: 0, n: 0, maxN: 64, tempo: 100 })]);
      await devnet.newBlock(3);
      expect(BigInt((await api.query.subtensorModule.pendingServerEmission(0)).toString())).toBe(0n);
      expect(BigInt((await api.query.subtensorModule.pendingValidatorEmission(0)).toString())).toBe(0n);
      const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
      const r = await client.registerNetwork(alice, alice.address);
      expect(r.netuid).toBe(1);
      expect((await client.listSubnets()).map((s) => s.netuid)).toEqual([0, 1]);
    } finally {
      await client.close();
    }
  });
});

describe('the localnet genesis (subtensorModule.localnet)', () => {
  it('adds netuid 1 as subtensor genesis builds it, so the first created subnet is netuid 2', async () => {
    const local = await startInProcessDevnet({ mode: 'instant', genesis: { subtensorModule: { localnet: true } } });
    const client = await SubtensorClient.connect(local.url);
    const zero = '5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM'; // the all-zero account id
    try {
      const localApi = client.api;
      const q = localApi.query.subtensorModule;
      expect((await client.listSubnets()).map((s) => s.netuid)).toEqual([0, 1]);
      expect((await q.subnetOwner(1)).toString()).toBe(zero);
      expect((await q.keys(1, 0)).toString()).toBe(zero);
      expect((await q.subnetworkN(1)).toJSON()).toBe(1);
      expect(BigInt((await q.subnetTAO(1)).toString())).toBe(10_000_000_000n);
      expect(BigInt((await q.subnetAlphaIn(1)).toString())).toBe(10_000_000_000n);
      expect(BigInt((await q.totalHotkeyAlpha(zero, 1)).toString())).toBe(1_000_000_000n);
      expect((await q.tempo(1)).toJSON()).toBe(100);
      // not started: nobody holds the zero account's key to send start_call
      expect((await q.firstEmissionBlockNumber(1)).toJSON()).toBe(null);
      const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
      expect((await client.registerNetwork(alice, alice.address)).netuid).toBe(2);
    } finally {
      await client.close();
      await local.stop();
    }
  });
});
