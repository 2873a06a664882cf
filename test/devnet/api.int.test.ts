import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ISubmittableResult } from '@polkadot/types/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

// Acceptance: unmodified @polkadot/api against a devnet child process (instant mode).
let devnet: DevnetHandle;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
let charlie: KeyringPair;

interface AccountJson {
  nonce: number;
  data: { free: string | number };
}

async function free(address: string, at?: string): Promise<bigint> {
  const query = at ? await api.at(at) : api;
  const acc = (await query.query.system.account(address)).toJSON() as unknown as AccountJson;
  return BigInt(acc.data.free);
}

/** What the signer paid for the extrinsic of `result` (TransactionPayment.TransactionFeePaid's `actual_fee`). */
function feePaid(result: ISubmittableResult): bigint {
  const paid = result.events.find(({ event }) => event.section === 'transactionPayment' && event.method === 'TransactionFeePaid');
  if (!paid) throw new Error('no TransactionFeePaid event');
  return BigInt(paid.event.data[1].toString());
}

function inBlock(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<ISubmittableResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for isInBlock')), 20_000);
    tx.signAndSend(signer, (result) => {
      if (result.status.isInBlock) {
        clearTimeout(timer);
        resolve(result);
      }
      if (result.isError) {
        clearTimeout(timer);
        reject(new Error(`transaction ${result.status.type}`));
      }
    }).catch((err: unknown) => {
      clearTimeout(timer);
      reject(err as Error);
    });
  });
}

