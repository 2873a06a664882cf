import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubtensorClient } from '../../chain/client.ts';
import { ChainMetagraphSource } from '../../dashboard/chain-source.ts';
import { toHistoryPoint, toWireSnapshot } from '../../dashboard/wire.ts';
import { type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';

/**
 * The dashboard reads a subnet's pool with each snapshot: the price it charts
 * (τ per alpha), the reserves, the name. Subnet 1 starts at 1000 TAO / 1000
 * alpha; 100 TAO staked put 99.949645228 TAO in and take 90.867473489 alpha out
 * (test/swap/move-stake.int.test.ts), before each block's coinbase adds its emission.
 */
let devnet: InProcessDevnet;
let client: SubtensorClient;

beforeAll(async () => {
  await cryptoWaitReady();
  devnet = await startInProcessDevnet({ mode: 'instant', genesis: { subtensorModule: { subnet: { owner: '//Alice', ownerHotkey: '//Alice', tempo: 1000 } } } });
  client = await SubtensorClient.connect(devnet.url);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await devnet?.stop();
});

describe('the dashboard source reads the pool', () => {
  it('carries the price, the reserves and the name into the snapshot and the price history', async () => {
    const source = new ChainMetagraphSource(client, 1);
    const fresh = await source.read();
    expect(fresh.status.pool).toMatchObject({ name: '', price: 1, taoIn: 1000, alphaIn: 1000, alphaOut: 0 });

    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    await client.addStake(alice, { hotkey: alice.address, netuid: 1, amount: 100_000_000_000n });
    await client.setSubnetIdentity(alice, 1, { subnetName: 'embeddings' });
    const after = await source.read();
    const priceRao = await client.alphaPrice(1);
    const price = Number(priceRao) / 1e9;
    // the identity's block (2) starts with the coinbase: the stake's TAO flow makes subnet 1 the only
    // subnet with TAO flow, so it gets the whole block emission (1 τ), injected with alpha at its price;
    // every block since its first emission block (1) mints 1 α (far below the first halving) outstanding
    const q = client.api.query.subtensorModule;
    const taoInjected = BigInt((await q.subnetTaoInEmission(1)).toString());
    const alphaInjected = BigInt((await q.subnetAlphaInEmission(1)).toString());
    expect(taoInjected).toBe(1_000_000_000n);
    const atPrice = (taoInjected * 1_000_000_000n) / priceRao;
    expect(alphaInjected - atPrice).toBeLessThanOrEqual(1n);
    expect(atPrice - alphaInjected).toBeLessThanOrEqual(1n);
    const block = BigInt((await client.api.rpc.chain.getHeader()).number.toString());
    expect(block).toBe(2n);
    const units = (rao: bigint) => Number(rao) / 1e9;
    expect(after.status.pool).toMatchObject({
      name: 'embeddings',
      price,
      taoIn: units(1_099_949_645_228n + taoInjected),
      alphaIn: units(909_132_526_511n + alphaInjected),
      alphaOut: units(90_867_473_489n + block * 1_000_000_000n),
    });
    expect(price).toBeGreaterThan(1.2);
    expect(toHistoryPoint(toWireSnapshot(after)).price).toBe(price);
  }, 60_000);
});
