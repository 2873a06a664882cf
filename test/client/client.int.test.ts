import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubtensorClient } from '../../chain/client.ts';
import { ChainDispatchError } from '../../chain/dispatch-error.ts';
import { metagraphSourceOf } from '../../chain/metagraph-reader.ts';
import { cryptoReady, keyFromUri, toKeyringPair, type KeyringPair } from '../../chain/wallet/keypair.ts';
import { isSubnetError } from '../../core/errors.ts';
import { type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

/** SubtensorClient against a devnet child process (real node, real sockets). */
let devnet: DevnetHandle;
let client: SubtensorClient;
let alice: KeyringPair;
let bob: KeyringPair;
let bobHot: KeyringPair;

beforeAll(async () => {
  await cryptoReady();
  [alice, bob, bobHot] = ['//Alice', '//Bob', '//Bob//hot'].map((u) => toKeyringPair(keyFromUri(u)));
  // netuid 1 exists and is started at genesis
  devnet = await startDevnet({ mode: 'instant', genesis: { subtensorModule: { subnet: { tempo: 10, startCall: true } } } });
  client = await SubtensorClient.connect(devnet.url, { reconnectBaseMs: 200, reconnectMaxMs: 1_000 });
}, 90_000);

afterAll(async () => {
  await client?.close();
  await devnet?.stop();
});

describe('SubtensorClient against a devnet', () => {
  it('an unreachable endpoint fails within the connect timeout, without hanging', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const started = Date.now();
    const err = await SubtensorClient.connect(`ws://127.0.0.1:${closed}`, { connectTimeoutMs: 1_500 }).catch((e: unknown) => e);
    expect(isSubnetError(err, 'CHAIN_UNREACHABLE')).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reads balances, transfers, and returns block hash and events', async () => {
    const before = await client.getBalance(bob.address);
    const r = await client.transfer(alice, { dest: bobHot.address, amount: 5_000_000_000n });
    expect(r.blockHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(r.blockNumber).toBeGreaterThan(0);
    expect(r.events.some((e) => e.section === 'balances' && e.method === 'Transfer')).toBe(true);
    expect(await client.getBalance(bobHot.address)).toBe(5_000_000_000n);
    expect(before).toBeGreaterThan(0n);
  });

  it('registers, serves an axon, stakes, and reads it all back in the metagraph (runtime API = storage)', async () => {
    const reg = await client.burnedRegister(bob, 1, bobHot.address);
    expect(reg.uid).toBeGreaterThanOrEqual(0);
    expect(await client.uidOf(1, bobHot.address)).toBe(reg.uid);
    await client.serveAxon(bobHot, { netuid: 1, ip: '10.1.2.3', port: 9000 });
    const quote = await client.quoteStake(1, 100_000_000_000n);
    await client.addStake(bob, { hotkey: bobHot.address, netuid: 1, amount: 100_000_000_000n });
    const stake = await client.getStake({ coldkey: bob.address, hotkey: bobHot.address, netuid: 1 });
    expect(stake).toBeGreaterThan(0n);
    // the pool's quote is what the stake bought; the fee is taken in TAO
    expect(stake).toBe(quote.alpha);
    expect(quote.tao + quote.taoFee).toBe(100_000_000_000n);
    const mg = await client.getMetagraph(1);
    const uid = reg.uid!;
    expect(mg.hotkeys[uid]).toBe(bobHot.address);
    expect(mg.coldkeys[uid]).toBe(bob.address);
    expect(mg.axons[uid]).toMatchObject({ ip: '10.1.2.3', port: 9000, ipType: 4 });
    expect(mg.stake[uid]).toBeCloseTo(Number(stake) / 1e9, 6);
    expect(mg.blockAtRegistration[uid]).toBe(reg.blockNumber);
    expect(mg.uids).toBeInstanceOf(Uint16Array);
    // the devnet's metadata declares the metagraph API, so it is what the client reads; the three paths
    // (get_selective_metagraph, get_neurons_lite, storage) read the same metagraph
    expect(metagraphSourceOf(await client.api.at(await client.api.rpc.chain.getBlockHash()))).toBe('selective-metagraph');
    const fromStorage = await client.getMetagraph(1, { source: 'storage' });
    expect({ ...fromStorage, block: 0 }).toEqual({ ...mg, block: 0 });
    const fromNeuronsLite = await client.getMetagraph(1, { source: 'neurons-lite' });
    expect({ ...fromNeuronsLite, block: 0 }).toEqual({ ...mg, block: 0 });
    const unstakeQuote = await client.quoteUnstake(1, stake / 2n);
    const free0 = await client.getBalance(bob.address);
    const removed = await client.removeStake(bob, { hotkey: bobHot.address, netuid: 1, amount: stake / 2n });
    expect(removed.events.some((e) => e.method === 'StakeRemoved')).toBe(true);
    // the unstake's block first runs the coinbase, which injects that block's TAO and alpha into the pool (the
    // subnet has a TAO inflow since the stake): deeper at the same price, so the sale pays at least the quote
    // taken the block before, and only slightly more; the balance also pays the extrinsic's fee
    const fee = BigInt(String(removed.events.find((e) => e.section === 'transactionPayment' && e.method === 'TransactionFeePaid')!.data[1]));
    const paid = (await client.getBalance(bob.address)) - free0 + fee;
    expect(paid).toBeGreaterThanOrEqual(unstakeQuote.tao);
    expect(paid).toBeLessThan(unstakeQuote.tao + unstakeQuote.tao / 1000n);
    expect(await client.getStake({ coldkey: bob.address, hotkey: bobHot.address, netuid: 1 })).toBeLessThan(stake);
    // a limit below the current price: the pool refuses before anything moves
    await expect(client.addStakeLimit(bob, { hotkey: bobHot.address, netuid: 1, amount: 10_000_000_000n, limitPrice: 1n })).rejects.toMatchObject({
      pallet: 'Swap',
      error: 'PriceLimitExceeded',
    });
    // a limit of 2 TAO per alpha, which 500 TAO would push the price past: a strict order is refused, a partial one stakes what fits
    await expect(client.addStakeLimit(bob, { hotkey: bobHot.address, netuid: 1, amount: 500_000_000_000n, limitPrice: 2_000_000_000n })).rejects.toMatchObject({
      error: 'SlippageTooHigh',
    });
    const before = await client.getStake({ coldkey: bob.address, hotkey: bobHot.address, netuid: 1 });
    await client.addStakeLimit(bob, { hotkey: bobHot.address, netuid: 1, amount: 500_000_000_000n, limitPrice: 2_000_000_000n, allowPartial: true });
    expect(await client.getStake({ coldkey: bob.address, hotkey: bobHot.address, netuid: 1 })).toBeGreaterThan(before);
  });

  it('prices a new subnet by SubnetRegistrationRuntimeApi and from storage alike', async () => {
    // no subnet was registered yet: exactly the minimum lock
    expect(await client.networkRegistrationCost()).toBe(1_000_000_000_000n);
    expect(await client.networkRegistrationCost({ source: 'storage' })).toBe(1_000_000_000_000n);
    const r = await client.registerNetwork(alice, alice.address);
    expect(r.netuid).toBeGreaterThan(1);
    // then twice that lock, decaying by lock / 100800 per block since it
    await client.transfer(alice, { dest: bobHot.address, amount: 1_000_000_000n });
    const elapsed = BigInt((await client.blockNumber()) - r.blockNumber);
    const expected = 2_000_000_000_000n - (1_000_000_000_000n / 100_800n) * elapsed;
    expect(await client.networkRegistrationCost()).toBe(expected);
    expect(await client.networkRegistrationCost({ source: 'storage' })).toBe(expected);
  });

  it('reads hyperparameters by btcli name and sets an owner one', async () => {
    const hp = await client.getHyperparameters(1);
    expect(hp.tempo).toBe(10);
    expect(typeof hp.commit_reveal_weights_enabled).toBe('boolean');
    await client.setHyperparameter(alice, { netuid: 1, name: 'immunity_period', value: '123' });
    expect(await client.getHyperparameter(1, 'immunity_period')).toBe(123);
  });

  it('a failed dispatch is a typed error with the pallet error name and docs', async () => {
    const err = await client.burnedRegister(bob, 1, bobHot.address).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChainDispatchError);
    expect((err as ChainDispatchError).error).toBe('HotKeyAlreadyRegisteredInSubNet');
    expect((err as ChainDispatchError).pallet).toBe('SubtensorModule');
    expect((err as ChainDispatchError).docs.length).toBeGreaterThan(0);
    const notOwner = await client.setHyperparameter(bob, { netuid: 1, name: 'immunity_period', value: '5' }).catch((e: unknown) => e);
    expect(notOwner).toBeInstanceOf(ChainDispatchError);
  });

  it('an invalid transaction (1010) reads as a reason, not a code', async () => {
    const pauper = toKeyringPair(keyFromUri('//NobodyHasFunds'));
    const err = await client.transfer(pauper, { dest: alice.address, amount: 1n }).catch((e: unknown) => e);
    expect(isSubnetError(err, 'CHAIN_INVALID_TX')).toBe(true);
    expect((err as Error).message).toMatch(/cannot pay the transaction fee/);
  });

  it('survives the node going away: disconnected, unreachable, then reconnected', async () => {
    const events: string[] = [];
    for (const e of ['disconnected', 'unreachable', 'reconnected']) client.on(e, () => events.push(e));
    const reconnected = new Promise<void>((resolve) => client.once('reconnected', () => resolve()));
    const unreachable = new Promise<void>((resolve) => client.once('unreachable', () => resolve()));
    const head = await client.blockNumber();
    const url = devnet.url;
    await devnet.kill9();
    await unreachable;
    const failed = await client.blockNumber().catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    await devnet.restart();
    expect(devnet.url).toBe(url);
    await reconnected;
    expect(await client.blockNumber()).toBeGreaterThanOrEqual(head);
    expect(events[0]).toBe('disconnected');
    expect(events).toContain('unreachable');
    expect(events.at(-1)).toBe('reconnected');
  }, 90_000);
});

