import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ISubmittableResult } from '@polkadot/types/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

let devnet: DevnetHandle;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;

function inBlock(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<ISubmittableResult> {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, (result) => {
      if (result.status.isInBlock) resolve(result);
      if (result.isError) reject(new Error(`transaction ${result.status.type}`));
    }).catch((err: unknown) => reject(err as Error));
  });
}

async function free(address: string): Promise<bigint> {
  const acc = (await api.query.system.account(address)) as unknown as { data: { free: { toBigInt(): bigint } } };
  return acc.data.free.toBigInt();
}

async function totalIssuance(): Promise<bigint> {
  return ((await api.query.balances.totalIssuance()) as unknown as { toBigInt(): bigint }).toBigInt();
}

beforeAll(async () => {
  devnet = await startDevnet({ mode: 'instant' });
  api = await connectApi(devnet.url);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
});

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('transaction fees as subtensor spec 381 charges them', () => {
  it('charges a transfer_keep_alive the fee the formula gives, with the runtime order of events', async () => {
    const amount = 1_000_000_000n;
    const tx = api.tx.balances.transferKeepAlive(bob.address, amount);
    const quoted = await tx.paymentInfo(alice);
    const [aliceBefore, issuanceBefore] = [await free(alice.address), await totalIssuance()];
    const result = await inBlock(tx, alice);
    const len = BigInt(tx.encodedLength); // the signed extrinsic with its length prefix

    // fee = base fee + length fee + weight fee (multiplier 1), with WeightToFee = ref_time * 500_000 / 10^9:
    //   base fee   = ExtrinsicBaseWeight 115_480_000 / 2000                                  =  57_740
    //   length fee = 1 RAO per byte (IdentityFee)                                           =  len
    //   weight fee = (transfer_keep_alive 38_159_000 + 1 read 25_000_000 + 1 write 100_000_000
    //                + extensions 443_643_000) / 2000 = 606_802_000 / 2000                  = 303_401
    // The extensions' weight (CheckGenesis, CheckEra, CheckWeight, ChargeTransactionPayment, ...) is
    // in DispatchInfo::total_weight at 381; the 137,053 RAO a spec-293 localnet charged for this
    // transfer is about base fee + length + the call's weight alone (57_740 + ~145 + ~79_168).
    const fee = 57_740n + len + 303_401n;
    expect(quoted.partialFee.toBigInt()).toBe(fee);

    expect(result.events.map(({ event }) => `${event.section}.${event.method}`)).toEqual([
      'balances.Withdraw',
      'balances.Transfer',
      'balances.Deposit',
      'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicSuccess',
    ]);
    const data = result.events.map(({ event }) => event.data.map((d) => d.toString()));
    expect(data[0]).toEqual([alice.address, fee.toString()]);
    expect(data[1]).toEqual([alice.address, bob.address, amount.toString()]);
    // nothing of the declared weight is refunded: the refund deposit is zero
    expect(data[2]).toEqual([alice.address, '0']);
    expect(data[3]).toEqual([alice.address, fee.toString(), '0']);
    expect(await free(alice.address)).toBe(aliceBefore - amount - fee);
    // no block author on the devnet: the fee is burned
    expect(await totalIssuance()).toBe(issuanceBefore - fee);
  });

  it('register_network: the fee, the lock, the events init_new_network deposits, NetworkAdded, then the fee settled', async () => {
    const result = await inBlock(api.tx.subtensorModule.registerNetwork(alice.address), alice);
    const events = result.events.map(({ event }) => ({ name: `${event.section}.${event.method}`, data: event.data.map((d) => d.toString()) }));
    expect(events.map((e) => e.name)).toEqual([
      'balances.Withdraw',
      'balances.Withdraw',
      'subtensorModule.RegistrationAllowed',
      'subtensorModule.MaxAllowedUidsSet',
      'subtensorModule.MaxAllowedValidatorsSet',
      'subtensorModule.MinAllowedWeightSet',
      'subtensorModule.AdjustmentIntervalSet',
      'subtensorModule.RegistrationPerIntervalSet',
      'subtensorModule.AdjustmentAlphaSet',
      'subtensorModule.ImmunityPeriodSet',
      'subtensorModule.MinDifficultySet',
      'subtensorModule.MaxDifficultySet',
      'subtensorModule.NetworkAdded',
      'balances.Deposit',
      'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicSuccess',
    ]);
    const netuid = 1;
    const q = api.query.subtensorModule;
    // the fee first, then the lock the subnet costs
    const fee = BigInt(events[14].data[1]);
    expect(events[0].data).toEqual([alice.address, fee.toString()]);
    expect(events[1].data).toEqual([alice.address, (await q.subnetLocked(netuid)).toString()]);
    // each *Set event carries the value the new subnet holds
    const held = [
      await q.networkRegistrationAllowed(netuid),
      await q.maxAllowedUids(netuid),
      await q.maxAllowedValidators(netuid),
      await q.minAllowedWeights(netuid),
      await q.adjustmentInterval(netuid),
      await q.targetRegistrationsPerInterval(netuid),
      await q.adjustmentAlpha(netuid),
      await q.immunityPeriod(netuid),
      await q.minDifficulty(netuid),
      await q.maxDifficulty(netuid),
    ].map((v) => v.toString());
    expect(events.slice(2, 12).map((e) => e.data)).toEqual(held.map((v) => [String(netuid), v]));
    expect(events.slice(2, 6).map((e) => e.data[1])).toEqual(['true', '256', '64', '1']);
    expect(events[12].data).toEqual([String(netuid), '1']);
    expect(events[13].data).toEqual([alice.address, '0']);
  });

  it('charges nothing for a Pays::No call, but still records TransactionFeePaid', async () => {
    const result = await inBlock(api.tx.subtensorModule.serveAxon(1, 1, 2130706434n, 8091, 4, 0, 0, 0), bob);
    const names = result.events.map(({ event }) => `${event.section}.${event.method}`);
    expect(names).not.toContain('balances.Withdraw');
    const paid = result.events.find(({ event }) => event.method === 'TransactionFeePaid')!;
    expect(paid.event.data[1].toString()).toBe('0');
    expect(names[names.length - 2]).toBe('transactionPayment.TransactionFeePaid');
  });

  it('refunds the whole fee of a sudo call by the key (pallet_sudo returns Pays::No)', async () => {
    const result = await inBlock(api.tx.sudo.sudo(api.tx.balances.forceSetBalance(bob.address, 7_000_000_000_000n)), alice);
    const events = result.events.map(({ event }) => ({ name: `${event.section}.${event.method}`, data: event.data.map((d) => d.toString()) }));
    const withdrawn = events.find((e) => e.name === 'balances.Withdraw')!.data[1];
    expect(BigInt(withdrawn)).toBeGreaterThan(0n);
    expect(events.slice(-3).map((e) => e.name)).toEqual(['balances.Deposit', 'transactionPayment.TransactionFeePaid', 'system.ExtrinsicSuccess']);
    expect(events.at(-3)!.data).toEqual([alice.address, withdrawn]);
    expect(events.at(-2)!.data).toEqual([alice.address, '0', '0']);
  });

  it('refuses a signer that cannot pay the fee and keep its existential deposit', async () => {
    const poor = new Keyring({ type: 'sr25519' }).addFromUri('//FeelessDevnetUser');
    await inBlock(api.tx.balances.transferKeepAlive(poor.address, 100_000n), alice);
    const tx = await api.tx.balances.transferKeepAlive(alice.address, 1n).signAsync(poor);
    await expect(api.rpc.author.submitExtrinsic(tx)).rejects.toThrow(/1010: Invalid Transaction: Inability to pay some fees/);
  });
});
