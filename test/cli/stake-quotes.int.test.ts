import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubnet } from '../helpers/cli-process.ts';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';
import { mustSubmit } from '../subtensor/chain-client.ts';

/**
 * The stake commands quote before asking (the runtime's own swap simulation)
 * and report what the chain's event says was received. Nothing else trades in
 * between, but the inclusion block's coinbase first injects the subnet's TAO
 * and alpha emission into the pool at its price: the pool is a little deeper,
 * so a swap gets at least the quote and at most 0.1 % more. Subnets 1 and 2
 * start with the 1000 TAO / 1000 alpha pool of the minimum lock.
 */
const root = mkdtempSync(join(tmpdir(), 'subnet-stake-quotes-'));
const walletDir = join(root, 'wallets');
let devnet: InProcessDevnet;
let api: ApiPromise;
let bob: string;
let aliceHotkey: string;

const cli = (args: string[]) => runSubnet(['--chain', devnet.url, '--wallet-dir', walletDir, ...args], { timeoutMs: 90_000 });
/** What was received against what was quoted (RAO, or 9-decimal text): at least the quote, within 0.1 %. */
function expectNearQuote(received: string | number | bigint, quoted: string | number | bigint): void {
  const rao = (v: string | number | bigint) => (typeof v === 'string' && v.includes('.') ? BigInt(v.replace('.', '')) : BigInt(v));
  const [got, want] = [rao(received), rao(quoted)];
  expect(got).toBeGreaterThanOrEqual(want);
  expect(got - want).toBeLessThanOrEqual(want / 1000n);
}

