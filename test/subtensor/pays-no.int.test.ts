import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';
import { feePaid, mustSubmit, submit, type TxOutcome } from './chain-client.ts';

/**
 * Subtensor's own CheckNonce (runtime/src/check_nonce.rs) skips frame_system's
 * providers check for `Pays::No` calls: an unfunded hotkey serves its axon and
 * sets weights, while its `Pays::Yes` calls are refused with 1010 Payment. A
 * devnet child process driven by plain @polkadot/api.
 */
let devnet: DevnetHandle;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
let owner: KeyringPair;
let hot: KeyringPair;
let netuid: number;
let uid: number;
/** the signed serve_axon as it was submitted, for the replay */
let servedHex: string;

const tx = () => api.tx.subtensorModule;

interface AccountView {
  nonce: number;
  providers: number;
  sufficients: number;
  free: bigint;
}

async function accountOf(address: string): Promise<AccountView> {
  const a = (await api.query.system.account(address)).toJSON() as { nonce: number; providers: number; sufficients: number; data: { free: number | string } };
  return { nonce: a.nonce, providers: a.providers, sufficients: a.sufficients, free: BigInt(a.data.free) };
}

/** `paysFee` of the outcome's ExtrinsicSuccess/ExtrinsicFailed DispatchInfo. */
function paysFee(out: TxOutcome): string {
  const done = out.events.find(
    (e: EventRecord) => e.event.section === 'system' && (e.event.method === 'ExtrinsicSuccess' || e.event.method === 'ExtrinsicFailed'),
  );
  expect(done).toBeDefined();
  const data = done!.event.data.toJSON() as unknown[];
  return (data[data.length - 1] as { paysFee: string }).paysFee;
}