beforeAll(async () => {
  devnet = await startDevnet({ mode: 'instant' });
  api = await connectApi(devnet.url);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  charlie = keyring.addFromUri('//Charlie');
});

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('devnet with @polkadot/api', () => {
  it('connects and identifies as the subtensor runtime', async () => {
    expect(api.genesisHash.toHex()).toBe(devnet.genesisHash);
    expect((await api.rpc.system.chain()).toString()).toBe('Bittensor Devnet');
    expect(api.runtimeVersion.specName.toString()).toBe('node-subtensor');
    expect(api.runtimeVersion.specVersion.toNumber()).toBe(381);
    expect(api.registry.chainSS58).toBe(42);
    expect(api.registry.chainDecimals).toEqual([9]);
    expect(api.registry.chainTokens).toEqual(['TAO']);
  });

  it('serves metadata V15 with runtime APIs, and V14', async () => {
    expect(api.runtimeMetadata.version).toBe(15);
    const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => [p.name.toString(), p.index.toNumber()]);
    expect(pallets).toEqual(
      expect.arrayContaining([
        ['System', 0],
        ['Timestamp', 2],
        ['Balances', 5],
        ['TransactionPayment', 6],
        ['Utility', 11],
        ['Sudo', 12],
      ]),
    );
    const apis = api.runtimeMetadata.asV15.apis.map((a) => a.name.toString());
    expect(apis).toEqual(expect.arrayContaining(['Core', 'Metadata', 'AccountNonceApi', 'TransactionPaymentApi']));
    const v14 = await api.rpc.state.getMetadata();
    expect(v14.version).toBe(14);
    expect(api.consts.balances.existentialDeposit.toString()).toBe('500');
    const versions = (await api.call.metadata.metadataVersions()).toJSON();
    expect(versions).toEqual([14, 15]);
    const nonce = (await api.call.accountNonceApi.accountNonce(alice.address)).toJSON();
    expect(nonce).toBeGreaterThanOrEqual(0);
  });

  it('transfers with transferKeepAlive to isInBlock, with events and balances', async () => {
    const before = await free(bob.address);
    const result = await inBlock(api.tx.balances.transferKeepAlive(bob.address, 1_234_567_890n), alice);
    const names = result.events.map(({ event }) => `${event.section}.${event.method}`);
    expect(names).toContain('balances.Transfer');
    expect(names).toContain('system.ExtrinsicSuccess');
    const transfer = result.events.find(({ event }) => api.events.balances.Transfer.is(event))!;
    const [from, to, amount] = transfer.event.data;
    expect(from.toString()).toBe(alice.address);
    expect(to.toString()).toBe(bob.address);
    expect(amount.toString()).toBe('1234567890');
    expect(await free(bob.address)).toBe(before + 1_234_567_890n);
    // the block that includes it is readable
    const block = await api.rpc.chain.getBlock(result.status.asInBlock);
    expect(block.block.extrinsics.some((x) => x.hash.toHex() === result.txHash.toHex())).toBe(true);
  });

  it('records a failing transfer as ExtrinsicFailed decoding to balances.InsufficientBalance', async () => {
    const poor = new Keyring({ type: 'sr25519' }).addFromUri('//PoorDevnetUser');
    await inBlock(api.tx.balances.transferKeepAlive(poor.address, 10_000_000n), alice);
    const result = await inBlock(api.tx.balances.transferKeepAlive(alice.address, 999_000_000_000n), poor);
    expect(result.dispatchError?.isModule).toBe(true);
    const meta = api.registry.findMetaError(result.dispatchError!.asModule);
    expect(`${meta.section}.${meta.name}`).toBe('balances.InsufficientBalance');
    expect(result.events.some(({ event }) => api.events.system.ExtrinsicFailed.is(event))).toBe(true);
    // a failed call still pays its fee
    expect(feePaid(result)).toBeGreaterThan(0n);
    expect(await free(poor.address)).toBe(10_000_000n - feePaid(result));
  });

  it('dispatches sudo.sudo with Root origin', async () => {
    const result = await inBlock(api.tx.sudo.sudo(api.tx.balances.forceSetBalance(charlie.address, 42_000_000_000n)), alice);
    const sudid = result.events.find(({ event }) => api.events.sudo.Sudid.is(event));
    expect(sudid).toBeDefined();
    expect((sudid!.event.data[0] as unknown as { isOk: boolean }).isOk).toBe(true);
    expect(await free(charlie.address)).toBe(42_000_000_000n);
    // not the sudo key: RequireSudo
    const denied = await inBlock(api.tx.sudo.sudo(api.tx.balances.forceSetBalance(charlie.address, 1n)), bob);
    const meta = api.registry.findMetaError(denied.dispatchError!.asModule);
    expect(`${meta.section}.${meta.name}`).toBe('sudo.RequireSudo');
  });

  it('rejects a replayed nonce with 1010 Invalid Transaction', async () => {
    const used = (await api.rpc.system.accountNextIndex(alice.address)).toNumber() - 1;
    expect(used).toBeGreaterThanOrEqual(0);
    const tx = await api.tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice, { nonce: used });
    await expect(api.rpc.author.submitExtrinsic(tx)).rejects.toThrow(/1010: Invalid Transaction: Transaction is outdated/);
    const future = await api.tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice, { nonce: used + 50 });
    await expect(api.rpc.author.submitExtrinsic(future)).rejects.toThrow(/1010: Invalid Transaction: Transaction will be valid in the future/);
  });

  it('rejects a bad signature with 1010', async () => {
    const tx = await api.tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice);
    const bytes = tx.toU8a();
    // the signature follows the version byte, length prefix and 33-byte address (MultiAddress::Id)
    const sigStart = bytes.length - tx.method.toU8a().length - 70;
    bytes[sigStart + 10] ^= 0xff;
    await expect(api.rpc.author.submitExtrinsic(bytes)).rejects.toThrow(/1010: Invalid Transaction: Transaction has a bad signature/);
  });

  it('accepts ed25519 signers', async () => {
    const ed = new Keyring({ type: 'ed25519' }).addFromUri('//DevnetEd');
    await inBlock(api.tx.balances.transferKeepAlive(ed.address, 5_000_000_000n), alice);
    const result = await inBlock(api.tx.balances.transferKeepAlive(bob.address, 1_000_000n), ed);
    expect(result.dispatchError).toBeUndefined();
    expect(await free(ed.address)).toBe(4_999_000_000n - feePaid(result));
  });

  it('accepts ecdsa signers (the account is blake2-256 of the compressed key) and refuses a forged one', async () => {
    const ec = new Keyring({ type: 'ecdsa' }).addFromUri('//DevnetEcdsa');
    await inBlock(api.tx.balances.transferKeepAlive(ec.address, 5_000_000_000n), alice);
    const result = await inBlock(api.tx.balances.transferKeepAlive(bob.address, 1_000_000n), ec);
    expect(result.dispatchError).toBeUndefined();
    expect(await free(ec.address)).toBe(4_999_000_000n - feePaid(result));
    // another ecdsa key signing for this account: recovers to a different account
    const other = new Keyring({ type: 'ecdsa' }).addFromUri('//DevnetEcdsaOther');
    const tx = api.tx.balances.transferKeepAlive(bob.address, 1n);
    const nonce = (await api.rpc.system.accountNextIndex(ec.address)).toNumber();
    const signed = await tx.signAsync(ec.address, {
      nonce,
      era: 0,
      signer: { signRaw: async ({ data }) => ({ id: 1, signature: u8aToHex(new Uint8Array([2, ...other.sign(hexToU8a(data))])) }) },
    });
    await expect(api.rpc.author.submitExtrinsic(signed.toHex())).rejects.toThrow(/1010: Invalid Transaction: Transaction has a bad signature/);
  });

  it('runs utility.batch_all atomically', async () => {
    const before = await free(charlie.address);
    const ok = await inBlock(
      api.tx.utility.batchAll([api.tx.balances.transferKeepAlive(charlie.address, 1n), api.tx.balances.transferKeepAlive(charlie.address, 2n)]),
      bob,
    );
    expect(ok.events.some(({ event }) => api.events.utility.BatchCompleted.is(event))).toBe(true);
    const failed = await inBlock(
      api.tx.utility.batchAll([api.tx.balances.transferKeepAlive(charlie.address, 5n), api.tx.balances.transferKeepAlive(charlie.address, 10n ** 18n)]),
      bob,
    );
    expect(`${api.registry.findMetaError(failed.dispatchError!.asModule).name}`).toBe('InsufficientBalance');
    expect(await free(charlie.address)).toBe(before + 3n);
  });

  it('answers payment info and the nonce through runtime APIs', async () => {
    const tx = api.tx.balances.transferKeepAlive(bob.address, 1n);
    const info = await tx.paymentInfo(alice);
    expect(info.weight.refTime.toBigInt()).toBeGreaterThan(0n);
    // the fee the runtime API quotes is the fee the block charges
    const result = await inBlock(tx, alice);
    expect(info.partialFee.toBigInt()).toBe(feePaid(result));
    const nonce = (await api.call.accountNonceApi.accountNonce(alice.address)).toJSON();
    expect(nonce).toBe((await api.rpc.system.accountNextIndex(alice.address)).toNumber());
  });

  it('streams new heads to a subscription', async () => {
    const seen: number[] = [];
    const done = new Promise<void>((resolve) => {
      void api.rpc.chain
        .subscribeNewHeads((header) => {
          seen.push(header.number.toNumber());
          if (seen.length >= 3) resolve();
        })
        .then((unsub) => done.then(unsub));
    });
    await devnet.newBlock(2);
    await done;
    expect(seen[1]).toBe(seen[0] + 1);
    expect(seen[2]).toBe(seen[0] + 2);
  });

  it("streams a block's storage changes to keyed and whole-state subscriptions alike", async () => {
    const key = api.query.system.account.key(charlie.address);
    const ws = new WebSocket(devnet.url);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    type ChangeSet = { block: string; changes: Array<[string, string | null]> };
    const ids = new Map<number, string>();
    const sets = new Map<string, ChangeSet[]>();
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { id?: number; result?: string; params?: { subscription: string; result: ChangeSet } };
      if (m.id !== undefined && typeof m.result === 'string') ids.set(m.id, m.result);
      if (m.params) sets.set(m.params.subscription, [...(sets.get(m.params.subscription) ?? []), m.params.result]);
    });
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'state_subscribeStorage', params: [[key]] }));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'state_subscribeStorage', params: [] }));
    for (let waited = 0; ids.size < 2 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const { status } = await inBlock(api.tx.balances.transferKeepAlive(charlie.address, 5_000n), alice);
    const block = status.asInBlock.toHex();
    /** the change set a subscription got for the transfer's block */
    const changeSetOf = async (id: number): Promise<ChangeSet | undefined> => {
      for (let waited = 0; waited < 10_000; waited += 20) {
        const set = sets.get(ids.get(id)!)?.find((c) => c.block === block);
        if (set) return set;
        await new Promise((r) => setTimeout(r, 20));
      }
      return undefined;
    };
    const keyed = await changeSetOf(1);
    const whole = await changeSetOf(2);
    ws.close();
    const expected = await devnet.rpc<string>('state_getStorage', [key, block]);
    // the keyed subscription gets its key alone; the whole-state one every changed key, the same value among them
    expect(keyed).toEqual({ block, changes: [[key, expected]] });
    expect(whole!.changes).toContainEqual([key, expected]);
    expect(whole!.changes.length).toBeGreaterThan(1);
  });

  it('reads storage at an older block hash', async () => {
    const oldHash = (await api.rpc.chain.getFinalizedHead()).toHex();
    const oldFree = await free(bob.address);
    await inBlock(api.tx.balances.transferKeepAlive(bob.address, 777n), alice);
    expect(await free(bob.address)).toBe(oldFree + 777n);
    expect(await free(bob.address, oldHash)).toBe(oldFree);
    const apiAt = await api.at(oldHash);
    const number = (await apiAt.query.system.number()).toJSON();
    expect(number).toBe((await api.rpc.chain.getHeader(oldHash)).number.toNumber());
    // System.BlockHash maps numbers to hashes like a real chain
    const parent = (await api.rpc.chain.getHeader()).parentHash.toHex();
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    expect((await api.query.system.blockHash(head - 1)).toHex()).toBe(parent);
  });
});