async function json(args: string[]): Promise<Record<string, any>> {
  // the stake is on the subnets' owner hotkey (//Alice), not the imported wallet's own hotkey
  const hotkey = args[1] === 'list' ? [] : ['--hotkey-ss58', aliceHotkey];
  const r = await cli([...args, ...hotkey, '--wallet', 'alice', '--yes', '--json']);
  if (r.code !== 0) throw new Error(`subnet ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob').address;
  aliceHotkey = alice.address;
  devnet = await startInProcessDevnet({
    mode: 'instant',
    genesis: {
      balances: [[alice.address, '1000000000000000000']],
      subtensorModule: { subnet: { owner: '//Alice', ownerHotkey: '//Alice', tempo: 1000 } },
    },
  });
  api = await connectApi(devnet.url);
  await mustSubmit(api, api.tx.subtensorModule.registerNetwork(alice.address), alice);
  await devnet.newBlock(10);
  await mustSubmit(api, api.tx.subtensorModule.startCall(2), alice);
  const r = await cli(['wallet', 'import', '--uri', '//Alice', '--wallet', 'alice', '--no-use-password']);
  if (r.code !== 0) throw new Error(r.stderr);
}, 120_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('stake commands: the quote, then what was received', () => {
  it('stake add --safe sends add_stake_limit and receives the quoted alpha', async () => {
    const added = await json(['stake', 'add', '--netuid', '1', '--amount', '10', '--tolerance', '0.05']);
    expect(added.limitPrice).toBe('1.050000000');
    expect(added.receivedUnit).toBe('alpha');
    expectNearQuote(added.receivedRao, added.quote.raw.alpha);
    expect(BigInt(added.receivedRao)).toBeGreaterThan(0n);
    // 10 TAO raise a 1000 TAO pool's price by about 2 %: the default 0.5 % refuses it
    const refused = await cli(['stake', 'add', '--netuid', '1', '--amount', '10', '--hotkey-ss58', aliceHotkey, '--wallet', 'alice', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('SlippageTooHigh');
  }, 120_000);

  it('the confirmation shows the quote, its fee and price impact, and the limit', async () => {
    const asked = await cli(['stake', 'add', '--netuid', '1', '--amount', '2', '--hotkey-ss58', aliceHotkey, '--wallet', 'alice']);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toMatch(
      /you receive ≈ \d+\.\d{9} α1 \(pool fee τ\d+\.\d{9}, price impact \d+\.\d{2} %\); refused if the price rises above τ\d+\.\d{9} per α1/,
    );
    const unsafe = await cli(['stake', 'remove', '--netuid', '1', '--amount', '1', '--unsafe', '--hotkey-ss58', aliceHotkey, '--wallet', 'alice']);
    expect(unsafe.stderr).toMatch(/you receive ≈ τ\d+\.\d{9} \(pool fee \d+\.\d{9} α1, price impact \d+\.\d{2} %\); no price limit \(--unsafe\)/);
  }, 60_000);

  it('stake remove --unsafe sends remove_stake and pays the quoted TAO', async () => {
    const removed = await json(['stake', 'remove', '--netuid', '1', '--amount', '2', '--unsafe']);
    expect(removed.limitPrice).toBeNull();
    expect(removed.receivedUnit).toBe('TAO');
    expectNearQuote(removed.receivedRao, removed.quote.raw.tao);
    const human = await cli([
      'stake',
      'remove',
      '--netuid',
      '1',
      '--amount',
      '1',
      '--tolerance',
      '0.05',
      '--hotkey-ss58',
      aliceHotkey,
      '--wallet',
      'alice',
      '--yes',
    ]);
    const line = /^Received τ(\d+\.\d{9}) \(quoted τ(\d+\.\d{9})\)$/m.exec(human.stdout);
    expect(line, human.stdout).not.toBeNull();
    expectNearQuote(line![1], line![2]);
  }, 120_000);

  it('stake swap and stake move receive the quoted alpha of the destination', async () => {
    const swapped = await json(['stake', 'swap', '--origin-netuid', '1', '--dest-netuid', '2', '--amount', '1', '--tolerance', '0.05']);
    expect(swapped.limitPrice).not.toBeNull();
    expect(swapped.destinationSymbol).toBe('α2');
    expectNearQuote(swapped.received, swapped.quote.alphaOut);
    expect(BigInt(swapped.receivedRao)).toBeGreaterThan(0n);
    const moved = await json(['stake', 'move', '--origin-netuid', '2', '--dest-netuid', '1', '--amount', '0.5']);
    expectNearQuote(moved.received, moved.quote.alphaOut);
    expect(moved.quote.feeIn).toBe('origin');
  }, 120_000);

  it('stake transfer hands alpha to another coldkey without a swap', async () => {
    const sent = await json(['stake', 'transfer', '--origin-netuid', '1', '--dest-coldkey', bob, '--amount', '1']);
    expect(sent).toMatchObject({ destinationColdkey: bob, received: '1.000000000', quote: { alphaOut: '1.000000000', fee: '0.000000000' } });
  }, 60_000);

  it('stake list reads StakeInfo and values the alpha in TAO at the current price', async () => {
    const list = await json(['stake', 'list']);
    expect(list.stakes.map((s: { netuid: number; symbol: string }) => [s.netuid, s.symbol])).toEqual([
      [1, 'α1'],
      [2, 'α2'],
    ]);
    for (const s of list.stakes) {
      const price = BigInt((await api.call.swapRuntimeApi.currentAlphaPrice(s.netuid)).toString());
      expect(BigInt(s.valueRao)).toBe((BigInt(s.stakeRao) * price) / 1_000_000_000n);
    }
    expect(BigInt(list.valueRao)).toBe(list.stakes.reduce((a: bigint, s: { valueRao: string }) => a + BigInt(s.valueRao), 0n));
  }, 60_000);

  it('stake remove --all sells the stake on every subnet (unstake_all) for the quoted TAO', async () => {
    const out = await json(['stake', 'remove', '--all']);
    expect(out.unstaked.map((u: { netuid: number }) => u.netuid)).toEqual([1, 2]);
    expectNearQuote(out.received, out.quoted);
    const after = await json(['stake', 'list']);
    expect(after.stakes).toEqual([]);
  }, 120_000);
});
