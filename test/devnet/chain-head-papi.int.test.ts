import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { getObservableClient, type ObservableClient, type RuntimeContext } from '@polkadot-api/observable-client';
import { getPolkadotSigner } from '@polkadot-api/signer';
import { compact, u32 } from '@polkadot-api/substrate-bindings';
import { createClient, type SubstrateClient } from '@polkadot-api/substrate-client';
import { getWsProvider } from '@polkadot-api/ws-provider';
import { filter, firstValueFrom, map, take, timeout, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EXISTENTIAL_DEPOSIT } from '../../devnet/pallets/balances.ts';
import { type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';

// An unmodified polkadot-api client (its ws provider, substrate client and observable client,
// the layers under `createClient` of the `polkadot-api` package) drives the devnet through
// chainHead_v1 / transaction_v1 only.

let devnet: InProcessDevnet;
let substrate: SubstrateClient;
let client: ObservableClient;
let chainHead: ReturnType<ObservableClient['chainHead$']>;
let alice: KeyringPair;
let bob: KeyringPair;

const TIMEOUT = { first: 15_000 };

beforeAll(async () => {
  devnet = await startInProcessDevnet({ mode: 'instant' });
  // past genesis: polkadot-api reads the genesis hash from System.BlockHash(0), which a chain sets in block 1
  await devnet.newBlock();
  // Node 20 has no global WebSocket: polkadot-api takes the class from `ws`
  substrate = createClient(getWsProvider(devnet.url, { websocketClass: WebSocket as unknown as typeof globalThis.WebSocket, timeout: 10_000 }));
  client = getObservableClient(substrate);
  chainHead = client.chainHead$();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
});

afterAll(async () => {
  chainHead?.unfollow();
  client?.destroy();
  await devnet?.stop();
});

const runtime = (): Promise<RuntimeContext> => firstValueFrom(chainHead.getRuntimeContext$(null).pipe(timeout(TIMEOUT)));

async function freeBalance(ctx: RuntimeContext, who: string, at: string | null = null): Promise<bigint> {
  const account = ctx.dynamicBuilder.buildStorage('System', 'Account');
  const { value } = await firstValueFrom(chainHead.storage$(at, 'value', () => account.keys.enc(who), null).pipe(timeout(TIMEOUT)));
  return value ? (account.value.dec(value).data.free as bigint) : 0n;
}

describe('polkadot-api client against the devnet (chainHead_v1)', () => {
  it('follows the chain: genesis, metadata, finalized blocks, a constant and System.Account', async () => {
    expect(await firstValueFrom(chainHead.genesis$.pipe(timeout(TIMEOUT)))).toBe(devnet.genesisHash);
    const ctx = await runtime();
    // polkadot-api fetched the metadata itself (Metadata_metadata_at_version over chainHead_v1_call)
    expect(ctx.lookup.metadata.pallets.map((p) => p.name)).toEqual(expect.arrayContaining(['System', 'Balances', 'SubtensorModule']));
    expect(ctx.dynamicBuilder.ss58Prefix).toBe(42);

    const ed = ctx.mappedMeta.pallets.Balances.const.get('ExistentialDeposit')!;
    expect(ctx.dynamicBuilder.buildConstant('Balances', 'ExistentialDeposit').dec(ed.value)).toBe(EXISTENTIAL_DEPOSIT);
    expect(typeof ctx.dynamicBuilder.buildConstant('System', 'SS58Prefix').dec(ctx.mappedMeta.pallets.System.const.get('SS58Prefix')!.value)).toBe('number');

    expect(await freeBalance(ctx, alice.address)).toBe(1_000_000n * 10n ** 9n);

    // finalized blocks as they come (instant mode: a block per dev_newBlock)
    const current = await firstValueFrom(chainHead.finalized$.pipe(timeout(TIMEOUT)));
    const next = firstValueFrom(
      chainHead.finalized$.pipe(
        filter((b) => b.number > current.number),
        take(2),
        toArray(),
        timeout(TIMEOUT),
      ),
    );
    const h1 = await devnet.newBlock();
    const h2 = await devnet.newBlock();
    const seen = await next;
    expect(seen.map((b) => b.hash)).toEqual([h1, h2]);
    expect(seen[1].parent).toBe(h1);
    expect(seen[1].number).toBe(seen[0].number + 1);
    const header = await firstValueFrom(chainHead.header$(h2).pipe(timeout(TIMEOUT)));
    expect(header.parentHash).toBe(h1);
  });

  it('signs a Balances.transfer_keep_alive with a polkadot-api signer, sees it included and finalized with its events', async () => {
    const ctx = await runtime();
    const finalized = await firstValueFrom(chainHead.finalized$.pipe(timeout(TIMEOUT)));
    const before = await freeBalance(ctx, bob.address, finalized.hash);

    // what polkadot-api's transaction builder asks the chain for: version, genesis and nonce
    const version = ctx.dynamicBuilder
      .buildRuntimeCall('Core', 'version')
      .value.dec(await firstValueFrom(chainHead.call$(finalized.hash, 'Core_version', '').pipe(timeout(TIMEOUT))));
    const nonceApi = ctx.dynamicBuilder.buildRuntimeCall('AccountNonceApi', 'account_nonce');
    const nonce = nonceApi.value.dec(
      await firstValueFrom(
        chainHead.call$(finalized.hash, 'AccountNonceApi_account_nonce', toHexString(nonceApi.args.enc([alice.address]))).pipe(timeout(TIMEOUT)),
      ),
    ) as number;
    const genesis = hexBytes(await firstValueFrom(chainHead.genesis$));

    const transfer = ctx.dynamicBuilder.buildCall('Balances', 'transfer_keep_alive');
    const amount = 12_345_678n;
    const callData = concatBytes(Uint8Array.from(transfer.location), transfer.codec.enc({ dest: { type: 'Id', value: bob.address }, value: amount }));
    const none = new Uint8Array(0);
    const ext = (identifier: string, value: Uint8Array, additionalSigned: Uint8Array) => [identifier, { identifier, value, additionalSigned }] as const;
    const extensions = Object.fromEntries([
      ext('CheckNonZeroSender', none, none),
      ext('CheckSpecVersion', none, u32.enc(version.spec_version)),
      ext('CheckTxVersion', none, u32.enc(version.transaction_version)),
      ext('CheckGenesis', none, genesis),
      ext('CheckMortality', new Uint8Array([0]), genesis), // immortal
      ext('CheckNonce', compact.enc(nonce), none),
      ext('CheckWeight', none, none),
      ext('ChargeTransactionPayment', compact.enc(0), none),
      ext('SudoTransactionExtension', none, none),
      ext('SubtensorTransactionExtension', none, none),
      ext('DrandPriority', none, none),
      ext('CheckMetadataHash', new Uint8Array([0]), new Uint8Array([0])),
    ]);
    const signer = getPolkadotSigner(alice.publicKey, 'Sr25519', (m) => alice.sign(m));
    const tx = await signer.signTx(callData, extensions, ctx.metadataRaw, finalized.number);

    // polkadot-api's submit: validate at the finalized block (TaggedTransactionQueue_validate_transaction
    // over chainHead_v1_call), broadcast (transaction_v1_broadcast) and look for it in new blocks' bodies
    const validity = await firstValueFrom(chainHead.validateTx$(finalized.hash, tx).pipe(timeout(TIMEOUT)));
    expect(validity.success).toBe(true);
    const found = firstValueFrom(
      chainHead.trackTx$(tx).pipe(
        filter((b) => b.found.type),
        map((b) => ({
          hash: b.hash,
          found: b.found as {
            type: true;
            index: number;
            events: { phase: { type: string; value?: number }; event: { type: string; value: { type: string; value: Record<string, unknown> } } }[];
          },
        })),
        timeout(TIMEOUT),
      ),
    );
    const broadcast = client.broadcastTx$(tx).subscribe({ error: () => undefined });
    const included = await found;
    const isFinal = firstValueFrom(
      chainHead.finalized$.pipe(
        filter((b) => b.hash === included.hash),
        timeout(TIMEOUT),
      ),
    );
    expect((await isFinal).hash).toBe(included.hash);
    broadcast.unsubscribe();

    const events = included.found.events
      .filter((e) => e.phase.type === 'ApplyExtrinsic' && e.phase.value === included.found.index)
      .map((e) => `${e.event.type}.${e.event.value.type}`);
    expect(events).toContain('Balances.Transfer');
    expect(events.at(-1)).toBe('System.ExtrinsicSuccess');
    const transferEvent = included.found.events.find((e) => e.event.type === 'Balances' && e.event.value.type === 'Transfer')!;
    expect(transferEvent.event.value.value).toEqual({ from: alice.address, to: bob.address, amount });

    expect(await freeBalance(ctx, bob.address, included.hash)).toBe(before + amount);

    // the same transaction again is what polkadot-api reports as InvalidTxError: Stale
    const replay = await firstValueFrom(chainHead.validateTx$(included.hash, tx).pipe(timeout(TIMEOUT)));
    expect(replay).toEqual({ success: false, value: { type: 'Invalid', value: { type: 'Stale', value: undefined } } });
  });
});

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}

function toHexString(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