describe('serve_axon under the serving rate limit', () => {
  it('a second serve within ServingRateLimit is refused by name; serveAxonWhenAllowed lands it once the limit passes', async () => {
    const { isServingRateLimited, serveAxonWhenAllowed } = await import('../../chain/axon-serving.ts');
    if ((await client.uidOf(1, bobHot.address)) === undefined) await client.burnedRegister(bob, 1, bobHot.address);
    const first = await client.serveAxon(bobHot, { netuid: 1, ip: '10.1.2.4', port: 9100 }).catch((err: unknown) => err);
    const state = await client.servingState(1, bobHot.address);
    expect(state.rateLimit).toBe(50);
    expect(state.lastServed).toBeGreaterThan(0);
    if (!isServingRateLimited(first)) expect(state.lastServed).toBe((first as { blockNumber: number }).blockNumber);
    const refused = await client.serveAxon(bobHot, { netuid: 1, ip: '10.1.2.5', port: 9101 }).catch((err: unknown) => err);
    expect(isServingRateLimited(refused)).toBe(true);
    expect(String((refused as Error).message)).toContain('ServingRateLimitExceeded');

    const waited: number[] = [];
    const serving = serveAxonWhenAllowed(client, bobHot, { netuid: 1, ip: '10.1.2.5', port: 9101 }, { onWait: (until) => waited.push(until) });
    // blocks come only on demand here: make them until the serve lands
    let done = false;
    void serving.finally(() => (done = true));
    while (!done) {
      await devnet.newBlock(10);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const r = await serving;
    expect(r.served).toBe(true);
    expect(waited).toEqual([state.lastServed + 50]);
    const mg = await client.getMetagraph(1);
    expect(mg.axons[(await client.uidOf(1, bobHot.address))!]).toMatchObject({ ip: '10.1.2.5', port: 9101 });
    expect((await client.servingState(1, bobHot.address)).lastServed).toBeGreaterThanOrEqual(state.lastServed + 50);
  }, 120_000);
});