/** Signs with the account's next nonce, keeps the bytes, submits and waits for the block. */
async function submitKeepingBytes(call: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<{ out: TxOutcome; hex: string }> {
  const signed = await call.signAsync(signer);
  const hex = signed.toHex();
  const out = await new Promise<TxOutcome>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve_axon not in a block after 20 s')), 20_000);
    signed
      .send((result) => {
        if (result.status.isInvalid || result.status.isDropped) {
          clearTimeout(timer);
          reject(new Error(`serve_axon: ${result.status.type}`));
        } else if (result.status.isInBlock) {
          clearTimeout(timer);
          resolve({
            ok: result.dispatchError === undefined,
            error: result.dispatchError?.toString(),
            events: result.events,
            blockHash: result.status.asInBlock.toHex(),
            fee: feePaid(result.events),
          });
        }
      })
      .catch((err: unknown) => {
        clearTimeout(timer);
        reject(err);
      });
  });
  return { out, hex };
}

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob] = ['//Alice', '//Bob'].map((u) => keyring.addFromUri(u));
  owner = keyring.addFromUri('//Alice//pays-no-owner');
  hot = keyring.addFromUri('//Alice//pays-no-hot');
  devnet = await startDevnet({
    mode: 'instant',
    genesis: {
      balances: [
        [alice.address, '1000000000000000000'],
        [bob.address, '1000000000000000000'],
      ],
      subtensorModule: { allowLoopbackAxons: true, stakeThreshold: 0 },
    },
  });
  api = await connectApi(devnet.url);
  const added = await mustSubmit(api, tx().registerNetwork(owner.address), alice);
  netuid = (added.events.find((e) => e.event.method === 'NetworkAdded')!.event.data[0] as unknown as { toNumber(): number }).toNumber();
  // registration counts as the hotkey's last update: lift the rate limit so it may set weights at once
  await mustSubmit(api, api.tx.sudo.sudo(api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0)), alice);
  // set_weights is what is checked here: the owner makes sure commit-reveal is off, whatever the runtime's default
  await mustSubmit(api, api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, false), alice);
  const reg = await mustSubmit(api, tx().burnedRegister(netuid, hot.address), alice);
  uid = (reg.events.find((e) => e.event.method === 'NeuronRegistered')!.event.data[1] as unknown as { toNumber(): number }).toNumber();
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('Pays::No calls from an unfunded hotkey', () => {
  it('the registered hotkey has no account: no providers, no balance', async () => {
    expect(await accountOf(hot.address)).toEqual({ nonce: 0, providers: 0, sufficients: 0, free: 0n });
  });

  it('serve_axon is included and reports pays_fee No; the nonce is kept with providers 0', async () => {
    const { out, hex } = await submitKeepingBytes(tx().serveAxon(netuid, 1, 0x7f000001, 8091, 4, 0, 0, 0), hot);
    servedHex = hex;
    expect(out.ok).toBe(true);
    expect(out.events.some((e) => e.event.method === 'AxonServed')).toBe(true);
    expect(paysFee(out)).toBe('No');
    expect((await api.query.subtensorModule.axons(netuid, hot.address)).toJSON()).toMatchObject({ port: 8091, ip: 0x7f000001 });
    expect(await accountOf(hot.address)).toEqual({ nonce: 1, providers: 0, sufficients: 0, free: 0n });
  });

  it('set_weights is included and reports pays_fee No', async () => {
    const out = await mustSubmit(api, tx().setWeights(netuid, [uid], [65535], 0), hot);
    expect(out.events.some((e) => e.event.method === 'WeightsSet')).toBe(true);
    expect(paysFee(out)).toBe('No');
    expect((await api.query.subtensorModule.weights(netuid, uid)).toJSON()).toEqual([[uid, 65535]]);
    expect((await accountOf(hot.address)).nonce).toBe(2);
  });

  it('commit_weights is included and reports pays_fee No', async () => {
    await mustSubmit(api, api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, true), alice);
    const out = await mustSubmit(api, tx().commitWeights(netuid, `0x${'ab'.repeat(32)}`), hot);
    expect(out.events.some((e) => e.event.method === 'WeightsCommitted')).toBe(true);
    expect(paysFee(out)).toBe('No');
    expect((await accountOf(hot.address)).nonce).toBe(3);
  });

  it("the same hotkey's Pays::Yes calls are refused with 1010 Payment", async () => {
    await expect(submit(api, api.tx.balances.transferKeepAlive(alice.address, 0), hot)).rejects.toThrow(
      /1010: Invalid Transaction: Inability to pay some fees/,
    );
    await expect(submit(api, tx().addStake(hot.address, netuid, 1_000_000_000), hot)).rejects.toThrow(/1010: Invalid Transaction: Inability to pay some fees/);
    expect((await accountOf(hot.address)).nonce).toBe(3);
  });

  it('a replayed Pays::No transaction is 1010 Stale', async () => {
    await expect(devnet.rpc('author_submitExtrinsic', [servedHex])).rejects.toThrow(/1010: Invalid Transaction: Transaction is outdated/);
    await expect(api.rpc.author.submitExtrinsic(servedHex)).rejects.toThrow(/1010: Invalid Transaction: Transaction is outdated/);
  });

  it('kill -9 and a restart keep the nonce-only account: the replay is still Stale', async () => {
    await api.disconnect();
    await devnet.kill9();
    await devnet.restart();
    api = await connectApi(devnet.url);
    expect(await accountOf(hot.address)).toEqual({ nonce: 3, providers: 0, sufficients: 0, free: 0n });
    await expect(devnet.rpc('author_submitExtrinsic', [servedHex])).rejects.toThrow(/1010: Invalid Transaction: Transaction is outdated/);
  }, 60_000);

  it('funding the hotkey later keeps its nonce (the account is not treated as new), so the replay stays Stale', async () => {
    await mustSubmit(api, api.tx.balances.transferKeepAlive(hot.address, 1_000_000_000n), alice);
    expect(await accountOf(hot.address)).toEqual({ nonce: 3, providers: 1, sufficients: 0, free: 1_000_000_000n });
    await expect(devnet.rpc('author_submitExtrinsic', [servedHex])).rejects.toThrow(/1010: Invalid Transaction: Transaction is outdated/);
    // now funded, its Pays::Yes transfer goes through and pays_fee is Yes
    const out = await mustSubmit(api, api.tx.balances.transferKeepAlive(alice.address, 0), hot);
    expect(paysFee(out)).toBe('Yes');
  });

  it('sudo by the sudo key reports pays_fee No (pallet_sudo returns Pays::No); a refused sudo pays', async () => {
    const ok = await mustSubmit(api, api.tx.sudo.sudo(api.tx.balances.forceSetBalance(bob.address, 5_000_000_000n)), alice);
    expect(paysFee(ok)).toBe('No');
    const denied = await submit(api, api.tx.sudo.sudo(api.tx.balances.forceSetBalance(bob.address, 1n)), bob);
    expect(denied.error).toBe('sudo.RequireSudo');
    expect(paysFee(denied)).toBe('Yes');
  });
});
